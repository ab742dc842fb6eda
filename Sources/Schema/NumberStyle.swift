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
/// other than three digits (`24,5`). Texts such as `1.234` or `1,234` are ambiguous
/// and do not vote.
public struct NumberStyleDetector: Sendable {
  private(set) var viVotes = 0
  private(set) var enVotes = 0

  /// Creates a detector with no evidence.
  public init() {}

  /// Takes one text's evidence.
  public mutating func observe(_ text: String) {
    switch Self.vote(text) {
    case .vi?: viVotes += 1
    case .en?: enVotes += 1
    case nil: break
    }
  }

  /// The style the evidence supports; `fallback` when there is none or it is tied.
  public func decide(fallback: NumberStyle = .vi) -> NumberStyle {
    if viVotes > enVotes { return .vi }
    if enVotes > viVotes { return .en }
    return fallback
  }

  /// Adds another detector's evidence.
  public mutating func merge(_ other: NumberStyleDetector) {
    viVotes += other.viVotes
    enVotes += other.enVotes
  }

  /// Whether any text voted.
  public var hasEvidence: Bool { viVotes + enVotes > 0 }

  /// Whether texts voted both ways (some cell does not fit the file's style).
  public var isMixed: Bool { viVotes > 0 && enVotes > 0 }

  /// The style one text proves, if it proves one.
  static func vote(_ text: String) -> NumberStyle? {
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
