/// What a cell's number format makes of its number: a plain number, a date or time,
/// or an elapsed duration.
enum NumberFormatKind: UInt8, Sendable {
  case number
  case date
  case duration

  /// The kind of a built-in format id (ECMA-376 §18.8.30, with the East Asian ids).
  static func builtIn(_ id: Int) -> NumberFormatKind {
    switch id {
    case 14...22, 27...36, 45, 47, 50...58: .date
    case 46: .duration
    default: .number
    }
  }

  /// The kind of a custom format code such as `dd/mm/yyyy` or `#,##0.0`.
  ///
  /// Only the first `;` section counts. Quoted text, the character after `\`, `_`
  /// or `*`, and bracketed parts (`[Red]`, `[$-42A]`, `[>=100]`) are skipped, except
  /// `[h]`, `[m]`, `[s]`, which make a duration. Any of `d m y h s`, `AM/PM` or `A/P`
  /// outside those makes a date (`E` is an exponent, not an era).
  static func custom(_ code: String) -> NumberFormatKind {
    let bytes = Array(code.utf8)
    var index = 0
    var sawDatePart = false
    while index < bytes.count {
      let byte = bytes[index]
      switch byte {
      case UInt8(ascii: ";"):
        index = bytes.count
        continue
      case UInt8(ascii: "\""):
        index += 1
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") { index += 1 }
      case UInt8(ascii: "\\"), UInt8(ascii: "_"), UInt8(ascii: "*"):
        index += 1
      case UInt8(ascii: "["):
        let start = index + 1
        while index < bytes.count, bytes[index] != UInt8(ascii: "]") { index += 1 }
        let inner = bytes[start..<min(index, bytes.count)].map { $0 | 0x20 }
        if !inner.isEmpty,
          inner.allSatisfy({ $0 == UInt8(ascii: "h") || $0 == UInt8(ascii: "m") || $0 == UInt8(ascii: "s") })
        {
          return .duration
        }
      default:
        switch byte | 0x20 {
        case UInt8(ascii: "d"), UInt8(ascii: "m"), UInt8(ascii: "y"), UInt8(ascii: "h"),
          UInt8(ascii: "s"):
          sawDatePart = true
        case UInt8(ascii: "a"):
          if startsWith(bytes, at: index, "am/pm") || startsWith(bytes, at: index, "a/p") {
            sawDatePart = true
          }
        default: break
        }
      }
      index += 1
    }
    return sawDatePart ? .date : .number
  }

  private static func startsWith(_ bytes: [UInt8], at index: Int, _ literal: String) -> Bool {
    let pattern = Array(literal.utf8)
    guard index + pattern.count <= bytes.count else { return false }
    for offset in 0..<pattern.count where bytes[index + offset] | 0x20 != pattern[offset] {
      return false
    }
    return true
  }
}
