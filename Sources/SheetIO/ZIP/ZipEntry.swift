/// One file stored in a ZIP archive, as its central directory describes it.
struct ZipEntry: Sendable {
  /// The name as stored (slashes as written).
  var name: String
  /// 0 = stored, 8 = deflate; anything else is refused.
  var method: UInt16
  var flags: UInt16
  var crc32: UInt32
  var compressedSize: Int
  var uncompressedSize: Int
  var localHeaderOffset: Int

  /// The lookup key: ASCII-lowercased, backslashes as slashes, no leading slash
  /// (ECMA-376 Part 2: part names compare case-insensitively).
  static func key(_ name: String) -> String {
    var key = name.replacingOccurrencesOfBackslash().lowercasedASCII()
    while key.hasPrefix("/") { key.removeFirst() }
    return key
  }
}

extension String {
  /// The string with every `\` turned into `/`.
  func replacingOccurrencesOfBackslash() -> String {
    guard utf8.contains(UInt8(ascii: "\\")) else { return self }
    return String(decoding: utf8.map { $0 == UInt8(ascii: "\\") ? UInt8(ascii: "/") : $0 }, as: UTF8.self)
  }

  /// The string with ASCII letters lowercased and everything else unchanged.
  func lowercasedASCII() -> String {
    String(
      decoding: utf8.map { ($0 >= 65 && $0 <= 90) ? $0 + 32 : $0 }, as: UTF8.self)
  }
}
