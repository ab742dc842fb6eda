import Findings

/// Renders a report for people: findings grouped by file, one line each
/// (`file › sheet!A1  severity  message`), and a summary line per file.
public enum TextReport {
  /// The text of `report`; `colour` adds terminal colours to severities and verdicts.
  public static func render(_ report: ValidationReport, colour: Bool = false) -> String {
    var out = ""
    let byFile = Dictionary(grouping: report.findings, by: { $0.file ?? "" })
    let paths = Set(report.files.map(\.path))
    for file in report.files {
      let findings = (byFile[file.path] ?? []).sorted { ($0.row ?? 0, $0.column ?? 0) < ($1.row ?? 0, $1.column ?? 0) }
      for finding in findings { out += line(finding, colour: colour) + "\n" }
      let errors = findings.filter { $0.severity == .error }.count
      let warnings = findings.filter { $0.severity == .warning }.count
      let rows = file.tables.map(\.rows).reduce(0, +)
      let tables = file.tables.map(\.form).joined(separator: ", ")
      let verdict =
        errors == 0 ? paint("ok", .green, colour) : paint("\(errors) error\(errors == 1 ? "" : "s")", .red, colour)
      out +=
        "\(file.path): \(verdict), \(warnings) warning\(warnings == 1 ? "" : "s"), \(rows) rows"
        + (tables.isEmpty ? "" : " (\(tables))") + "\n"
    }
    // Folder findings, and any whose file is not among the files read.
    for finding in report.findings where !paths.contains(finding.file ?? "") {
      out += line(finding, colour: colour) + "\n"
    }
    out +=
      "\(report.files.count) files, \(report.rowCount) rows: \(report.errorCount) errors, \(report.warningCount) warnings\n"
    return out
  }

  /// One finding as `file › sheet!A1  severity [rule]  message`.
  public static func line(_ finding: Finding, colour: Bool = false) -> String {
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
    let tint: Tint =
      switch finding.severity {
      case .error: .red
      case .warning: .yellow
      case .info: .blue
      }
    return "\(place)  \(paint(finding.severity.rawValue, tint, colour))\(rule)  \(finding.message)"
  }

  enum Tint: String {
    case red = "31"
    case yellow = "33"
    case green = "32"
    case blue = "34"
  }

  static func paint(_ text: String, _ tint: Tint, _ on: Bool) -> String {
    on ? "\u{1B}[\(tint.rawValue)m\(text)\u{1B}[0m" : text
  }
}
