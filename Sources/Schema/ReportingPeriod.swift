import Foundation
import SheetIO

/// A reporting period: a half-year, a year, or the year to a given day.
public struct ReportingPeriod: Sendable, Hashable, CustomStringConvertible {
  /// The period's text as configured: `2017-H1`, `2017`, `2017-12-14`.
  public var label: String
  /// The first day (year, month, day).
  public var start: (year: Int, month: Int, day: Int) { (startYear, startMonth, 1) }
  /// The last day (year, month, day).
  public var end: (year: Int, month: Int, day: Int) { (endYear, endMonth, endDay) }

  private var startYear: Int
  private var startMonth: Int
  private var endYear: Int
  private var endMonth: Int
  private var endDay: Int

  public var description: String { label }

  public static func == (a: ReportingPeriod, b: ReportingPeriod) -> Bool { a.label == b.label }
  public func hash(into hasher: inout Hasher) { hasher.combine(label) }

  /// Parses `2017-H1`, `2017-H2`, `2017` or an end date `2017-12-14`; nil otherwise.
  public init?(_ text: String) {
    let parts = text.split(separator: "-").map(String.init)
    guard let year = parts.first.flatMap({ Int($0) }), (1900...2200).contains(year) else { return nil }
    label = text
    startYear = year
    endYear = year
    switch parts.count {
    case 1:
      (startMonth, endMonth, endDay) = (1, 12, 31)
    case 2 where parts[1].uppercased() == "H1":
      (startMonth, endMonth, endDay) = (1, 6, 30)
    case 2 where parts[1].uppercased() == "H2":
      (startMonth, endMonth, endDay) = (7, 12, 31)
    case 3:
      guard let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month), (1...31).contains(day)
      else { return nil }
      (startMonth, endMonth, endDay) = (1, month, day)
    default:
      return nil
    }
  }

  /// The period a title line names: "6 THÁNG ĐẦU NĂM 2017" (or "6 THÁNG NĂM 2017") is
  /// 2017-H1, "6 tháng cuối năm" H2, "9 THÁNG NĂM 2017" January to September, "NĂM 2017"
  /// the year, and "TÍNH ĐẾN NGÀY 30/6/2017" the half or year it closes (else the
  /// months up to that day); nil when no line names one.
  public static func detect(inTitles texts: [String]) -> ReportingPeriod? {
    for text in texts {
      let key = LabelFolding.key(text)
      if let end = closingDay(key) { return end }
      guard let range = key.range(of: #"nam (19|20)\d\d"#, options: .regularExpression) else { continue }
      let year = String(key[range].suffix(4))
      if key.contains("6 thang dau") || key.contains("sau thang dau") { return ReportingPeriod("\(year)-H1") }
      if key.contains("6 thang cuoi") { return ReportingPeriod("\(year)-H2") }
      // "6 THÁNG NĂM 2017", "9 tháng năm 2017": the first months of the year.
      if let months = key.range(of: #"(^| )(\d{1,2}|sau|chin) thang nam (19|20)\d\d"#, options: .regularExpression) {
        let count = key[months].split(separator: " ").first.map { word in
          word == "sau" ? 6 : word == "chin" ? 9 : Int(word) ?? 0
        }
        if let count, (1...12).contains(count) { return firstMonths(count, year: year) }
      }
      if key.contains("bao cao") || key.contains("danh sach") || key.contains("tong hop") || key.contains("tinh hinh") {
        return ReportingPeriod(year)
      }
    }
    return nil
  }

  /// The period of the first `count` months of `year`: the half, the year, or up to the
  /// month's last day.
  private static func firstMonths(_ count: Int, year: String) -> ReportingPeriod? {
    switch count {
    case 6: return ReportingPeriod("\(year)-H1")
    case 12: return ReportingPeriod(year)
    default:
      guard let numeric = Int(year) else { return nil }
      let last = CellDate.civil(fromDays: CellDate.days(year: numeric, month: count + 1, day: 1) - 1).2
      return ReportingPeriod(String(format: "%04d-%02d-%02d", numeric, count, last))
    }
  }

  /// The period a stated closing day gives: "tính đến ngày 30/6/2017", "đến ngày 31
  /// tháng 12 năm 2017", "tại thời điểm 30/6/2017".
  private static func closingDay(_ key: String) -> ReportingPeriod? {
    let pattern = #"(den ngay|thoi diem|tai ngay) (\d{1,2}) (thang )?(\d{1,2}) (nam )?((19|20)\d\d)"#
    guard let range = key.range(of: pattern, options: .regularExpression) else { return nil }
    let numbers = key[range].split(separator: " ").compactMap { Int($0) }
    guard numbers.count == 3, (1...12).contains(numbers[1]), (1...31).contains(numbers[0]) else { return nil }
    let (day, month, year) = (numbers[0], numbers[1], numbers[2])
    if month == 6 && day == 30 { return ReportingPeriod("\(year)-H1") }
    if month == 12 && day == 31 { return ReportingPeriod("\(year)") }
    return ReportingPeriod(String(format: "%d-%02d-%02d", year, month, day))
  }

  /// The period a file name names: `183_2017H1.csv`, `cao-loc-2017-h2.xlsx`,
  /// `bao-cao-nam-2016.xlsx`; nil when it names no year.
  public static func detect(inFileName path: String) -> ReportingPeriod? {
    let name = LabelFolding.key((path as NSString).lastPathComponent)
    guard let range = name.range(of: #"(?<![0-9a-z])20\d\d(?![0-9])"#, options: .regularExpression) else {
      return nil
    }
    let year = String(name[range])
    let rest = name[range.upperBound...].drop { $0 == " " || $0 == "-" || $0 == "_" }
    if rest.hasPrefix("h1") || name.contains("6 thang dau") { return ReportingPeriod("\(year)-H1") }
    if rest.hasPrefix("h2") || name.contains("6 thang cuoi") { return ReportingPeriod("\(year)-H2") }
    return ReportingPeriod(year)
  }
}
