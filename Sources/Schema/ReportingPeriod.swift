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
  /// 2017-H1, "6 tháng cuối năm" H2, "9 THÁNG NĂM 2017" January to September, "QUÝ I NĂM
  /// 2017" January to March, "NĂM 2017" the year, "TÍNH ĐẾN NGÀY 30/6/2017" or "(số liệu
  /// đến 30/6/2017)" the half or year it closes (else the months up to that day), and "Kỳ
  /// báo cáo: 01/01/2017 - 30/06/2017" the half, year or months the range covers; nil when
  /// no line names one.
  ///
  /// The first line that names a period gives it. A line naming several ("NĂM 2016 VÀ 6
  /// THÁNG ĐẦU NĂM 2017") reports on the latest of them (the later stated when two end on
  /// the same day): the earlier ones are there for comparison. A period stated after a
  /// comparison word ("so với năm 2016", "cùng kỳ năm 2016", "số liệu đầu kỳ tính đến
  /// 31/12/2016") or a plan word ("kế hoạch năm 2018", "phương hướng 6 tháng cuối năm") is
  /// never the return's. When the period a line reports on is one this type cannot hold,
  /// the line gives none rather than a wrong one: quarters after the first ("QUÝ II NĂM
  /// 2017", April to June, while a dated period runs from 1 January), spans of years ("NĂM
  /// 2017 - 2018") and ranges starting elsewhere than 1 January or 1 July.
  public static func detect(inTitles texts: [String]) -> ReportingPeriod? {
    for text in texts {
      if let period = TitlePeriods.reported(inKey: LabelFolding.key(text)) { return period }
    }
    return nil
  }

  /// The period of the first `count` months of `year`: the half, the year, or up to the
  /// month's last day.
  static func firstMonths(_ count: Int, year: Int) -> ReportingPeriod? {
    switch count {
    case 6: return ReportingPeriod("\(year)-H1")
    case 12: return ReportingPeriod("\(year)")
    default: return ReportingPeriod(closingOn: TitlePeriods.lastDay(ofMonth: count, year: year))
    }
  }

  /// The period that closes on `day`: the first half on 30 June, the year on 31 December,
  /// else the year to that day.
  init?(closingOn day: TitlePeriods.Day) {
    if day.month == 6 && day.day == 30 {
      self.init("\(day.year)-H1")
    } else if day.month == 12 && day.day == 31 {
      self.init("\(day.year)")
    } else {
      self.init(String(format: "%04d-%02d-%02d", day.year, day.month, day.day))
    }
  }

  /// The period a file name names: `183_2017H1.csv`, `cao-loc-2017-h2.xlsx`,
  /// `bao-cao-nam-2016.xlsx`; nil when it names no year.
  public static func detect(inFileName path: String) -> ReportingPeriod? {
    let name = LabelFolding.key((path as NSString).lastPathComponent)
    guard let (year, end) = firstYear(in: name) else { return nil }
    let rest = name.utf8[end...].drop { $0 == 0x20 || $0 == 0x2D || $0 == 0x5F }
    if rest.starts(with: "h1".utf8) || name.contains("6 thang dau") { return ReportingPeriod("\(year)-H1") }
    if rest.starts(with: "h2".utf8) || name.contains("6 thang cuoi") { return ReportingPeriod("\(year)-H2") }
    return ReportingPeriod(year)
  }

  /// The first year 20xx of a folded file name that is no part of a longer number or
  /// word, and where the name goes on after it; read on the name's bytes.
  static func firstYear(in name: String) -> (year: String, end: String.Index)? {
    let bytes = Array(name.utf8)
    func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    var index = 0
    while index + 4 <= bytes.count {
      defer { index += 1 }
      guard bytes[index] == 0x32, bytes[index + 1] == 0x30, isDigit(bytes[index + 2]), isDigit(bytes[index + 3])
      else { continue }
      if index > 0, isDigit(bytes[index - 1]) || (0x61...0x7A).contains(bytes[index - 1]) { continue }
      if index + 4 < bytes.count, isDigit(bytes[index + 4]) { continue }
      let end = name.utf8.index(name.utf8.startIndex, offsetBy: index + 4)
      return (String(decoding: bytes[index..<index + 4], as: UTF8.self), end)
    }
    return nil
  }
}
