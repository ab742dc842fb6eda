/// Writes a sheet as SPEC §5's `htx dump` CSV: every row from 1 to the last non-empty
/// row, every column from A to the last non-empty column, merged ranges only in
/// their top-left cell, RFC 4180 quoting and CRLF line ends.
///
/// The bounds and the merged ranges are known only at the end of a worksheet part,
/// so rows are first written, already formatted, to a ``SpillBuffer`` (memory, then
/// an anonymous temporary file), and laid out once the read is complete. Memory
/// stays flat whatever the row count.
public enum SheetDumper {
  /// Dumps sheet `index` of `source` to `sink` and returns what the reader learned.
  public static func dump(_ source: any SheetSource, sheet index: Int, to sink: ByteSink) throws
    -> SheetSummary
  {
    let spill = SpillBuffer()
    var record: [UInt8] = []
    record.reserveCapacity(4096)
    var field: [UInt8] = []
    field.reserveCapacity(256)
    let summary = try source.readRows(sheet: index) { row in
      record.removeAll(keepingCapacity: true)
      appendInteger(UInt32(truncatingIfNeeded: row.number), to: &record)
      appendInteger(UInt32(row.count), to: &record)
      for cell in 0..<row.count {
        field.removeAll(keepingCapacity: true)
        appendField(row, cell, to: &field)
        appendInteger(UInt32(row.column(at: cell)), to: &record)
        appendInteger(UInt32(field.count), to: &record)
        record.append(contentsOf: field)
      }
      try spill.append(record)
    }
    let merges = MergeMask(summary.mergedRanges)
    // First pass over the spill: the bounds once covered cells are blanked.
    var lastRow = 0
    var lastColumn = 0
    try walk(spill) { rowNumber, column, _ in
      if !merges.covers(row: rowNumber, column: column) {
        lastRow = max(lastRow, rowNumber)
        lastColumn = max(lastColumn, column)
      }
    }
    guard lastRow > 0, lastColumn > 0 else { return summary }
    // Second pass: lay the rows out.
    var line: [UInt8] = []
    line.reserveCapacity(4096)
    var emptyLine = [UInt8](repeating: UInt8(ascii: ","), count: lastColumn - 1)
    emptyLine.append(contentsOf: [13, 10])
    var writtenRow = 0
    var currentRow = 0
    var currentColumn = 0
    func closeRow() throws {
      guard currentRow > 0 else { return }
      for _ in currentColumn..<lastColumn { line.append(UInt8(ascii: ",")) }
      line.removeLast()
      line.append(contentsOf: [13, 10])
      try sink.write(line)
      line.removeAll(keepingCapacity: true)
      writtenRow = currentRow
      currentRow = 0
    }
    try walk(spill) { rowNumber, column, bytes in
      if rowNumber != currentRow {
        try closeRow()
        guard rowNumber > writtenRow, rowNumber <= lastRow else { return }
        while writtenRow + 1 < rowNumber {
          try sink.write(emptyLine)
          writtenRow += 1
        }
        currentRow = rowNumber
        currentColumn = 0
      }
      guard column > currentColumn, column <= lastColumn,
        !merges.covers(row: rowNumber, column: column)
      else { return }
      while currentColumn + 1 < column {
        line.append(UInt8(ascii: ","))
        currentColumn += 1
      }
      line.append(contentsOf: bytes)
      line.append(UInt8(ascii: ","))
      currentColumn = column
    }
    try closeRow()
    while writtenRow < lastRow {
      try sink.write(emptyLine)
      writtenRow += 1
    }
    try sink.flush()
    return summary
  }

  /// Appends the CSV field for one cell: its dump text, quoted when it must be.
  @inline(__always)
  static func appendField(_ row: RowBuffer, _ cell: Int, to field: inout [UInt8]) {
    switch row.kind(at: cell) {
    case .empty: break
    case .number: NumberText.append(row.number(at: cell), to: &field)
    case .bool: field.append(contentsOf: row.number(at: cell) != 0 ? Array("TRUE".utf8) : Array("FALSE".utf8))
    case .date: row.date(at: cell).appendISO(to: &field)
    case .error: field.append(contentsOf: Array(row.value(at: cell).description.utf8))
    case .text:
      row.withTextBytes(at: cell) { bytes in
        var needsQuotes = false
        for byte in bytes
        where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 10 || byte == 13 {
          needsQuotes = true
          break
        }
        guard needsQuotes else {
          field.append(contentsOf: bytes)
          return
        }
        field.append(UInt8(ascii: "\""))
        for byte in bytes {
          if byte == UInt8(ascii: "\"") { field.append(byte) }
          field.append(byte)
        }
        field.append(UInt8(ascii: "\""))
      }
    }
  }

  @inline(__always)
  private static func appendInteger(_ value: UInt32, to out: inout [UInt8]) {
    out.append(UInt8(truncatingIfNeeded: value))
    out.append(UInt8(truncatingIfNeeded: value >> 8))
    out.append(UInt8(truncatingIfNeeded: value >> 16))
    out.append(UInt8(truncatingIfNeeded: value >> 24))
  }

  /// Replays the spilled rows: `body(row, column, fieldBytes)` for each cell.
  private static func walk(
    _ spill: SpillBuffer, _ body: (Int, Int, UnsafeRawBufferPointer) throws -> Void
  ) throws {
    var pending: [UInt8] = []
    try spill.readBack { chunk in
      pending.append(contentsOf: chunk)
      var offset = 0
      try pending.withUnsafeBytes { raw in
        func integer(_ at: Int) -> Int {
          Int(raw.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian)
        }
        while offset + 8 <= raw.count {
          let rowNumber = integer(offset)
          let cells = integer(offset + 4)
          // Find the record's end; leave it for the next chunk when incomplete.
          var at = offset + 8
          var complete = true
          for _ in 0..<cells {
            guard at + 8 <= raw.count else {
              complete = false
              break
            }
            at += 8 + integer(at + 4)
            if at > raw.count {
              complete = false
              break
            }
          }
          guard complete else { break }
          at = offset + 8
          for _ in 0..<cells {
            let column = integer(at)
            let length = integer(at + 4)
            try body(rowNumber, column, UnsafeRawBufferPointer(rebasing: raw[(at + 8)..<(at + 8 + length)]))
            at += 8 + length
          }
          offset = at
        }
      }
      pending.removeSubrange(0..<offset)
    }
  }
}

/// Answers "is this cell covered by a merged range (and not its top-left)?" quickly.
struct MergeMask {
  private let ranges: [CellRange]
  private let firstRow: Int
  private let lastRow: Int

  init(_ ranges: [CellRange]) {
    self.ranges = ranges.filter { $0.first != $0.last }
    firstRow = self.ranges.map(\.first.row).min() ?? 0
    lastRow = self.ranges.map(\.last.row).max() ?? -1
  }

  @inline(__always)
  func covers(row: Int, column: Int) -> Bool {
    guard row >= firstRow, row <= lastRow else { return false }
    for range in ranges
    where range.contains(CellRef(row: row, column: column))
      && !(range.first.row == row && range.first.column == column)
    {
      return true
    }
    return false
  }
}
