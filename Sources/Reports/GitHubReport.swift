import Findings

/// Renders a report as GitHub Actions workflow commands, one annotation per finding.
///
/// Each line reads `::error file=PATH,line=ROW,col=COL,title=TITLE::MESSAGE` (`::warning`
/// for warnings, `::notice` for info). `line` is the sheet row (for CSV the line the record starts on)
/// and `col` the column number; both are left out when the finding has no row, and `file`
/// when it has no file. The title names the table's form, the sheet and cell, and the rule
/// id or code: `htx-list › Biểu 01!E7 [tax-code-checksum]`.
///
/// Values are escaped as the Actions runner unescapes them: `%`, CR and LF everywhere, and
/// also `:` and `,` inside properties, so a message or path holding them survives intact.
public enum GitHubReport {
  /// The annotation lines of `report`, each ending in a line break.
  public static func render(_ report: ValidationReport) -> String {
    let index = ReportIndex(report)
    var out = ""
    for finding in report.findings { out += line(finding, form: index.form(of: finding)) + "\n" }
    return out
  }

  /// One finding as a workflow command; `form` is the form of the table it is on, if any.
  public static func line(_ finding: Finding, form: String?) -> String {
    var properties: [(String, String)] = []
    if let file = finding.file { properties.append(("file", file)) }
    if let row = finding.line ?? finding.row {
      properties.append(("line", String(row)))
      if let column = finding.column { properties.append(("col", String(column))) }
    }
    properties.append(("title", title(finding, form: form)))
    let listed = properties.map { "\($0.0)=\(escapeProperty($0.1))" }.joined(separator: ",")
    return "::\(command(finding.severity)) \(listed)::\(escapeData(finding.message))"
  }

  /// The annotation title: form, place and rule, or the code's title when the finding has
  /// no place in a table.
  static func title(_ finding: Finding, form: String?) -> String {
    let place = [form, finding.place.isEmpty ? nil : finding.place].compactMap { $0 }.joined(separator: " › ")
    return "\(place.isEmpty ? finding.code.title : place) [\(finding.ruleID)]"
  }

  /// The workflow command for a severity.
  static func command(_ severity: Severity) -> String {
    switch severity {
    case .error: "error"
    case .warning: "warning"
    case .info: "notice"
    }
  }

  /// `text` escaped for a command's message: `%`, CR and LF as `%25`, `%0D`, `%0A`.
  static func escapeData(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "%": out += "%25"
      case "\r": out += "%0D"
      case "\n": out += "%0A"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// `text` escaped for a property value: as for messages, plus `:` and `,` as `%3A`, `%2C`.
  static func escapeProperty(_ text: String) -> String {
    var out = ""
    for scalar in escapeData(text).unicodeScalars {
      switch scalar {
      case ":": out += "%3A"
      case ",": out += "%2C"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
