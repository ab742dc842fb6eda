#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Text typed in a TCVN3 font (`.VnTime`, the "ABC" encoding of TCVN 5712): each byte
/// was stored as the Latin-1 character of the same number, so "Hợp tác xã" reads
/// "Hîp t¸c x·". Converts it back through the system's iconv (`TCVN5712-1`).
public final class TCVN3Text {
  private let handle: iconv_t

  /// Opens the converter; nil when the system's iconv has no TCVN 5712.
  public init?() {
    let opened = iconv_open("UTF-8", "TCVN5712-1")
    guard let opened, Int(bitPattern: opened) != -1 else { return nil }
    handle = opened
  }

  deinit { iconv_close(handle) }

  /// The converter to read `source` again with when its header is not found: a workbook
  /// whose fonts include TCVN3's (`.VnTime`, `.VnArial`…); nil for any other source.
  public static func retry(for source: any SheetSource) -> TCVN3Text? {
    guard let book = source as? XLSXWorkbook,
      (try? book.legacyVietnameseFonts())?.contains(where: { $0.lowercased().hasPrefix(".vn") }) == true
    else { return nil }
    return TCVN3Text()
  }

  /// The Unicode text `text` stands for, or nil when it cannot be TCVN3 (a character
  /// beyond Latin-1) or needs no change (plain ASCII).
  public func decode(_ text: String) -> String? {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count)
    var changed = false
    for scalar in text.unicodeScalars {
      guard scalar.value <= 0xFF else { return nil }
      if scalar.value >= 0x80 { changed = true }
      bytes.append(UInt8(scalar.value))
    }
    guard changed else { return nil }
    // Each byte becomes at most one letter with its marks: 8 bytes of UTF-8 are plenty.
    var output = [UInt8](repeating: 0, count: bytes.count * 8 + 16)
    let written: Int? = bytes.withUnsafeMutableBufferPointer { input in
      output.withUnsafeMutableBufferPointer { out in
        var inPointer = UnsafeMutableRawPointer(input.baseAddress)?.assumingMemoryBound(to: CChar.self)
        var inLeft = input.count
        var outPointer = UnsafeMutableRawPointer(out.baseAddress)?.assumingMemoryBound(to: CChar.self)
        var outLeft = out.count
        iconv(handle, nil, nil, nil, nil)
        guard iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft) != -1 else { return nil }
        iconv(handle, nil, nil, &outPointer, &outLeft)
        return out.count - outLeft
      }
    }
    guard let written else { return nil }
    return NFCText.nfc(String(decoding: output[..<written], as: UTF8.self))
  }
}
