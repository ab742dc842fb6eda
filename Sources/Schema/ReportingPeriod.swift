import Foundation

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

  /// The period a title line names: "6 THÁNG ĐẦU NĂM 2017" is 2017-H1, "6 tháng cuối
  /// năm" H2, "NĂM 2017" the year; nil when no line names one.
  public static func detect(inTitles texts: [String]) -> ReportingPeriod? {
    for text in texts {
      let key = LabelFolding.key(text)
      guard let range = key.range(of: #"nam (19|20)\d\d"#, options: .regularExpression) else { continue }
      let year = String(key[range].suffix(4))
      if key.contains("6 thang dau") || key.contains("sau thang dau") { return ReportingPeriod("\(year)-H1") }
      if key.contains("6 thang cuoi") { return ReportingPeriod("\(year)-H2") }
      if key.contains("bao cao") || key.contains("danh sach") || key.contains("tong hop") || key.contains("tinh hinh") {
        return ReportingPeriod(year)
      }
    }
    return nil
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
