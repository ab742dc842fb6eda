/// How a file writes numbers as text: Vietnamese `1.234.567,5` or English `1,234,567.5`.
public enum NumberStyle: String, Sendable, Codable, CaseIterable {
  /// Dots group thousands, a comma marks decimals (glibc `vi_VN`).
  case vi
  /// Commas group thousands, a dot marks decimals.
  case en

  /// The separator of decimals.
  public var decimalSeparator: Character { self == .vi ? "," : "." }
  /// The separator of thousands.
  public var groupSeparator: Character { self == .vi ? "." : "," }
}

/// Decides a file's number style from all its number-like texts, not one at a time.
///
/// Reading "2.273" as 2.273 instead of 2273 is a silent 1000× error, so each text
/// votes only when it is unambiguous: two group separators (`1.234.567`), a group
/// separator followed by the other mark (`1.234,5`), or a decimal mark followed by
/// other than three digits (`24,5`). Texts such as `1.234` or `1,234` are ambiguous:
/// they only lean, each toward the style in which its one mark groups thousands, and
/// decide only when no text votes (an English export whose numbers are all `1,500`
/// is not read as 1.5 by the Vietnamese fallback).
public struct NumberStyleDetector: Sendable, Equatable {
  private(set) var viVotes = 0
  private(set) var enVotes = 0
  private(set) var viLeans = 0
  private(set) var enLeans = 0

  /// Creates a detector with no evidence.
  public init() {}

  /// Takes one text's evidence.
  public mutating func observe(_ text: String) {
    if let vote = Self.vote(text) {
      count(vote)
    } else {
      lean(Self.grouping(text.utf8))
    }
  }

  /// The style the evidence supports; `fallback` when there is none or it is tied.
  public func decide(fallback: NumberStyle = .vi) -> NumberStyle {
    if viVotes > enVotes { return .vi }
    if enVotes > viVotes { return .en }
    guard viVotes == 0 else { return fallback }
    if viLeans > enLeans { return .vi }
    if enLeans > viLeans { return .en }
    return fallback
  }

  /// Adds another detector's evidence.
  public mutating func merge(_ other: NumberStyleDetector) {
    viVotes += other.viVotes
    enVotes += other.enVotes
    viLeans += other.viLeans
    enLeans += other.enLeans
  }

  private mutating func lean(_ style: NumberStyle?) {
    switch style {
    case .vi?: viLeans += 1
    case .en?: enLeans += 1
    case nil: break
    }
  }

  /// The style in which an ambiguous number such as `1,500` or `2.273` (ASCII digits, one
  /// mark, exactly three digits after it) groups thousands; nil for any other text.
  static func grouping<Bytes: Sequence>(_ bytes: Bytes) -> NumberStyle? where Bytes.Element == UInt8 {
    var mark: UInt8 = 0
    var before = 0
    var after = 0
    for byte in bytes {
      switch byte {
      case 0x30...0x39:
        if mark == 0 { before += 1 } else { after += 1 }
      case 0x2C, 0x2E:
        guard mark == 0, before > 0 else { return nil }
        mark = byte
      case 0x20, 0x2D, 0x2B:
        guard mark == 0, before == 0 else { return nil }
      default: return nil
      }
    }
    guard after == 3, before <= 3 else { return nil }
    return mark == 0x2C ? .en : mark == 0x2E ? .vi : nil
  }

  /// Whether any text voted.
  public var hasEvidence: Bool { viVotes + enVotes > 0 }

  /// Whether texts voted both ways (some cell does not fit the file's style).
  public var isMixed: Bool { viVotes > 0 && enVotes > 0 }

  /// Whether `bytes` hold a `.` or a `,`, tested eight bytes at a time: a text without
  /// either gives no evidence, and most cells (names, codes, dates) have neither.
  @inline(__always)
  static func containsMark(_ bytes: UnsafeRawBufferPointer) -> Bool {
    ByteSearch.contains(0x2E, or: 0x2C, in: bytes)
  }

  /// Takes the evidence of one text given as UTF-8 bytes; ASCII is read without
  /// making a `String` of it.
  @inline(__always)
  public mutating func observe(utf8 bytes: UnsafeRawBufferPointer) {
    add(Self.evidence(utf8: bytes))
  }

  /// What one text proves or suggests.
  public enum Evidence: Sendable, Equatable {
    /// Nothing: no mark, a letter, or marks that fit both styles.
    case none
    /// The text proves the style.
    case vote(NumberStyle)
    /// The text suggests the style (`1.500`: a thousands mark or a decimal one).
    case lean(NumberStyle)
  }

  /// The evidence of one text given as UTF-8 bytes; ASCII is read without making a
  /// `String` of it.
  @inline(__always)
  public static func evidence(utf8 bytes: UnsafeRawBufferPointer) -> Evidence {
    // A text led by a letter (a name) proves nothing; nor does one without a mark.
    guard let first = bytes.first, !(0x61...0x7A).contains(first | 0x20), containsMark(bytes) else { return .none }
    // One scan settles most texts: a letter (an address "Xã A, huyện B"), which no
    // number holds, proves nothing.
    var ascii = true
    for byte in bytes {
      switch byte {
      case 0x41...0x5A, 0x61...0x7A: return .none
      case 0x80...: ascii = false
      default: break
      }
    }
    if let vote = ascii ? voteASCII(bytes) : voteGeneral(String(decoding: bytes, as: UTF8.self)) {
      return .vote(vote)
    }
    guard ascii, let lean = grouping(bytes) else { return .none }
    return .lean(lean)
  }

  /// ``evidence(utf8:)`` of a number written as it prints (`-3757.6`: a sign, digits, and
  /// a point before more digits), which its decimal point alone decides: three digits after
  /// it fit a thousands mark too.
  @inline(__always)
  public static func evidence(ofCanonical bytes: UnsafeRawBufferPointer) -> Evidence {
    // At most 15 digits follow the point: look for it from the end.
    var index = bytes.count - 1
    while index >= 0 && bytes[index] != 0x2E { index -= 1 }
    guard index >= 0 else { return .none }
    let point = index
    guard bytes.count - point - 1 == 3 else { return .vote(.en) }
    let integerDigits = point - (bytes.first == 0x2D ? 1 : 0)
    return integerDigits <= 3 ? .lean(.vi) : .none
  }

  /// ``evidence(ofCanonical:)`` from the digit counts of a number written as it prints:
  /// no point, no evidence; three digits after it fit a thousands mark too.
  @inline(__always)
  static func evidence(ofCanonical number: NumberParser.CanonicalNumber) -> Evidence {
    guard number.fractionDigits > 0 else { return .none }
    guard number.fractionDigits == 3 else { return .vote(.en) }
    return number.integerDigits <= 3 ? .lean(.vi) : .none
  }

  /// Takes one text's evidence.
  @inline(__always)
  public mutating func add(_ evidence: Evidence) {
    switch evidence {
    case .none: break
    case .vote(let style): count(style)
    case .lean(let style): lean(style)
    }
  }

  private mutating func count(_ vote: NumberStyle?) {
    switch vote {
    case .vi?: viVotes += 1
    case .en?: enVotes += 1
    case nil: break
    }
  }

  /// The style one text proves, if it proves one.
  static func vote(_ text: String) -> NumberStyle? {
    // Most texts (names, codes) hold neither mark: a byte scan settles them. A `.` or `,`
    // byte inside a larger character is no mark either, so the scan only lets through more.
    guard text.utf8.contains(where: { $0 == 0x2E || $0 == 0x2C }) else { return nil }
    if text.utf8.allSatisfy({ $0 < 0x80 }) { return voteASCII(text) }
    return voteGeneral(text)
  }

  /// ``vote(_:)`` for ASCII text, on its bytes: every byte is one character there.
  static func voteASCII(_ text: String) -> NumberStyle? { voteASCII(text.utf8) }

  /// ``voteASCII(_:)`` on the bytes of an ASCII text.
  static func voteASCII<Bytes: Sequence>(_ bytes: Bytes) -> NumberStyle? where Bytes.Element == UInt8 {
    var dots = 0
    var commas = 0
    var firstDot = -1
    var firstComma = -1
    var digits = 0
    // The digits seen before the last dot and the last comma.
    var digitsBeforeLastDot = 0
    var digitsBeforeLastComma = 0
    for (offset, byte) in bytes.enumerated() {
      switch byte {
      case 0x30...0x39: digits += 1
      case 0x2E:
        dots += 1
        if firstDot < 0 { firstDot = offset }
        digitsBeforeLastDot = digits
      case 0x2C:
        commas += 1
        if firstComma < 0 { firstComma = offset }
        digitsBeforeLastComma = digits
      case 0x20, 0x2D: break
      default: return nil
      }
    }
    guard dots + commas > 0 else { return nil }
    if dots >= 2 && commas <= 1 { return .vi }
    if commas >= 2 && dots <= 1 { return .en }
    if dots == 1 && commas == 1 { return firstDot < firstComma ? .vi : .en }
    // The first mark's kind decides: decimals unless exactly three digits follow its last.
    let commaFirst = firstDot < 0 || (firstComma >= 0 && firstComma < firstDot)
    let after = digits - (commaFirst ? digitsBeforeLastComma : digitsBeforeLastDot)
    if after == 3 { return nil }
    return commaFirst ? .vi : .en
  }

  /// ``vote(_:)`` for any text, one `Character` at a time.
  static func voteGeneral(_ text: String) -> NumberStyle? {
    let marks = text.filter { $0 == "." || $0 == "," }
    guard !marks.isEmpty else { return nil }
    // Only digits, marks, spaces and a sign may appear.
    guard text.allSatisfy({ $0.isNumber || $0 == "." || $0 == "," || $0 == " " || $0 == "-" || $0 == "\u{A0}" })
    else { return nil }
    let dots = marks.filter { $0 == "." }.count
    let commas = marks.count - dots
    if dots >= 2 && commas <= 1 { return .vi }
    if commas >= 2 && dots <= 1 { return .en }
    if dots == 1 && commas == 1, let dot = text.firstIndex(of: "."), let comma = text.firstIndex(of: ",") {
      return dot < comma ? .vi : .en
    }
    // One mark: decimals unless exactly three digits follow it.
    guard let mark = marks.first, let position = text.lastIndex(of: mark) else { return nil }
    let after = text[text.index(after: position)...].filter(\.isNumber).count
    if after == 3 { return nil }
    return mark == "," ? .vi : .en
  }
}
