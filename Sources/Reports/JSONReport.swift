import Findings
import Foundation

/// Renders a report as SPEC §5's JSON: version, valid, stats, files, findings.
public enum JSONReport {
  private struct Document: Encodable {
    struct Stats: Encodable {
      var files: Int
      var rows: Int
      var errors: Int
      var warnings: Int
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

  /// The JSON text of `report`; `strict` counts warnings against `valid`.
  public static func render(_ report: ValidationReport, strict: Bool = false) throws -> String {
    let document = Document(
      valid: report.passes(strict: strict),
      stats: .init(
        files: report.files.count, rows: report.rowCount, errors: report.errorCount,
        warnings: report.warningCount),
      files: report.files.map {
        .init(path: $0.path, unit: $0.unit, period: $0.period, valid: report.isValid($0.path), tables: $0.tables)
      },
      findings: report.findings)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(document), as: UTF8.self)
  }
}
