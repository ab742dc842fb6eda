/// Where ``CSVRecords`` puts the cells of each row: a reused ``RowBuffer`` handed to
/// a callback, or `htx dump`'s lines (``DumpLines``), which skip the RowBuffer.
protocol CSVRowSink {
  /// How many cells the row being read holds.
  var cellCount: Int { get }
  /// The column of the row's last cell (valid when it has one).
  var lastCellColumn: Int { get }
  /// Starts row `number`, dropping a row started but not finished.
  mutating func startRow(number: Int)
  /// Adds a text cell (NFC, non-empty) after the row's last one.
  mutating func appendText(column: Int, _ text: UnsafeRawBufferPointer)
  /// Delivers the row, which has at least one cell.
  mutating func finishRow() throws
}

/// Rows as a reused ``RowBuffer`` handed to a callback.
struct CSVRowBufferSink: CSVRowSink {
  let row = RowBuffer()
  let body: (RowBuffer) throws -> Void

  var cellCount: Int { row.count }
  var lastCellColumn: Int { row.column(at: row.count - 1) }
  func startRow(number: Int) { row.reset(number: number) }
  @inline(__always)
  func appendText(column: Int, _ text: UnsafeRawBufferPointer) { row.appendText(column: column, text) }
  func finishRow() throws { try body(row) }
}

/// The loop between the decoder, ``CSVCore`` and a ``CSVRowSink``.
///
/// It feeds decoded pieces to the core, numbers records as spreadsheet rows, turns
/// each non-empty field into an NFC text cell of the sink's row and keeps the
/// summary. Limits and decoding errors are raised here because only here are lines
/// and rows known.
struct CSVRecords<Sink: CSVRowSink> {
  var core: CSVCore
  let sheet: String
  /// Whether the first record is a `sep=` line, which is not a row.
  var skipsFirstRecord: Bool

  private var sink: Sink
  private var summary = SheetSummary()
  private var rowNumber = 1
  private var column = 1
  /// The line the record being read started on.
  private var recordLine = 1
  /// How many decoding replacements were reported as warnings.
  private var replacements = 0

  init(core: CSVCore, sheet: String, skipsFirstRecord: Bool, sink: Sink) {
    self.core = core
    self.sink = sink
    self.sheet = sheet
    self.skipsFirstRecord = skipsFirstRecord
  }

  /// Reads every record, handing each row with a value to the sink.
  mutating func run(
    decoder: some CSVTextPieces, field: UnsafeMutableRawBufferPointer
  ) throws -> SheetSummary {
    var input = UnsafeRawBufferPointer(start: nil, count: 0)
    var inputEnded = false
    var fieldLength = 0
    // Whether the current piece, and every piece the field has touched, is surely NFC.
    var pieceIsSurelyNFC = true
    var fieldIsSurelyNFC = true
    sink.startRow(number: rowNumber)
    while true {
      if input.isEmpty && !inputEnded {
        if let piece = try nextPiece(decoder) {
          input = piece
          pieceIsSurelyNFC = decoder.lastPieceIsSurelyNFC
          fieldIsSurelyNFC = fieldIsSurelyNFC && pieceIsSurelyNFC
        } else {
          inputEnded = true
        }
      }
      let step = core.readField(
        input, into: UnsafeMutableRawBufferPointer(rebasing: field[fieldLength...]))
      input = UnsafeRawBufferPointer(rebasing: input[step.consumed...])
      fieldLength += step.written
      switch step.result {
      case .needInput:
        continue
      case .outputFull:
        // The field keeps its line breaks, so they tell how many lines it spans.
        let startLine =
          core.line
          - CSVRecordReader.lineBreaks(in: UnsafeRawBufferPointer(rebasing: field[0..<fieldLength]))
        throw SheetReadError(
          .limitExceeded,
          "line \(startLine): a field is longer than \(field.count) bytes "
            + "(an unbalanced quote may have run on)",
          vietnamese: "dòng \(startLine): một ô dài hơn \(field.count) byte "
            + "(có thể một dấu ngoặc kép bị thiếu cặp nên ô kéo dài sang các dòng sau)",
          sheet: sheet, line: startLine)
      case .field(let endsRecord):
        if fieldLength > 0 && !skipsFirstRecord {
          try addText(
            UnsafeRawBufferPointer(rebasing: field[0..<fieldLength]), surelyNFC: fieldIsSurelyNFC)
        }
        fieldLength = 0
        fieldIsSurelyNFC = pieceIsSurelyNFC
        column += 1
        if endsRecord { try endRecord() }
      case .end:
        finishReplacementWarnings()
        return summary
      }
    }
  }

  /// The decoder's next piece, with a line given to its errors and warnings.
  private mutating func nextPiece(_ decoder: some CSVTextPieces) throws -> UnsafeRawBufferPointer? {
    let piece: UnsafeRawBufferPointer?
    do {
      piece = try decoder.next()
    } catch {
      throw located(error)
    }
    if decoder.lastPieceIsReplacement {
      replacements += 1
      if replacements <= CSVRecordReader.maximumReplacementWarnings {
        summary.warnings.append(
          SheetWarning(
            .encodingError, ref: CellRef(row: rowNumber, column: column),
            message:
              "line \(core.line): bytes that are not \(decoder.encoding) were replaced by U+FFFD",
            vietnamese:
              "dòng \(core.line): các byte không thuộc bảng mã \(decoder.encoding) đã được thay bằng ký tự U+FFFD (�)"))
      }
    }
    return piece
  }

  /// `error` with the current line, when it is a decoding error without one.
  private func located(_ error: SheetReadError) -> SheetReadError {
    guard error.code == .encodingError, error.line == nil else { return error }
    var located = error
    located.sheet = sheet
    located.line = core.line
    located.message = "line \(core.line): \(error.message)"
    if let vietnamese = error.vietnamese { located.vietnamese = "dòng \(core.line): \(vietnamese)" }
    return located
  }

  private mutating func finishReplacementWarnings() {
    let unlisted = replacements - CSVRecordReader.maximumReplacementWarnings
    guard unlisted > 0 else { return }
    summary.warnings.append(
      SheetWarning(
        .encodingError, ref: nil, message: "\(unlisted) more replacements by U+FFFD are not listed",
        vietnamese: "còn \(unlisted) chỗ thay bằng U+FFFD khác không liệt kê"))
  }

  /// Adds a field's text to the row as a cell, NFC-normalised.
  @inline(__always)
  private mutating func addText(_ text: UnsafeRawBufferPointer, surelyNFC: Bool) throws {
    guard column <= SheetLimits.maxColumns else {
      throw SheetReadError(
        .limitExceeded,
        "row \(rowNumber) has a value in column \(column), past Excel's last column "
          + "(\(SheetLimits.maxColumns))",
        vietnamese: "dòng \(rowNumber) có giá trị ở cột \(column), vượt quá cột cuối cùng của Excel "
          + "(\(SheetLimits.maxColumns))",
        sheet: sheet, line: recordLine)
    }
    if surelyNFC || NFCText.isSurelyNormalized(text) {
      sink.appendText(column: column, text)
    } else {
      let normalized = Array(NFCText.normalized(text).utf8)
      normalized.withUnsafeBytes { sink.appendText(column: column, $0) }
    }
  }

  /// Delivers the row if it has a cell and starts the next one.
  private mutating func endRecord() throws {
    column = 1
    if skipsFirstRecord {
      skipsFirstRecord = false
      recordLine = core.line
      return
    }
    if sink.cellCount > 0 {
      guard rowNumber <= SheetLimits.maxRows else {
        throw SheetReadError(
          .limitExceeded,
          "the file has a value in row \(rowNumber), past Excel's last row (\(SheetLimits.maxRows))",
          vietnamese: "tệp có giá trị ở dòng \(rowNumber), vượt quá dòng cuối cùng của Excel (\(SheetLimits.maxRows))",
          sheet: sheet, line: recordLine)
      }
      summary.lastRow = rowNumber
      summary.lastColumn = max(summary.lastColumn, sink.lastCellColumn)
      summary.cellCount += sink.cellCount
      summary.rowLines.note(row: rowNumber, line: recordLine)
      try sink.finishRow()
    }
    rowNumber += 1
    sink.startRow(number: rowNumber)
    recordLine = core.line
  }
}

/// What the record loop shares whatever its sink.
enum CSVRecordReader {
  /// At most this many replacement warnings are listed; the last one counts the rest.
  static let maximumReplacementWarnings = 20

  /// How many lines `text` ends (CR, LF and CRLF once each).
  static func lineBreaks(in text: UnsafeRawBufferPointer) -> Int {
    var breaks = 0
    var previous: UInt8 = 0
    for byte in text {
      let isCRLF = byte == CSVCore.lineFeed && previous == CSVCore.carriageReturn
      if (byte == CSVCore.carriageReturn || byte == CSVCore.lineFeed) && !isCRLF { breaks += 1 }
      previous = byte
    }
    return breaks
  }
}
