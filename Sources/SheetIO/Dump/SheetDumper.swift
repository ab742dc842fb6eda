/// Writes a sheet as SPEC §5's `htx dump` CSV: every row from 1 to the last non-empty
/// row, every column from A to the last non-empty column, merged ranges only in
/// their top-left cell, RFC 4180 quoting and CRLF line ends.
///
/// The width and the merged ranges are known only at the end of a sheet, so each row
/// is first formatted as its CSV line without trailing padding and written to a
/// ``SpillBuffer`` (memory, then an anonymous temporary file) with its number and last
/// column. Laying out is then a copy plus padding; only rows that merged ranges touch
/// are split again. Memory stays flat whatever the row count.
///
/// Formatting is kept off the reading thread's path: a CSV's fields are written into
/// the lines as they are parsed (``DumpLines``, no RowBuffer), and a workbook's rows are
/// copied out in batches and formatted on a second thread (``RowFormatter``).
public enum SheetDumper {
  /// Dumps sheet `index` of `source` to `sink` and returns what the reader learned.
  public static func dump(_ source: any SheetSource, sheet index: Int, to sink: ByteSink) throws
    -> SheetSummary
  {
    let spill = SpillBuffer()
    let lines = DumpLines(spill: spill)
    let summary: SheetSummary
    if let csv = source as? CSVSource {
      // A CSV's fields go from the parser straight into the lines, without a RowBuffer.
      summary = try csv.readDumpLines(sheet: index, into: lines)
    } else {
      // A workbook's rows are formatted on a second thread while this one parses.
      let formatter = RowFormatter(lines: lines)
      defer { try? formatter.finish() }
      summary = try source.readRows(sheet: index) { row in try formatter.push(row) }
      try formatter.finish()
    }
    lines.endRows()
    let spilledLastRow = lines.lastRow
    let spilledLastColumn = lines.lastColumn
    let merges = MergeMask(summary.mergedRanges)
    var lastRow = spilledLastRow
    var lastColumn = spilledLastColumn
    if !merges.isEmpty {
      // The bounds once covered cells are blanked.
      lastRow = 0
      lastColumn = 0
      try walk(spill) { rowNumber, rowLast, line in
        let last = merges.touches(row: rowNumber) ? blanked(line, row: rowNumber, merges).lastColumn : rowLast
        if last > 0 {
          lastRow = max(lastRow, rowNumber)
          lastColumn = max(lastColumn, last)
        }
      }
    }
    guard lastRow > 0, lastColumn > 0 else { return summary }
    // An empty row of a one-column sheet is `""`: a bare empty line would read as no field.
    var emptyLine =
      lastColumn == 1 ? Array("\"\"".utf8) : [UInt8](repeating: UInt8(ascii: ","), count: lastColumn - 1)
    emptyLine.append(contentsOf: [13, 10])
    var padding = [UInt8](repeating: UInt8(ascii: ","), count: lastColumn)
    padding.append(contentsOf: [13, 10])
    var writtenRow = 0
    try walk(spill) { rowNumber, rowLast, line in
      guard rowNumber > writtenRow, rowNumber <= lastRow else { return }
      while writtenRow + 1 < rowNumber {
        try sink.write(emptyLine)
        writtenRow += 1
      }
      writtenRow = rowNumber
      if merges.touches(row: rowNumber) {
        let (text, last) = blanked(line, row: rowNumber, merges)
        if last == 0 && lastColumn == 1 {
          try sink.write(emptyLine)
          return
        }
        try sink.write(text)
        try padding.withUnsafeBytes { try sink.write(UnsafeRawBufferPointer(rebasing: $0[(last > 0 ? last : 1)...])) }
      } else {
        try sink.write(line)
        try padding.withUnsafeBytes { try sink.write(UnsafeRawBufferPointer(rebasing: $0[rowLast...])) }
      }
    }
    while writtenRow < lastRow {
      try sink.write(emptyLine)
      writtenRow += 1
    }
    try sink.flush()
    return summary
  }

  /// The line with covered cells emptied and trailing empty fields dropped, and the
  /// last column that still holds a value.
  static func blanked(_ line: UnsafeRawBufferPointer, row: Int, _ merges: MergeMask) -> ([UInt8], lastColumn: Int) {
    var fields: [[UInt8]] = [[]]
    var quoted = false
    for byte in line {
      if byte == UInt8(ascii: "\"") { quoted.toggle() }
      if byte == UInt8(ascii: ",") && !quoted {
        fields.append([])
      } else {
        fields[fields.count - 1].append(byte)
      }
    }
    for index in fields.indices where merges.covers(row: row, column: index + 1) { fields[index] = [] }
    while let last = fields.last, last.isEmpty, fields.count > 0 { fields.removeLast() }
    return (Array(fields.joined(separator: [UInt8(ascii: ",")])), fields.count)
  }

  /// Replays the spilled rows: `body(row, lastColumn, line)` for each.
  private static func walk(
    _ spill: SpillBuffer, _ body: (Int, Int, UnsafeRawBufferPointer) throws -> Void
  ) throws {
    var pending: [UInt8] = []
    try spill.readBack { chunk in
      try consume(chunk, body)
      return
    }
    func consume(_ chunk: UnsafeRawBufferPointer, _ body: (Int, Int, UnsafeRawBufferPointer) throws -> Void) throws {
      var data = chunk
      if !pending.isEmpty {
        pending.append(contentsOf: chunk)
        let used = try pending.withUnsafeBytes { try records(in: $0, body) }
        pending.removeSubrange(0..<used)
        return
      }
      let used = try records(in: data, body)
      data = UnsafeRawBufferPointer(rebasing: data[used...])
      pending.append(contentsOf: data)
    }
    guard pending.isEmpty else {
      throw SheetReadError(
        .fileUnreadable, "the temporary copy of the sheet ends in the middle of a row",
        vietnamese: "bản sao tạm của trang tính kết thúc giữa chừng một dòng")
    }
  }

  /// Calls `body` for each complete record in `raw` and returns the bytes used.
  private static func records(
    in raw: UnsafeRawBufferPointer, _ body: (Int, Int, UnsafeRawBufferPointer) throws -> Void
  ) throws -> Int {
    func integer(_ at: Int) -> Int {
      Int(raw.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian)
    }
    var offset = 0
    while offset + 12 <= raw.count {
      let length = integer(offset + 8)
      guard offset + 12 + length <= raw.count else { break }
      try body(
        integer(offset), integer(offset + 4),
        UnsafeRawBufferPointer(rebasing: raw[(offset + 12)..<(offset + 12 + length)]))
      offset += 12 + length
    }
    return offset
  }
}

/// Answers "is this cell covered by a merged range (and not its top-left)?" quickly: the
/// ranges are indexed by the rows they span (a tall one, over a thousand rows, is kept
/// aside and checked on every row), so a sheet with thousands of merges is not read in
/// time proportional to rows × merges.
struct MergeMask {
  private var byRow: [Int: [CellRange]] = [:]
  private var tall: [CellRange] = []

  /// Whether no range covers more than one cell.
  var isEmpty: Bool { byRow.isEmpty && tall.isEmpty }

  /// Whether any range spans the row.
  @inline(__always)
  func touches(row: Int) -> Bool {
    byRow[row] != nil || tall.contains { $0.first.row <= row && row <= $0.last.row }
  }

  init(_ ranges: [CellRange]) {
    for range in ranges where range.first != range.last {
      if range.last.row - range.first.row < 1024 {
        for row in range.first.row...range.last.row { byRow[row, default: []].append(range) }
      } else {
        tall.append(range)
      }
    }
  }

  @inline(__always)
  func covers(row: Int, column: Int) -> Bool {
    let cell = CellRef(row: row, column: column)
    func covered(_ range: CellRange) -> Bool {
      range.contains(cell) && !(range.first.row == row && range.first.column == column)
    }
    return (byRow[row] ?? []).contains(where: covered) || tall.contains(where: covered)
  }
}
