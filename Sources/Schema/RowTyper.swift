import Findings
import Glibc
import SheetIO

/// Turns the sheet rows of a located table into typed records: finds where data ends
/// (five blank rows, the signature block), skips section headings, tells the totals row
/// apart, and reads each cell as its column's type, noting the cells that cannot be read.
///
/// One typer serves one table, on one thread at a time. Its stored properties opt out
/// of run-time exclusivity checks, as ``RowBuffer``'s do: each access of a class
/// property in the per-cell loop paid a `swift_beginAccess` call, and no method here
/// calls out while it modifies one.
final class RowTyper {
  /// What one sheet row is.
  enum Item {
    case record
    case totals
  }

  /// Problems with single cells: type errors, enum errors, repaired values.
  @exclusivity(unchecked) private(set) var findings: [Finding] = []
  /// Whether the table has ended: no later row belongs to it.
  @exclusivity(unchecked) private(set) var ended = false
  /// The row where another form's header ended the table ("STT | Chỉ tiêu | Đơn vị tính |
  /// Số lượng" under the list), if one did.
  @exclusivity(unchecked) private(set) var neighbourRow: Int?
  /// The rows of a summary's "Chia ra:" headings, whose parts follow them.
  @exclusivity(unchecked) private(set) var splitHeadings: [Int] = []
  /// The last row read as a record or the totals row.
  @exclusivity(unchecked) private(set) var lastTableRow = 0
  /// The number-style evidence of the cells of the rows voted here, by slot.
  @exclusivity(unchecked) private(set) var votes: UnsafeMutableBufferPointer<NumberStyleDetector>
  /// The first row whose cells are voted here, for a parse that types its rows as it
  /// goes and scans only the others; `Int.max`: none.
  @exclusivity(unchecked) var votesFrom = Int.max
  /// Whether the last row given to ``type(_:into:)`` was voted here.
  @exclusivity(unchecked) private(set) var votedLast = false

  private let form: Form
  private let located: LocatedTable
  private let firstDataRow: Int
  private let layout: RecordLayout
  private let readings: [ColumnReading]
  private let sheetColumns: [Int]
  private let firstColumns: [Int]
  /// The sheet columns of every matched field, left to right.
  private let matchedColumns: [Int]
  private let reader: ValueReader
  private let transform: ((String) -> String?)?
  /// Whether the sheet's texts are NFC already, so a text cell's bytes need no check.
  private let textsAreNFC: Bool
  /// The locators of the pack's other forms, whose header ends this table.
  private let neighbours: [TableLocator]
  private let file: String
  private let sheet: String
  /// An enum column holds a few distinct texts: each is read (trimmed, folded, looked
  /// up) once, up to a bound.
  @exclusivity(unchecked) private var enumMemo: [[String: ValueReader.Outcome]]
  /// The first texts of each enum column by their bytes, found without a `String`.
  @exclusivity(unchecked) private var enumCache: [EnumTextCache]
  /// The readings of the texts ``enumCache`` holds, which the cells of every batch share.
  @exclusivity(unchecked) private var shared: [(value: TypedValue, read: CellValue)] = []
  /// The bytes of ``shared``'s texts and where each is, as ``RecordBatch`` keeps them.
  @exclusivity(unchecked) private var sharedBytes: [UInt8] = []
  @exclusivity(unchecked) private var sharedTexts: [(start: Int32, length: Int32)] = []
  /// The stored cell of each shared reading.
  @exclusivity(unchecked) private var sharedCells: [StoredCell] = []
  /// Where each sheet column's cell sits in the current row (-1: empty), reused.
  @exclusivity(unchecked) private var position: UnsafeMutableBufferPointer<Int>
  /// The cell count of the dense row (see ``RowBuffer/isDense``) whose cells ``position``
  /// holds; -1: the last row written there was not dense.
  @exclusivity(unchecked) private var densePositions = -1
  /// What reading each slot straight needs (its sheet column, type, unit factor, whether
  /// it holds a code), one record a slot: a cell is read without a bounds check and a
  /// load for each.
  private let plans: UnsafeMutableBufferPointer<SlotPlan>

  /// The slots, numbers first, then texts, dates and enums, for rows read a type at a
  /// time; where each type's run ends in it.
  private let slotOrder: [Int]
  private let typeEnds: (number: Int, text: Int, date: Int)

  private struct SlotPlan {
    let column: Int
    let type: ColumnType
    let factor: Double
    let isCode: Bool
  }
  @exclusivity(unchecked) private var blankRun = 0
  /// Whether the rows just read were title lines below a blank line.
  @exclusivity(unchecked) private var inTitles = false
  /// The folded texts of each matched column's header parts, by sheet column.
  private let headerKeys: [Int: Set<String>]
  /// Merged ranges over data rows, by their first row: the cells they cover read as
  /// their first cell.
  private let fills: [CellRange]
  /// How many of ``fills`` have started; the ranges still open among them, with their
  /// first cell as read. Rows come in order, so a sheet of many merges is read in one
  /// pass over them.
  @exclusivity(unchecked) private var fillsStarted = 0
  @exclusivity(unchecked) private var openFills: [(range: CellRange, anchor: CellValue)] = []
  /// Whether a totals row came after data rows: the data may have ended there.
  @exclusivity(unchecked) private var closedByTotals = false
  @exclusivity(unchecked) private var lastRow: Int
  @exclusivity(unchecked) private var rowCount = 0

  /// Creates the typer of a table located at `located`, whose columns read as `readings`,
  /// slot by slot of `layout`.
  init(
    form: Form, located: LocatedTable, layout: RecordLayout, readings: [ColumnReading], reader: ValueReader,
    transform: ((String) -> String?)?, file: String, sheet: String, fills: [CellRange] = [],
    neighbours: [TableLocator] = [], textsAreNFC: Bool = false
  ) {
    self.textsAreNFC = textsAreNFC
    self.neighbours = neighbours
    self.fills = fills.sorted { ($0.first.row, $0.first.column) < ($1.first.row, $1.first.column) }
    var headerKeys: [Int: Set<String>] = [:]
    for match in located.matches.values {
      for part in match.header.components(separatedBy: " > ") {
        headerKeys[match.column, default: []].insert(LabelFolding.key(part))
      }
    }
    self.headerKeys = headerKeys
    self.form = form
    self.located = located
    firstDataRow = located.firstDataRow
    self.layout = layout
    self.readings = readings
    sheetColumns = layout.columns
    matchedColumns = located.matches.values.map(\.column).sorted()
    firstColumns = Array(matchedColumns.prefix(3))
    self.reader = reader
    self.transform = transform
    self.file = file
    self.sheet = sheet
    enumMemo = Array(repeating: [:], count: readings.count)
    votes = .allocate(capacity: readings.count)
    votes.initialize(repeating: NumberStyleDetector())
    enumCache = Array(repeating: EnumTextCache(), count: readings.count)
    position = .allocate(capacity: (located.matches.values.map(\.column).max() ?? 0) + 1)
    position.initialize(repeating: -1)
    plans = .allocate(capacity: readings.count)
    for slot in readings.indices {
      plans.initializeElement(
        at: slot,
        to: SlotPlan(
          column: slot < layout.columns.count ? layout.columns[slot] : Int.max, type: readings[slot].type,
          factor: readings[slot].unitFactor, isCode: readings[slot].padWidth != nil))
    }
    let slots = 0..<min(layout.columns.count, readings.count)
    let numbers = slots.filter { readings[$0].type == .integer || readings[$0].type == .decimal }
    let texts = slots.filter { readings[$0].type == .text }
    let dates = slots.filter { readings[$0].type == .date }
    slotOrder = numbers + texts + dates + slots.filter { readings[$0].type == .enum }
    typeEnds = (numbers.count, numbers.count + texts.count, numbers.count + texts.count + dates.count)
    lastRow = located.firstDataRow - 1
  }

  deinit {
    votes.deallocate()
    position.deallocate()
    plans.deallocate()
  }

  /// Hands `batch` the readings its cells share: call it before the batch leaves this thread.
  func seal(_ batch: RecordBatch) {
    batch.shared = shared
    batch.sharedBytes = sharedBytes
    batch.sharedTexts = sharedTexts
  }

  /// Whether `row` is a record or the totals row, its cells then stored in `batch`; nil
  /// for a row outside the data. `deferring` (only where ``defersCells`` holds) leaves
  /// the record's cells to ``typeDeferred(_:)`` on another typer: the row is kept in the
  /// batch instead.
  func type(_ row: RowBuffer, into batch: RecordBatch, deferring: Bool = false) -> Item? {
    votedLast = false
    guard !ended, row.number >= firstDataRow else { return nil }
    let gap = row.number - lastRow - 1
    blankRun += gap
    lastRow = row.number
    if blankRun >= 5 && rowCount > 0 {
      ended = true
      return nil
    }
    place(row)
    // Signature rows hold a few texts; a data row may hold a "ngày … tháng … năm" date.
    if row.count <= 3 && RowKind.isSignature((0..<row.count).map { row.value(at: $0).description }) {
      ended = true
      return nil
    }
    // Totals rows and section headings start with text: a row led by a number (its STT)
    // is data, and its leading text is not built.
    let leadingCell = firstColumns.first { $0 < position.count && position[$0] >= 0 }.map { position[$0] }
    let ledByText = leadingCell.map { row.kind(at: $0) == .text && !Self.startsWithDigit($0, in: row) } ?? false
    // A header repeated down the sheet (a second printed page pasted under the first),
    // and its column numbers, are no data.
    if ledByText || leadingCell == nil, repeatsHeader(row) {
      blankRun = 0
      return nil
    }
    // Another form's header (the summary under the list) ends the table.
    if ledByText || leadingCell == nil, !neighbours.isEmpty, startsNeighbour(row) {
      ended = true
      neighbourRow = row.number
      return nil
    }
    // Below a blank line, lines of one or two texts that read as titles ("UBND HUYỆN CAO
    // LỘC | CỘNG HÒA …", "Biểu số 02", "Đơn vị tính: người") are another table's titles
    // or a note: no data, down to the next line that is not one.
    if (gap > 0 || inTitles) && rowCount > 0 && isTitleLine(row) {
      inTitles = true
      return nil
    }
    inTitles = false
    // A line of its own between the cooperatives: a note "(Không phát sinh HTX thành lập
    // mới)" or a heading "DANH SÁCH HTX ĐÃ GIẢI THỂ" is no cooperative with empty cells.
    if row.count == 1, row.kind(at: 0) == .text, !Self.startsWithDigit(0, in: row),
      RowKind.isNoteOrHeading(text(atCell: 0, in: row))
    {
      blankRun = 0
      return nil
    }
    // A summary's heading over its parts ("Chia ra:", "Trong đó:") holds no figure.
    if !form.indicators.isEmpty, isPartsHeading(row) {
      if LabelFolding.key(text(atCell: row.count - 1, in: row)).hasPrefix("chia ra") {
        splitHeadings.append(row.number)
      }
      blankRun = 0
      return nil
    }
    var isTotals = false
    if ledByText {
      let texts = firstColumns.compactMap { column -> String? in
        let cell = value(column, in: row)
        return cell == .empty ? nil : cell.description
      }
      let leading = texts.joined(separator: " ")
      // A block's heading ("II. Nông nghiệp"), with or without the block's subtotals.
      if RowKind.isSectionHeading(leading, cells: row.count) || RowKind.isBlockHeading(texts.first ?? "") {
        blankRun = 0
        return nil
      }
      // An indicator table's "Tổng số …" rows are indicators, not a totals row.
      isTotals = form.indicators.isEmpty && RowKind.isTotals(leading)
      // Under the totals row that closes the data, a line led by text ("Trong đó: HTX
      // thành lập mới", a note) is no cooperative: the table has ended.
      if !isTotals && closedByTotals {
        ended = true
        return nil
      }
    }
    // The first columns empty, the label further right ("Tổng cộng" under a name column
    // that comes after the tax code and the commune).
    if leadingCell == nil && form.indicators.isEmpty,
      let column = matchedColumns.first(where: { $0 < position.count && position[$0] >= 0 }),
      row.kind(at: position[column]) == .text, RowKind.isTotals(value(column, in: row).description)
    {
      isTotals = true
    }
    if isTotals && rowCount > 0 && form.indicators.isEmpty { closedByTotals = true }
    batch.begin(row: row.number)
    var unreadable: UInt64 = 0
    // A merged range that starts on this row lends its first cell to the rows below.
    if !fills.isEmpty {
      openFills.removeAll { $0.range.last.row < row.number }
      while fillsStarted < fills.count && fills[fillsStarted].first.row <= row.number {
        let range = fills[fillsStarted]
        if range.first.row == row.number { openFills.append((range, value(range.first.column, in: row))) }
        fillsStarted += 1
      }
    }
    // A row read to its cells is voted here, cell by cell; the scan takes the others.
    let voting = row.number >= votesFrom
    votedLast = voting
    if deferring {
      precondition(defersCells, "a typer defers the cells of rows it reads a type at a time")
      _ = batch.appendRecordCells()
      batch.deferCells(of: row)
    } else if openFills.isEmpty && transform == nil && slotOrder.count == sheetColumns.count
      && sheetColumns.count <= 64
    {
      unreadable = typeCells(of: row, into: batch.appendRecordCells(), batch: batch, voting: voting, isTotals: isTotals)
    } else {
      for slot in 0..<sheetColumns.count {
        let covering =
          openFills.isEmpty
          ? nil
          : openFills.first {
            $0.range.first.row < row.number && $0.range.contains(CellRef(row: row.number, column: sheetColumns[slot]))
          }
        if covering == nil {
          if let stored = readDirect(plans[slot].type, slot: slot, in: row, batch: batch, voting: voting) {
            batch.append(stored)
            continue
          }
        } else if voting {
          vote(slot: slot, in: row)
        }
        batch.append(
          readGeneral(
            slot: slot, covering: covering, in: row, batch: batch, isTotals: isTotals, unreadable: &unreadable))
      }
    }
    lastTableRow = row.number
    batch.finishLast(unreadable: unreadable, totals: isTotals)
    blankRun = 0
    if isTotals { return .totals }
    rowCount += 1
    return .record
  }

  /// Whether every record's cells are read a type at a time (no merged range over the data,
  /// no transform, every slot a sheet column, 64 at most): only then may
  /// ``type(_:into:deferring:)`` defer them.
  var defersCells: Bool {
    fills.isEmpty && transform == nil && slotOrder.count == sheetColumns.count && sheetColumns.count <= 64
  }

  /// A typer of the same table with none of this one's state, to type the cells this one
  /// defers, on the thread that checks the records.
  func twin() -> RowTyper {
    let twin = RowTyper(
      form: form, located: located, layout: layout, readings: readings, reader: reader, transform: transform,
      file: file, sheet: sheet, fills: fills, neighbours: neighbours, textsAreNFC: textsAreNFC)
    twin.votesFrom = votesFrom
    return twin
  }

  /// Types the cells of `batch`'s records, which another typer deferred (see
  /// ``type(_:into:deferring:)``), and hands the batch this typer's shared readings.
  func typeDeferred(_ batch: RecordBatch) {
    guard batch.isDeferred, let rows = batch.deferredRows else { return }
    precondition(rows.count == batch.count, "a deferred batch keeps a row a record")
    var index = 0
    rows.forEach { row in
      place(row)
      let voting = row.number >= votesFrom
      let unreadable = typeCells(
        of: row, into: batch.cells(ofRecord: index), batch: batch, voting: voting,
        isTotals: batch.isTotals(at: index))
      batch.finishDeferred(unreadable: unreadable, at: index)
      index += 1
    }
    seal(batch)
  }

  /// Notes where each sheet column's cell sits in `row`.
  @inline(__always)
  private func place(_ row: RowBuffer) {
    // A dense row as wide as the dense row before it has its cells where that row had
    // them: the positions stand.
    guard !row.isDense || row.count != densePositions else { return }
    position.update(repeating: -1)
    for cell in 0..<row.count {
      let column = row.column(at: cell)
      if column < position.count { position[column] = cell }
    }
    densePositions = row.isDense ? row.count : -1
  }

  /// Reads the cells of `row`, placed, into `cells`, a type at a time, each type by code
  /// made for it, so the branches on a cell's type are taken the same way row after row;
  /// what the direct readings leave goes the general way after, in slot order. The slots
  /// that do not read as their type.
  @inline(__always)
  private func typeCells(
    of row: RowBuffer, into cells: UnsafeMutablePointer<StoredCell>, batch: RecordBatch, voting: Bool,
    isTotals: Bool
  ) -> UInt64 {
    var unreadable: UInt64 = 0
    var pending: UInt64 = 0
    readNumberCells(of: row, into: cells, batch: batch, voting: voting, pending: &pending)
    // One look for line breaks over all the row's own text, not one a text cell.
    let unbroken = !ByteSearch.containsNewline(row.allOwnTextBytes)
    readTextCells(of: row, into: cells, batch: batch, voting: voting, unbroken: unbroken, pending: &pending)
    for index in typeEnds.text..<typeEnds.date {
      let slot = slotOrder[index]
      if let stored = readDirect(DateSlots.self, slot: slot, in: row, batch: batch, voting: voting) {
        cells[slot] = stored
      } else {
        pending |= 1 << UInt64(slot)
      }
    }
    readEnumCells(of: row, into: cells, batch: batch, voting: voting, pending: &pending)
    while pending != 0 {
      let slot = pending.trailingZeroBitCount
      pending &= pending - 1
      cells[slot] = readGeneral(
        slot: slot, covering: nil, in: row, batch: batch, isTotals: isTotals, unreadable: &unreadable)
    }
    return unreadable
  }

  /// The stored cell of slot `slot` read the general way (a merged range's anchor when
  /// `covering`), its problems and notes kept as findings unless the row `isTotals`, and
  /// its slot marked in `unreadable` when it does not read as its type.
  private func readGeneral(
    slot: Int, covering: (range: CellRange, anchor: CellValue)?, in row: RowBuffer, batch: RecordBatch,
    isTotals: Bool, unreadable: inout UInt64
  ) -> StoredCell {
    let cell: CellValue
    let outcome: ValueReader.Outcome
    var sharedIndex: Int?
    if let covering {
      cell = covering.anchor
      outcome = reader.read(cell, as: readings[slot])
    } else if let fast = readFast(slot: slot, in: row) {
      (cell, outcome, sharedIndex) = fast
    } else {
      cell = value(sheetColumns[slot], in: row)
      if readings[slot].type == .enum, case .text(let text) = cell {
        if let known = enumMemo[slot][text] {
          outcome = known
        } else {
          outcome = reader.read(cell, as: readings[slot])
          if enumMemo[slot].count < 4096 { enumMemo[slot][text] = outcome }
        }
      } else {
        outcome = reader.read(cell, as: readings[slot])
      }
      if readings[slot].type == .enum, case .text(let text) = cell, transform == nil,
        enumCache[slot].remember(text, cell: cell, outcome: outcome, shared: shared.count)
      {
        sharedIndex = shared.count
        shared.append((outcome.value, cell))
        sharedCells.append(StoredCell(sharing: shared.count - 1, value: outcome.value))
        if case .text(let text) = outcome.value {
          sharedTexts.append((Int32(sharedBytes.count), Int32(text.utf8.count)))
          sharedBytes.append(contentsOf: text.utf8)
        } else {
          sharedTexts.append((0, -1))
        }
      }
    }
    let stored = sharedIndex.map { sharedCells[$0] } ?? batch.other(outcome.value, read: cell)
    if outcome.problem?.code == .typeError && slot < 64 { unreadable |= 1 << UInt64(slot) }
    guard !isTotals, outcome.problem != nil || outcome.note != nil else { return stored }
    let ref = CellRef(row: row.number, column: sheetColumns[slot])
    let field = layout.fields[slot]
    if let problem = outcome.problem {
      findings.append(
        Finding(
          severity: .error, code: problem.code, file: file, sheet: sheet, cell: ref.a1, row: ref.row,
          column: ref.column, field: field, value: cell.description, message: problem.message,
          vietnamese: problem.vietnamese))
    }
    if let note = outcome.note {
      findings.append(
        Finding(
          severity: .info, code: .typeError, file: file, sheet: sheet, cell: ref.a1, row: ref.row,
          column: ref.column, field: field, value: cell.description, message: note.message,
          vietnamese: note.vietnamese))
    }
    return stored
  }

  /// Takes the number-style evidence of slot `slot`'s text cell in `row`, as ``SheetScan``
  /// would, for a cell the direct reading did not look at.
  private func vote(slot: Int, in row: RowBuffer) {
    let column = sheetColumns[slot]
    guard column < position.count, position[column] >= 0 else { return }
    let cell = position[column]
    guard row.kind(at: cell) == .text else { return }
    let evidence = row.withTextBytes(at: cell, NumberStyleDetector.evidence(utf8:))
    if case .none = evidence { return }
    votes[slot].add(evidence)
  }

  /// The evidence voted here, with the sheet column of each slot.
  var votesByColumn: [(column: Int, votes: NumberStyleDetector)] {
    Array(zip(sheetColumns, votes)).map { (column: $0.0, votes: $0.1) }
  }

  /// Whether `row` repeats the header: its texts in the table's columns are mostly that
  /// column's header (all of them, when two), or all column numbers such as `(3)`.
  private func repeatsHeader(_ row: RowBuffer) -> Bool {
    var texts = 0
    var labels = 0
    var numbers = 0
    for cell in 0..<row.count {
      let column = row.column(at: cell)
      guard let keys = headerKeys[column] else { continue }
      let text = value(column, in: row).description
      guard !text.isEmpty else { continue }
      texts += 1
      if keys.contains(LabelFolding.key(text)) { labels += 1 }
      if TableLocator.isColumnNumber(text), text.contains(where: { !$0.isNumber }) { numbers += 1 }
    }
    // The lower row of a repeated header may hold two labels only ("Tổng số" | "Trong đó").
    return (texts >= 2 && labels == texts) || (texts >= 3 && (labels * 2 > texts || numbers == texts))
  }

  /// Whether `row` is a heading over parts: texts only, the last ending in a colon.
  private func isPartsHeading(_ row: RowBuffer) -> Bool {
    var last = ""
    for cell in 0..<row.count {
      guard row.kind(at: cell) == .text, !Self.startsWithDigit(cell, in: row) || cell == 0 else { return false }
      last = text(atCell: cell, in: row)
    }
    return last.trimmingCharacters(in: .whitespaces).hasSuffix(":")
  }

  /// Whether `row` holds one or two texts, neither a number, the first a title's.
  private func isTitleLine(_ row: RowBuffer) -> Bool {
    guard row.count <= 2 else { return false }
    for cell in 0..<row.count {
      guard row.kind(at: cell) == .text, !Self.startsWithDigit(cell, in: row) else { return false }
    }
    return RowKind.isTitleText(text(atCell: 0, in: row))
  }

  /// Whether `row` is the header of one of the pack's other forms: three or more of its
  /// texts, and at least half of them, are that form's labels.
  private func startsNeighbour(_ row: RowBuffer) -> Bool {
    var texts: [String] = []
    for cell in 0..<row.count where row.kind(at: cell) == .text {
      texts.append(text(atCell: cell, in: row))
    }
    return TableReader.isNeighbourHeader(texts, neighbours: neighbours)
  }

  /// The merged ranges of `merges` that cover data cells of a table at `located` below
  /// their first row ("Nông nghiệp" merged down a block of cooperatives).
  static func dataFills(_ merges: [CellRange], located: LocatedTable) -> [CellRange] {
    let columns = Set(located.matches.values.map(\.column))
    return merges.filter { range in
      range.first.row >= located.firstDataRow && range.last.row > range.first.row
        && columns.contains { (range.first.column...range.last.column).contains($0) }
    }
  }

  /// The stored cell of slot `slot` read straight from the row, for the cells that read
  /// without a problem or a note: an empty cell, a number in a number column (a cell, or a
  /// text written as the number prints), a text already trimmed and NFC in a text column,
  /// a date cell or a date written in digits in a date column.
  /// Nil when the general path must read it. `type` is the slot's type, `.integer` for
  /// either number type.
  private func readDirect(_ type: ColumnType, slot: Int, in row: RowBuffer, batch: RecordBatch, voting: Bool)
    -> StoredCell?
  {
    readDirect(AnySlots.self, type: type, slot: slot, in: row, batch: batch, voting: voting)
  }

  /// ``readDirect(_:slot:in:batch:voting:)`` for a slot of `Kind`'s type, made for each
  /// kind with that type a constant.
  private func readDirect<Kind: SlotType>(
    _ kind: Kind.Type, type dynamic: ColumnType = .text, slot: Int, in row: RowBuffer, batch: RecordBatch,
    voting: Bool
  ) -> StoredCell? {
    let type = Kind.type ?? dynamic
    let column = plans[slot].column
    guard column < position.count, position[column] >= 0 else { return .blank }
    guard transform == nil else { return nil }
    let cell = position[column]
    switch row.kind(at: cell) {
    case .number:
      guard type == .integer || type == .decimal else { return nil }
      return number(row.number(at: cell), slot: slot)
    case .date:
      guard type == .date else { return nil }
      return readDate(at: cell, in: row, batch: batch)
    case .text:
      // A text of the row's own bytes is read in place; one in a workbook's shared
      // strings through the arena.
      if let bytes = row.ownTextBytes(at: cell) {
        return readTextCell(type, bytes, slot: slot, batch: batch, voting: voting)
      }
      return row.withTextBytes(at: cell) { readTextCell(type, $0, slot: slot, batch: batch, voting: voting) }
    default:
      return nil
    }
  }

  /// Reads the cells of the number slots of `row` into `cells`: a text written as its number
  /// prints in this loop, whose one function holds the whole of that reading (a call a
  /// cell cost a fifth of it), any other by ``readDirect(_:slot:in:batch:voting:)``;
  /// marks in `pending` the slots the general path must read.
  private func readNumberCells(
    of row: RowBuffer, into cells: UnsafeMutablePointer<StoredCell>, batch: RecordBatch, voting: Bool,
    pending: inout UInt64
  ) {
    let style = reader.numberStyle
    for index in 0..<typeEnds.number {
      let slot = slotOrder[index]
      let plan = plans[slot]
      if plan.column < position.count, case let cell = position[plan.column], cell >= 0,
        row.kind(at: cell) == .text, let bytes = row.ownTextBytes(at: cell)
      {
        // A text of up to eight bytes (most figures) is read as one word.
        let canonical =
          bytes.count <= 8
          ? NumberParser.canonicalNumber(word: row.ownTextWord(at: cell), count: bytes.count, style: style)
          : NumberParser.canonicalNumber(bytes, style: style)
        if let read = canonical {
          // The text is the number's own: an integer column's is whole when it has no point.
          // Another unit's figure goes to the digits the sheet would show, as
          // ``number(_:slot:fromText:)`` has it.
          var (value, whole) = (read.value, plan.type == .decimal || read.fractionDigits == 0)
          if plan.factor != 1 {
            (value, whole) = ValueReader.scaled(read.value, by: plan.factor, integer: plan.type == .integer)
          }
          if whole {
            if voting {
              let evidence = NumberStyleDetector.evidence(ofCanonical: read)
              if case .none = evidence {} else { votes[slot].add(evidence) }
            }
            cells[slot] = StoredCell(kind: .number, number: value, raw: read.value, start: 0, length: 0)
            continue
          }
        } else if plan.factor == 1,
          let stored = readPlainNumber(bytes, slot: slot, type: plan.type, batch: batch, voting: voting)
        {
          cells[slot] = stored
          continue
        }
      }
      if let stored = readDirect(NumberSlots.self, slot: slot, in: row, batch: batch, voting: voting) {
        cells[slot] = stored
      } else {
        pending |= 1 << UInt64(slot)
      }
    }
  }

  /// A plain number written otherwise than it prints (`3757,6` in a Vietnamese-style file,
  /// `1.250`), its text kept as read, as ``readText`` keeps it; nil for any other text or a
  /// fraction in an integer column. From 1 up, its 15 digits at most are the figure the
  /// sheet shows already (rounding to 15 significant digits gives it back); below 1 it is
  /// rounded as the general reading rounds it, whose exponent there comes from a logarithm.
  /// A function of its own, so that the loop over number slots keeps the canonical
  /// reading inlined.
  @inline(never)
  private func readPlainNumber(
    _ bytes: UnsafeRawBufferPointer, slot: Int, type: ColumnType, batch: RecordBatch, voting: Bool
  ) -> StoredCell? {
    guard let number = NumberParser.parsePlain(bytes, style: reader.numberStyle),
      case let whole = ValueReader.isWhole(number), whole || type == .decimal
    else { return nil }
    if voting {
      let evidence = NumberStyleDetector.evidence(utf8: bytes)
      if case .none = evidence {} else { votes[slot].add(evidence) }
    }
    var stored = batch.text(bytes)
    stored.kind = .numberText
    stored.number = whole || abs(number) >= 1 ? number : ValueReader.shown(number)
    return stored
  }

  /// Reads the cells of the text slots of `row` into `cells`: a text of the row's own that
  /// reading changes nothing in this loop, any other by
  /// ``readDirect(_:slot:in:batch:voting:)``; marks in `pending` the slots the general
  /// path must read. `unbroken`: the row's own texts hold no line break.
  private func readTextCells(
    of row: RowBuffer, into cells: UnsafeMutablePointer<StoredCell>, batch: RecordBatch, voting: Bool,
    unbroken: Bool, pending: inout UInt64
  ) {
    for index in typeEnds.number..<typeEnds.text {
      let slot = slotOrder[index]
      let plan = plans[slot]
      if plan.column < position.count, case let cell = position[plan.column], cell >= 0,
        row.kind(at: cell) == .text, let bytes = row.ownTextBytes(at: cell),
        // A code column's text reads straight only when no digit group needs joining.
        !plan.isCode || !bytes.contains(where: { $0 == 0x20 || $0 >= 0x80 }),
        Self.isPlainText(bytes, knownNFC: textsAreNFC, knownUnbroken: unbroken)
      {
        if voting {
          let evidence = NumberStyleDetector.evidence(utf8: bytes)
          if case .none = evidence {} else { votes[slot].add(evidence) }
        }
        cells[slot] = batch.text(bytes)
        continue
      }
      if let stored = readDirect(TextSlots.self, slot: slot, in: row, batch: batch, voting: voting) {
        cells[slot] = stored
      } else {
        pending |= 1 << UInt64(slot)
      }
    }
  }

  /// Reads the cells of the enum slots of `row` into `cells`: a text of the row's own seen
  /// before and read cleanly takes its shared reading and its remembered number-style
  /// evidence in this loop, any other goes by ``readDirect(_:slot:in:batch:voting:)``;
  /// marks in `pending` the slots the general path must read.
  private func readEnumCells(
    of row: RowBuffer, into cells: UnsafeMutablePointer<StoredCell>, batch: RecordBatch, voting: Bool,
    pending: inout UInt64
  ) {
    for index in typeEnds.date..<slotOrder.count {
      let slot = slotOrder[index]
      let plan = plans[slot]
      if plan.column < position.count, case let cell = position[plan.column], cell >= 0,
        row.kind(at: cell) == .text, let bytes = row.ownTextBytes(at: cell),
        let (entry, clean) = enumCache[slot].lookup(
          bytes, head: EnumTextCache.head(word: row.ownTextWord(at: cell), count: bytes.count)),
        clean
      {
        if voting {
          let evidence = enumCache[slot].evidence[entry]
          if case .none = evidence {} else { votes[slot].add(evidence) }
        }
        cells[slot] = sharedCells[enumCache[slot].sharedIndices[entry]]
        continue
      }
      if let stored = readDirect(EnumSlots.self, slot: slot, in: row, batch: batch, voting: voting) {
        cells[slot] = stored
      } else {
        pending |= 1 << UInt64(slot)
      }
    }
  }

  /// A date cell read straight, as the general path reads it.
  @inline(never)
  private func readDate(at cell: Int, in row: RowBuffer, batch: RecordBatch) -> StoredCell? {
    let value = row.value(at: cell)
    guard case .date(let date) = value else { return nil }
    let (year, month, day) = CellDate.civil(fromDays: Int(date.days.rounded(.down)) - 25_569)
    return batch.other(.date(year: year, month: month, day: day), read: value)
  }

  /// A text cell read straight from its bytes, its number-style evidence taken when the
  /// row is voted here: one look at the bytes does both.
  @inline(__always)
  private func readTextCell(
    _ type: ColumnType, _ bytes: UnsafeRawBufferPointer, slot: Int, batch: RecordBatch, voting: Bool
  ) -> StoredCell? {
    var canonical: NumberParser.CanonicalNumber?
    let stored = readText(type, bytes, slot: slot, batch: batch, canonical: &canonical)
    if voting {
      let evidence =
        canonical.map(NumberStyleDetector.evidence(ofCanonical:)) ?? NumberStyleDetector.evidence(utf8: bytes)
      if case .none = evidence {} else { votes[slot].add(evidence) }
    }
    return stored
  }

  /// The stored cell of a text cell of slot `slot` read straight from its bytes; nil when
  /// the general path must read it. `canonical` is set, with its digits, when the text is a
  /// number written as it prints.
  @inline(__always)
  private func readText(
    _ type: ColumnType, _ bytes: UnsafeRawBufferPointer, slot: Int, batch: RecordBatch,
    canonical: inout NumberParser.CanonicalNumber?
  ) -> StoredCell? {
    switch type {
    case .integer, .decimal:
      if let read = NumberParser.canonicalNumber(bytes, style: reader.numberStyle) {
        canonical = read
        let number = read.value
        // The text is the number's own: the number cell reads and prints the same.
        return self.number(number, slot: slot, fromText: true)
      }
      // A plain number written otherwise (`3757,6`, `1,234`): the value the general path
      // gives it, the text kept as read.
      guard let number = NumberParser.parsePlain(bytes, style: reader.numberStyle),
        var stored = self.number(number, slot: slot)
      else { return nil }
      let value = stored.number
      stored = batch.text(bytes)
      stored.kind = .numberText
      stored.number = value
      return stored
    case .text:
      // A code column's text reads straight only when no digit group needs joining.
      if plans[slot].isCode && bytes.contains(where: { $0 == 0x20 || $0 >= 0x80 }) { return nil }
      guard Self.isPlainText(bytes, knownNFC: textsAreNFC) else { return nil }
      return batch.text(bytes)
    case .date:
      // `30/06/2017`: digits and separators only, read without folding.
      guard let (year, month, day) = DateText.parseDigits(bytes) else { return nil }
      var stored = batch.text(bytes)
      stored.kind = .dateText
      stored.number = Double(CellDate.days(year: year, month: month, day: day))
      return stored
    case .enum:
      // A text seen before that read cleanly: its shared reading.
      guard let (entry, clean) = enumCache[slot].lookup(bytes), clean else { return nil }
      return sharedCells[enumCache[slot].sharedIndices[entry]]
    }
  }

  /// A number cell's stored value in slot `slot`'s unit; nil when an integer column's
  /// value is not whole (the general path reports it).
  @inline(__always)
  private func number(_ number: Double, slot: Int, fromText: Bool = false) -> StoredCell? {
    // A number written as text is the decimal it shows already; only a factor may blur it.
    let (value, whole) = ValueReader.scaled(
      number, by: plans[slot].factor, integer: plans[slot].type == .integer,
      toShown: !fromText || plans[slot].factor != 1)
    return whole ? StoredCell(kind: .number, number: value, raw: number, start: 0, length: 0) : nil
  }

  /// Whether reading `bytes` as text changes nothing: they are surely NFC (or `knownNFC`),
  /// start and end with no space and hold no line break (or `knownUnbroken`).
  static func isPlainText(
    _ bytes: UnsafeRawBufferPointer, knownNFC: Bool = false, knownUnbroken: Bool = false
  ) -> Bool {
    guard let first = bytes.first, let last = bytes.last, first > 0x20, last > 0x20,
      knownNFC || NFCText.isSurelyNormalized(bytes), knownUnbroken || !ByteSearch.containsNewline(bytes)
    else { return false }
    // A space above ASCII (a no-break space) at either end is trimmed by the general path;
    // the end scalars are decoded from the bytes, without making a `String`.
    if first >= 0x80 || last >= 0x80 {
      var tailStart = bytes.count - 1
      while tailStart > 0 && bytes.count - tailStart < 4 && bytes[tailStart] & 0xC0 == 0x80 { tailStart -= 1 }
      guard let head = Self.scalar(in: bytes, from: 0), let tail = Self.scalar(in: bytes, from: tailStart),
        !TextTrimming.isWhitespaceOrNewline(head), !TextTrimming.isWhitespaceOrNewline(tail)
      else { return false }
    }
    return true
  }

  /// The scalar whose UTF-8 starts at `start` of `bytes`; nil when none does.
  static func scalar(in bytes: UnsafeRawBufferPointer, from start: Int) -> Unicode.Scalar? {
    var iterator = UnsafeRawBufferPointer(rebasing: bytes[start...]).makeIterator()
    var decoder = UTF8()
    guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return nil }
    return scalar
  }

  /// The cell and reading of an enum slot's text taken from its bytes without making a
  /// `String`, when the text was seen before. Nil when the general path must read it.
  private func readFast(slot: Int, in row: RowBuffer) -> (CellValue, ValueReader.Outcome, Int)? {
    let column = sheetColumns[slot]
    guard transform == nil, plans[slot].type == .enum, column < position.count, position[column] >= 0 else {
      return nil
    }
    let cell = position[column]
    guard row.kind(at: cell) == .text else { return nil }
    guard let (entry, _) = row.withTextBytes(at: cell, { enumCache[slot].lookup($0) }) else { return nil }
    let known = enumCache[slot].entries[entry]
    return (known.cell, known.outcome, enumCache[slot].sharedIndices[entry])
  }

  /// The text of the `index`th cell of `row`, whatever its column, decoded.
  private func text(atCell index: Int, in row: RowBuffer) -> String {
    let cell = row.value(at: index)
    if let transform, case .text(let text) = cell, let decoded = transform(text) { return decoded }
    return cell.description
  }

  /// The value of the cell in sheet column `column` of `row`, its text decoded.
  private func value(_ column: Int, in row: RowBuffer) -> CellValue {
    guard column < position.count && position[column] >= 0 else { return .empty }
    let cell = row.value(at: position[column])
    if let transform, case .text(let text) = cell, let decoded = transform(text) { return .text(decoded) }
    return cell
  }

  /// Whether the text cell at `cell` starts with a digit.
  private static func startsWithDigit(_ cell: Int, in row: RowBuffer) -> Bool {
    row.withTextBytes(at: cell) { bytes in bytes.first.map { (0x30...0x39).contains($0) } ?? false }
  }
}

/// A type of column whose slots are read by code made for it alone.
private protocol SlotType {
  /// The column type, `.integer` standing for both number types; nil: any, given at the call.
  static var type: ColumnType? { get }
}

private enum NumberSlots: SlotType { static var type: ColumnType? { .integer } }
private enum TextSlots: SlotType { static var type: ColumnType? { .text } }
private enum DateSlots: SlotType { static var type: ColumnType? { .date } }
private enum EnumSlots: SlotType { static var type: ColumnType? { .enum } }
private enum AnySlots: SlotType { static var type: ColumnType? { nil } }

/// The first few distinct texts of an enum column, each with its cell and reading, matched
/// by comparing bytes: a column of a handful of values is read without hashing or
/// making a `String` per cell.
struct EnumTextCache {
  /// The remembered texts' bytes, one after another, and where each ends.
  private var bytes: [UInt8] = []
  private var ends: [Int] = []
  /// Each text's length and first eight bytes (see ``head(of:)``), which tell most texts
  /// apart in one comparison.
  private var lengths: [Int] = []
  private var heads: [UInt64] = []
  /// The texts' indices by ``place(head:count:)``, open addressing, -1 for an empty place:
  /// 64 places for at most ``capacity`` texts, so a look finds its text or a gap at once.
  private var places = [Int8](repeating: -1, count: 64)
  /// Each text's cell and reading.
  private(set) var entries: [(cell: CellValue, outcome: ValueReader.Outcome)] = []
  /// Whether each text reads without a problem or a note.
  private var clean: [Bool] = []
  /// Each text's index among the typer's shared readings.
  private(set) var sharedIndices: [Int] = []
  /// Each text's number-style evidence, which its bytes settle once.
  private(set) var evidence: [NumberStyleDetector.Evidence] = []
  /// Enough for a vocabulary and the ways offices write it.
  private static let capacity = 16

  /// The first eight bytes of `text` (fewer when it is shorter), the first the low byte,
  /// the bytes past its end zero.
  @inline(__always)
  static func head(of text: UnsafeRawBufferPointer) -> UInt64 {
    var word: UInt64 = 0
    withUnsafeMutableBytes(of: &word) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: text.prefix(8))) }
    return UInt64(littleEndian: word)
  }

  /// ``head(of:)`` of a text of `count` bytes from the word of its first eight bytes
  /// (see `RowBuffer.ownTextWord(at:)`).
  @inline(__always)
  static func head(word: UInt64, count: Int) -> UInt64 {
    count >= 8 ? word : word & ((1 &<< UInt64(8 &* count)) &- 1)
  }

  /// Where the search for a text of this head and length starts among ``places``.
  @inline(__always)
  private static func place(head: UInt64, count: Int) -> Int {
    Int(truncatingIfNeeded: ((head ^ UInt64(truncatingIfNeeded: count)) &* 0x9E37_79B9_7F4A_7C15) &>> 58)
  }

  /// The index of the remembered text with these bytes, and whether it reads cleanly;
  /// nil when it was not remembered.
  @inline(__always)
  func lookup(_ text: UnsafeRawBufferPointer) -> (entry: Int, clean: Bool)? {
    lookup(text, head: Self.head(of: text))
  }

  /// ``lookup(_:)`` given the text's ``head(of:)``.
  @inline(__always)
  func lookup(_ text: UnsafeRawBufferPointer, head: UInt64) -> (entry: Int, clean: Bool)? {
    var place = Self.place(head: head, count: text.count)
    while true {
      let entry = Int(places[place])
      guard entry >= 0 else { return nil }
      if heads[entry] == head && lengths[entry] == text.count {
        if text.count <= 8 { return (entry, clean[entry]) }
        let start = ends[entry] - text.count
        let same = bytes.withUnsafeBytes { stored -> Bool in
          guard let base = stored.baseAddress, let wanted = text.baseAddress else { return false }
          return ByteSearch.same(base + start + 8, wanted + 8, count: text.count - 8)
        }
        if same { return (entry, clean[entry]) }
      }
      place = (place + 1) & 63
    }
  }

  /// Remembers how `text` read, and the index of that reading among the shared ones,
  /// while there is room; whether it was remembered.
  mutating func remember(_ text: String, cell: CellValue, outcome: ValueReader.Outcome, shared: Int) -> Bool {
    guard ends.count < Self.capacity else { return false }
    var text = text
    let known = text.withUTF8 { lookup(UnsafeRawBufferPointer($0)) }
    guard known == nil else { return false }
    let (head, count) = text.withUTF8 { (Self.head(of: UnsafeRawBufferPointer($0)), $0.count) }
    var place = Self.place(head: head, count: count)
    while places[place] >= 0 { place = (place + 1) & 63 }
    places[place] = Int8(ends.count)
    heads.append(head)
    lengths.append(count)
    evidence.append(text.withUTF8 { NumberStyleDetector.evidence(utf8: UnsafeRawBufferPointer($0)) })
    bytes.append(contentsOf: text.utf8)
    ends.append(bytes.count)
    entries.append((cell, outcome))
    clean.append(outcome.problem == nil && outcome.note == nil)
    sharedIndices.append(shared)
    return true
  }
}
