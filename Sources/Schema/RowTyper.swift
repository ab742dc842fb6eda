import Findings
import SheetIO

/// Turns the sheet rows of a located table into typed records: finds where data ends
/// (five blank rows, the signature block), skips section headings, tells the totals row
/// apart, and reads each cell as its column's type, noting the cells that cannot be read.
///
/// One typer serves one table, on one thread at a time.
final class RowTyper {
  /// What one sheet row is.
  enum Item {
    case record(TableRecord)
    case totals(TableRecord)
  }

  /// Problems with single cells: type errors, enum errors, repaired values.
  private(set) var findings: [Finding] = []
  /// Whether the table has ended: no later row belongs to it.
  private(set) var ended = false

  private let form: Form
  private let firstDataRow: Int
  private let layout: RecordLayout
  private let readings: [ColumnReading]
  private let sheetColumns: [Int]
  private let firstColumns: [Int]
  private let reader: ValueReader
  private let transform: ((String) -> String?)?
  private let file: String
  private let sheet: String
  /// An enum column holds a few distinct texts: each is read (trimmed, folded, looked
  /// up) once, up to a bound.
  private var enumMemo: [[String: ValueReader.Outcome]]
  /// Where each sheet column's cell sits in the current row (-1: empty), reused.
  private var position: [Int]
  private var blankRun = 0
  private var lastRow: Int
  private var rowCount = 0

  /// Creates the typer of a table located at `located`, whose columns read as `readings`
  /// from `sheetColumns`, slot by slot of `layout`.
  init(
    form: Form, located: LocatedTable, layout: RecordLayout, readings: [ColumnReading], reader: ValueReader,
    transform: ((String) -> String?)?, file: String, sheet: String
  ) {
    self.form = form
    firstDataRow = located.firstDataRow
    self.layout = layout
    self.readings = readings
    sheetColumns = layout.columns
    firstColumns = Array(located.matches.values.map(\.column).sorted().prefix(3))
    self.reader = reader
    self.transform = transform
    self.file = file
    self.sheet = sheet
    enumMemo = Array(repeating: [:], count: readings.count)
    position = Array(repeating: -1, count: (located.matches.values.map(\.column).max() ?? 0) + 1)
    lastRow = located.firstDataRow - 1
  }

  /// The record or totals row `row` holds; nil for a row outside the data.
  func type(_ row: RowBuffer) -> Item? {
    guard !ended, row.number >= firstDataRow else { return nil }
    blankRun += row.number - lastRow - 1
    lastRow = row.number
    if blankRun >= 5 && rowCount > 0 {
      ended = true
      return nil
    }
    for index in position.indices { position[index] = -1 }
    for cell in 0..<row.count {
      let column = row.column(at: cell)
      if column < position.count { position[column] = cell }
    }
    // Signature rows hold a few texts; a data row may hold a "ngày … tháng … năm" date.
    if row.count <= 3 && RowKind.isSignature((0..<row.count).map { row.value(at: $0).description }) {
      ended = true
      return nil
    }
    // Totals rows and section headings start with text: a row led by a number (its STT)
    // is data, and its leading text is not built.
    let leadingCell = firstColumns.first { $0 < position.count && position[$0] >= 0 }.map { position[$0] }
    let ledByText = leadingCell.map { row.kind(at: $0) == .text && !Self.startsWithDigit($0, in: row) } ?? false
    var isTotals = false
    if ledByText {
      let leading = firstColumns.compactMap { column -> String? in
        let cell = value(column, in: row)
        return cell == .empty ? nil : cell.description
      }.joined(separator: " ")
      if RowKind.isSectionHeading(leading, cells: row.count) {
        blankRun = 0
        return nil
      }
      // An indicator table's "Tổng số …" rows are indicators, not a totals row.
      isTotals = form.indicators.isEmpty && RowKind.isTotals(leading)
    }
    var values: [TypedValue] = []
    var read: [CellValue] = []
    values.reserveCapacity(readings.count)
    read.reserveCapacity(readings.count)
    for slot in 0..<sheetColumns.count {
      let cell = value(sheetColumns[slot], in: row)
      let outcome: ValueReader.Outcome
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
      values.append(outcome.value)
      read.append(cell)
      guard !isTotals, outcome.problem != nil || outcome.note != nil else { continue }
      let ref = CellRef(row: row.number, column: sheetColumns[slot])
      let field = layout.fields[slot]
      if let problem = outcome.problem {
        findings.append(
          Finding(
            severity: .error, code: problem.code, file: file, sheet: sheet, cell: ref.a1, row: ref.row,
            column: ref.column, field: field, value: cell.description, message: problem.message))
      }
      if let note = outcome.note {
        findings.append(
          Finding(
            severity: .info, code: .typeError, file: file, sheet: sheet, cell: ref.a1, row: ref.row,
            column: ref.column, field: field, value: cell.description, message: note))
      }
    }
    let record = TableRecord(row: row.number, layout: layout, values: values, read: read)
    blankRun = 0
    if isTotals { return .totals(record) }
    rowCount += 1
    return .record(record)
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
