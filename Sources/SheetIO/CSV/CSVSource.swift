import Foundation
/// A CSV, TSV or text file read as a sheet: encoding and delimiter detected, text
/// NFC-normalised, rows streamed.
///
/// Creating a source reads the start of the file to learn its encoding and
/// delimiter; ``readRows(sheet:_:)`` then streams the file in chunks, so memory stays
/// flat whatever the file's size. Every non-empty field is a text cell; converting
/// numbers and dates is left to the caller, which knows the file's conventions.
public final class CSVSource: SheetSource {
  /// A CSV file is scanned again faster than its rows are kept and replayed.
  public var rereadsCheaply: Bool { true }

  /// Its fields are normalised to NFC as they are decoded.
  public var textsAreNFC: Bool { true }

  /// The encoding the file was read in.
  public let encoding: CSVEncoding
  /// Whether the file starts with a byte order mark (it declares the encoding and is skipped).
  public let hasByteOrderMark: Bool
  /// The byte that separates fields.
  public let delimiter: UInt8
  /// Whether the first line was an Excel `sep=` line, which is not a record.
  public let hasSeparatorLine: Bool
  /// The file's one sheet, named after the file without its extension.
  public let sheets: [SheetInfo]
  /// The settings the source was created with.
  public let options: CSVOptions

  private let origin: CSVByteOrigin

  /// How many bytes of decoded text the delimiter sniffer looks at.
  static let sampleSize = 65_536

  /// Opens the CSV file at `path` and detects its encoding and delimiter.
  /// - Throws: ``SheetReadError``: `file-unreadable` when the file cannot be read,
  ///   `encoding-error` when it needs a Windows-1258 converter the system lacks.
  /// - Precondition: A forced delimiter is an ASCII byte other than a quote, CR or LF.
  public convenience init(path: String, options: CSVOptions = CSVOptions()) throws(SheetReadError) {
    try self.init(origin: .file(path: path), name: CSVSource.sheetName(path: path), options: options)
  }

  /// Reads CSV data held in memory as though it were a file called `name`.
  /// - Throws: ``SheetReadError`` `encoding-error` when the data needs a Windows-1258
  ///   converter the system lacks.
  /// - Precondition: A forced delimiter is an ASCII byte other than a quote, CR or LF.
  public convenience init(bytes: [UInt8], name: String, options: CSVOptions = CSVOptions())
    throws(SheetReadError)
  {
    try self.init(origin: .memory(bytes), name: CSVSource.sheetName(path: name), options: options)
  }

  init(origin: CSVByteOrigin, name: String, options: CSVOptions) throws(SheetReadError) {
    if let forced = options.delimiter {
      precondition(
        forced < 0x80 && forced != CSVCore.quote && forced != CSVCore.carriageReturn
          && forced != CSVCore.lineFeed,
        "a CSV delimiter must be an ASCII byte other than a quote, CR or LF")
    }
    let detection = try CSVEncodingDetector.detect(origin, chunkSize: options.chunkSize)
    // Sniff on decoded text; bad bytes are replaced here and reported by readRows.
    let decoder = try CSVTextDecoder(
      reader: CSVByteReader(origin), encoding: detection.encoding,
      byteOrderMark: detection.byteOrderMark, strict: false, chunkSize: options.chunkSize)
    var sample: [UInt8] = []
    var isWhole = false
    while sample.count < CSVSource.sampleSize {
      guard let piece = try decoder.next() else {
        isWhole = true
        break
      }
      sample.append(contentsOf: piece.prefix(CSVSource.sampleSize - sample.count))
    }
    let dialect = sample.withUnsafeBytes { text in
      CSVDelimiterSniffer.sniff(
        text, isWhole: isWhole,
        prefersTab: detection.encoding == .utf16LE || detection.encoding == .utf16BE,
        forced: options.delimiter)
    }
    self.origin = origin
    self.options = options
    encoding = detection.encoding
    hasByteOrderMark = detection.byteOrderMark
    delimiter = dialect.delimiter
    hasSeparatorLine = dialect.hasSeparatorLine
    sheets = [SheetInfo(name: name, index: 0)]
  }

  /// The encoding's name for people, with the BOM noted: `UTF-16LE (BOM)`.
  public var encodingDescription: String { encoding.description(byteOrderMark: hasByteOrderMark) }

  /// The sheet name for a file: its last path component without the extension, NFC.
  static func sheetName(path: String) -> String {
    var name = Substring(path)
    if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
    if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = name[..<dot] }
    return NFCText.normalized(String(name))
  }

  /// Streams the file's rows; `sheet` must be 0.
  ///
  /// Row 1 is the first record (after a `sep=` line). Each non-empty field is a text
  /// cell, NFC-normalised; a blank line or a record of empty fields is an empty row:
  /// not delivered, but it takes a row number.
  /// - Throws: ``SheetReadError``: `encoding-error` with the line of a byte a BOM's
  ///   encoding forbids, `limit-exceeded` for a field over
  ///   ``CSVOptions/maximumFieldBytes`` (with the line it starts on) or a value past
  ///   Excel's last row or column, `file-unreadable` when reading fails; and whatever
  ///   `body` throws.
  public func readRows(sheet index: Int, _ body: (RowBuffer) throws -> Void) throws -> SheetSummary {
    try checkSheet(index)
    return try withoutActuallyEscaping(body) { body in
      try read(into: CSVRowBufferSink(body: body))
    }
  }

  /// The texts of the file's first row with a value, read without decoding the file ahead
  /// on a second thread (which a large file's full read starts); empty when none is read.
  public func firstRowTexts() -> [String] {
    var first: [String] = []
    _ = try? withoutActuallyEscaping({ (row: RowBuffer) throws -> Void in
      first = (0..<row.count).map { row.text(at: $0) }
      throw CancellationError()
    }) { body in
      try read(into: CSVRowBufferSink(body: body), decodingAhead: false)
    }
    return first
  }

  /// Streams the rows straight into `htx dump`'s lines; `sheet` must be 0.
  func readDumpLines(sheet index: Int, into lines: DumpLines) throws -> SheetSummary {
    try checkSheet(index)
    return try read(into: DumpLineSink(lines: lines))
  }

  private func checkSheet(_ index: Int) throws {
    guard index == 0 else {
      throw SheetReadError(
        .sheetMissing, "a CSV file has one sheet; there is no sheet \(index + 1)",
        vietnamese: "tệp CSV chỉ có một trang tính; không có trang tính thứ \(index + 1)",
        sheet: sheets[0].name)
    }
  }

  private func read<Sink: CSVRowSink>(into sink: Sink, decodingAhead: Bool = true) throws -> SheetSummary {
    let decoder = try CSVTextDecoder(
      reader: CSVByteReader(origin), encoding: encoding, byteOrderMark: hasByteOrderMark,
      strict: hasByteOrderMark, chunkSize: options.chunkSize)
    let capacity = max(options.maximumFieldBytes, 1)
    let field = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 1)
    defer { field.deallocate() }
    var reading = CSVRecords(
      core: CSVCore(delimiter: delimiter), sheet: sheets[0].name, skipsFirstRecord: hasSeparatorLine,
      sink: sink)
    // Large files decode on a second thread while this one parses.
    if decodingAhead && origin.byteCount >= 4 << 20 && ProcessInfo.processInfo.activeProcessorCount > 1,
      let prefetcher = CSVTextPrefetcher(decoder: decoder, slotSize: options.chunkSize * 3 + 64)
    {
      return try reading.run(decoder: prefetcher, field: field)
    }
    return try reading.run(decoder: decoder, field: field)
  }
}
