import Findings
import Schema
import SheetIO

/// The "Chia ra" parts of a summary's indicator: the rows under a "Chia ra:" heading
/// ("- Nông nghiệp", "- Phi nông nghiệp") must add up to the row above it (DOMAIN.md).
public enum PartsCheck {
  /// The findings for the parts under each heading row of `headings` in an indicator
  /// table's `records` (in sheet order); parts run to the next numbered row.
  public static func check(_ records: [TableRecord], headings: [Int], file: String, sheet: String?) -> [Finding] {
    var findings: [Finding] = []
    headings: for heading in headings {
      guard let parent = records.last(where: { $0.row < heading }), case .number(let whole)? = parent.value("value"),
        let cell = parent.cell("value")
      else { continue }
      let parts = records.drop { $0.row < heading }.prefix { isPart($0) }
      guard !parts.isEmpty else { continue }
      var sum = 0.0
      var allWhole = true
      for part in parts {
        // A part left blank or unreadable: the sum is unknown, and its own finding says so.
        guard case .number(let value)? = part.value("value") else { continue headings }
        sum += value
        allWhole = allWhole && value.rounded() == value
      }
      let tolerance = allWhole && whole.rounded() == whole ? 0.000_001 : 1.000_001
      guard abs(sum - whole) > tolerance else { continue }
      let total = NumberText.ecmaScript((sum * 1e6).rounded() / 1e6)
      let label = parent.raw("indicator") ?? ""
      findings.append(
        Finding(
          severity: .error, code: .totalsMismatch, rule: "chia-ra", file: file, sheet: sheet, cell: cell.a1,
          row: cell.row, column: cell.column, field: "value", value: parent.raw("value"),
          message:
            "the parts under 'Chia ra' add up to \(total), not the \(NumberText.ecmaScript(whole)) of '\(label)'",
          vietnamese: "các dòng 'Chia ra' cộng lại được \(total), khác \(NumberText.ecmaScript(whole)) của '\(label)'"))
    }
    return findings
  }

  /// Whether a record is a part: no number in its STT cell ("", "-", "a)").
  private static func isPart(_ record: TableRecord) -> Bool {
    guard let stt = record.raw("stt")?.trimmingCharacters(in: .whitespaces), !stt.isEmpty else { return true }
    return !stt.contains(where: \.isNumber) && !RowKind.isBlockHeading(stt)
  }
}
