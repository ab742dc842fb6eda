/// Decides a CSV file's encoding from its bytes, as Excel would open it.
///
/// In order: a byte order mark (binding); UTF-16 recognised by NULs in every other
/// byte of the first 4 KiB; UTF-8 when the text from its first non-ASCII byte on
/// is valid UTF-8 for a window of 64 KiB; else Windows-1258, which decodes any bytes.
/// A file of ASCII alone is UTF-8. Only the window is judged, so the read stays
/// streaming; a later byte that breaks UTF-8 is replaced and warned about.
enum CSVEncodingDetector {
  /// What the detector found.
  struct Detection: Equatable {
    var encoding: CSVEncoding
    var byteOrderMark: Bool
  }

  /// How many bytes are judged, from the first non-ASCII one, to tell UTF-8 from Windows-1258.
  static let judgedWindow = 65_536
  /// How many leading bytes are searched for the NUL pattern of BOM-less UTF-16.
  static let nulPatternWindow = 4_096

  /// Detects the encoding of the data `origin` holds.
  /// - Throws: ``SheetReadError`` `file-unreadable` when the data cannot be read.
  static func detect(_ origin: CSVByteOrigin, chunkSize: Int) throws(SheetReadError) -> Detection {
    let reader = try CSVByteReader(origin)
    let window = UnsafeMutableRawBufferPointer.allocate(
      byteCount: max(judgedWindow, chunkSize), alignment: 8)
    defer { window.deallocate() }
    func read(_ count: Int) throws(SheetReadError) -> Int {
      try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: window[0..<count]))
    }
    var head = try read(judgedWindow)
    var ended = head < judgedWindow
    if let bom = byteOrderMark(in: window[0..<head]) { return bom }
    if let utf16 = nulPattern(UnsafeRawBufferPointer(rebasing: window[0..<min(head, nulPatternWindow)])) {
      return Detection(encoding: utf16, byteOrderMark: false)
    }
    // Find the first non-ASCII byte, reading on past the head if need be.
    var firstHigh = UTF8Validation.firstNonASCII(UnsafeRawBufferPointer(rebasing: window[0..<head]))
    while firstHigh == nil && !ended {
      head = try read(window.count)
      ended = head < window.count
      firstHigh = UTF8Validation.firstNonASCII(UnsafeRawBufferPointer(rebasing: window[0..<head]))
    }
    guard let start = firstHigh else { return Detection(encoding: .utf8, byteOrderMark: false) }
    // Judge the window that starts at the first non-ASCII byte.
    var judged = Array(window[start..<head])
    while judged.count < judgedWindow && !ended {
      let wanted = judgedWindow - judged.count
      let got = try read(wanted)
      ended = got < wanted
      judged += window[0..<got]
    }
    let ending = judged.withUnsafeBytes(UTF8Validation.validate).ending
    let isUTF8 = ending == .complete || ending == .incomplete && !ended
    return Detection(encoding: isUTF8 ? .utf8 : .windows1258, byteOrderMark: false)
  }

  /// The encoding a byte order mark at the start of `bytes` declares.
  static func byteOrderMark(in bytes: Slice<UnsafeMutableRawBufferPointer>) -> Detection? {
    let start = bytes.startIndex
    if bytes.count >= 3, bytes[start] == 0xEF, bytes[start + 1] == 0xBB, bytes[start + 2] == 0xBF {
      return Detection(encoding: .utf8WithBOM, byteOrderMark: true)
    }
    if bytes.count >= 2, bytes[start] == 0xFF, bytes[start + 1] == 0xFE {
      return Detection(encoding: .utf16LE, byteOrderMark: true)
    }
    if bytes.count >= 2, bytes[start] == 0xFE, bytes[start + 1] == 0xFF {
      return Detection(encoding: .utf16BE, byteOrderMark: true)
    }
    return nil
  }

  /// The UTF-16 byte order that NULs in `bytes` show, if any.
  ///
  /// Text in UTF-16 has a NUL high byte for every ASCII and Latin-1 character, so at
  /// least 40% of one parity is NUL while the other parity has almost none; 8-bit text
  /// has no NULs at all.
  static func nulPattern(_ bytes: UnsafeRawBufferPointer) -> CSVEncoding? {
    let pairs = bytes.count / 2
    guard pairs > 0 else { return nil }
    var evenNULs = 0
    var oddNULs = 0
    for index in 0..<pairs * 2 where bytes[index] == 0 {
      if index & 1 == 0 { evenNULs += 1 } else { oddNULs += 1 }
    }
    func dominates(_ many: Int, _ few: Int) -> Bool { many * 10 >= pairs * 4 && few * 4 < many }
    if dominates(oddNULs, evenNULs) { return .utf16LE }
    if dominates(evenNULs, oddNULs) { return .utf16BE }
    return nil
  }
}
