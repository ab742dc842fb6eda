import SheetIO

/// The periods a folded title line states, and which of them the return reports on.
///
/// A line is read phrase by phrase, in an order where longer phrases come first: a range
/// of two days, a closing day, a bare date (a signature's "ngày 05 tháng 7 năm 2017",
/// which names no period), then months, quarters, spans of years and years. Each phrase
/// found is blanked out of the line, so the year inside "6 tháng đầu năm 2017" or a date
/// is not read again as a whole year. To read a new phrase, add a ``Phrase`` at its place
/// in ``phrases``.
///
/// A phrase is a run of whole words, one space apart, read word by word (the line is a
/// folded key: ASCII letters and digits in words): no regular expression is compiled,
/// which would start ICU's (a few milliseconds at the start of every run).
enum TitlePeriods {
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

  /// A period a line states: where (its bytes in the line), the day it ends, and the
  /// period it is when this type can hold it.
  struct Statement {
    var range: Range<Int>
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

  /// A phrase: its words, and their reading from the words it captured.
  struct Phrase: Sendable {
    let words: [WordStep]
    /// After the words, a year further on the line (not read as part of the phrase):
    /// "6 tháng đầu năm … 2017".
    var yearAhead = false
    let read: @Sendable (_ groups: [String], _ range: Range<Int>) -> Reading
  }

  /// One step of a phrase: a word of a kind, taken or skipped.
  indirect enum WordStep: Sendable {
    /// One word of the kind, kept among the phrase's groups when `captured`.
    case word(WordKind, captured: Bool = false)
    /// The steps, all of them or none (the first when they all match).
    case optional([WordStep])
    /// The step as many times as it matches.
    case repeated(WordStep)
    /// The first of the step lists that matches; its captures, or empty groups for the
    /// others' captures, keep their places.
    case either([[WordStep]])

    /// How many groups the step captures, matched or not.
    var groupCount: Int {
      switch self {
      case .word(_, let captured): captured ? 1 : 0
      case .optional(let steps): steps.reduce(0) { $0 + $1.groupCount }
      case .repeated(let step): step.groupCount
      case .either(let options): options.reduce(0) { $0 + $1.reduce(0) { $0 + $1.groupCount } }
      }
    }
  }

  /// What a word must be.
  enum WordKind: Sendable {
    /// This word.
    case literal(String)
    /// One of these words.
    case oneOf([String])
    /// One or two digits.
    case dayOrMonth
    /// A year from 1900 to 2099, in four digits.
    case year
    /// A count of months: one or two digits, "ba", "sáu" or "chín".
    case monthCount
  }

  static let date: [WordStep] = [
    .word(.dayOrMonth, captured: true), .optional([.word(.literal("thang"))]), .word(.dayOrMonth, captured: true),
    .optional([.word(.literal("nam"))]), .word(.year, captured: true),
  ]
  static let anyYears = WordStep.repeated(.word(.literal("nam")))

  /// The phrases, longest first.
  static let phrases: [Phrase] = [
    // "01/01/2017 - 30/06/2017", "từ ngày 01/01/2017 đến ngày 31/12/2017".
    Phrase(
      words: date + [
        .optional([.word(.oneOf(["den", "toi"])), .optional([.word(.literal("het"))])]),
        .optional([.word(.literal("ngay"))]),
      ] + date
    ) { groups, range in
      guard let first = day(groups, 0), let last = day(groups, 3), first <= last else { return .skipped }
      return .stated(Statement(range: range, end: last, period: covering(from: first, to: last)))
    },
    // "tính đến ngày 30/6/2017", "số liệu đến 30/6/2017", "tại thời điểm 15/3/2018".
    Phrase(
      words: [
        .either([
          [.word(.literal("den")), .optional([.word(.literal("het"))])],
          [
            .word(.literal("thoi")), .word(.literal("diem")),
            .optional([.word(.literal("bao")), .word(.literal("cao"))]),
          ],
          [.word(.literal("tai"))],
        ]),
        .optional([.word(.literal("ngay"))]),
      ] + date
    ) { groups, range in
      guard let last = day(groups, 0) else { return .skipped }
      return .stated(Statement(range: range, end: last, period: ReportingPeriod(closingOn: last)))
    },
    // A date that closes nothing ("Cao Lộc, ngày 05 tháng 7 năm 2017"), or a month's.
    Phrase(words: date) { _, _ in .skipped },
    Phrase(
      words: [
        .word(.literal("thang")), .word(.dayOrMonth), .optional([.word(.literal("nam"))]), .word(.year),
      ]
    ) { _, _ in .skipped },
    // "6 tháng cuối năm 2017": the last months of the year.
    Phrase(
      words: [
        .word(.monthCount, captured: true), .word(.literal("thang")), .word(.literal("cuoi")), anyYears,
        .word(.year, captured: true),
      ]
    ) { groups, range in
      guard let count = monthCount(groups[0]), let year = Int(groups[1]), let end = Day(year: year, month: 12, day: 31)
      else { return .skipped }
      let period = count == 6 ? ReportingPeriod("\(year)-H2") : count == 12 ? ReportingPeriod("\(year)") : nil
      return .stated(Statement(range: range, end: end, period: period))
    },
    // "6 THÁNG ĐẦU NĂM 2017", "9 tháng năm 2017": the first months of the year.
    Phrase(
      words: [
        .word(.monthCount, captured: true), .word(.literal("thang")), .optional([.word(.literal("dau"))]), anyYears,
        .word(.year, captured: true),
      ]
    ) { groups, range in
      guard let count = monthCount(groups[0]), let year = Int(groups[1]) else { return .skipped }
      let end = lastDay(ofMonth: count, year: year)
      return .stated(Statement(range: range, end: end, period: ReportingPeriod.firstMonths(count, year: year)))
    },
    // "ĐÁNH GIÁ 6 THÁNG ĐẦU NĂM VÀ DỰ KIẾN CẢ NĂM 2017": months with no year of their own
    // take the year the line names after them.
    Phrase(
      words: [
        .word(.monthCount, captured: true), .word(.literal("thang")),
        .optional([.either([[.word(.literal("dau"), captured: true)], [.word(.literal("cuoi"), captured: true)]])]),
        .word(.literal("nam")),
      ], yearAhead: true
    ) { groups, range in
      // The count, "dau", "cuoi" (one of them or neither), and the year ahead.
      guard let count = monthCount(groups[0]), let year = Int(groups[3]) else { return .skipped }
      if !groups[2].isEmpty {
        guard let end = Day(year: year, month: 12, day: 31) else { return .skipped }
        let period = count == 6 ? ReportingPeriod("\(year)-H2") : count == 12 ? ReportingPeriod("\(year)") : nil
        return .stated(Statement(range: range, end: end, period: period))
      }
      let end = lastDay(ofMonth: count, year: year)
      return .stated(Statement(range: range, end: end, period: ReportingPeriod.firstMonths(count, year: year)))
    },
    // "QUÝ II NĂM 2017", "quý 2/2017", "Q2 2017": three months; only the first quarter
    // starts on 1 January, as every dated period here does.
    Phrase(
      words: [
        .either([
          [.word(.literal("quy")), .word(.oneOf(["i", "ii", "iii", "iv", "1", "2", "3", "4"]), captured: true)],
          [.word(.oneOf(["q1", "q2", "q3", "q4"]), captured: true)],
        ]),
        anyYears, .word(.year, captured: true),
      ]
    ) { groups, range in
      let names = ["i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4]
      let word = groups[0].isEmpty ? String(groups[1].dropFirst()) : groups[0]
      guard let quarter = names[word], let year = Int(groups[2]) else { return .skipped }
      let end = lastDay(ofMonth: quarter * 3, year: year)
      return .stated(Statement(range: range, end: end, period: quarter == 1 ? ReportingPeriod(closingOn: end) : nil))
    },
    // "NĂM 2017 - 2018", "giai đoạn 2016 - 2020": more than a year, which no period here is.
    Phrase(
      words: [
        .either([
          [.word(.literal("nam"))], [.word(.literal("giai")), .word(.literal("doan"))],
          [.word(.literal("nien")), .word(.literal("do"))],
        ]),
        .word(.year, captured: true), .optional([.word(.oneOf(["den", "toi"]))]), .word(.year, captured: true),
      ]
    ) { groups, range in
      guard let first = Int(groups[0]), let last = Int(groups[1]), first < last,
        let end = Day(year: last, month: 12, day: 31)
      else { return .skipped }
      return .stated(Statement(range: range, end: end, period: nil))
    },
    // "NĂM 2017".
    Phrase(words: [.word(.literal("nam")), .word(.year, captured: true)]) { groups, range in
      guard let year = Int(groups[0]), let end = Day(year: year, month: 12, day: 31) else { return .skipped }
      return .stated(Statement(range: range, end: end, period: ReportingPeriod("\(year)"), isBareYear: true))
    },
  ]

  /// Words that make a line a report's title, where a bare "năm 2017" is its period (and
  /// not, say, the year of a law or a decision).
  static let reportWords = ["bao cao", "danh sach", "tong hop", "tinh hinh", "ket qua", "thuc hien"]
  /// Words after which a period is another one the figures are compared with, or a plan:
  /// "so với năm 2016", "cùng kỳ", "số liệu đầu kỳ"; "kế hoạch năm 2018", "phương hướng,
  /// nhiệm vụ 6 tháng cuối năm" (but "thực hiện kế hoạch" reports what was done), each
  /// with the words that, just before it, make it no such word.
  static let otherPeriodWords: [(words: String, unlessAfter: String?)] = [
    ("voi", "doi "), ("cung ky", nil), ("dau ky", nil), ("ke hoach", "thuc hien "), ("phuong huong", "thuc hien "),
    ("nhiem vu", "thuc hien "), ("du kien", "thuc hien "), ("muc tieu", "thuc hien "),
  ]

  /// "Ước", before a period: an estimate of it.
  static let estimateWords: [(words: String, unlessAfter: String?)] = [("uoc", nil)]

  /// The period the folded line `key` reports on, or nil when it states none this type
  /// can hold.
  static func reported(inKey key: String) -> ReportingPeriod? {
    // The same lines head return after return ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", the
    // report's title): each is read once.
    readLines.value(for: key, workedOutPeriod(inKey:))
  }

  /// The periods of the folded lines read so far.
  private static let readLines = TextMemo<ReportingPeriod?>()

  /// ``reported(inKey:)`` worked out.
  private static func workedOutPeriod(inKey key: String) -> ReportingPeriod? {
    var line = TitleWords(key)
    var statements: [Statement] = []
    for phrase in phrases {
      // Every match of the phrase is found on the line as the phrases before left it,
      // then blanked, as later phrases must not read its words.
      var matched: [Range<Int>] = []
      var index = 0
      while index < line.count {
        guard let match = line.match(phrase, at: index) else {
          index += 1
          continue
        }
        let range = line.bytes(from: index, through: match.last)
        if case .stated(let statement) = phrase.read(match.groups, range) { statements.append(statement) }
        matched.append(index..<match.last + 1)
        index = match.last + 1
      }
      for words in matched { line.blank(words) }
    }
    let isReport = reportWords.contains { TitleWords.contains($0, unlessAfter: nil, in: key.utf8[...]) }
    let folded = key.utf8
    var previousEnd = 0
    var kept: [Statement] = []
    for statement in statements.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
      let leadStart = folded.index(folded.startIndex, offsetBy: previousEnd)
      let leadEnd = folded.index(folded.startIndex, offsetBy: max(statement.range.lowerBound, previousEnd))
      let lead = folded[leadStart..<leadEnd]
      previousEnd = max(statement.range.upperBound, previousEnd)
      let isOther = otherPeriodWords.contains { TitleWords.contains($0.words, unlessAfter: $0.unlessAfter, in: lead) }
      if (statement.isBareYear && !isReport) || isOther { continue }
      var statement = statement
      statement.isYearEstimate =
        statement.period.map { $0.label.count == 4 } == true
        && estimateWords.contains { TitleWords.contains($0.words, unlessAfter: $0.unlessAfter, in: lead) }
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
}

/// A folded title line as its phrases read it: its words (runs of ASCII letters and
/// digits, as `[a-z0-9]` has them), where each lies, and which were blanked out by a
/// phrase already read.
struct TitleWords {
  private let utf8: [UInt8]
  private var spans: [Range<Int>] = []
  private var blanked: [Bool]

  init(_ key: String) {
    utf8 = Array(key.utf8)
    var start: Int?
    for (index, byte) in utf8.enumerated() {
      if Self.isWordByte(byte) {
        if start == nil { start = index }
      } else if let first = start {
        spans.append(first..<index)
        start = nil
      }
    }
    if let first = start { spans.append(first..<utf8.count) }
    blanked = Array(repeating: false, count: spans.count)
  }

  /// Whether a byte is part of a word: an ASCII lowercase letter or digit.
  private static func isWordByte(_ byte: UInt8) -> Bool {
    (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
  }

  /// How many words the line holds.
  var count: Int { spans.count }

  /// The bytes of the words from `first` through `last`.
  func bytes(from first: Int, through last: Int) -> Range<Int> { spans[first].lowerBound..<spans[last].upperBound }

  /// Blanks `words` out: no phrase reads them again.
  mutating func blank(_ words: Range<Int>) {
    for index in words { blanked[index] = true }
  }

  /// Whether word `index` comes one space after the word before it.
  private func followsOneSpace(_ index: Int) -> Bool {
    let gap = spans[index].lowerBound - 1
    return index > 0 && spans[index - 1].upperBound == gap && utf8[gap] == 0x20
  }

  /// The text of word `index`.
  private func text(_ index: Int) -> String { String(decoding: utf8[spans[index]], as: UTF8.self) }

  /// Whether word `index` is a word of `kind`.
  private func isWord(_ index: Int, _ kind: TitlePeriods.WordKind) -> Bool {
    let span = spans[index]
    let digits = utf8[span].allSatisfy { (0x30...0x39).contains($0) }
    switch kind {
    case .literal(let word): return utf8[span].elementsEqual(word.utf8)
    case .oneOf(let words): return words.contains { utf8[span].elementsEqual($0.utf8) }
    case .dayOrMonth: return span.count <= 2 && digits
    case .year: return span.count == 4 && digits && isCentury(at: span.lowerBound)
    case .monthCount:
      return (span.count <= 2 && digits) || ["ba", "sau", "chin"].contains { utf8[span].elementsEqual($0.utf8) }
    }
  }

  /// Whether the bytes at `offset` start 19 or 20.
  private func isCentury(at offset: Int) -> Bool {
    (utf8[offset] == 0x31 && utf8[offset + 1] == 0x39) || (utf8[offset] == 0x32 && utf8[offset + 1] == 0x30)
  }

  /// The phrase's words starting at word `index`, each taken as soon as it matches (no
  /// word the phrases take optionally is one the step after them could take): the last
  /// word and the captured groups, or nil.
  func match(_ phrase: TitlePeriods.Phrase, at index: Int) -> (last: Int, groups: [String])? {
    var next = index
    var groups: [String] = []
    guard steps(phrase.words, from: &next, start: index, groups: &groups), next > index else { return nil }
    let last = next - 1
    if phrase.yearAhead {
      guard let year = yearAhead(after: last) else { return nil }
      groups.append(year)
    }
    return (last, groups)
  }

  /// Matches `steps` from word `next` of a phrase that starts at word `start`, moving
  /// `next` past them and adding their groups; false when they do not match.
  private func steps(
    _ steps: [TitlePeriods.WordStep], from next: inout Int, start: Int, groups: inout [String]
  ) -> Bool {
    for step in steps {
      switch step {
      case .word(let kind, let captured):
        // A word of a phrase but its first comes one space after the one before.
        guard next < count, !blanked[next], next == start || followsOneSpace(next), isWord(next, kind) else {
          return false
        }
        if captured { groups.append(text(next)) }
        next += 1
      case .optional(let inner):
        var (tried, triedGroups) = (next, groups)
        if self.steps(inner, from: &tried, start: start, groups: &triedGroups) {
          (next, groups) = (tried, triedGroups)
        } else {
          groups += Array(repeating: "", count: Self.groupCount(inner))
        }
      case .repeated(let inner):
        while true {
          var (tried, triedGroups) = (next, groups)
          guard self.steps([inner], from: &tried, start: start, groups: &triedGroups), tried > next else { break }
          (next, groups) = (tried, triedGroups)
        }
      case .either(let options):
        var skipped = 0
        var matched = false
        for option in options {
          var (tried, triedGroups) = (next, groups + Array(repeating: "", count: skipped))
          if !matched, self.steps(option, from: &tried, start: start, groups: &triedGroups) {
            (next, groups) = (tried, triedGroups)
            matched = true
          } else if matched {
            groups += Array(repeating: "", count: Self.groupCount(option))
          } else {
            skipped += Self.groupCount(option)
          }
        }
        guard matched else { return false }
      }
    }
    return true
  }

  /// How many groups `steps` capture, matched or not.
  private static func groupCount(_ steps: [TitlePeriods.WordStep]) -> Int {
    steps.reduce(0) { $0 + $1.groupCount }
  }

  /// The year (19xx or 20xx, no digit after it) further on the line than word `last`,
  /// which a space must follow: the first that starts a word after a space past the next
  /// word's start, else the next word's own ("6 tháng đầu năm 2017h1 2018" gives 2018, as
  /// the lookahead this replaces, `(?= (?:.*? )?(year)(?![0-9]))`, took it).
  private func yearAhead(after last: Int) -> String? {
    let end = spans[last].upperBound
    guard end < utf8.count, utf8[end] == 0x20 else { return nil }
    func isDigit(_ offset: Int) -> Bool { (0x30...0x39).contains(utf8[offset]) }
    func year(_ index: Int) -> String? {
      let span = spans[index]
      guard !blanked[index], utf8[span.lowerBound - 1] == 0x20, span.count >= 4, isCentury(at: span.lowerBound),
        isDigit(span.lowerBound + 2), isDigit(span.lowerBound + 3), span.count == 4 || !isDigit(span.lowerBound + 4)
      else { return nil }
      return String(decoding: utf8[span.lowerBound..<span.lowerBound + 4], as: UTF8.self)
    }
    let later = ((last + 1)..<count).filter { spans[$0].lowerBound >= end + 2 }
    if let found = later.lazy.compactMap(year).first { return found }
    if last + 1 < count, spans[last + 1].lowerBound == end + 1 { return year(last + 1) }
    return nil
  }

  /// Whether `words`, whole words of a folded line, occur in `text` other than just
  /// after `unlessAfter` (its bytes, spaces included).
  static func contains(_ words: String, unlessAfter: String?, in text: Substring.UTF8View) -> Bool {
    let bytes = Array(text)
    let wanted = Array(words.utf8)
    let before = unlessAfter.map { Array($0.utf8) } ?? []
    func isWordLike(_ byte: UInt8) -> Bool { isWordByte(byte) || byte == 0x5F }
    guard bytes.count >= wanted.count else { return false }
    for start in 0...(bytes.count - wanted.count) where bytes[start..<start + wanted.count].elementsEqual(wanted) {
      let end = start + wanted.count
      guard start == 0 || !isWordLike(bytes[start - 1]), end == bytes.count || !isWordLike(bytes[end]) else { continue }
      let isAfterBefore =
        !before.isEmpty && start >= before.count && bytes[(start - before.count)..<start].elementsEqual(before)
      if isAfterBefore { continue }
      return true
    }
    return false
  }
}
