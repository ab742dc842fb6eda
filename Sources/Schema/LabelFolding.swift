import Foundation

/// Folds labels and names so that the ways offices type the same words compare equal.
///
/// Case, spacing, punctuation and Vietnamese diacritics are ignored (`đ` = `d`), and
/// NFC and NFD spellings fold alike: "Lao động > Trong đó: thành viên" and
/// "LAO DONG>trong do thanh vien" give the same key. Digits are kept, so column
/// numbers such as `(3)` still differ from `(4)`.
///
/// Validation folds several cells of every row, so the key is computed scalar by scalar
/// from a table built once (ASCII, Latin-1, Latin Extended-A/B, the combining diacritics
/// and Latin Extended Additional, which hold all of Vietnamese); a text with any other
/// scalar takes the Foundation path, ``referenceKey(_:)``, which defines the key.
public enum LabelFolding {
  /// The comparison key of `text`: lowercase ASCII letters and digits, words joined by
  /// single spaces, and `>` kept between the parts of a joined header.
  public static func key(_ text: String) -> String {
    fastKey(text) ?? referenceKey(text)
  }

  /// Whether two labels fold to the same key.
  public static func matches(_ a: String, _ b: String) -> Bool { key(a) == key(b) }

  /// The first character of `key(text)`, without building the whole key.
  static func firstKeyCharacter(_ text: String) -> Character? {
    for scalar in text.unicodeScalars {
      let fold = ScalarFold.table.fold(scalar.value)
      switch fold.kind {
      case .drop, .separator: continue
      case .greaterThan: return ">"
      case .letter: return Character(fold.scalar)
      case .unsupported: return key(text).first
      }
    }
    return nil
  }

  /// The first word of `key(text)`, without building the whole key: what comes before its
  /// first space (`>` for a key that starts with one); nil when a scalar before the word
  /// ends is outside the table, which only ``key(_:)`` folds.
  static func firstWord(_ text: Substring) -> String? {
    let table = ScalarFold.table
    // Folded into a small buffer of the stack: a word longer than it is left unknown.
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer -> String? in
      var count = 0
      for scalar in text.unicodeScalars {
        let fold = table.fold(scalar.value)
        switch fold.kind {
        case .drop: continue
        case .separator: if count > 0 { return String(decoding: buffer[..<count], as: UTF8.self) }
        case .greaterThan: return count == 0 ? ">" : String(decoding: buffer[..<count], as: UTF8.self)
        case .letter:
          guard count <= 60 else { return nil }
          append(fold.scalar, to: buffer, at: &count)
        case .unsupported: return nil
        }
      }
      return String(decoding: buffer[..<count], as: UTF8.self)
    }
  }

  /// Writes a folded letter's UTF-8 bytes (at most four) at `count`, moving it on.
  @inline(__always)
  private static func append(
    _ letter: Unicode.Scalar, to buffer: UnsafeMutableBufferPointer<UInt8>, at count: inout Int
  ) {
    if letter.isASCII {
      buffer[count] = UInt8(truncatingIfNeeded: letter.value)
      count += 1
    } else if let encoded = UTF8.encode(letter) {
      for byte in encoded {
        buffer[count] = byte
        count += 1
      }
    }
  }

  /// The key computed from the table, or nil when `text` holds a scalar outside it.
  static func fastKey(_ text: String) -> String? {
    let table = ScalarFold.table
    // A folded scalar takes at most 4 bytes plus the space before it, and `>` two bytes.
    let capacity = text.utf8.count * 5 + 1
    var supported = true
    let key = String(unsafeUninitializedCapacity: capacity) { buffer in
      var count = 0
      var pendingSpace = false
      for scalar in text.unicodeScalars {
        let fold = table.fold(scalar.value)
        switch fold.kind {
        case .drop:
          continue
        case .separator:
          pendingSpace = true
        case .greaterThan:
          if count > 0 {
            buffer[count] = 0x20
            count += 1
          }
          buffer[count] = 0x3E
          count += 1
          pendingSpace = true
        case .letter:
          if pendingSpace && count > 0 {
            buffer[count] = 0x20
            count += 1
          }
          pendingSpace = false
          append(fold.scalar, to: buffer, at: &count)
        case .unsupported:
          supported = false
          return 0
        }
      }
      return count
    }
    return supported ? key : nil
  }

  /// The key as Foundation computes it: decompose the whole text (NFD), drop the
  /// combining diacritics, keep letters (lowercased) and digits, and turn every other
  /// run of scalars into one space. ``key(_:)`` gives the same result, faster.
  static func referenceKey(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    var pendingSpace = false
    for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
      switch ScalarFold.classify(scalar) {
      case .drop:
        continue
      case .greaterThan:
        out += out.isEmpty ? ">" : " >"
        pendingSpace = true
      case .letter(let folded):
        if pendingSpace && !out.isEmpty { out.append(" ") }
        pendingSpace = false
        out += folded
      case .separator:
        pendingSpace = true
      }
    }
    return out
  }
}

/// What folding does with one scalar of a decomposed (NFD) text.
enum ScalarClass: Equatable {
  /// A combining diacritic (U+0300–U+036F): it carries no meaning here.
  case drop
  /// `>`, kept between the parts of a joined header.
  case greaterThan
  /// A letter or an ASCII digit, with its folded (lowercase) text.
  case letter(String)
  /// Anything else: spacing and punctuation.
  case separator
}

/// The fold of one scalar of an undecomposed text, as the fast key stores it.
struct ScalarFold: Equatable, Sendable {
  enum Kind: UInt8, Sendable {
    case drop, separator, greaterThan, letter, unsupported
  }

  /// What to do.
  var kind: Kind
  /// The folded letter, for `.letter`.
  var scalar: Unicode.Scalar

  static let unsupported = ScalarFold(kind: .unsupported, scalar: " ")

  /// The fold `packed` stands for: its kind's raw value in the top byte, the scalar below.
  init(packed: UInt32) {
    kind = Kind(rawValue: UInt8(packed >> 24)) ?? .unsupported
    scalar = Unicode.Scalar(packed & 0x1F_FFFF) ?? " "
  }

  /// The fold as ``init(packed:)`` reads it.
  var packed: UInt32 { UInt32(kind.rawValue) << 24 | scalar.value }

  init(kind: Kind, scalar: Unicode.Scalar) {
    self.kind = kind
    self.scalar = scalar
  }

  /// The folds of the scalars Vietnamese texts use, built once.
  static let table = ScalarFoldTable()

  /// How the reference key treats `scalar` once the text is decomposed.
  static func classify(_ scalar: Unicode.Scalar) -> ScalarClass {
    let value = scalar.value
    // Combining marks (tone marks, circumflex, breve, horn) carry no meaning here.
    if (0x0300...0x036F).contains(value) { return .drop }
    switch scalar {
    case "đ", "Đ", "ð", "Ð": return .letter("d")
    case ">": return .greaterThan
    default:
      if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
        return .letter(String(scalar).lowercased())
      }
      return .separator
    }
  }

  /// The fold of `scalar` standing alone in an undecomposed text, computed through
  /// Foundation: its decomposition must leave at most one scalar that is not dropped,
  /// and that one must be a starter (canonical combining class 0), so that decomposing
  /// and reordering the whole text cannot move it; otherwise `.unsupported`.
  static func derive(_ scalar: Unicode.Scalar) -> ScalarFold {
    var result = ScalarFold(kind: .drop, scalar: " ")
    for part in String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars {
      let partClass = classify(part)
      if partClass == .drop { continue }
      guard result.kind == .drop, part.properties.canonicalCombiningClass == .notReordered else {
        return .unsupported
      }
      switch partClass {
      case .drop: continue
      case .separator: result.kind = .separator
      case .greaterThan: result.kind = .greaterThan
      case .letter(let folded):
        let scalars = folded.unicodeScalars
        guard scalars.count == 1, let first = scalars.first else { return .unsupported }
        result = ScalarFold(kind: .letter, scalar: first)
      }
    }
    return result
  }
}

/// The folds of U+0000–U+036F and U+1E00–U+1EFF, indexed by scalar value.
///
/// The folds are derived through Foundation (``ScalarFold/derive(_:)``) once, when the
/// table is generated into `ScalarFoldTable+Packed.swift`, not at each start: deriving
/// them took about two milliseconds of every run. A test derives them again and compares.
struct ScalarFoldTable: Sendable {
  /// The ranges the table covers.
  static let ranges: [ClosedRange<UInt32>] = [0x0000...0x036F, 0x1E00...0x1EFF]

  private let low: [ScalarFold]
  private let extended: [ScalarFold]

  /// The table read from ``packed``.
  init() {
    let folds = Self.packed.map(ScalarFold.init(packed:))
    let split = Self.ranges[0].count
    low = Array(folds[..<split])
    extended = Array(folds[split...])
  }

  /// The folds of every scalar of ``ranges``, derived through Foundation, in order.
  static func derived() -> [ScalarFold] {
    ranges.flatMap { range in range.map { value in Unicode.Scalar(value).map(ScalarFold.derive) ?? .unsupported } }
  }

  /// The fold of the scalar `value`; `.unsupported` outside the table.
  @inline(__always)
  func fold(_ value: UInt32) -> ScalarFold {
    if value <= 0x036F { return low[Int(value)] }
    if value >= 0x1E00 && value <= 0x1EFF { return extended[Int(value - 0x1E00)] }
    return .unsupported
  }
}
