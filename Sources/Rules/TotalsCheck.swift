import Findings
import Schema
import SheetIO

/// Checks a totals row against the sum of the data rows above or below it: counts must
/// match exactly, money within one unit of its column (SPEC §4 `totals-mismatch`).
public struct TotalsCheck {
  /// The form whose numeric columns are summed.
  public let form: Form
  private var sums: [String: Double] = [:]

  /// Creates the check for one table.
  public init(form: Form) { self.form = form }

  /// The numeric columns whose totals are sums.
  private var summed: [FormColumn] {
    form.columns.filter { ($0.type == .integer || $0.type == .decimal) && $0.constraints.summedInTotals }
  }

  /// Adds a data row to the sums.
  public mutating func add(_ record: TableRecord) {
    for column in summed {
      if case .number(let value) = record.values[column.spec.id] { sums[column.spec.id, default: 0] += value }
    }
  }

  /// The findings for `totals`, one per column whose total differs from the sum.
  /// Columns in `skipping` are not checked: a cell there could not be read, so its
  /// sum is unknown and a mismatch would only echo that finding.
  public func check(_ totals: TableRecord, file: String, sheet: String?, skipping: Set<String> = []) -> [Finding] {
    var findings: [Finding] = []
    for column in summed {
      let id = column.spec.id
      if skipping.contains(id) { continue }
      guard case .number(let stated) = totals.values[id], let ref = totals.cells[id] else { continue }
      let sum = sums[id] ?? 0
      let tolerance = column.type == .integer ? 0.000_001 : 1.000_001
      guard abs(stated - sum) > tolerance else { continue }
      findings.append(
        Finding(
          severity: .error, code: .totalsMismatch, rule: "totals-row", file: file, sheet: sheet, cell: ref.a1,
          row: ref.row, column: ref.column, field: id, value: totals.raw[id],
          message:
            "the totals row says \(NumberText.ecmaScript(stated)) but the rows add up to \(NumberText.ecmaScript((sum * 1e6).rounded() / 1e6))"
        )
      )
    }
    return findings
  }
}
