import Findings

/// Renders a report as Markdown for a GitHub Actions job summary (`$GITHUB_STEP_SUMMARY`).
///
/// A headline with the totals, a table of the files with their error and warning counts
/// and rows read, then the first findings. Text from the files is escaped so that a sheet
/// name or message cannot break the table or turn into markup.
public enum GitHubStepSummary {
  /// The Markdown for `report`, listing at most `limit` findings; `strict` counts warnings
  /// against a file as the exit status does.
  public static func render(_ report: ValidationReport, strict: Bool = false, limit: Int = 50) -> String {
    let index = ReportIndex(report)
    let passed = report.passes(strict: strict)
    var out = "### htx validate: \(passed ? "✅ passed" : "❌ failed")\n\n"
    out +=
      "\(count(report.files.count, "file")), \(count(report.rowCount, "row")): "
      + "\(count(report.errorCount, "error")), \(count(report.warningCount, "warning"))\n\n"
    out += "| File | Result | Errors | Warnings | Rows |\n| --- | :---: | ---: | ---: | ---: |\n"
    for entry in index.files {
      let findings = entry.findings
      let errors = findings.filter { $0.severity == .error }.count
      let warnings = findings.filter { $0.severity == .warning }.count
      let fails = errors > 0 || (strict && warnings > 0)
      let rows = entry.file.tables.map(\.rows).reduce(0, +)
      out += "| \(escape(entry.file.path)) | \(fails ? "❌" : "✅") | \(errors) | \(warnings) | \(rows) |\n"
    }
    if !index.unfiled.isEmpty {
      let errors = index.unfiled.filter { $0.severity == .error }.count
      let warnings = index.unfiled.filter { $0.severity == .warning }.count
      out += "| (folder) | \(errors > 0 ? "❌" : "✅") | \(errors) | \(warnings) | |\n"
    }
    guard !report.findings.isEmpty, limit > 0 else { return out }
    let shown = report.findings.prefix(limit)
    out +=
      shown.count == report.findings.count
      ? "\n#### Findings\n\n" : "\n#### The first \(shown.count) of \(report.findings.count) findings\n\n"
    out += "| Severity | File | Place | Rule | Message |\n| --- | --- | --- | --- | --- |\n"
    for finding in shown {
      let cells = [finding.severity.rawValue, finding.file ?? "", finding.place, finding.ruleID, finding.message]
      out += "| " + cells.map(escape).joined(separator: " | ") + " |\n"
    }
    return out
  }

  /// `n` and the noun, plural when `n` is not one.
  private static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

  /// `text` as literal Markdown table-cell text: punctuation that Markdown or a table
  /// would read is backslash-escaped and line breaks become spaces.
  static func escape(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&", "#":
        out += "\\"
        out.unicodeScalars.append(scalar)
      case "\r", "\n": out += " "
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
