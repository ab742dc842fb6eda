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
  fileprivate static func firstMonths(_ count: Int, year: Int) -> ReportingPeriod? {
    switch count {
    case 6: return ReportingPeriod("\(year)-H1")
    case 12: return ReportingPeriod("\(year)")
    default: return ReportingPeriod(closingOn: TitlePeriods.lastDay(ofMonth: count, year: year))
    }
  }

  /// The period that closes on `day`: the first half on 30 June, the year on 31 December,
  /// else the year to that day.
  fileprivate init?(closingOn day: TitlePeriods.Day) {
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

/// The periods a folded title line states, and which of them the return reports on.
///
/// A line is read phrase by phrase, in an order where longer phrases come first: a range
/// of two days, a closing day, a bare date (a signature's "ngày 05 tháng 7 năm 2017",
/// which names no period), then months, quarters, spans of years and years. Each phrase
/// found is blanked out of the line, so the year inside "6 tháng đầu năm 2017" or a date
/// is not read again as a whole year. To read a new phrase, add a ``Phrase`` at its place
/// in ``phrases``.
extension ReportingPeriod {
  /// Compiles the phrases a title line is read with, if they are not yet.
  static func preparePhrases() {
    _ = TitlePeriods.phrases
    _ = TitlePeriods.reportWords
    _ = TitlePeriods.otherPeriodWords
    _ = TitlePeriods.estimateWords
  }
}

private enum TitlePeriods {
  /// A calendar day.
  struct Day: Comparable {
    var year: Int
    var month: Int
    var day: Int

    /// The day `day` of `month` in `year`, which the caller knows to exist.
    init(_ year: Int, _ month: Int, _ day: Int) { (self.year, self.month, self.day) = (year, month, day) }

    /// The day, or nil when the month has no such day or the year is out of range.
    init?(year: Int, month: Int, day: Int) {
      guard (1900...2200).contains(year), (1...12).contains(month), (1...31).contains(day),
        CellDate.civil(fromDays: CellDate.days(year: year, month: month, day: day)) == (year, month, day)
      else { return nil }
      self.init(year, month, day)
    }

    static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
  }

  /// A period a line states: where, the day it ends, and the period it is when this type
  /// can hold it.
  struct Statement {
    var range: NSRange
    var end: Day
    var period: ReportingPeriod?
    /// Whether it is a bare "năm 2017", which names a period only in a report's title.
    var isBareYear = false
    /// Whether it is a whole year after "ước" (an estimate for the year), which a line
    /// also stating a shorter period of that year reports beside it, not on.
    var isYearEstimate = false
  }

  /// What a phrase means: a stated period, or words to skip (a date that ends nothing).
  enum Reading {
    case stated(Statement)
    case skipped
  }

  /// A phrase: its words in a folded line, and their reading from the captured groups.
  struct Phrase: Sendable {
    /// The pattern's whole words, compiled once.
    var regex: NSRegularExpression?
    var read: @Sendable (_ groups: [String], _ range: NSRange) -> Reading

    init(pattern: String, read: @escaping @Sendable (_ groups: [String], _ range: NSRange) -> Reading) {
      regex = wordRegex(pattern)
      self.read = read
    }
  }

  /// A day written "30/6/2017", "30-06-2017" or "30 tháng 6 năm 2017", as three groups.
  static let date = #"(\d{1,2}) (?:thang )?(\d{1,2}) (?:nam )?((?:19|20)\d\d)"#
  /// A year, as one group.
  static let year = #"((?:19|20)\d\d)"#

  /// The phrases, longest first.
  static let phrases: [Phrase] = [
    // "01/01/2017 - 30/06/2017", "từ ngày 01/01/2017 đến ngày 31/12/2017".
    Phrase(pattern: date + #" (?:(?:den|toi) (?:het )?)?(?:ngay )?"# + date) { groups, range in
      guard let first = day(groups, 0), let last = day(groups, 3), first <= last else { return .skipped }
      return .stated(Statement(range: range, end: last, period: covering(from: first, to: last)))
    },
    // "tính đến ngày 30/6/2017", "số liệu đến 30/6/2017", "tại thời điểm 15/3/2018".
    Phrase(pattern: #"(?:den (?:het )?|thoi diem (?:bao cao )?|tai )(?:ngay )?"# + date) { groups, range in
      guard let last = day(groups, 0) else { return .skipped }
      return .stated(Statement(range: range, end: last, period: ReportingPeriod(closingOn: last)))
    },
    // A date that closes nothing ("Cao Lộc, ngày 05 tháng 7 năm 2017"), or a month's.
    Phrase(pattern: date) { _, _ in .skipped },
    Phrase(pattern: #"thang \d{1,2} (?:nam )?"# + year) { _, _ in .skipped },
    // "6 tháng cuối năm 2017": the last months of the year.
    Phrase(pattern: #"(\d{1,2}|ba|sau|chin) thang cuoi (?:nam )*"# + year) { groups, range in
      guard let count = monthCount(groups[0]), let year = Int(groups[1]), let end = Day(year: year, month: 12, day: 31)
      else { return .skipped }
      let period = count == 6 ? ReportingPeriod("\(year)-H2") : count == 12 ? ReportingPeriod("\(year)") : nil
      return .stated(Statement(range: range, end: end, period: period))
    },
    // "6 THÁNG ĐẦU NĂM 2017", "9 tháng năm 2017": the first months of the year.
    Phrase(pattern: #"(\d{1,2}|ba|sau|chin) thang (?:dau )?(?:nam )*"# + year) { groups, range in
      guard let count = monthCount(groups[0]), let year = Int(groups[1]) else { return .skipped }
      let end = lastDay(ofMonth: count, year: year)
      return .stated(Statement(range: range, end: end, period: ReportingPeriod.firstMonths(count, year: year)))
    },
    // "ĐÁNH GIÁ 6 THÁNG ĐẦU NĂM VÀ DỰ KIẾN CẢ NĂM 2017": months with no year of their own
    // take the year the line names after them.
    Phrase(pattern: #"(\d{1,2}|ba|sau|chin) thang (dau |cuoi )?nam(?= (?:.*? )?((?:19|20)\d\d)(?![0-9]))"#) {
      groups, range in
      guard let count = monthCount(groups[0]), let year = Int(groups[2]) else { return .skipped }
      if groups[1].hasPrefix("cuoi") {
        guard let end = Day(year: year, month: 12, day: 31) else { return .skipped }
        let period = count == 6 ? ReportingPeriod("\(year)-H2") : count == 12 ? ReportingPeriod("\(year)") : nil
        return .stated(Statement(range: range, end: end, period: period))
      }
      let end = lastDay(ofMonth: count, year: year)
      return .stated(Statement(range: range, end: end, period: ReportingPeriod.firstMonths(count, year: year)))
    },
    // "QUÝ II NĂM 2017", "quý 2/2017", "Q2 2017": three months; only the first quarter
    // starts on 1 January, as every dated period here does.
    Phrase(pattern: #"(?:quy (i|ii|iii|iv|1|2|3|4)|q([1-4])) (?:nam )*"# + year) { groups, range in
      let names = ["i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4]
      guard let quarter = names[groups[0].isEmpty ? groups[1] : groups[0]], let year = Int(groups[2])
      else { return .skipped }
      let end = lastDay(ofMonth: quarter * 3, year: year)
      return .stated(Statement(range: range, end: end, period: quarter == 1 ? ReportingPeriod(closingOn: end) : nil))
    },
    // "NĂM 2017 - 2018", "giai đoạn 2016 - 2020": more than a year, which no period here is.
    Phrase(pattern: #"(?:nam|giai doan|nien do) "# + year + #" (?:(?:den|toi) )?"# + year) { groups, range in
      guard let first = Int(groups[0]), let last = Int(groups[1]), first < last,
        let end = Day(year: last, month: 12, day: 31)
      else { return .skipped }
      return .stated(Statement(range: range, end: end, period: nil))
    },
    // "NĂM 2017".
    Phrase(pattern: "nam " + year) { groups, range in
      guard let year = Int(groups[0]), let end = Day(year: year, month: 12, day: 31) else { return .skipped }
      return .stated(Statement(range: range, end: end, period: ReportingPeriod("\(year)"), isBareYear: true))
    },
  ]

  /// Words that make a line a report's title, where a bare "năm 2017" is its period (and
  /// not, say, the year of a law or a decision).
  static let reportWords = wordRegex(#"bao cao|danh sach|tong hop|tinh hinh|ket qua|thuc hien"#)
  /// Words after which a period is another one the figures are compared with, or a plan:
  /// "so với năm 2016", "cùng kỳ", "số liệu đầu kỳ"; "kế hoạch năm 2018", "phương hướng,
  /// nhiệm vụ 6 tháng cuối năm" (but "thực hiện kế hoạch" reports what was done).
  static let otherPeriodWords = wordRegex(
    #"(?<!doi )voi|cung ky|dau ky|(?<!thuc hien )(?:ke hoach|phuong huong|nhiem vu|du kien|muc tieu)"#)

  /// "Ước", before a period: an estimate of it.
  static let estimateWords = wordRegex(#"uoc"#)

  /// The period the folded line `key` reports on, or nil when it states none this type
  /// can hold.
  static func reported(inKey key: String) -> ReportingPeriod? {
    let line = NSMutableString(string: key)
    var statements: [Statement] = []
    for phrase in phrases {
      guard let regex = phrase.regex else { continue }
      let matches = regex.matches(in: line as String, range: NSRange(location: 0, length: line.length))
      for match in matches {
        let groups = (1..<match.numberOfRanges).map { index -> String in
          let range = match.range(at: index)
          return range.location == NSNotFound ? "" : line.substring(with: range)
        }
        if case .stated(let statement) = phrase.read(groups, match.range) { statements.append(statement) }
        line.replaceCharacters(in: match.range, with: String(repeating: "_", count: match.range.length))
      }
    }
    let folded = key as NSString
    let isReport = contains(reportWords, in: key)
    var previousEnd = 0
    var kept: [Statement] = []
    for statement in statements.sorted(by: { $0.range.location < $1.range.location }) {
      let lead = folded.substring(with: NSRange(location: previousEnd, length: statement.range.location - previousEnd))
      previousEnd = NSMaxRange(statement.range)
      if (statement.isBareYear && !isReport) || contains(otherPeriodWords, in: lead) { continue }
      var statement = statement
      statement.isYearEstimate =
        statement.period.map { $0.label.count == 4 } == true && contains(estimateWords, in: lead)
      kept.append(statement)
    }
    // "6 THÁNG ĐẦU NĂM 2017 VÀ ƯỚC CẢ NĂM 2017": the half is reported, the year estimated.
    let reportedYears = Set(kept.filter { !$0.isYearEstimate }.map(\.end.year))
    kept.removeAll { $0.isYearEstimate && reportedYears.contains($0.end.year) }
    // The latest period; of two ending on the same day, the later stated.
    let reported = kept.reduce(nil) { (best: Statement?, next: Statement) in
      guard let best else { return next }
      return next.end >= best.end ? next : best
    }
    return reported?.period
  }

  /// The period from `first` to `last`: a half, a year or the year to a day, or nil for
  /// a range this type cannot hold.
  static func covering(from first: Day, to last: Day) -> ReportingPeriod? {
    guard first.year == last.year, first.day == 1 else { return nil }
    if first.month == 1 { return ReportingPeriod(closingOn: last) }
    if first.month == 7 && last.month == 12 && last.day == 31 { return ReportingPeriod("\(last.year)-H2") }
    return nil
  }

  /// The day of the date whose day, month and year are `groups[at...]`.
  static func day(_ groups: [String], _ at: Int) -> Day? {
    guard groups.count >= at + 3, let day = Int(groups[at]), let month = Int(groups[at + 1]),
      let year = Int(groups[at + 2])
    else { return nil }
    return Day(year: year, month: month, day: day)
  }

  /// The last day of `month` (1–12) in `year`.
  static func lastDay(ofMonth month: Int, year: Int) -> Day {
    let next = month == 12 ? (year + 1, 1) : (year, month + 1)
    let last = CellDate.civil(fromDays: CellDate.days(year: next.0, month: next.1, day: 1) - 1)
    return Day(last.year, last.month, last.day)
  }

  /// A count of months, in digits or as "ba", "sáu", "chín"; nil outside 1–12.
  static func monthCount(_ word: String) -> Int? {
    let count = ["ba": 3, "sau": 6, "chin": 9][word] ?? Int(word)
    return count.flatMap { (1...12).contains($0) ? $0 : nil }
  }

  /// `pattern` matched as whole words of a folded line.
  static func wordRegex(_ pattern: String) -> NSRegularExpression? {
    try? NSRegularExpression(pattern: "(?<![a-z0-9_])(?:" + pattern + ")(?![a-z0-9_])")
  }

  /// Whether the words `regex` matches occur in `text`.
  static func contains(_ regex: NSRegularExpression?, in text: String) -> Bool {
    guard let regex else { return false }
    return regex.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) != nil
  }
}
