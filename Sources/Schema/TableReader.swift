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

  /// Creates a reader.
  public init(form: Form, vocabularies: [String: Vocabulary] = [:]) {
    self.form = form
    self.vocabularies = vocabularies
    locator = TableLocator(table: form.table)
  }

  /// The form's locator, made once: its label keys are folded when it is made.
  private let locator: TableLocator

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
  public func read(
    _ source: any SheetSource, sheet index: Int, file: String, date1904: Bool = false,
    decoding transform: ((String) -> String?)? = nil,
    located onLocated: (TableReadSummary) throws -> Void = { _ in },
    _ body: (TableRecord) throws -> Void
  ) throws -> TableReadSummary? {
    var grid: [Int: [Int: String]] = [:]
    // Evidence per column: the form's columns decide (with no evidence there, the
    // fallback), so a percentage column typed the other way does not turn "1.750"
    // into 1.75 in a Vietnamese-style file.
    var detectors: [NumberStyleDetector] = []
    let searchRows = locator.searchRows
    // A workbook's rows are kept as they pass and replayed once the header and style
    // are known, so its XML is parsed once; a CSV file is simply read again.
    let spill = source.rereadsCheaply ? nil : RowSpill()
    func readFirstPass(_ row: RowBuffer) throws {
      try spill?.append(row)
      let inHead = row.number <= searchRows
      for cell in 0..<row.count {
        guard row.kind(at: cell) == .text else { continue }
        let column = row.column(at: cell)
        if column >= detectors.count {
          detectors.append(contentsOf: repeatElement(NumberStyleDetector(), count: column - detectors.count + 1))
        }
        // Below the head a text only votes: on its bytes, without making a String of it.
        if !inHead && transform == nil {
          row.withTextBytes(at: cell) { detectors[column].observe(utf8: $0) }
          continue
        }
        let raw = row.text(at: cell)
        let text = transform?(raw) ?? raw
        if inHead { grid[row.number, default: [:]][column] = text }
        detectors[column].observe(text)
      }
      if row.number <= searchRows {
        for cell in 0..<row.count where row.kind(at: cell) != .text {
          grid[row.number, default: [:]][row.column(at: cell)] = row.value(at: cell).description
        }
      }
    }
    var headChecked = false
    let first: SheetSummary
    do {
      first = try source.readRows(sheet: index) { row in
        // A head without a single label-like cell holds no header of this form: the
        // rest of the sheet (another form's, a data dump) is not read for it.
        if !headChecked && row.number > searchRows {
          headChecked = true
          guard locator.mayLocate(in: grid) else { throw NotThisForm() }
        }
        try readFirstPass(row)
      }
    } catch is NotThisForm {
      return nil
    }
    guard let located = locator.locate(in: grid, merges: first.mergedRanges) else { return nil }
    var detector = NumberStyleDetector()
    for match in located.matches.values where match.column < detectors.count { detector.merge(detectors[match.column]) }
    let style = fixedStyle ?? detector.decide(fallback: fallbackStyle)
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
    let reader = ValueReader(numberStyle: style, date1904: date1904)
    let sheetName = source.sheets[index].name
    // Units named in headers, else the sheet's "Đơn vị tính: …" line for money columns,
    // converted to the form's.
    let sheetUnit = summary.titles.lazy.compactMap(Self.unitLine).first
    var factors: [String: Double] = [:]
    for column in form.columns {
      guard let match = located.matches[column.spec.id], let to = column.unit,
        let from = match.unit ?? sheetUnit.flatMap({ UnitConversion.isMoney($0) ? $0 : nil }),
        let factor = UnitConversion.factor(from: from, to: to)
      else { continue }
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
    try onLocated(summary)
    let typer = RowTyper(
      form: form, located: located, layout: layout, readings: plan.map(\.reading), reader: reader,
      transform: transform, file: file, sheet: sheetName)
    // Rows are typed on a second thread while this one checks them: batches of records
    // pass between the two, a few at a time.
    let pipe = BatchPipe<RowTyper.Item>(depth: 4)
    let finished = DispatchSemaphore(value: 0)
    let work = TypingWork(source: source, sheet: index, spill: spill, typer: typer)
    DispatchQueue.global(qos: .userInitiated).async {
      defer { finished.signal() }
      do {
        var batch: [RowTyper.Item] = []
        batch.reserveCapacity(1024)
        try work.rows { row in
          guard !work.typer.ended, let item = work.typer.type(row) else { return }
          batch.append(item)
          guard batch.count == 1024 else { return }
          guard pipe.put(batch) else { throw CancellationError() }
          batch = []
          batch.reserveCapacity(1024)
        }
        pipe.put(batch)
        pipe.finish(nil)
      } catch {
        pipe.finish(error)
      }
    }
    do {
      while let batch = pipe.take() {
        for item in batch {
          switch item {
          case .totals(let record): summary.totals = record
          case .record(let record):
            summary.rowCount += 1
            try body(record)
          }
        }
      }
    } catch {
      pipe.cancel()
      finished.wait()
      throw error
    }
    finished.wait()
    if let error = pipe.error { throw error }
    summary.findings += typer.findings
    return summary
  }
}

/// Stops the first pass over a sheet whose head cannot hold the form's header.
private struct NotThisForm: Error {}

/// The rows and typer a table's typing thread works with, handed to it whole; only
/// that thread touches them until it signals it is done.
private struct TypingWork: @unchecked Sendable {
  let source: any SheetSource
  let sheet: Int
  /// The rows kept by the first pass; nil to read the source again.
  let spill: RowSpill?
  let typer: RowTyper

  /// Calls `body` with each row of the sheet, from the spill or the source.
  func rows(_ body: (RowBuffer) throws -> Void) throws {
    if let spill {
      try spill.replay(body)
    } else {
      _ = try source.readRows(sheet: sheet, body)
    }
  }
}

/// Recognises the rows around the data: totals, section headings, the signature block.
public enum RowKind {
  private static let totalsKeys = [
    "tong cong", "cong", "tong so", "toan huyen", "tong", "toan tinh", "tong cong toan huyen",
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
    return ["tong cong", "toan huyen", "toan tinh", "tong so"].contains { key.hasPrefix($0 + " ") }
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

  /// Whether a row is a block heading such as `I` / `II. Nông nghiệp` rather than data.
  public static func isSectionHeading(_ leading: String, cells: Int) -> Bool {
    // Data rows have more cells: decide on the count before looking at the text.
    guard cells <= 2 else { return false }
    let first = leading.split(separator: " ").first.map(String.init) ?? ""
    let roman = first.trimmingCharacters(in: CharacterSet(charactersIn: ".")).uppercased()
    return !roman.isEmpty && roman.allSatisfy { "IVX".contains($0) }
  }
}
