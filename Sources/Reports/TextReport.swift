import Findings

/// Renders a report for people: findings grouped by file, one line each
/// (`file › sheet!A1  severity  message`), and a summary line per file.
public enum TextReport {
  /// The text of `report`.
  public static func render(_ report: ValidationReport) -> String {
    var out = ""
    let byFile = Dictionary(grouping: report.findings, by: { $0.file ?? "" })
    for file in report.files {
      let findings = (byFile[file.path] ?? []).sorted { ($0.row ?? 0, $0.column ?? 0) < ($1.row ?? 0, $1.column ?? 0) }
      for finding in findings { out += line(finding) + "\n" }
      let errors = findings.filter { $0.severity == .error }.count
      let warnings = findings.filter { $0.severity == .warning }.count
      let rows = file.tables.map(\.rows).reduce(0, +)
      let tables = file.tables.map(\.form).joined(separator: ", ")
      let verdict = errors == 0 ? "ok" : "\(errors) error\(errors == 1 ? "" : "s")"
      out +=
        "\(file.path): \(verdict), \(warnings) warning\(warnings == 1 ? "" : "s"), \(rows) rows"
        + (tables.isEmpty ? "" : " (\(tables))") + "\n"
    }
    for finding in byFile[""] ?? [] { out += line(finding) + "\n" }
    out +=
      "\(report.files.count) files, \(report.rowCount) rows: \(report.errorCount) errors, \(report.warningCount) warnings\n"
    return out
  }

  /// One finding as `file › sheet!A1  severity  message`.
  public static func line(_ finding: Finding) -> String {
    var place = finding.file ?? ""
    if let sheet = finding.sheet {
      place += " › \(sheet)"
      if let cell = finding.cell { place += "!\(cell)" }
    } else if let cell = finding.cell {
      place += " › \(cell)"
    } else if let row = finding.row {
      place += ":\(row)"
    }
    let rule = finding.rule.map { " [\($0)]" } ?? " [\(finding.code.rawValue)]"
    return "\(place)  \(finding.severity.rawValue)\(rule)  \(finding.message)"
  }
}
