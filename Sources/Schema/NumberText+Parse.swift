import Foundation

/// What a number-like cell text means.
public enum ParsedNumber: Equatable, Sendable {
  /// A number.
  case value(Double)
  /// `-` or `–`: offices write it for zero.
  case dash
  /// `x`: not applicable.
  case notApplicable
  /// `…` or `...`: not known.
  case unknown
  /// Not a number at all.
  case invalid
}

/// Reads numbers that offices type as text, in the file's number style.
public enum NumberParser {
  /// Parses `text` in `style`: group separators, NBSP and spaces between digit groups,
  /// `(123)` negatives, a trailing `%` (divided by 100), and the currency marks `đ`,
  /// `₫`, `VNĐ` are understood; `-`, `x` and `…` have their office meanings.
  public static func parse(_ text: String, style: NumberStyle) -> ParsedNumber {
    var body = text.trimmingCharacters(in: CharacterSet(charactersIn: " \u{A0}\t\n\r"))
    switch body {
    case "-", "–", "—": return .dash
    case "x", "X": return .notApplicable
    case "…", "...": return .unknown
    case "": return .invalid
    default: break
    }
    var negative = false
    if body.hasPrefix("(") && body.hasSuffix(")") {
      negative = true
      body = String(body.dropFirst().dropLast())
    }
    var percent = false
    if body.hasSuffix("%") {
      percent = true
      body = String(body.dropLast())
    }
    for mark in ["VNĐ", "VND", "vnđ", "đồng", "đ", "₫"] where body.hasSuffix(mark) {
      body = String(body.dropLast(mark.count))
      break
    }
    body = body.trimmingCharacters(in: CharacterSet(charactersIn: " \u{A0}"))
    if body.hasPrefix("-") || body.hasPrefix("−") {
      negative.toggle()
      body = String(body.dropFirst())
    } else if body.hasPrefix("+") {
      body = String(body.dropFirst())
    }
    var digits = ""
    var sawDecimal = false
    var groupLength = -1
    for character in body {
      if character.isASCII && character.isNumber {
        digits.append(character)
        if groupLength >= 0 { groupLength += 1 }
      } else if character == style.decimalSeparator && !sawDecimal {
        if groupLength >= 0 && groupLength != 3 { return .invalid }
        sawDecimal = true
        groupLength = -1
        digits.append(".")
      } else if (character == style.groupSeparator || character == " " || character == "\u{A0}")
        && !sawDecimal
      {
        if digits.isEmpty || (groupLength >= 0 && groupLength != 3) { return .invalid }
        groupLength = 0
      } else {
        return .invalid
      }
    }
    if groupLength >= 0 && groupLength != 3 { return .invalid }
    guard !digits.isEmpty, digits != ".", var value = Double(digits) else { return .invalid }
    if percent { value /= 100 }
    return .value(negative ? -value : value)
  }
}
