import Findings

/// Renders a report for people: findings grouped by file, one line each
/// (`file › sheet!A1  severity  message`), and a summary line per file.
public enum TextReport {
  /// The text of `report`; `colour` adds terminal colours to severities and verdicts.
  public static func render(_ report: ValidationReport, colour: Bool = false) -> String {
    String(decoding: renderBytes(report, colour: colour), as: UTF8.self)
  }

  /// The text of `report` as UTF-8: a report of many findings is written straight into
  /// bytes, neither a `String` nor a copied ``Finding`` made per line.
  public static func renderBytes(_ report: ValidationReport, colour: Bool = false) -> [UInt8] {
    let findings = report.findings
    var out: [UInt8] = []
    out.reserveCapacity(256 + findings.count * 160)
    var byFile: [String: [Int]] = [:]
    for index in findings.indices { byFile[findings[index].file ?? "", default: []].append(index) }
    // A file's findings by row and column, in report order where those tie.
    let places = findings.map { ($0.row ?? 0, $0.column ?? 0) }
    for file in report.files {
      let indices = (byFile[file.path] ?? []).sorted {
        (places[$0].0, places[$0].1, $0) < (places[$1].0, places[$1].1, $1)
      }
      var (errors, warnings) = (0, 0)
      for index in indices {
        appendLine(findings[index], colour: colour, to: &out)
        out.append(0x0A)
        switch findings[index].severity {
        case .error: errors += 1
        case .warning: warnings += 1
        case .info: break
        }
      }
      let rows = file.tables.map(\.rows).reduce(0, +)
      let tables = file.tables.map(\.form).joined(separator: ", ")
      let verdict =
        errors == 0 ? paint("ok", .green, colour) : paint("\(errors) error\(errors == 1 ? "" : "s")", .red, colour)
      out.append(
        contentsOf: ("\(file.path): \(verdict), \(warnings) warning\(warnings == 1 ? "" : "s"), \(rows) rows"
          + (tables.isEmpty ? "" : " (\(tables))") + "\n").utf8)
    }
    // Folder findings, and any whose file is not among the files read.
    let paths = Set(report.files.map(\.path))
    for finding in findings where !paths.contains(finding.file ?? "") {
      appendLine(finding, colour: colour, to: &out)
      out.append(0x0A)
    }
    out.append(
      contentsOf:
        "\(report.files.count) files, \(report.rowCount) rows: \(report.errorCount) errors, \(report.warningCount) warnings\n"
        .utf8)
    return out
  }

  /// One finding as `file › sheet!A1  severity [rule]  message`.
  public static func line(_ finding: Finding, colour: Bool = false) -> String {
    var bytes: [UInt8] = []
    appendLine(finding, colour: colour, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends ``line(_:colour:)``'s text to `out`, without its line break.
  static func appendLine(_ finding: Finding, colour: Bool, to out: inout [UInt8]) {
    out.append(contentsOf: (finding.file ?? "").utf8)
    if let sheet = finding.sheet {
      out.append(contentsOf: " › ".utf8)
      out.append(contentsOf: sheet.utf8)
      if let cell = finding.cell {
        out.append(0x21)  // !
        out.append(contentsOf: cell.utf8)
      }
    } else if let cell = finding.cell {
      out.append(contentsOf: " › ".utf8)
      out.append(contentsOf: cell.utf8)
    } else if let row = finding.row {
      out.append(0x3A)  // :
      out.append(contentsOf: String(row).utf8)
    }
    out.append(contentsOf: "  ".utf8)
    let tint: Tint =
      switch finding.severity {
      case .error: .red
      case .warning: .yellow
      case .info: .blue
      }
    if colour {
      out.append(contentsOf: paint(finding.severity.rawValue, tint, true).utf8)
    } else {
      out.append(contentsOf: finding.severity.rawValue.utf8)
    }
    out.append(contentsOf: " [".utf8)
    out.append(contentsOf: (finding.rule ?? finding.code.rawValue).utf8)
    out.append(contentsOf: "]  ".utf8)
    out.append(contentsOf: finding.message.utf8)
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
