import CIntrinsics
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
  /// `(123)` negatives and a trailing `%` (divided by 100) are understood; `-`, `x` and
  /// `…` have their office meanings.
  ///
  /// A number followed by a unit, even the currency marks `đ`, `₫` or `VNĐ`, is invalid:
  /// "1.500.000 đ" is 1.5 triệu đồng, not 1 500 000 of a column's unit, and only the
  /// reader, which knows the column's unit, can say what such a cell stands for.
  public static func parse(_ text: String, style: NumberStyle) -> ParsedNumber {
    if let value = parsePlain(text, style: style) { return .value(value) }
    return parseGeneral(text, style: style)
  }

  /// The value of a plain number, the way most cells write one: ASCII digits with an
  /// optional leading `-` or `+` and at most one separator between digits, 15 digits at
  /// most, nothing else. Nil for anything else (spaces, marks, a bare sign, a separator at
  /// either end, a group separator not followed by exactly three digits): the general
  /// parser decides those. Gives exactly what ``parseGeneral(_:style:)`` gives: the digits
  /// form an integer below 2⁵³ and the power of ten is exact, so the one division is
  /// correctly rounded, as `Double(String)` is.
  static func parsePlain(_ text: String, style: NumberStyle) -> Double? {
    var text = text
    return text.withUTF8 { parsePlain(UnsafeRawBufferPointer($0), style: style) }
  }

  /// ``parsePlain(_:style:)`` on a text's UTF-8 bytes.
  static func parsePlain(_ bytes: UnsafeRawBufferPointer, style: NumberStyle) -> Double? {
    let decimal: UInt8 = style == .vi ? 0x2C : 0x2E
    let group: UInt8 = style == .vi ? 0x2E : 0x2C
    var utf8 = bytes[...]
    guard let lead = utf8.first else { return nil }
    var negative = false
    if lead == 0x2D || lead == 0x2B {
      negative = lead == 0x2D
      utf8 = utf8.dropFirst()
    }
    var mantissa: Int64 = 0
    var digitCount = 0
    var separatorAt = -1  // digits before the separator
    var separatorIsDecimal = false
    for byte in utf8 {
      switch byte {
      case 0x30...0x39:
        mantissa = mantissa &* 10 &+ Int64(byte &- 0x30)
        digitCount += 1
        guard digitCount <= 15 else { return nil }
      case decimal, group:
        guard separatorAt < 0, digitCount > 0 else { return nil }
        separatorAt = digitCount
        separatorIsDecimal = byte == decimal
      default:
        return nil
      }
    }
    guard digitCount > 0 else { return nil }
    var value = Double(mantissa)
    if separatorAt >= 0 {
      let after = digitCount - separatorAt
      guard after > 0 else { return nil }
      if separatorIsDecimal {
        value /= Double(Self.tenToThe(after))
      } else if after != 3 {
        return nil
      }
    }
    return negative ? -value : value
  }

  /// The value of a number written exactly as ``NumberText/ecmaScript(_:)`` writes it
  /// back (`27`, `-31.5`, `8804.5` in an English-style file: no leading or trailing zeros,
  /// no group marks, 15 digits at most); nil for any other text. A cell read this way
  /// needs no `String`: its text is its number's.
  public static func parseCanonical(_ bytes: UnsafeRawBufferPointer, style: NumberStyle) -> Double? {
    canonicalNumber(bytes, style: style)?.value
  }

  /// A number written as it prints (see ``parseCanonical(_:style:)``), with how many digits
  /// stand before and after its point (none after: no point).
  struct CanonicalNumber {
    var value: Double
    var integerDigits: Int
    var fractionDigits: Int
  }

  /// ``parseCanonical(_:style:)`` with the digit counts, which tell the number-style
  /// evidence of the text without a second look at it.
  @inline(__always)
  static func canonicalNumber(_ bytes: UnsafeRawBufferPointer, style: NumberStyle) -> CanonicalNumber? {
    guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), !bytes.isEmpty else { return nil }
    let count = bytes.count
    var index = 0
    let negative = base[0] == 0x2D
    if negative { index = 1 }
    let integerStart = index
    // At most 15 digits, so the mantissa is exact and one division rounds it correctly.
    var mantissa: Int64 = 0
    while index < count {
      let digit = base[index] &- 0x30
      guard digit < 10 else { break }
      mantissa = mantissa &* 10 &+ Int64(digit)
      index += 1
    }
    let integerDigits = index - integerStart
    guard integerDigits > 0, integerDigits == 1 || base[integerStart] != 0x30 else { return nil }
    var fractionDigits = 0
    if index < count {
      // Only a decimal point may follow, in a file whose decimal mark it is.
      guard style == .en, base[index] == 0x2E else { return nil }
      index += 1
      let fractionStart = index
      while index < count {
        let digit = base[index] &- 0x30
        guard digit < 10 else { return nil }
        mantissa = mantissa &* 10 &+ Int64(digit)
        index += 1
      }
      fractionDigits = index - fractionStart
      guard fractionDigits > 0, base[index - 1] != 0x30 else { return nil }
    }
    guard integerDigits + fractionDigits <= 15 else { return nil }
    var value = Double(mantissa)
    if fractionDigits > 0 { value /= htx_power_of_ten(fractionDigits) }
    // `-0` prints as `0`, and below 10⁻⁶ the shortest form has an exponent.
    guard value != 0 || !negative, value == 0 || value >= 1e-6 else { return nil }
    return CanonicalNumber(
      value: negative ? -value : value, integerDigits: integerDigits, fractionDigits: fractionDigits)
  }

  /// ``canonicalNumber(_:style:)`` of a text of 1 to 8 bytes given as one word (`word`, its
  /// first byte the low one; the bytes past `count` are ignored): the same answer, read a
  /// word at a time, where a loop over the digits ends at a branch the length decides.
  @inline(__always)
  static func canonicalNumber(word: UInt64, count: Int, style: NumberStyle) -> CanonicalNumber? {
    guard count > 0, count <= 8 else { return nil }
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    let zeros: UInt64 = 0x30 &* ones
    var text = count == 8 ? word : word & ((1 &<< UInt64(8 &* count)) &- 1)
    var length = count
    let negative = text & 0xFF == 0x2D
    if negative {
      text &>>= 8
      length -= 1
    }
    guard length > 0, text & highs == 0 else { return nil }
    // The digits, the point taken out, and how many stand before and after it. The lowest
    // byte equal to the point is found exactly (only bytes above a match may be misread).
    var digits = text
    var integerDigits = length
    var fractionDigits = 0
    let pointless = text ^ (0x2E &* ones)
    let points = (pointless &- ones) & ~pointless & highs
    if points != 0 {
      guard style == .en else { return nil }
      let point = points.trailingZeroBitCount >> 3
      integerDigits = point
      fractionDigits = length - point - 1
      guard integerDigits > 0, fractionDigits > 0 else { return nil }
      let shift = UInt64(8 &* point)
      digits = (text & ((1 &<< shift) &- 1)) | ((text &>> (shift &+ 8)) &<< shift)
    }
    let digitCount = integerDigits + fractionDigits
    let held: UInt64 = digitCount == 8 ? ~0 : (1 &<< UInt64(8 &* digitCount)) &- 1
    // Every byte a digit (those past the digits read as '0'): none below '0', none above '9'.
    let padded = digits | (zeros & ~held)
    guard (padded &- zeros) & ~padded & highs == 0, (padded &+ (0x46 &* ones)) & highs == 0,
      integerDigits == 1 || digits & 0xFF != 0x30,
      fractionDigits == 0 || (digits &>> UInt64(8 &* (digitCount - 1))) & 0xFF != 0x30
    else { return nil }
    // The digits' values, moved up so that the missing leading ones read 0, then joined in
    // pairs, fours and eights (the first digit is the low byte).
    var values = (padded &- zeros) &<< UInt64(8 &* (8 - digitCount))
    values = values &* 10 &+ (values &>> 8)
    values =
      ((values & 0x0000_00FF_0000_00FF) &* (100 &+ (1_000_000 &<< 32))
        &+ ((values &>> 16) & 0x0000_00FF_0000_00FF) &* (1 &+ (10_000 &<< 32))) &>> 32
    // `-0` prints as `0`. Told on the digits, before the division: eight bytes hold at most
    // six decimals, so no figure here is below 10⁻⁶, where the shortest form has an exponent.
    guard values != 0 || !negative else { return nil }
    var value = Double(values)
    if fractionDigits > 0 { value /= htx_power_of_ten(fractionDigits) }
    return CanonicalNumber(
      value: negative ? -value : value, integerDigits: integerDigits, fractionDigits: fractionDigits)
  }

  /// 10ⁿ for n in 0…15, exact (also as a `Double`); a switch, where a table in a `static
  /// let` costs a lazy-initialisation check and a retain at each use in the per-cell path.
  @inline(__always)
  static func tenToThe(_ exponent: Int) -> Int64 {
    switch exponent {
    case 0: 1
    case 1: 10
    case 2: 100
    case 3: 1_000
    case 4: 10_000
    case 5: 100_000
    case 6: 1_000_000
    case 7: 10_000_000
    case 8: 100_000_000
    case 9: 1_000_000_000
    case 10: 10_000_000_000
    case 11: 100_000_000_000
    case 12: 1_000_000_000_000
    case 13: 10_000_000_000_000
    case 14: 100_000_000_000_000
    default: 1_000_000_000_000_000
    }
  }

  /// The general parser: every form ``parse(_:style:)`` understands, one `Character` at a time.
  static func parseGeneral(_ text: String, style: NumberStyle) -> ParsedNumber {
    var body = TextTrimming.trimmed(text) {
      switch $0 {
      case " ", "\u{A0}", "\t", "\n", "\r": true
      default: false
      }
    }
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
    body = TextTrimming.trimmed(body) { $0 == " " || $0 == "\u{A0}" }
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
