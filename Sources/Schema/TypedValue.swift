import CIntrinsics
import Findings
import Foundation
import SheetIO

/// A cell's value read as its column's type.
public enum TypedValue: Hashable, Sendable, CustomStringConvertible {
  /// No value.
  case blank
  /// A number, in the column's unit.
  case number(Double)
  /// Text, NFC, trimmed; for enum columns the canonical value.
  case text(String)
  /// A calendar day.
  case date(year: Int, month: Int, day: Int)

  public var description: String {
    switch self {
    case .blank: ""
    case .number(let value): NumberText.ecmaScript(value)
    case .text(let text): text
    case .date(let year, let month, let day):
      String(format: "%04d-%02d-%02d", year, month, day)
    }
  }
}

/// Why a cell could not be read as its column's type.
public struct ValueProblem: Hashable, Sendable {
  /// `type-error` or `enum-error`.
  public var code: FindingCode
  /// What was expected, in English.
  public var message: String
  /// What was expected, in Vietnamese.
  public var vietnamese: String

  /// Creates a problem with its message in English and Vietnamese.
  public init(code: FindingCode, message: String, vietnamese: String) {
    self.code = code
    self.message = message
    self.vietnamese = vietnamese
  }
}

/// A repair made while reading a cell ("leading zeros restored"), in English and Vietnamese.
public struct ValueNote: Hashable, Sendable {
  /// The repair, in English.
  public var message: String
  /// The repair, in Vietnamese.
  public var vietnamese: String
}

/// Reads cells as typed values: numbers in the file's style and the column's unit,
/// dates from serials or text, tax codes as text, enums by synonym.
public struct ValueReader: Sendable {
  /// The file's number style.
  public var numberStyle: NumberStyle
  /// Whether serials count from 1904 (the workbook's date system).
  public var date1904 = false

  /// Creates a reader for one file.
  public init(numberStyle: NumberStyle, date1904: Bool = false) {
    self.numberStyle = numberStyle
    self.date1904 = date1904
  }

  /// What reading one cell gave: its value, why it could not be read, a repair made.
  public typealias Outcome = (value: TypedValue, problem: ValueProblem?, note: ValueNote?)

  /// Reads `cell` for `column`, multiplying numbers by `unitFactor` (header unit →
  /// column unit); `note` is set when the value had to be repaired (a re-padded code).
  public func read(
    _ cell: CellValue, column: FormColumn, vocabulary: Vocabulary? = nil, unitFactor: Double = 1
  ) -> Outcome {
    read(cell, as: ColumnReading(column: column, vocabulary: vocabulary, unitFactor: unitFactor))
  }

  /// Reads `cell` the way `reading` says.
  public func read(_ cell: CellValue, as reading: ColumnReading) -> Outcome {
    if case .error(.noSavedResult) = cell {
      return (
        .blank,
        ValueProblem(
          code: .typeError,
          message:
            "the cell holds a formula whose result was not saved (the file was written by a program that does not compute formulas): open it in Excel or LibreOffice and save it again",
          vietnamese:
            "ô chứa công thức nhưng không lưu kết quả (tệp do một chương trình không tính công thức tạo ra): hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu lại"
        ), nil
      )
    }
    switch reading.type {
    case .integer, .decimal:
      return readNumber(cell, integer: reading.type == .integer, factor: reading.unitFactor, unit: reading.unit)
    case .date:
      return readDate(cell)
    case .text:
      return readText(cell, padWidth: reading.padWidth)
    case .enum:
      let (value, problem, _) = readText(cell, padWidth: nil)
      guard case .text(let text) = value else { return (value, problem, nil) }
      if let canonical = reading.vocabulary?.canonical(for: text) { return (.text(canonical), nil, nil) }
      return (
        value,
        ValueProblem(
          code: .enumError, message: "'\(text)' is not an allowed value" + Self.allowed(reading.vocabulary, "allowed"),
          vietnamese: "'\(text)' không thuộc các giá trị được phép" + Self.allowed(reading.vocabulary, "gồm")), nil
      )
    }
  }

  private func readNumber(_ cell: CellValue, integer: Bool, factor: Double, unit: String? = nil)
    -> (TypedValue, ValueProblem?, ValueNote?)
  {
    var number: Double
    switch cell {
    case .empty: return (.blank, nil, nil)
    case .number(let value): number = value
    case .bool, .date, .error:
      return (
        .blank,
        ValueProblem(
          code: .typeError, message: "expected a number, found \(cell)", vietnamese: "cần một số, nhưng ô ghi \(cell)"),
        nil
      )
    case .text(let text):
      switch NumberParser.parse(text, style: numberStyle) {
      case .value(let value): number = value
      case .dash: number = 0
      case .notApplicable, .unknown: return (.blank, nil, nil)
      case .invalid:
        if TextTrimming.trimmed(text, TextTrimming.isWhitespace).isEmpty { return (.blank, nil, nil) }
        // "4,92 tỷ": a money cell that names its own unit is mostly a rounded figure, which
        // the totals would not add up to; say what it stands for, and ask for the figure.
        // "11 HTX", "311 người": a count that names what it counts.
        if unit == nil, let count = Self.countWithNoun(text, style: numberStyle) {
          number = count
          break
        }
        if let unit, let (amount, own) = Self.amountWithUnit(text, style: numberStyle, to: unit) {
          // 800 000 × 10⁻⁶ is 0.7999…: a figure for people reads to 12 significant digits.
          let figure = NumberText.ecmaScript(Double(String(format: "%.12g", amount * own)) ?? amount * own)
          return (
            .blank,
            ValueProblem(
              code: .typeError,
              message: "expected a number in \(unit), found '\(text)' (\(figure) \(unit)): write the figure itself",
              vietnamese:
                "cần một số tính bằng \(unit), nhưng ô ghi '\(text)' (\(figure) \(unit)): hãy ghi chính con số"),
            nil
          )
        }
        return (
          .blank,
          ValueProblem(
            code: .typeError, message: "expected a number, found '\(text)'",
            vietnamese: "cần một số, nhưng ô ghi '\(text)'"), nil
        )
      }
    }
    let (value, whole) = Self.scaled(number, by: factor, integer: integer)
    if !whole {
      // Blank for the rules and the sums, as any cell that cannot be read: its one finding
      // is the type error, not a rule failing on 1.25 members.
      return (
        .blank,
        ValueProblem(
          code: .typeError, message: "expected a whole number, found \(NumberText.ecmaScript(value))",
          vietnamese: "cần một số nguyên, nhưng ô ghi \(NumberText.ecmaScript(value))"), nil
      )
    }
    return (.number(value), nil, nil)
  }

  /// What counts name after their number: cooperatives, groups, people, households.
  private static let countNouns: Set<String> = [
    "htx", "hop tac xa", "tht", "to", "to hop tac", "lhhtx", "lien hiep", "nguoi", "lao dong", "thanh vien", "ho",
    "don vi", "xa",
  ]

  /// The number of a text that writes a count then what it counts ("11 HTX", "2.273
  /// người"); nil for any other text.
  static func countWithNoun(_ text: String, style: NumberStyle) -> Double? {
    guard let letter = text.firstIndex(where: \.isLetter) else { return nil }
    let amount = TextTrimming.trimmed(String(text[..<letter]), TextTrimming.isWhitespace)
    guard !amount.isEmpty, countNouns.contains(LabelFolding.key(String(text[letter...]))),
      case .value(let number) = NumberParser.parse(amount, style: style)
    else { return nil }
    return number
  }

  /// The number and the factor to `unit` of a text that writes a number then a money
  /// unit ("24 tỷ", "1500 tr.đ", "1.500.000 đ", "800.000 ₫"); nil for any other text.
  static func amountWithUnit(_ text: String, style: NumberStyle, to unit: String) -> (Double, Double)? {
    guard let letter = text.firstIndex(where: { $0.isLetter || $0.isCurrencySymbol }) else { return nil }
    let amount = TextTrimming.trimmed(String(text[..<letter]), TextTrimming.isWhitespace)
    guard !amount.isEmpty, case .value(let number) = NumberParser.parse(amount, style: style),
      let factor = UnitConversion.factor(from: String(text[letter...]), to: unit)
    else { return nil }
    return (number, factor)
  }

  /// A number in its column's unit, to the 15 significant digits a spreadsheet shows
  /// (unless `toShown` is false: a number read from its text already is), and whether it is whole where the column asks for whole numbers (always true for a
  /// decimal column).
  @inline(__always)
  static func scaled(_ number: Double, by factor: Double, integer: Bool, toShown: Bool = true) -> (
    value: Double, whole: Bool
  ) {
    var value = number * factor
    if toShown && !isWhole(value) { value = shown(value) }
    return (value, !integer || isWhole(value))
  }

  /// Whether `value` is a whole number, without a call to the C library below 2⁵²
  /// (above it every double is whole).
  @inline(__always)
  static func isWhole(_ value: Double) -> Bool {
    guard value.isFinite, abs(value) < 4_503_599_627_370_496 else { return value.rounded() == value }
    return Double(Int64(value)) == value
  }

  /// `value` to 15 significant digits: `7.9999999999999991` stored by a writer, or
  /// `30.500000000000004` from a unit's factor, is the 8 or 30.5 the sheet shows.
  static func shown(_ value: Double) -> Double {
    guard value.isFinite, value != 0 else { return value }
    // The decimal exponent, from the powers of ten a double holds exactly (10⁰ … 10²²),
    // where the places to keep are 1 … 14; elsewhere from the logarithm.
    let magnitude = abs(value)
    if magnitude >= 1 && magnitude < 1e14 {
      // The common case, the powers from the table in C (a `static let` costs a lazy check
      // and a retain at each use).
      var exponent = 0
      while exponent < 13 && htx_power_of_ten(exponent + 1) <= magnitude { exponent += 1 }
      let scale = htx_power_of_ten(14 - exponent)
      let rounded = (value * scale).rounded() / scale
      return rounded.isFinite ? rounded : value
    }
    let exponent = Int(log10(magnitude).rounded(.down))
    let places = 14 - exponent
    guard places > 0, places <= 22 else { return value }
    let scale = places < powersOfTen.count ? powersOfTen[places] : pow(10, Double(places))
    let rounded = (value * scale).rounded() / scale
    return rounded.isFinite ? rounded : value
  }

  /// 10⁰ … 10²², each exact in a `Double`.
  private static let powersOfTen: [Double] = (0...22).map { exponent in
    (0..<exponent).reduce(1.0) { product, _ in product * 10 }
  }

  private func readDate(_ cell: CellValue) -> (TypedValue, ValueProblem?, ValueNote?) {
    switch cell {
    case .empty: return (.blank, nil, nil)
    case .date(let date):
      let (year, month, day) = CellDate.civil(fromDays: Int(date.days.rounded(.down)) - 25_569)
      return (.date(year: year, month: month, day: day), nil, nil)
    case .number(let number) where Self.looksLikeYear(number):
      return (.blank, Self.yearNotDate(NumberText.ecmaScript(number)), nil)
    case .number(let serial) where serial >= 1 && serial < 2_958_466:
      let date = CellDate(serial: serial.rounded(.down), date1904: date1904)
      let (year, month, day) = CellDate.civil(fromDays: Int(date.days) - 25_569)
      let value = TypedValue.date(year: year, month: month, day: day)
      let number = NumberText.ecmaScript(serial)
      return (
        value, nil,
        ValueNote(
          message: "the number \(number) was read as the date \(value)",
          vietnamese: "số \(number) được đọc thành ngày \(value)")
      )
    case .text(let text):
      if let (year, month, day) = DateText.parse(text) { return (.date(year: year, month: month, day: day), nil, nil) }
      let trimmed = TextTrimming.trimmed(text, TextTrimming.isWhitespace)
      if trimmed.allSatisfy(\.isASCII), let number = Double(trimmed), Self.looksLikeYear(number) {
        return (.blank, Self.yearNotDate("'\(text)'"), nil)
      }
      return (
        .blank,
        ValueProblem(
          code: .typeError, message: "expected a date (dd/mm/yyyy), found '\(text)'",
          vietnamese: "cần một ngày (dd/mm/yyyy), nhưng ô ghi '\(text)'"), nil
      )
    default:
      return (
        .blank,
        ValueProblem(
          code: .typeError, message: "expected a date, found \(cell)", vietnamese: "cần một ngày, nhưng ô ghi \(cell)"),
        nil
      )
    }
  }

  /// Whether a number in a date column is surely a year, not a date serial: a whole
  /// number from 1900 to 2100 (the serials of real dates are about 30 000 to 50 000).
  static func looksLikeYear(_ number: Double) -> Bool {
    (1900...2100).contains(number) && number.rounded() == number
  }

  /// The problem of a date cell that holds only a year, shown as `year` (`2009`, `'2009'`).
  static func yearNotDate(_ year: String) -> ValueProblem {
    ValueProblem(
      code: .typeError,
      message: "expected a date (dd/mm/yyyy), found \(year), which looks like a year: write the full date (dd/mm/yyyy)",
      vietnamese:
        "cần một ngày (dd/mm/yyyy), nhưng ô ghi \(year), trông như một năm: hãy ghi đủ ngày/tháng/năm (dd/mm/yyyy)")
  }

  private func readText(_ cell: CellValue, padWidth: Int?) -> (TypedValue, ValueProblem?, ValueNote?) {
    switch cell {
    case .empty: return (.blank, nil, nil)
    case .text(let text):
      let trimmed = TextTrimming.trimmed(NFCText.nfc(text), TextTrimming.isWhitespaceOrNewline)
      if trimmed.isEmpty { return (.blank, nil, nil) }
      // A code of digits typed "4900 453 338" or in full-width digits: join and narrow
      // them, so the pattern and the checksum see the code, and say so.
      if padWidth != nil, let repair = DigitCode.repaired(trimmed) {
        return (
          .text(repair.code), nil,
          ValueNote(
            message: "'\(trimmed)' read as \(repair.code): \(repair.changes.map(\.message).joined(separator: " and "))",
            vietnamese:
              "'\(trimmed)' được đọc thành \(repair.code): \(repair.changes.map(\.vietnamese).joined(separator: " và "))"
          )
        )
      }
      // A line broken inside a cell (Alt+Enter, "Thị trấn\nĐồng Đăng") is one line of text.
      if trimmed.contains(where: \.isNewline) {
        let lines = trimmed.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        return (.text(lines.filter { !$0.isEmpty }.joined(separator: " ")), nil, nil)
      }
      return (.text(trimmed), nil, nil)
    case .number(let value) where value.rounded() == value && abs(value) < 1e15:
      // A code typed into a number cell lost its leading zeros: pad it back to the
      // length the pattern asks for, and say so.
      var digits = String(Int64(value))
      if let width = padWidth, digits.count < width {
        digits = String(repeating: "0", count: width - digits.count) + digits
        return (
          .text(digits), nil,
          ValueNote(
            message: "stored as a number; leading zeros restored",
            vietnamese: "mã được lưu dạng số; đã khôi phục các chữ số 0 ở đầu")
        )
      }
      return (.text(digits), nil, nil)
    default:
      return (.text(cell.description), nil, nil)
    }
  }

  /// The allowed values of `vocabulary` after `lead` (": allowed: a, b, c"), when they are few.
  static func allowed(_ vocabulary: Vocabulary?, _ lead: String) -> String {
    guard let values = vocabulary?.values.map(\.canonical), !values.isEmpty, values.count <= 8 else { return "" }
    return " (\(lead): \(values.joined(separator: "; ")))"
  }

  /// The digit count a pattern such as `^\d{10}(-\d{3})?$` starts with.
  static func leadingDigitCount(_ pattern: String) -> Int? {
    // `^`, then `\d{`, digits and `}`: read on the bytes, as the pattern is ASCII there.
    var rest = Substring(pattern).utf8
    if rest.first == UInt8(ascii: "^") { rest = rest.dropFirst() }
    guard rest.starts(with: #"\d{"#.utf8) else { return nil }
    rest = rest.dropFirst(3)
    let digits = rest.prefix { (0x30...0x39).contains($0) }
    guard !digits.isEmpty, rest.dropFirst(digits.count).first == UInt8(ascii: "}") else { return nil }
    return Int(Substring(digits))
  }
}

/// How the cells of one column are read, worked out once per table.
public struct ColumnReading: Sendable {
  /// The column's type.
  public var type: ColumnType
  /// The digit count a code stored as a number is padded back to (from the pattern); set
  /// for a code of digits, whose digit groups typed apart or in full width are joined.
  public var padWidth: Int?
  /// Header unit → column unit.
  public var unitFactor: Double
  /// The vocabulary of an enum column.
  public var vocabulary: Vocabulary?
  /// The column's unit, for a cell that names its own ("24 tỷ").
  public var unit: String?

  /// How `column` is read, with `vocabulary` and the header's `unitFactor`.
  public init(column: FormColumn, vocabulary: Vocabulary?, unitFactor: Double) {
    type = column.type
    padWidth = column.constraints.pattern.flatMap(ValueReader.leadingDigitCount)
    self.unitFactor = unitFactor
    self.vocabulary = vocabulary
    unit = column.unit
  }
}
