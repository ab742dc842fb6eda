import Dispatch
import Findings
import Foundation
import SheetIO

/// What reading a table learned besides its records.
public struct TableReadSummary: Sendable {
  /// Where the table is.
  public var located: LocatedTable
  /// The number style the file's texts showed.
  public var numberStyle: NumberStyle
  /// How many data rows were read.
  public var rowCount = 0
  /// The totals row (`Tổng cộng`, `Cộng`, `Toàn huyện`…), wherever it stood.
  public var totals: TableRecord?
  /// Problems with single cells: type errors, enum errors, repaired values.
  public var findings: [Finding] = []
  /// Header units converted to the form's units, by field id: "đồng → triệu đồng".
  public var conversions: [String: String] = [:]
  /// The period a title line above the header names, if any.
  public var titlePeriod: ReportingPeriod?
  /// The title cell that names ``titlePeriod``.
  public var periodCell: CellRef?
  /// The title lines above the header, as text.
  public var titles: [String] = []
  /// The fields the table's records hold, by slot; set once the table is located.
  public var layout = RecordLayout(fields: [], columns: [])
  /// The lines of a text file its rows start on, where they are not the row's number;
  /// set once the sheet is read to its end.
  public var rowLines = RowLines()
  /// What reading the sheet noticed without stopping (a replaced byte, a cell pointing
  /// to a missing shared string), set once the sheet is read to its end.
  public var sheetWarnings: [SheetWarning] = []
  /// The last row of the table: its last record or its totals row.
  public var lastRow = 0
  /// The rows above the header or below the data where another form's header stands
  /// (a summary above or under the list): that form's table may be read there.
  public var neighbourRows: [Int] = []
  /// The rows of an indicator table's "Chia ra:" headings, whose parts follow them.
  public var splitHeadings: [Int] = []
}

/// How one form column is read: where it is and what converts it.
private struct ReadPlan {
  var column: FormColumn
  var sheetColumn: Int
  var reading: ColumnReading
}

/// Reads a form's table out of a sheet: finds it, decides the number style, then
/// streams its data rows as typed records, stopping at the signature block.
///
/// Two passes over the sheet's rows: the first finds the header (merged ranges come at
/// the end of a worksheet part) and collects the number-style evidence of every cell,
/// so that `2.273` is read the way the whole file writes numbers; the second reads the
/// rows again: a workbook's from the ``RowSpill`` the first pass kept, without parsing
/// its XML again, a CSV file's from the file.
public struct TableReader: Sendable {
  /// The form to read.
  public let form: Form
  /// The pack's vocabularies, by id.
  public var vocabularies: [String: Vocabulary]
  /// The style to use when the file shows none. The default is `vi`.
  public var fallbackStyle: NumberStyle = .vi
  /// The style to use whatever the file shows (`number_style` of `htx.yaml`); nil decides per file.
  public var fixedStyle: NumberStyle?
  /// The locators of the pack's other forms: their header ends this form's table.
  var neighbours: [TableLocator] = []

  /// Sets the pack's other forms, given by their readers, as neighbours: their header ends
  /// this form's table where it stands in the same sheet. Their locators are reused.
  public mutating func expect(neighbours readers: [TableReader]) {
    neighbours = readers.map(\.locator)
  }

  /// Creates a reader.
  public init(form: Form, vocabularies: [String: Vocabulary] = [:]) {
    self.form = form
    self.vocabularies = vocabularies
    locator = TableLocator(table: form.table)
  }

  /// The form's locator, made once: its label keys are folded when it is made.
  var locator: TableLocator

  /// The unit a title line such as "Đơn vị tính: đồng" or "ĐVT: triệu đồng" names.
  static func unitLine(_ text: String) -> String? {
    let key = LabelFolding.key(text)
    guard key.hasPrefix("don vi tinh") || key.hasPrefix("dvt"), let colon = text.firstIndex(of: ":") else {
      return nil
    }
    let unit = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    return unit.isEmpty ? nil : unit
  }

  /// Reads the table of sheet `index`; nil when the sheet does not hold the form.
  /// `located` sees the table's header, titles and period before the first record;
  /// `decoding`, when given, turns a text cell's text into the text it stands for (nil:
  /// unchanged), for files typed in an old encoding.
  ///
  /// With `guessing`, records start while the sheet is still being parsed, on a guess of
  /// the header and number style made from its first rows. If the whole sheet proves the
  /// guess wrong (its merged ranges change the header, its later numbers the style),
  /// `restart` is called, for the caller to forget what the records so far did, and
  /// `located` and `body` see the table again from its start. If the sheet cannot be read
  /// to its end once records went out, `restart` is called before the error is thrown.
  ///
  /// With `rows`, only the sheet's rows in that range are read, and the header is searched
  /// for in the first rows of the range (a second form's table under the first).
  public func read(
    _ source: any SheetSource, sheet index: Int, file: String, date1904: Bool = false,
    decoding transform: ((String) -> String?)? = nil, guessing: Bool = false, rows window: ClosedRange<Int>? = nil,
    restart: () -> Void = {}, located onLocated: (TableReadSummary) throws -> Void = { _ in },
    _ body: (TableRecord) throws -> Void
  ) throws -> TableReadSummary? {
    let sheet = SheetContext(
      source: source, index: index, file: file, date1904: date1904, transform: transform, window: window)
    var reader = self
    if let window { reader.locator.searchRows += window.lowerBound - 1 }
    return try reader.read(sheet, guessing: guessing, restart: restart, located: onLocated, body)
  }

  /// ``read(_:sheet:file:date1904:decoding:guessing:rows:restart:located:_:)`` once its
  /// sheet is set and its head placed.
  private func read(
    _ sheet: SheetContext, guessing: Bool, restart: () -> Void, located onLocated: (TableReadSummary) throws -> Void,
    _ body: (TableRecord) throws -> Void
  ) throws -> TableReadSummary? {
    let (source, index, transform) = (sheet.source, sheet.index, sheet.transform)
    if guessing {
      return try readGuessing(sheet, restart: restart, located: onLocated, body)
    }
    let scan = SheetScan(searchRows: locator.searchRows, transform: transform)
    // A workbook's rows are kept as they pass and replayed once the header and style
    // are known, so its XML is parsed once; a CSV file is simply read again.
    let spill = source.rereadsCheaply ? nil : RowSpill()
    var headChecked = false
    let first: SheetSummary
    do {
      first = try source.readRows(sheet: index) { row in
        guard sheet.includes(row.number) else { return }
        // A head without a single label-like cell holds no header of this form: the
        // rest of the sheet (another form's, a data dump) is not read for it.
        if !headChecked && row.number > scan.searchRows {
          headChecked = true
          guard locator.mayLocate(in: scan.grid) else { throw NotThisForm() }
        }
        try spill?.append(row)
        scan.observe(row)
      }
    } catch is NotThisForm {
      return nil
    }
    guard let located = locator.locate(in: scan.grid, merges: first.mergedRanges) else { return nil }
    let plan = prepare(
      located, style: style(of: located, in: scan), grid: scan.grid, sheet: sheet, merges: first.mergedRanges)
    try onLocated(plan.summary)
    var summary = try deliver(plan, from: spill.map { .spill($0) } ?? .source(sheet), body)
    summary.rowLines = first.rowLines
    summary.sheetWarnings = first.warnings
    return summary
  }

  /// Reads with the parse on a thread of its own, records starting on a guess once the
  /// head is read (see ``read(_:sheet:file:date1904:decoding:guessing:restart:located:_:)``).
  private func readGuessing(
    _ sheet: SheetContext, restart: () -> Void, located onLocated: (TableReadSummary) throws -> Void,
    _ body: (TableRecord) throws -> Void
  ) throws -> TableReadSummary? {
    let parse = GuessingParse(reader: self, sheet: sheet)
    WorkerThread.start(stackSize: 1 << 22) { parse.run() }
    switch parse.head.wait() {
    case .notThisForm:
      parse.parsed.wait()
      return nil
    case .failed(let error):
      parse.parsed.wait()
      throw error
    case .unguessed:
      parse.parsed.wait()
      if let error = parse.error { throw error }
      return try readAgain(parse, located: onLocated, body)
    case .guess(let plan):
      var summary: TableReadSummary
      do {
        try onLocated(plan.summary)
        if let typing = parse.typing {
          summary = try consume(plan, from: typing, body)
        } else {
          summary = try deliver(plan, from: .relay(parse.relay), body)
        }
      } catch {
        parse.relay.cancel()
        parse.typing?.pipe.cancel()
        parse.parsed.wait()
        // The parse failed (not merely stopped because the caller threw): what the
        // records did stands on a sheet that cannot be read.
        if let failure = parse.error, !(failure is CancellationError) { restart() }
        throw error
      }
      parse.parsed.wait()
      if let error = parse.error {
        restart()
        throw error
      }
      // The cells the consumer typed were voted by its typer, which the parse did not see.
      if let twin = parse.typing?.twin {
        for (column, votes) in twin.votesByColumn { parse.scan.absorb(votes, column: column) }
      }
      summary.rowLines = parse.sheetSummary.rowLines
      summary.sheetWarnings = parse.sheetSummary.warnings
      // The guess was made without the merged ranges and on the head's numbers only.
      // Without merged ranges the head locates as it did (its rows are all it reads).
      let merges = parse.sheetSummary.mergedRanges
      let located = merges.isEmpty ? plan.summary.located : locator.locate(in: parse.scan.grid, merges: merges)
      if let located, located == plan.summary.located,
        style(of: located, in: parse.scan) == plan.summary.numberStyle,
        RowTyper.dataFills(merges, located: located).isEmpty
      {
        return summary
      }
      restart()
      return try readAgain(parse, guessed: plan.summary.located, located: onLocated, body)
    }
  }

  /// Reads the table once the whole sheet has been parsed: located with its merged
  /// ranges, its style from every number, its rows from the spill or the file again.
  ///
  /// A parse that typed its rows took their votes in the guessed table's columns only:
  /// when the table is found elsewhere, the sheet is scanned again for every column's.
  private func readAgain(
    _ parse: GuessingParse, guessed: LocatedTable? = nil, located onLocated: (TableReadSummary) throws -> Void,
    _ body: (TableRecord) throws -> Void
  ) throws -> TableReadSummary? {
    var scan = parse.scan
    let merges = parse.sheetSummary.mergedRanges
    guard let located = locator.locate(in: scan.grid, merges: merges) else { return nil }
    if parse.typing != nil, located != guessed {
      scan = SheetScan(searchRows: scan.searchRows, transform: parse.sheet.transform)
      let sheet = parse.sheet
      _ = try sheet.source.readRows(sheet: sheet.index) { row in
        if sheet.includes(row.number) { scan.observe(row) }
      }
    }
    let plan = prepare(
      located, style: style(of: located, in: scan), grid: scan.grid, sheet: parse.sheet, merges: merges)
    try onLocated(plan.summary)
    let origin: RowOrigin
    if parse.allInHead {
      origin = .spill(parse.headRows)
    } else if let spill = parse.relay.spill {
      origin = .spill(spill)
    } else {
      origin = .source(parse.sheet)
    }
    var summary = try deliver(plan, from: origin, body)
    summary.rowLines = parse.sheetSummary.rowLines
    summary.sheetWarnings = parse.sheetSummary.warnings
    return summary
  }

  /// The number style to read a table at `located` with: the configured one, else the
  /// one its columns' texts show.
  func style(of located: LocatedTable, in scan: SheetScan) -> NumberStyle {
    fixedStyle ?? scan.style(of: located, fallback: fallbackStyle)
  }

  /// The summary and typer of a table located at `located`, read with `style`; cells
  /// under a merged range of `merges` read as its first cell.
  func prepare(
    _ located: LocatedTable, style: NumberStyle, grid: [Int: [Int: String]], sheet: SheetContext,
    merges: [CellRange] = []
  ) -> TablePlan {
    var summary = TableReadSummary(located: located, numberStyle: style)
    let titleCells = grid.keys.sorted().filter { $0 < located.headerRows.lowerBound }.flatMap { row in
      (grid[row] ?? [:]).sorted { $0.key < $1.key }.map { (CellRef(row: row, column: $0.key), $0.value) }
    }
    summary.titles = titleCells.map(\.1)
    for (ref, text) in titleCells {
      guard let period = ReportingPeriod.detect(inTitles: [text]) else { continue }
      summary.titlePeriod = period
      summary.periodCell = ref
      break
    }
    let reader = ValueReader(numberStyle: style, date1904: sheet.date1904)
    // Units named in headers, else the sheet's "Đơn vị tính: …" line for money columns,
    // converted to the form's.
    let sheetUnit = summary.titles.lazy.compactMap(Self.unitLine).first
    var factors: [String: Double] = [:]
    for column in form.columns {
      guard let match = located.matches[column.spec.id], let to = column.unit,
        let from = match.unit ?? sheetUnit.flatMap({ UnitConversion.isMoney($0) ? $0 : nil })
      else { continue }
      guard let factor = UnitConversion.factor(from: from, to: to) else {
        // "(USD)", "(1000 USD)": a unit htx cannot convert, not a footnote mark "(*)".
        if match.unit != nil, from.contains(where: \.isLetter) {
          let ref = CellRef(row: match.unitRow ?? located.headerRows.lowerBound, column: match.column)
          summary.findings.append(
            Finding(
              severity: .warning, code: .unitUnknown, file: sheet.file, cell: ref.a1, row: ref.row,
              column: ref.column, field: column.spec.id, value: match.header,
              message:
                "the header '\(match.header)' names the unit '\(from)', which htx cannot convert to \(to): its values were read as \(to)",
              vietnamese:
                "tiêu đề cột '\(match.header)' ghi đơn vị '\(from)', htx không quy đổi được sang \(to): các giá trị được đọc theo \(to)"
            ))
        }
        continue
      }
      factors[column.spec.id] = factor
      if factor != 1 { summary.conversions[column.spec.id] = "\(from) → \(to)" }
    }
    // The form's columns found in the sheet, in form order, with what reading each needs.
    let plan = form.columns.compactMap { column -> ReadPlan? in
      guard let match = located.matches[column.spec.id] else { return nil }
      return ReadPlan(
        column: column, sheetColumn: match.column,
        reading: ColumnReading(
          column: column, vocabulary: column.vocabulary.flatMap { vocabularies[$0] },
          unitFactor: factors[column.spec.id] ?? 1))
    }
    let layout = RecordLayout(fields: plan.map(\.column.spec.id), columns: plan.map(\.sheetColumn))
    summary.layout = layout
    let typer = RowTyper(
      form: form, located: located, layout: layout, readings: plan.map(\.reading), reader: reader,
      transform: sheet.transform, file: sheet.file, sheet: sheet.source.sheets[sheet.index].name,
      fills: RowTyper.dataFills(merges, located: located), neighbours: neighbours,
      textsAreNFC: sheet.source.textsAreNFC)
    summary.neighbourRows = grid.keys.sorted().filter { row in
      row < located.headerRows.lowerBound
        && Self.isNeighbourHeader((grid[row] ?? [:]).values.map { $0 }, neighbours: neighbours)
    }
    return TablePlan(summary: summary, typer: typer)
  }

  /// Whether the texts of a row are the header of one of `neighbours`: three or more of
  /// them, and at least half, are that form's labels.
  static func isNeighbourHeader(_ texts: [String], neighbours: [TableLocator]) -> Bool {
    guard texts.count >= 3 else { return false }
    return neighbours.contains { neighbour in
      let labels = texts.filter(neighbour.isLabelLike).count
      return labels >= 3 && labels * 2 >= texts.count
    }
  }

  /// Types the rows from `origin` on a second thread while this one hands each record to
  /// `body`: batches of records pass between the two, a few at a time.
  private func deliver(_ plan: TablePlan, from origin: RowOrigin, _ body: (TableRecord) throws -> Void) throws
    -> TableReadSummary
  {
    let typing = BatchTyping(plan: plan)
    let finished = DispatchSemaphore(value: 0)
    let work = TypingWork(origin: origin, typing: typing)
    DispatchQueue.global(qos: .userInitiated).async {
      defer { finished.signal() }
      do {
        try work.rows { row in
          guard typing.type(row) else { throw CancellationError() }
        }
        typing.finish(nil)
      } catch {
        typing.finish(error)
      }
    }
    do {
      let summary = try consume(plan, from: typing, body)
      finished.wait()
      return summary
    } catch {
      finished.wait()
      throw error
    }
  }

  /// Hands each record of the batches `typing` makes to `body`, until it finishes; what
  /// the table's reading learned, its typer's findings included.
  func consume(_ plan: TablePlan, from typing: BatchTyping, _ body: (TableRecord) throws -> Void) throws
    -> TableReadSummary
  {
    var summary = plan.summary
    do {
      while var batches = typing.pipe.take() {
        // Taken out of the list one by one, so a batch no record kept is held only here.
        batches.reverse()
        while var batch = batches.popLast() {
          typing.typeDeferred(batch)
          for index in 0..<batch.count {
            let record = batch[index]
            if batch.isTotals(at: index) {
              summary.totals = record
            } else {
              summary.rowCount += 1
              try body(record)
            }
          }
          typing.recycle(&batch)
        }
      }
    } catch {
      typing.pipe.cancel()
      throw error
    }
    if let error = typing.pipe.error { throw error }
    summary.findings += typing.findings
    summary.lastRow = plan.typer.lastTableRow
    summary.splitHeadings = plan.typer.splitHeadings
    if let row = plan.typer.neighbourRow { summary.neighbourRows.append(row) }
    return summary
  }
}

/// The sheet a table is read from, with how its cells are read.
struct SheetContext: @unchecked Sendable {
  let source: any SheetSource
  let index: Int
  let file: String
  let date1904: Bool
  let transform: ((String) -> String?)?
  /// The rows to read; nil: all.
  var window: ClosedRange<Int>? = nil

  /// Whether row `number` is read.
  @inline(__always)
  func includes(_ number: Int) -> Bool { window?.contains(number) ?? true }
}

/// A located table's summary so far and the typer of its rows.
struct TablePlan: @unchecked Sendable {
  var summary: TableReadSummary
  let typer: RowTyper
}

/// Stops the first pass over a sheet whose head cannot hold the form's header.
struct NotThisForm: Error {}

/// Where the typing thread takes a table's rows from.
private enum RowOrigin {
  /// The rows the first pass kept.
  case spill(RowSpill)
  /// The source, read again.
  case source(SheetContext)
  /// A parse running on another thread.
  case relay(RowRelay)
}

/// The rows and typing a table's typing thread works with, handed to it whole; only
/// that thread touches them until it signals it is done.
private struct TypingWork: @unchecked Sendable {
  let origin: RowOrigin
  let typing: BatchTyping

  /// Calls `body` with each row of the sheet, from where they come.
  func rows(_ body: (RowBuffer) throws -> Void) throws {
    switch origin {
    case .spill(let spill): try spill.replay(body)
    case .source(let sheet):
      _ = try sheet.source.readRows(sheet: sheet.index) { row in
        guard sheet.includes(row.number) else { return }
        try body(row)
      }
    case .relay(let relay): try relay.receive(body)
    }
  }
}

/// Recognises the rows around the data: totals, section headings, the signature block.
public enum RowKind {
  private static let totalsKeys = [
    "tong cong", "cong", "tong so", "toan huyen", "tong", "toan tinh", "tong cong toan huyen", "toan thanh pho",
    "toan thi xa", "toan xa",
  ]
  /// The starts of a longer totals label: "Toàn thành phố Lạng Sơn", "Cộng toàn huyện".
  /// "toàn" only before the kind of a unit, as "Toàn Phát" may name a cooperative.
  private static let totalsStarts = [
    "tong cong", "tong so", "toan huyen", "toan tinh", "toan thanh pho", "toan thi xa", "toan xa", "toan quan",
    "toan phuong", "toan thi tran", "cong toan", "tong toan",
  ]
  private static let signatureStarts = [
    "nguoi lap bieu", "nguoi lap", "thu truong", "truong phong", "noi nhan", "ghi chu", "ky ghi ro ho ten",
    "chu tich", "giam doc", "xac nhan",
  ]

  /// The first letters of the totals keys: a row whose folded leading text starts with
  /// another (a row number, a name) is not a totals row, and is not folded whole.
  private static let totalsInitials = Set(totalsKeys.compactMap(\.first))

  /// Whether the leading text of a row marks it as a totals row.
  public static func isTotals(_ leading: String) -> Bool {
    guard let initial = LabelFolding.firstKeyCharacter(leading), totalsInitials.contains(initial) else {
      return false
    }
    let key = LabelFolding.key(leading)
    if totalsKeys.contains(key) { return true }
    return totalsStarts.contains { key.hasPrefix($0 + " ") }
  }

  /// Whether a row's leading cell opens a block: a Roman numeral alone ("II", "IV.") or
  /// before the block's title ("I. NÔNG NGHIỆP"), whatever else the row holds (a block's
  /// subtotals often stand on its heading row).
  public static func isBlockHeading(_ leadingCell: String) -> Bool {
    let text = leadingCell.trimmingCharacters(in: .whitespaces)
    let token = text.prefix { !$0.isWhitespace }
    var numeral = token
    var marked = false
    if let last = numeral.last, last == "." || last == ")" {
      numeral = numeral.dropLast()
      marked = true
    }
    guard !numeral.isEmpty, numeral.allSatisfy({ "IVXLC".contains($0) }) else { return false }
    return token.count == text.count || marked
  }

  /// Whether a row's texts start the signature block.
  public static func isSignature(_ texts: [String]) -> Bool {
    texts.contains { text in
      let key = LabelFolding.key(text)
      if signatureStarts.contains(where: { key.hasPrefix($0) }) { return true }
      // "Tràng Định, ngày 05 tháng 7 năm 2017"
      return key.contains("ngay") && key.contains("thang") && key.contains("nam")
        && key.split(separator: " ").count <= 12
    }
  }

  /// Whether the lone text of a row is a note or a heading rather than a cooperative's
  /// name: wrapped in parentheses, or two or more words in capitals.
  public static func isNoteOrHeading(_ text: String) -> Bool {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    // "HTX CHÈ GIA CÁT", "(HTX Chè Gia Cát)": a cooperative however it is written, unless
    // it names a state ("HTX ĐÃ GIẢI THỂ", "HTX THÀNH LẬP MỚI"), which no name does.
    let key = LabelFolding.key(trimmed)
    guard
      !startsLikeAName(trimmed.trimmingCharacters(in: CharacterSet(charactersIn: "()")))
        || stateWords.contains(where: { key.contains($0) })
    else { return false }
    if trimmed.hasPrefix("("), trimmed.hasSuffix(")") { return true }
    let letters = trimmed.unicodeScalars.filter { $0.properties.isAlphabetic }
    guard letters.count >= 4, trimmed.split(whereSeparator: \.isWhitespace).count >= 2 else { return false }
    return letters.allSatisfy { !$0.properties.isLowercase }
  }

  /// Whether a text starts as a cooperative's or a union's name does: "HTX …", "Hợp tác
  /// xã …", "Quỹ tín dụng nhân dân …", "Liên hiệp HTX …".
  public static func startsLikeAName(_ text: String) -> Bool {
    let key = LabelFolding.key(text)
    return nameStarts.contains { key == $0 || key.hasPrefix($0 + " ") }
  }

  /// Folded words naming the state of cooperatives, which a heading over them has.
  private static let stateWords = ["giai the", "thanh lap moi", "ngung hoat dong", "dang hoat dong", "tam ngung"]

  /// The folded words a cooperative's, a union's or another unit's name starts with.
  private static let nameStarts = [
    "htx", "hop tac xa", "quy tin dung", "quy tdnd", "qtd", "qtdnd", "lien hiep", "lh htx", "lhhtx", "tht",
    "to hop tac", "nhom htx", "nhom", "cong ty", "doanh nghiep", "dntn", "chi nhanh",
  ]

  /// Whether a line alone reads as a title or a note over a table, not as a name: the
  /// heads of an office's documents ("UBND HUYỆN …", "Biểu số 02", "Đơn vị tính: người",
  /// "DANH SÁCH …", "(Kèm theo …)"), or two or more words in capitals.
  public static func isTitleText(_ text: String) -> Bool {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !startsLikeAName(trimmed) else { return false }
    let key = LabelFolding.key(trimmed)
    if titleStarts.contains(where: { key == $0 || key.hasPrefix($0 + " ") }) || trimmed.hasPrefix("(") { return true }
    return isNoteOrHeading(trimmed)
  }

  /// The folded words the title and note lines of an office's documents start with.
  private static let titleStarts = [
    "ubnd", "uy ban", "phong", "cong hoa", "doc lap", "bieu", "mau", "danh sach", "bao cao", "tong hop", "don vi",
    "dvt", "kem theo", "ky bao cao", "so lieu", "tinh den", "thoi diem", "ghi chu", "luu y", "chi tieu", "kinh gui",
    "can cu", "nguon",
  ]

  /// Whether a row is a block heading such as `I` / `II. Nông nghiệp` rather than data.
  public static func isSectionHeading(_ leading: String, cells: Int) -> Bool {
    // Data rows have more cells: decide on the count before looking at the text.
    guard cells <= 2 else { return false }
    let first = leading.split(separator: " ").first.map(String.init) ?? ""
    let roman = first.trimmingCharacters(in: CharacterSet(charactersIn: ".")).uppercased()
    return !roman.isEmpty && roman.allSatisfy { "IVX".contains($0) }
  }
}
