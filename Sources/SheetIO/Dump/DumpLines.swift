/// Builds the spilled records of `htx dump`: each row's CSV line without trailing
/// padding, behind a 12-byte header (row number, last column, line length), written
/// straight into the spill's current block so that a row is formatted in place and
/// never copied again before it reaches the temporary file.
///
/// A row is `beginRow()`, then its cells in column order, then `finishRow(number:)`;
/// a row begun again without being finished is dropped.
final class DumpLines {
  private let spill: SpillBuffer
  /// The spill's block, written in place (a `let`, so using it costs no retain).
  private let block: ByteBuffer
  /// The largest row number and last column of the rows finished so far.
  private(set) var lastRow = 0
  private(set) var lastColumn = 0
  /// The column of the row's last cell so far (0 before the first).
  private var column = 0
  /// Where the row being built starts in the spill's block.
  private var recordStart = 0
  private var scratch: [UInt8] = []

  static let headerSize = 12

  init(spill: SpillBuffer) {
    self.spill = spill
    block = spill.block
    scratch.reserveCapacity(64)
  }

  /// Starts a row, dropping one begun but not finished.
  @inline(__always)
  func beginRow() {
    block.truncate(to: recordStart)
    block.appendZeros(DumpLines.headerSize)
    column = 0
  }

  /// Writes the commas that lead from the last cell to column `next`.
  @inline(__always)
  private func moveTo(column next: Int) {
    // The first cell is preceded by one comma per empty column before it, a later
    // one by one comma per column after the previous cell.
    let commas = next - max(column, 1)
    if commas > 0 { block.append(repeating: UInt8(ascii: ","), count: commas) }
    column = next
  }

  /// Drops a row begun but not finished; call when the rows have ended.
  func endRows() {
    block.truncate(to: recordStart)
  }

  /// Adds a text cell: its bytes, quoted when RFC 4180 needs it.
  @inline(__always)
  func appendText(column next: Int, _ bytes: UnsafeRawBufferPointer) {
    moveTo(column: next)
    guard CSVQuoting.needsQuotes(bytes) else {
      block.append(bytes)
      return
    }
    block.append(UInt8(ascii: "\""))
    for byte in bytes {
      if byte == UInt8(ascii: "\"") { block.append(byte) }
      block.append(byte)
    }
    block.append(UInt8(ascii: "\""))
  }

  /// Adds a cell copied out of a RowBuffer as its dump text; its own text bytes start
  /// at `text`, shared strings are in `arena`.
  @inline(__always)
  func appendSlot(_ slot: RowBuffer.Slot, text: UnsafePointer<UInt8>, arena: ByteArena?) {
    let next = Int(slot.column)
    switch slot.kind {
    case .empty:
      moveTo(column: next)
      return
    case .text:
      if slot.inArena, let arena {
        arena.withBytes(start: slot.start, length: slot.length) { appendText(column: next, $0) }
      } else {
        appendText(column: next, UnsafeRawBufferPointer(start: text + slot.start, count: slot.length))
      }
      return
    case .number: NumberText.append(slot.number, to: &scratch)
    case .bool: scratch.append(contentsOf: slot.number != 0 ? Array("TRUE".utf8) : Array("FALSE".utf8))
    case .date: CellDate(days: slot.number, form: slot.form).appendISO(to: &scratch)
    case .error:
      let errors = CellError.allCases
      let value = CellValue.error(errors[max(0, min(Int(slot.number), errors.count - 1))])
      scratch.append(contentsOf: Array(value.description.utf8))
    }
    moveTo(column: next)
    // Numbers, booleans, dates and error texts never hold a comma, quote or line break.
    scratch.withUnsafeBytes { block.append($0) }
    scratch.removeAll(keepingCapacity: true)
  }

  /// Ends the row as row `number` and hands it to the spill.
  @inline(__always)
  func finishRow(number: Int) throws {
    let length = block.count - recordStart - DumpLines.headerSize
    block.storeUInt32(UInt32(truncatingIfNeeded: number), at: recordStart)
    block.storeUInt32(UInt32(truncatingIfNeeded: column), at: recordStart + 4)
    block.storeUInt32(UInt32(truncatingIfNeeded: length), at: recordStart + 8)
    lastRow = max(lastRow, number)
    lastColumn = max(lastColumn, column)
    try spill.recordEnded()
    recordStart = block.count
  }
}

/// A CSV's rows written as `htx dump` lines as they are parsed.
struct DumpLineSink: CSVRowSink {
  let lines: DumpLines
  private(set) var cellCount = 0
  private(set) var lastCellColumn = 0
  private var number = 0

  init(lines: DumpLines) { self.lines = lines }

  @inline(__always)
  mutating func startRow(number: Int) {
    self.number = number
    cellCount = 0
    lines.beginRow()
  }

  @inline(__always)
  mutating func appendText(column: Int, _ text: UnsafeRawBufferPointer) {
    lines.appendText(column: column, text)
    cellCount += 1
    lastCellColumn = column
  }

  @inline(__always)
  func finishRow() throws { try lines.finishRow(number: number) }
}
