#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A Windows-1258 to UTF-8 converter: the system's iconv.
///
/// glibc's converter composes a base letter and a following tone mark where Unicode
/// has a precomposed letter, and holds the last base letter back until it sees the
/// next byte; ``flush(into:)`` releases it. The text still needs NFC (a letter with a
/// circumflex or breve plus a tone mark may stay decomposed).
final class Windows1258Converter {
  private let handle: iconv_t

  /// Opens the converter.
  /// - Throws: ``SheetReadError`` `encoding-error` when the system has no Windows-1258.
  init() throws(SheetReadError) {
    let opened = iconv_open("UTF-8", "WINDOWS-1258")
    guard let opened, Int(bitPattern: opened) != -1 else {
      throw SheetReadError(
        .encodingError,
        "the text is not UTF-8 and looks like Windows-1258, which this system's iconv cannot convert",
        vietnamese:
          "văn bản trong tệp không phải UTF-8 mà có vẻ dùng bảng mã Windows-1258, nhưng iconv của máy này không chuyển đổi được bảng mã đó"
      )
    }
    handle = opened
  }

  deinit { iconv_close(handle) }

  /// What one conversion call did.
  struct Progress {
    var consumed: Int
    var written: Int
    /// The byte at `consumed` has no character in the converter's table.
    var unmapped: Bool
  }

  /// Converts as much of `input` as fits in `output`.
  func convert(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer)
    -> Progress
  {
    guard let inBase = input.baseAddress, let outBase = output.baseAddress else {
      return Progress(consumed: 0, written: 0, unmapped: false)
    }
    var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(
      mutating: inBase.assumingMemoryBound(to: CChar.self))
    var inLeft = input.count
    var outPointer: UnsafeMutablePointer<CChar>? = outBase.assumingMemoryBound(to: CChar.self)
    var outLeft = output.count
    let result = iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
    let unmapped = result == -1 && errno == EILSEQ
    return Progress(
      consumed: input.count - inLeft, written: output.count - outLeft, unmapped: unmapped)
  }

  /// Writes the letter the converter holds back, if any, and returns the bytes written.
  func flush(into output: UnsafeMutableRawBufferPointer) -> Int {
    guard let outBase = output.baseAddress else { return 0 }
    var outPointer: UnsafeMutablePointer<CChar>? = outBase.assumingMemoryBound(to: CChar.self)
    var outLeft = output.count
    _ = iconv(handle, nil, nil, &outPointer, &outLeft)
    return output.count - outLeft
  }
}

extension CSVTextDecoder {
  /// The next piece of text converted from Windows-1258; nil at the end.
  ///
  /// The few bytes the code page leaves undefined (0x81, 0x8A, 0x8D–0x90, 0x9A,
  /// 0x9D, 0x9E) become the C1 control of the same number, as the WHATWG and
  /// Windows tables decode them, so every byte string has a decoding.
  func nextWindows1258() throws(SheetReadError) -> UnsafeRawBufferPointer? {
    guard let converter else { return nil }
    while true {
      if rawStart == rawEnd {
        if !readerEnded { try refill() }
        if rawStart == rawEnd {
          let written = converter.flush(into: text)
          return written > 0 ? UnsafeRawBufferPointer(rebasing: text[0..<written]) : nil
        }
      }
      var written = 0
      while rawStart < rawEnd {
        let room = UnsafeMutableRawBufferPointer(rebasing: text[written...])
        let progress = converter.convert(unconsumed, into: room)
        rawStart += progress.consumed
        written += progress.written
        // Stop unless a byte has no mapping (or, defensively, iconv made no progress).
        guard progress.unmapped || progress.consumed == 0 && rawStart < rawEnd else { break }
        // Release a held letter first so that the order stays, then write U+0080 + n.
        written += converter.flush(into: UnsafeMutableRawBufferPointer(rebasing: text[written...]))
        let byte = raw[rawStart]
        text[written] = 0xC0 | byte >> 6
        text[written + 1] = 0x80 | byte & 0x3F
        written += 2
        rawStart += 1
      }
      if written > 0 { return UnsafeRawBufferPointer(rebasing: text[0..<written]) }
    }
  }
}
