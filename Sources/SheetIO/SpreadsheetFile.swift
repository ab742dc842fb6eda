/// Opens any spreadsheet file a unit may send, deciding what it is by its bytes.
public enum SpreadsheetFile {
  /// The file name extensions that promise a workbook.
  static let workbookExtensions: Set<String> = ["xlsx", "xlsm", "xltx", "xltm", "xls", "xlsb", "ods"]

  /// Opens `path` as an XLSX workbook or a CSV file, whatever its extension says.
  ///
  /// A text file with a workbook's extension (a CSV renamed `.xlsx`) is refused as
  /// `file-format`, since the sender meant to send a workbook.
  /// - Throws: ``SheetReadError`` with the finding code that describes the problem.
  public static func open(path: String, csvOptions: CSVOptions = CSVOptions()) throws -> any SheetSource {
    let kind = try sniff(path: path)
    let fileExtension = path.split(separator: "/").last.flatMap { name -> String? in
      guard let dot = name.lastIndex(of: ".") else { return nil }
      return name[name.index(after: dot)...].lowercased()
    }
    switch kind {
    case .zip:
      return try XLSXWorkbook(path: path)
    case .text:
      if let fileExtension, workbookExtensions.contains(fileExtension) {
        throw SheetReadError(
          .fileFormat,
          "the file is named .\(fileExtension) but holds text (CSV?), not a workbook; rename it .csv or save it as .xlsx",
          vietnamese:
            "tệp có đuôi .\(fileExtension) nhưng chứa văn bản (CSV?), không phải sổ tính Excel; đổi đuôi thành .csv hoặc lưu lại dạng .xlsx"
        )
      }
      return try CSVSource(path: path, options: csvOptions)
    case .empty:
      throw SheetReadError(.fileCorrupt, "the file is empty (0 bytes)", vietnamese: "tệp rỗng (0 byte)")
    case .legacyExcel:
      throw SheetReadError(
        .fileFormat,
        "this is a legacy Excel 97–2003 workbook (.xls), which htx does not read; open it and save it as .xlsx (Excel Workbook)",
        vietnamese:
          "đây là sổ tính Excel 97–2003 (.xls), htx không đọc được; hãy mở tệp và lưu lại dạng .xlsx (Excel Workbook)"
      )
    case .encryptedWorkbook:
      throw SheetReadError(
        .fileFormat,
        "the workbook is encrypted (password-protected); remove the password and send it again",
        vietnamese: "sổ tính có đặt mật khẩu; hãy bỏ mật khẩu rồi gửi lại")
    case .html:
      throw SheetReadError(
        .fileFormat,
        "this is an HTML page saved with a spreadsheet name, not a workbook; open it and save it as .xlsx",
        vietnamese: "đây là trang HTML mang tên tệp bảng tính, không phải sổ tính; hãy mở tệp và lưu lại dạng .xlsx")
    case .spreadsheetML2003:
      throw SheetReadError(
        .fileFormat, "this is an Excel 2003 XML spreadsheet; open it and save it as .xlsx",
        vietnamese: "đây là bảng tính XML của Excel 2003; hãy mở tệp và lưu lại dạng .xlsx")
    case .compoundFile, .xml, .pdf, .unknownBinary:
      throw SheetReadError(
        .fileFormat, "this is a \(kind), not an XLSX workbook or CSV text file",
        vietnamese: "đây là \(kind.vietnameseDescription), không phải sổ tính XLSX hay tệp văn bản CSV")
    }
  }

  /// Sniffs the kind of the file at `path` from its first bytes.
  public static func sniff(path: String) throws -> FileKind {
    let file = try RandomAccessFile(path: path)
    let head = try file.bytes(at: 0, count: min(file.size, 8192))
    var probe: [UInt8]?
    if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
      probe = try file.bytes(at: 0, count: min(file.size, 4 << 20))
    }
    return FileKind.sniff(head, compoundProbe: probe)
  }
}
