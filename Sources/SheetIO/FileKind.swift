/// What a file is, judged by its first bytes rather than its name.
public enum FileKind: Sendable, Equatable, CustomStringConvertible {
  /// A ZIP container: an XLSX workbook or another Office Open XML or ODF file.
  case zip
  /// An OLE2 compound file holding a legacy Excel 97–2003 workbook (.xls).
  case legacyExcel
  /// An OLE2 compound file holding an encrypted (password-protected) workbook.
  case encryptedWorkbook
  /// Another OLE2 compound file (an old Word document, for example).
  case compoundFile
  /// An HTML page, as web systems export "Excel" files.
  case html
  /// An Excel 2003 XML spreadsheet (SpreadsheetML 2003).
  case spreadsheetML2003
  /// Other XML.
  case xml
  /// A PDF document.
  case pdf
  /// Text: a CSV, TSV or similar file.
  case text
  /// A file with no bytes.
  case empty
  /// Binary data of no known kind.
  case unknownBinary

  public var description: String {
    switch self {
    case .zip: "ZIP container"
    case .legacyExcel: "legacy Excel 97–2003 workbook (.xls)"
    case .encryptedWorkbook: "password-protected (encrypted) workbook"
    case .compoundFile: "OLE2 compound document"
    case .html: "HTML page"
    case .spreadsheetML2003: "Excel 2003 XML spreadsheet"
    case .xml: "XML document"
    case .pdf: "PDF document"
    case .text: "text"
    case .empty: "empty file"
    case .unknownBinary: "binary data"
    }
  }

  /// What the file is, in Vietnamese.
  public var vietnameseDescription: String {
    switch self {
    case .zip: "tệp nén ZIP"
    case .legacyExcel: "sổ tính Excel 97–2003 (.xls)"
    case .encryptedWorkbook: "sổ tính có mật khẩu"
    case .compoundFile: "tài liệu OLE2"
    case .html: "trang HTML"
    case .spreadsheetML2003: "bảng tính XML của Excel 2003"
    case .xml: "tài liệu XML"
    case .pdf: "tài liệu PDF"
    case .text: "văn bản"
    case .empty: "tệp rỗng"
    case .unknownBinary: "dữ liệu nhị phân"
    }
  }

  /// Sniffs `head`, the first bytes of a file (4 KiB or more is best); `compoundProbe`
  /// is a larger prefix used to tell encrypted from legacy OLE2 files.
  public static func sniff(_ head: [UInt8], compoundProbe: [UInt8]? = nil) -> FileKind {
    guard !head.isEmpty else { return .empty }
    if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06])
      || head.starts(with: [0x50, 0x4B, 0x07, 0x08])
    {
      return .zip
    }
    if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
      let probe = compoundProbe ?? head
      if contains(probe, utf16: "EncryptedPackage") || contains(probe, utf16: "EncryptionInfo") {
        return .encryptedWorkbook
      }
      if contains(probe, utf16: "Workbook") || contains(probe, utf16: "Book") {
        return .legacyExcel
      }
      return .compoundFile
    }
    if head.starts(with: Array("%PDF".utf8)) { return .pdf }
    // Markup, after an optional BOM and blanks.
    var start = 0
    if head.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
    while start < head.count, [0x20, 0x09, 0x0A, 0x0D].contains(head[start]) { start += 1 }
    if start < head.count, head[start] == UInt8(ascii: "<") {
      let lowered = String(decoding: head[start...].prefix(2048), as: UTF8.self).lowercased()
      if lowered.contains("urn:schemas-microsoft-com:office:spreadsheet") { return .spreadsheetML2003 }
      if lowered.hasPrefix("<!doctype html") || lowered.contains("<html") || lowered.contains("<table") {
        return .html
      }
      return .xml
    }
    return looksLikeText(head) ? .text : .unknownBinary
  }

  /// Whether bytes look like text in some encoding: UTF-16 shows its NUL pattern,
  /// 8-bit text has few control bytes.
  static func looksLikeText(_ head: [UInt8]) -> Bool {
    if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) { return true }
    let sample = head.prefix(4096)
    var controls = 0
    var evenNUL = 0
    var oddNUL = 0
    for (offset, byte) in sample.enumerated() {
      if byte == 0 {
        if offset % 2 == 0 { evenNUL += 1 } else { oddNUL += 1 }
      } else if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C {
        controls += 1
      }
    }
    let half = sample.count / 2
    if half > 0 && (oddNUL * 10 >= half * 7 || evenNUL * 10 >= half * 7) { return true }
    return evenNUL + oddNUL == 0 && controls * 100 <= sample.count
  }

  private static func contains(_ haystack: [UInt8], utf16 needle: String) -> Bool {
    let pattern = needle.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    guard pattern.count <= haystack.count else { return false }
    let first = pattern[0]
    var index = 0
    let last = haystack.count - pattern.count
    while index <= last {
      if haystack[index] == first && haystack[index..<(index + pattern.count)].elementsEqual(pattern) {
        return true
      }
      index += 1
    }
    return false
  }
}
