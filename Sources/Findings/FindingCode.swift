/// The catalogue of problems htx reports; each raw value is the kebab-case code of SPEC §4.
///
/// Codes are part of the contract: scripts match on them, so a code is never renamed.
public enum FindingCode: String, Sendable, Codable, CaseIterable {
  // MARK: File
  case fileUnreadable = "file-unreadable"
  case fileFormat = "file-format"
  case fileCorrupt = "file-corrupt"
  case encodingError = "encoding-error"
  case limitExceeded = "limit-exceeded"

  // MARK: Table
  case sheetMissing = "sheet-missing"
  case headerNotFound = "header-not-found"
  case missingColumn = "missing-column"
  case extraColumn = "extra-column"
  case duplicateColumn = "duplicate-column"
  case unitUnknown = "unit-unknown"
  case periodMismatch = "period-mismatch"

  // MARK: Cell
  case typeError = "type-error"
  case missingValue = "missing-value"
  case patternError = "pattern-error"
  case enumError = "enum-error"
  case minimumError = "minimum-error"
  case maximumError = "maximum-error"
  case uniqueError = "unique-error"

  // MARK: Rules
  case ruleError = "rule-error"
  case totalsMismatch = "totals-mismatch"

  // MARK: Folder
  case missingSubmission = "missing-submission"
  case duplicateSubmission = "duplicate-submission"

  /// The scope a code belongs to, as SPEC §4 groups them.
  public var scope: FindingScope {
    switch self {
    case .fileUnreadable, .fileFormat, .fileCorrupt, .encodingError, .limitExceeded: .file
    case .sheetMissing, .headerNotFound, .missingColumn, .extraColumn, .duplicateColumn,
      .unitUnknown, .periodMismatch:
      .table
    case .typeError, .missingValue, .patternError, .enumError, .minimumError, .maximumError,
      .uniqueError:
      .cell
    case .ruleError, .totalsMismatch: .rule
    case .missingSubmission, .duplicateSubmission: .folder
    }
  }

  /// A short English title for reports.
  public var title: String {
    switch self {
    case .fileUnreadable: "File unreadable"
    case .fileFormat: "Not a supported file format"
    case .fileCorrupt: "File corrupt"
    case .encodingError: "Text encoding error"
    case .limitExceeded: "Limit exceeded"
    case .sheetMissing: "Sheet missing"
    case .headerNotFound: "Header not found"
    case .missingColumn: "Missing column"
    case .extraColumn: "Extra column"
    case .duplicateColumn: "Duplicate column"
    case .unitUnknown: "Unknown submitting unit"
    case .periodMismatch: "Period mismatch"
    case .typeError: "Wrong type"
    case .missingValue: "Missing value"
    case .patternError: "Pattern mismatch"
    case .enumError: "Value not allowed"
    case .minimumError: "Below minimum"
    case .maximumError: "Above maximum"
    case .uniqueError: "Duplicate value"
    case .ruleError: "Rule violated"
    case .totalsMismatch: "Totals row does not add up"
    case .missingSubmission: "Missing submission"
    case .duplicateSubmission: "Duplicate submission"
    }
  }

  /// A short Vietnamese title, for reports and for messages htx has in English only.
  public var vietnameseTitle: String {
    switch self {
    case .fileUnreadable: "Không đọc được tệp"
    case .fileFormat: "Định dạng tệp không được hỗ trợ"
    case .fileCorrupt: "Tệp bị hỏng"
    case .encodingError: "Lỗi bảng mã chữ"
    case .limitExceeded: "Vượt giới hạn"
    case .sheetMissing: "Thiếu trang tính"
    case .headerNotFound: "Không tìm thấy dòng tiêu đề"
    case .missingColumn: "Thiếu cột"
    case .extraColumn: "Cột thừa"
    case .duplicateColumn: "Cột trùng"
    case .unitUnknown: "Không rõ đơn vị báo cáo"
    case .periodMismatch: "Sai kỳ báo cáo"
    case .typeError: "Sai kiểu dữ liệu"
    case .missingValue: "Thiếu giá trị"
    case .patternError: "Sai định dạng"
    case .enumError: "Giá trị không hợp lệ"
    case .minimumError: "Nhỏ hơn mức tối thiểu"
    case .maximumError: "Lớn hơn mức tối đa"
    case .uniqueError: "Giá trị trùng lặp"
    case .ruleError: "Vi phạm quy tắc"
    case .totalsMismatch: "Dòng tổng cộng không khớp"
    case .missingSubmission: "Thiếu báo cáo"
    case .duplicateSubmission: "Báo cáo gửi trùng"
    }
  }

  /// Why the problem matters and what the sender can do about it.
  public var explanation: String {
    switch self {
    case .fileUnreadable: "The file could not be opened or read; check that it exists and is readable."
    case .fileFormat:
      "The bytes are not an XLSX workbook or a CSV text file (for example a legacy .xls, an encrypted workbook or an HTML page); save it again as .xlsx or CSV."
    case .fileCorrupt: "The file is damaged or not well formed; send it again, saved by a spreadsheet program."
    case .encodingError: "The text does not decode in the encoding the file declares; save it again as UTF-8."
    case .limitExceeded: "The file goes beyond a size or safety limit; split it or remove what is not data."
    case .sheetMissing: "A sheet the form needs is not in the workbook."
    case .headerNotFound: "No row matching the form's column labels was found."
    case .missingColumn: "A column the form requires is not in the table."
    case .extraColumn: "A column that is not part of the form was ignored."
    case .duplicateColumn: "Two columns carry the same label, so the value to use is ambiguous."
    case .unitUnknown: "The submitting unit could not be identified from the configuration, the title or the file name."
    case .periodMismatch: "The period in the file is not the period being collected."
    case .typeError: "The value is not of the column's type."
    case .missingValue: "A required value is empty."
    case .patternError: "The value does not have the required shape."
    case .enumError: "The value is not one of the allowed values."
    case .minimumError: "The value is below the allowed minimum."
    case .maximumError: "The value is above the allowed maximum."
    case .uniqueError: "The value must be unique but appears more than once."
    case .ruleError: "A consistency rule of the form does not hold."
    case .totalsMismatch: "A totals row is not the sum of the rows it totals."
    case .missingSubmission: "A unit that must report has sent no return for the period."
    case .duplicateSubmission: "A unit has sent more than one return for the period."
    }
  }
}

/// Where a finding applies: the whole file, one table, one cell, a rule, or a folder.
public enum FindingScope: String, Sendable, Codable, CaseIterable {
  case file, table, cell, rule, folder
}
