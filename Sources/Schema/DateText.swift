import Foundation

/// Reads the dates offices type: `30/6/2017`, `30-06-2017`, `2017-06-30`,
/// `ngày 30 tháng 6 năm 2017` and `Ngày 30/6/2017`, with or without a time after them
/// (`30/6/2017 08:30`, `2017-06-30T08:30:00`), which is dropped.
public enum DateText {
  /// Year, month and day of `text`, or nil when it is not a valid date.
  public static func parse(_ text: String) -> (Int, Int, Int)? {
    let date = withoutTime(text)
    // ASCII without letters, such as `30/6/2017`, folds to its own runs of digits: read
    // them without folding.
    guard date.utf8.allSatisfy({ $0 < 0x80 && !(0x41...0x5A).contains($0 & 0xDF) }) else {
      return parseFolded(String(date))
    }
    return digitRuns(date.utf8)
  }

  /// ``parse(_:)`` for UTF-8 `bytes` that are ASCII without letters or colons, such as
  /// `30/6/2017`; nil for any other text, which ``parse(_:)`` reads (a time after the
  /// date has a colon).
  public static func parseDigits(_ bytes: UnsafeRawBufferPointer) -> (Int, Int, Int)? {
    // `30/06/2017`, the way most offices' dates are written, read by place.
    if bytes.count == 10 && bytes[2] == 0x2F && bytes[5] == 0x2F {
      @inline(__always) func digit(_ index: Int) -> Int { Int(bytes[index] &- 0x30) }
      let places = (digit(0), digit(1), digit(3), digit(4), digit(6), digit(7), digit(8), digit(9))
      if places.0 < 10 && places.1 < 10 && places.2 < 10 && places.3 < 10 && places.4 < 10 && places.5 < 10
        && places.6 < 10 && places.7 < 10
      {
        return date(
          places.0 * 10 + places.1, places.2 * 10 + places.3,
          places.4 * 1000 + places.5 * 100 + places.6 * 10 + places.7)
      }
    }
    guard bytes.allSatisfy({ $0 < 0x80 && $0 != 0x3A && !(0x41...0x5A).contains($0 & 0xDF) }) else { return nil }
    return digitRuns(bytes)
  }

  /// `text` without a valid time of day at its end (`08:30`, `8:30:15`, `08:30 PM`, the
  /// `T08:30:00` of ISO 8601); `text` itself when none ends it.
  static func withoutTime(_ text: String) -> Substring {
    guard text.utf8.contains(0x3A),
      let range = text.range(
        of: #"(\s+|(?<=\d)T)\d{1,2}:\d{2}(:\d{2}([.,]\d+)?)?(\s*[AaPp]\.?[Mm]\.?)?\s*$"#,
        options: .regularExpression)
    else { return Substring(text) }
    let time = text[range]
    let numbers = time.split(whereSeparator: { !$0.isASCII || !$0.isNumber }).prefix(3).compactMap { Int($0) }
    let twelveHour = time.contains { $0 == "M" || $0 == "m" }
    guard numbers.count >= 2, twelveHour ? (1...12).contains(numbers[0]) : (0...23).contains(numbers[0]),
      (0...59).contains(numbers[1]), numbers.count < 3 || (0...59).contains(numbers[2])
    else { return Substring(text) }
    return text[..<range.lowerBound]
  }

  /// The date the runs of digits of ASCII text give, read as they pass: three at most.
  private static func digitRuns(_ bytes: some Sequence<UInt8>) -> (Int, Int, Int)? {
    var numbers = (0, 0, 0)
    var count = 0
    var current = -1
    func end() {
      switch count {
      case 0: numbers.0 = current
      case 1: numbers.1 = current
      case 2: numbers.2 = current
      default: break
      }
      count += 1
    }
    for byte in bytes {
      if (0x30...0x39).contains(byte) {
        current = current < 0 ? Int(byte - 0x30) : current &* 10 &+ Int(byte - 0x30)
        if current > 1_000_000 { return nil }
      } else if current >= 0 {
        end()
        current = -1
        if count > 3 { return nil }
      }
    }
    if current >= 0 { end() }
    guard count == 3 else { return nil }
    return date(numbers.0, numbers.1, numbers.2)
  }

  /// ``parse(_:)`` for any text: the numbers of its folded key, and no day without a month
  /// unless the word "ngày" only leads a date in digits.
  static func parseFolded(_ text: String) -> (Int, Int, Int)? {
    let folded = LabelFolding.key(text)
    let numbers = folded.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
    // "Ngày 05/11/2004": the word "ngày" before a date written in digits.
    if folded.hasPrefix("ngay "), folded.dropFirst(5).allSatisfy({ $0.isNumber || $0 == " " }) {
      return date(numbers)
    }
    if folded.contains("ngay") && !folded.contains("thang") { return nil }
    return date(numbers)
  }

  /// The valid date three numbers give, day first or year first.
  private static func date(_ numbers: [Int]) -> (Int, Int, Int)? {
    guard numbers.count == 3 else { return nil }
    return date(numbers[0], numbers[1], numbers[2])
  }

  /// The valid date of three numbers, day first or year first.
  private static func date(_ first: Int, _ second: Int, _ third: Int) -> (Int, Int, Int)? {
    var (day, month, year) = (first, second, third)
    if first > 31 { (year, month, day) = (first, second, third) }
    guard (1900...2200).contains(year), (1...12).contains(month), day >= 1,
      day <= daysIn(month: month, year: year)
    else { return nil }
    return (year, month, day)
  }

  private static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }
}
