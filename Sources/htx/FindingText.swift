import Findings
import SheetIO

/// Renders findings as one line of text each, for standard error.
enum FindingText {
  /// `file › sheet!A1  severity  code: message`.
  static func line(_ finding: Finding) -> String {
    var place = finding.file ?? ""
    if let sheet = finding.sheet {
      place += " › \(sheet)"
      if let cell = finding.cell { place += "!\(cell)" }
    } else if let row = finding.row {
      place += ":\(row)"
    }
    return "\(place)  \(finding.severity.rawValue)  \(finding.code.rawValue): \(finding.message)"
  }
}
