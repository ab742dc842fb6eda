import Findings
import Testing

@testable import Reports

/// The text report lists each file's findings by row and column, then its summary line,
/// then the findings of no file read, and a closing count.
@Suite struct TextReportTests {
  static func finding(
    _ message: String, file: String? = "a.csv", sheet: String? = nil, cell: String? = nil, row: Int? = nil,
    column: Int? = nil, severity: Severity = .error
  ) -> Finding {
    Finding(
      severity: severity, code: .ruleError, rule: "r", file: file, sheet: sheet, cell: cell, row: row,
      column: column, message: message)
  }

  static let report = ValidationReport(
    files: [
      .init(path: "a.csv", tables: [.init(form: "htx-list", sheet: nil, headerRow: 1, rows: 7)]),
      .init(path: "b.xlsx", tables: [.init(form: "htx-list", sheet: "S", headerRow: 2, rows: 3)]),
    ],
    findings: [
      finding("late", cell: "B9", row: 9, column: 2),
      finding("right", cell: "E3", row: 3, column: 5, severity: .warning),
      finding("folder", file: nil),
      finding("left", cell: "B3", row: 3, column: 2),
      finding("right again", cell: "E3", row: 3, column: 5),
      finding("sheet", file: "b.xlsx", sheet: "S", cell: "A4", row: 4, column: 1, severity: .warning),
      finding("whole file"),
      finding("row only", file: "b.xlsx", row: 2),
      finding("elsewhere", file: "c.csv"),
    ])

  @Test func findingsGoByRowAndColumnAndTiesKeepTheirOrder() {
    #expect(
      TextReport.render(Self.report) == """
        a.csv  error [r]  whole file
        a.csv › B3  error [r]  left
        a.csv › E3  warning [r]  right
        a.csv › E3  error [r]  right again
        a.csv › B9  error [r]  late
        a.csv: 4 errors, 1 warning, 7 rows (htx-list)
        b.xlsx:2  error [r]  row only
        b.xlsx › S!A4  warning [r]  sheet
        b.xlsx: 1 error, 1 warning, 3 rows (htx-list)
          error [r]  folder
        c.csv  error [r]  elsewhere
        2 files, 10 rows: 7 errors, 2 warnings

        """)
  }

  @Test func coloursOnlySeverityAndVerdict() {
    let report = ValidationReport(
      files: [.init(path: "a.csv")], findings: [Self.finding("x", cell: "A1", row: 1, column: 1)])
    #expect(
      TextReport.render(report, colour: true) == """
        a.csv › A1  \u{1B}[31merror\u{1B}[0m [r]  x
        a.csv: \u{1B}[31m1 error\u{1B}[0m, 0 warnings, 0 rows
        1 files, 0 rows: 1 errors, 0 warnings

        """)
    #expect(TextReport.line(report.findings[0]) == "a.csv › A1  error [r]  x")
  }
}
