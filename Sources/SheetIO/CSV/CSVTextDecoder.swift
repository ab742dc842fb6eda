/// Turns the raw bytes of a CSV file into UTF-8 text, a piece at a time.
///
/// UTF-8 input is validated and handed on without a copy; UTF-16 is transcoded here;
/// Windows-1258 goes through iconv (see `CSVTextDecoder+Windows1258.swift`). Memory is
/// two buffers of about the chunk size, whatever the file's size.
///
/// Bytes that break the encoding stop the read when a byte order mark declared it
/// (`strict`): ``next()`` throws `encoding-error` without a line, and the caller, which
/// counts lines, adds it. Without a BOM the encoding was guessed, so a bad byte becomes
/// U+FFFD, delivered as a piece of its own with ``lastPieceIsReplacement`` set so that
/// the caller can warn with a line.
final class CSVTextDecoder {
  let encoding: CSVEncoding
  let strict: Bool
  let reader: CSVByteReader
  let chunkSize: Int

  /// Raw bytes; the unconsumed ones are `raw[rawStart..<rawEnd]`.
  var raw: UnsafeMutableRawBufferPointer
  var rawStart = 0
  var rawEnd = 0
  /// Bytes of the byte order mark still to skip at the start.
  var bomToSkip: Int
  /// Whether the reader has no more bytes.
  var readerEnded = false
  /// Transcoded text (UTF-16 and Windows-1258).
  var text: UnsafeMutableRawBufferPointer
  /// The iconv converter for Windows-1258, nil for the other encodings.
  var converter: Windows1258Converter?

  /// Whether the piece that ``next()`` returned last stands for bytes that were not text.
  private(set) var lastPieceIsReplacement = false
  /// Whether the piece that ``next()`` returned last is surely NFC by NFCText's quick
  /// rule, so that its fields need no check of their own.
  var lastPieceIsSurelyNFC = false

  static let replacementCharacter: [UInt8] = [0xEF, 0xBF, 0xBD]
  private let replacement: UnsafeMutableRawBufferPointer

  /// Creates a decoder that skips the encoding's BOM when `byteOrderMark` is set.
  /// - Throws: ``SheetReadError`` when Windows-1258 has no converter on this system.
  init(
    reader: CSVByteReader, encoding: CSVEncoding, byteOrderMark: Bool, strict: Bool,
    chunkSize: Int
  ) throws(SheetReadError) {
    self.reader = reader
    self.encoding = encoding
    self.strict = strict
    self.chunkSize = max(chunkSize, 16)
    bomToSkip = byteOrderMark ? encoding.byteOrderMark.count : 0
    raw = .allocate(byteCount: self.chunkSize + 8, alignment: 8)
    let textCapacity: Int
    switch encoding {
    case .utf8, .utf8WithBOM: textCapacity = 0
    // Two bytes become at most three; a surrogate pair (four) becomes four.
    case .utf16LE, .utf16BE: textCapacity = self.chunkSize * 2 + 16
    // One byte becomes at most three (a C1 fallback two), plus a held base letter.
    case .windows1258: textCapacity = self.chunkSize * 3 + 64
    }
    text = .allocate(byteCount: textCapacity, alignment: 8)
    replacement = .allocate(byteCount: 3, alignment: 1)
    replacement.copyBytes(from: CSVTextDecoder.replacementCharacter)
    if encoding == .windows1258 {
      do {
        converter = try Windows1258Converter()
      } catch {
        raw.deallocate()
        text.deallocate()
        replacement.deallocate()
        throw error
      }
    }
  }

  deinit {
    raw.deallocate()
    text.deallocate()
    replacement.deallocate()
  }

  /// The next piece of UTF-8 text (never empty), valid until the next call; nil at the end.
  /// - Throws: ``SheetReadError`` `encoding-error` (line unset) for bytes a declared
  ///   encoding forbids, `file-unreadable` when reading fails.
  func next() throws(SheetReadError) -> UnsafeRawBufferPointer? {
    lastPieceIsReplacement = false
    lastPieceIsSurelyNFC = false
    switch encoding {
    case .utf8, .utf8WithBOM: return try nextUTF8()
    case .utf16LE, .utf16BE: return try nextUTF16(bigEndian: encoding == .utf16BE)
    case .windows1258: return try nextWindows1258()
    }
  }

  /// Moves the unconsumed raw bytes to the front and reads more after them.
  ///
  /// Sets `readerEnded` when the reader had nothing more.
  func refill() throws(SheetReadError) {
    let kept = rawEnd - rawStart
    if kept > 0, rawStart > 0, let base = raw.baseAddress {
      base.copyMemory(from: base + rawStart, byteCount: kept)
    }
    rawStart = 0
    rawEnd = kept
    let got = try reader.read(
      into: UnsafeMutableRawBufferPointer(rebasing: raw[kept..<kept + chunkSize]))
    if got == 0 { readerEnded = true }
    rawEnd += got
    if bomToSkip > 0 {
      let skipped = min(bomToSkip, rawEnd - rawStart)
      rawStart += skipped
      bomToSkip -= skipped
    }
  }

  /// Whether `piece` lies in the raw bytes: UTF-8 text, handed on where it was read.
  func liesInRawBytes(_ piece: UnsafeRawBufferPointer) -> Bool {
    guard let start = piece.baseAddress, let base = raw.baseAddress else { return false }
    return start >= UnsafeRawPointer(base) && start + piece.count <= UnsafeRawPointer(base) + raw.count
  }

  /// Gives up the raw bytes' buffer, which holds the pieces returned from it, for `fresh`
  /// (`capacity` bytes, at least the raw buffer's), the bytes not yet consumed moved to its
  /// start; the buffer given up, now the caller's to free. Nil, and nothing changed, when
  /// `fresh` is too small.
  func exchangeRawBuffer(for fresh: UnsafeMutableRawPointer, capacity: Int) -> UnsafeMutableRawBufferPointer? {
    guard capacity >= raw.count, let base = raw.baseAddress else { return nil }
    let kept = rawEnd - rawStart
    if kept > 0 { fresh.copyMemory(from: base + rawStart, byteCount: kept) }
    let given = raw
    raw = UnsafeMutableRawBufferPointer(start: fresh, count: raw.count)
    rawStart = 0
    rawEnd = kept
    return given
  }

  /// The raw bytes not yet consumed.
  var unconsumed: UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(rebasing: raw[rawStart..<rawEnd])
  }

  /// Handles bytes at `rawStart` that are not text: throws when strict, else skips
  /// `length` bytes and returns U+FFFD. `what` says what is wrong, and `whatInVietnamese`
  /// says it in Vietnamese.
  func reject(length: Int, _ what: String, vietnamese whatInVietnamese: @autoclosure () -> String)
    throws(SheetReadError) -> UnsafeRawBufferPointer
  {
    if strict {
      let declared = encoding == .utf8WithBOM ? "UTF-8" : encoding.description
      throw SheetReadError(
        .encodingError, "\(what), but the file's byte order mark declares \(declared)",
        vietnamese: "\(whatInVietnamese()), nhưng dấu BOM (byte order mark) ở đầu tệp khai báo bảng mã \(declared)")
    }
    rawStart += length
    lastPieceIsReplacement = true
    return UnsafeRawBufferPointer(replacement)
  }

  private func nextUTF8() throws(SheetReadError) -> UnsafeRawBufferPointer? {
    while true {
      if rawStart == rawEnd || !readerEnded && rawEnd - rawStart < 4 {
        if !readerEnded { try refill() }
        if rawStart == rawEnd { return nil }
      }
      let validation = UTF8Validation.validate(unconsumed)
      let validCount = validation.validCount
      if validCount > 0 {
        let piece = UnsafeRawBufferPointer(rebasing: raw[rawStart..<rawStart + validCount])
        rawStart += validCount
        lastPieceIsSurelyNFC = validation.surelyNFC
        return piece
      }
      switch validation.ending {
      case .complete:
        return nil
      case .incomplete where !readerEnded:
        try refill()
      case .incomplete, .invalid:
        let byte = raw[rawStart]
        return try reject(
          length: 1, "byte 0x\(CSVTextDecoder.hex(byte)) is not valid UTF-8",
          vietnamese: "byte 0x\(CSVTextDecoder.hex(byte)) không phải UTF-8 hợp lệ")
      }
    }
  }

  static func hex(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16, uppercase: true)
    return byte < 16 ? "0" + digits : digits
  }
}
