import Findings
import Foundation
import Testing

@testable import Reports

/// The JSON report has SPEC §5's shape, and the text report one line per finding.
@Suite struct ReportTests {
  static let report = ValidationReport(
    files: [
      .init(
        path: "cao-loc.xlsx", unit: "183", period: "2017-H1",
        tables: [.init(form: "htx-list", sheet: "Biểu 01", headerRow: 7, rows: 12)]),
      .init(
        path: "bac-son.csv", unit: "185", period: "2017-H1",
        tables: [.init(form: "htx-list", sheet: nil, headerRow: 1, rows: 9)]),
    ],
    findings: [
      Finding(
        code: .ruleError, rule: "member-labour-le-members", file: "cao-loc.xlsx", sheet: "Biểu 01", cell: "J12",
        row: 12, column: 10, field: "member_labour", value: "31", message: "31 > 24"),
      Finding(severity: .warning, code: .extraColumn, file: "bac-son.csv", sheet: nil, message: "Ghi chú ignored"),
    ])

  @Test func jsonHasTheSpecShape() throws {
    let text = try JSONReport.render(Self.report)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(json["version"] as? Int == 1)
    #expect(json["valid"] as? Bool == false)
    let stats = try #require(json["stats"] as? [String: Int])
    #expect(stats == ["files": 2, "rows": 21, "errors": 1, "warnings": 1])
    let files = try #require(json["files"] as? [[String: Any]])
    #expect(files.map { $0["valid"] as? Bool } == [false, true])
    let table = try #require((files.first?["tables"] as? [[String: Any]])?.first)
    #expect(Set(table.keys) == ["form", "sheet", "header_row", "rows"])
    let finding = try #require((json["findings"] as? [[String: Any]])?.first)
    #expect(finding["cell"] as? String == "J12" && finding["rule"] as? String == "member-labour-le-members")
  }

  /// The document as `JSONEncoder` wrote the report before the writer replaced it.
  struct EncodedDocument: Encodable {
    struct Stats: Encodable {
      var files, rows, errors, warnings: Int
    }
    struct File: Encodable {
      var path: String
      var unit: String?
      var period: String?
      var valid: Bool
      var tables: [ValidationReport.Table]
    }
    var version = 1
    var valid: Bool
    var stats: Stats
    var files: [File]
    var findings: [Finding]
  }

  @Test(arguments: [false, true]) func jsonIsByteForByteWhatJSONEncoderWrites(empty: Bool) throws {
    let awkward = "quote \" back \\ slash / tab \t line \n\r bell \u{7} \u{1f} del \u{7f} Việt \u{2028} 😀"
    var report = Self.report
    report.files.append(.init(path: "no tables/\(awkward).csv", unit: nil, period: nil, tables: []))
    report.findings.append(
      Finding(
        code: .typeError, file: awkward, sheet: awkward, cell: "B2", row: 2, column: 2, field: "name",
        value: awkward, message: awkward))
    if empty { report = ValidationReport() }
    #expect(try JSONReport.render(report) == Self.encoded(report))
  }

  @Test func aReportOfManyFindingsRenderedInPiecesIsWhatJSONEncoderWrites() throws {
    // Enough findings that they are rendered in two pieces on two threads.
    let findings = (0..<25_001).map { index in
      Finding(
        code: .ruleError, rule: "tax-code-checksum", file: "return.csv", cell: "C\(index + 8)", row: index + 8,
        column: 3, field: "tax_code", value: "\(4_900_000_000 + index)", message: "Mã số thuế \"\(index)\" sai")
    }
    let report = ValidationReport(files: [.init(path: "return.csv")], findings: findings)
    #expect(try JSONReport.render(report) == Self.encoded(report))
  }

  @Test func escapesAtEveryPlaceOfAWordAndAnyIntegerAreWhatJSONEncoderWrites() throws {
    var findings: [Finding] = []
    for offset in 0..<20 {
      for mark in ["\"", "\\", "\n", "\u{1}", "\u{1f}", " ", "\u{7f}", "ệ"] {
        let text = String(repeating: "a", count: offset) + mark + String(repeating: "b", count: 20 - offset)
        findings.append(
          Finding(
            code: .typeError, file: "x.csv", cell: "A1", row: [0, -7, 9, Int.max, Int.min, 1_000_000][offset % 6],
            column: offset, field: "name", value: text, message: text))
      }
    }
    let report = ValidationReport(files: [.init(path: "x.csv")], findings: findings)
    #expect(try JSONReport.render(report) == Self.encoded(report))
  }

  /// The report as JSONEncoder writes it.
  static func encoded(_ report: ValidationReport) throws -> String {
    let document = EncodedDocument(
      valid: report.passes(strict: false),
      stats: .init(
        files: report.files.count, rows: report.rowCount, errors: report.errorCount, warnings: report.warningCount),
      files: report.files.map {
        .init(path: $0.path, unit: $0.unit, period: $0.period, valid: report.isValid($0.path), tables: $0.tables)
      },
      findings: report.findings)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(document), as: UTF8.self)
  }

  @Test func strictCountsWarnings() throws {
    let clean = ValidationReport(files: Self.report.files, findings: [Self.report.findings[1]])
    #expect(clean.passes(strict: false))
    #expect(!clean.passes(strict: true))
  }

  @Test func textGroupsByFileWithASummaryLine() {
    let text = TextReport.render(Self.report)
    #expect(text.contains("cao-loc.xlsx › Biểu 01!J12  error [member-labour-le-members]  31 > 24\n"))
    #expect(text.contains("cao-loc.xlsx: 1 error, 0 warnings, 12 rows (htx-list)\n"))
    #expect(text.contains("bac-son.csv: ok, 1 warning, 9 rows (htx-list)\n"))
  }
}
