/// The text encoding of a CSV file, as detected from its first bytes.
public enum CSVEncoding: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
  /// UTF-8 without a byte order mark.
  case utf8
  /// UTF-8 with the byte order mark `EF BB BF` (Excel's "CSV UTF-8").
  case utf8WithBOM
  /// UTF-16 little-endian (Excel's "Unicode Text"), with a BOM or recognised by its NULs.
  case utf16LE
  /// UTF-16 big-endian, with a BOM or recognised by its NULs.
  case utf16BE
  /// Windows code page 1258 (Vietnamese ANSI), whose tone marks may be combining characters.
  case windows1258

  /// The encoding's name for people, such as `UTF-16LE`.
  public var description: String {
    switch self {
    case .utf8: "UTF-8"
    case .utf8WithBOM: "UTF-8 (BOM)"
    case .utf16LE: "UTF-16LE"
    case .utf16BE: "UTF-16BE"
    case .windows1258: "Windows-1258"
    }
  }

  /// The name for people with the byte order mark noted, such as `UTF-16LE (BOM)`.
  public func description(byteOrderMark: Bool) -> String {
    switch self {
    case .utf16LE, .utf16BE: byteOrderMark ? "\(description) (BOM)" : description
    case .utf8, .utf8WithBOM, .windows1258: description
    }
  }

  /// The byte order mark that declares this encoding, empty when it has none.
  var byteOrderMark: [UInt8] {
    switch self {
    case .utf8WithBOM: [0xEF, 0xBB, 0xBF]
    case .utf16LE: [0xFF, 0xFE]
    case .utf16BE: [0xFE, 0xFF]
    case .utf8, .windows1258: []
    }
  }
}
