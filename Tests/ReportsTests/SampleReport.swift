import Findings

@testable import Reports

/// A report with every kind of place a finding can have: a workbook with two tables, a CSV
/// file whose path and message hold characters the formats must escape, an unreadable
/// file, a clean file and a folder finding.
enum SampleReport {
  static let workbook = "returns/cao-loc.xlsx"
  static let csv = "returns/bac son, 2017: v2.csv"
  static let unreadable = "returns/old.xls"
  static let clean = "returns/dinh-lap.xlsx"
  /// A message holding everything GitHub's escaping must carry: `%`, CR, LF, `,` and `:`.
  static let awkwardMessage = "100% wrong,\r\nsee: 'x', \"y\""

  static let report = ValidationReport(
    files: [
      .init(
        path: workbook, unit: "183", period: "2017-H1",
        tables: [
          .init(form: "htx-list", sheet: "Biểu 01", headerRow: 7, rows: 12),
          .init(form: "kttt-summary", sheet: "Biểu 02", headerRow: 6, rows: 10),
        ]),
      .init(path: csv, unit: "185", tables: [.init(form: "htx-list", sheet: nil, headerRow: 1, rows: 9)]),
      .init(path: unreadable),
      .init(path: clean, tables: [.init(form: "htx-list", sheet: "DS HTX", headerRow: 5, rows: 4)]),
    ],
    findings: [
      Finding(
        code: .ruleError, rule: "tax-code-checksum", file: workbook, sheet: "Biểu 01", cell: "C9", row: 9,
        column: 3, field: "tax_code", value: "0101234567", message: "Mã số thuế 0101234567 sai chữ số kiểm tra"),
      Finding(
        severity: .warning, code: .ruleError, rule: "min-members", file: workbook, sheet: "Biểu 01", cell: "H10",
        row: 10, column: 8, field: "members", value: "4", message: "ít hơn 7 thành viên"),
      Finding(
        code: .ruleError, rule: "tax-code-checksum", file: workbook, sheet: "Biểu 01", cell: "C11", row: 11,
        column: 3, field: "tax_code", value: "0101234568", message: "Mã số thuế 0101234568 sai chữ số kiểm tra"),
      Finding(
        code: .totalsMismatch, file: workbook, sheet: "Biểu 02", cell: "D20", row: 20, column: 4, field: "members",
        value: "120", message: "tổng 120 khác 118"),
      Finding(severity: .warning, code: .unitUnknown, file: workbook, message: "no title names a unit"),
      Finding(
        code: .typeError, file: csv, cell: "E7", row: 7, column: 5, field: "members", value: "12,5",
        message: awkwardMessage),
      Finding(severity: .info, code: .typeError, file: csv, cell: "C4", row: 4, column: 3, message: "zeros restored"),
      Finding(code: .fileFormat, file: unreadable, message: "a legacy .xls workbook"),
      Finding(code: .missingSubmission, message: "Văn Lãng sent no return"),
    ])
}
