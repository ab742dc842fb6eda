import Findings
import Schema
import SheetIO

/// Checks a totals row against the sum of the data rows above or below it: counts must
/// match exactly, money within one unit of its column (SPEC §4 `totals-mismatch`).
public struct TotalsCheck {
  /// The form whose numeric columns are summed.
  public let form: Form
  private var sums: [String: Double] = [:]
  /// The numeric columns whose totals are sums.
  private let summed: [FormColumn]
  /// The slots of ``summed`` in the layout of the rows added, with their running sums.
  private var running: (layout: RecordLayout, slots: [Int?], sums: [Double])?

  /// Creates the check for one table.
  public init(form: Form) {
    self.form = form
    summed = form.columns.filter { ($0.type == .integer || $0.type == .decimal) && $0.constraints.summedInTotals }
  }

  /// Adds a data row to the sums.
  public mutating func add(_ record: TableRecord) {
    if running?.layout !== record.layout {
      flush()
      running = (
        record.layout, summed.map { record.layout.slot(of: $0.spec.id) }, Array(repeating: 0, count: summed.count)
      )
    }
    guard var current = running else { return }
    running = nil
    for (index, slot) in current.slots.enumerated() {
      guard let slot, let value = record.number(at: slot) else { continue }
      current.sums[index] += value
    }
    running = current
  }

  /// Moves the running sums into ``sums``.
  private mutating func flush() {
    guard let running else { return }
    for (index, slot) in running.slots.enumerated() where slot != nil {
      sums[summed[index].spec.id, default: 0] += running.sums[index]
    }
    self.running = nil
  }

  /// The findings for `totals`, one per column whose total differs from the sum.
  /// Columns in `skipping` are not checked: a cell there could not be read, so its
  /// sum is unknown and a mismatch would only echo that finding.
  public func check(_ totals: TableRecord, file: String, sheet: String?, skipping: Set<String> = []) -> [Finding] {
    var this = self
    this.flush()
    let sums = this.sums
    var findings: [Finding] = []
    var unsaved: [CellRef] = []
    for column in summed {
      let id = column.spec.id
      if skipping.contains(id) { continue }
      // A formula whose result was not saved cannot be compared: said once, below.
      if let slot = totals.layout.slot(of: id), case .error(.noSavedResult) = totals.read(at: slot) {
        unsaved.append(totals.cell(slot: slot))
        continue
      }
      guard case .number(let stated)? = totals.value(id), let ref = totals.cell(id) else { continue }
      let sum = sums[id] ?? 0
      let tolerance = column.type == .integer ? 0.000_001 : 1.000_001
      guard abs(stated - sum) > tolerance else { continue }
      findings.append(
        Finding(
          severity: .error, code: .totalsMismatch, rule: "totals-row", file: file, sheet: sheet, cell: ref.a1,
          row: ref.row, column: ref.column, field: id, value: totals.raw(id),
          message:
            "the totals row says \(NumberText.ecmaScript(stated)) but the rows add up to \(NumberText.ecmaScript((sum * 1e6).rounded() / 1e6))",
          vietnamese:
            "dòng tổng cộng ghi \(NumberText.ecmaScript(stated)) nhưng cộng các dòng được \(NumberText.ecmaScript((sum * 1e6).rounded() / 1e6))"
        )
      )
    }
    if let first = unsaved.first {
      let columns = unsaved.map { CellRef.columnLetters($0.column) }.joined(separator: ", ")
      findings.append(
        Finding(
          severity: .warning, code: .typeError, rule: "totals-row", file: file, sheet: sheet, cell: first.a1,
          row: first.row, column: first.column, value: "",
          message:
            "the totals row's formulas in \(columns) have no saved result, so they were not compared with the rows; open the file in Excel or LibreOffice and save it again",
          vietnamese:
            "các công thức ở dòng tổng cộng (cột \(columns)) không lưu kết quả nên chưa được đối chiếu với các dòng; hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu lại"
        ))
    }
    return findings
  }
}
