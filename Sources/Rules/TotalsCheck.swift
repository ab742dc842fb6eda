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
  /// The layout of the rows added since the last flush.
  private var layout: RecordLayout?
  /// The slot of each of ``summed`` in ``layout`` (-1: not in it), and its running sum.
  private var slots: [Int] = []
  private var running: [Double] = []

  /// Creates the check for one table.
  public init(form: Form) {
    self.form = form
    summed = form.columns.filter { ($0.type == .integer || $0.type == .decimal) && $0.constraints.summedInTotals }
  }

  /// Adds a data row to the sums.
  public mutating func add(_ record: TableRecord) {
    if !record.has(layout: layout) {
      flush()
      layout = record.layout
      slots = summed.map { record.layout.slot(of: $0.spec.id) ?? -1 }
      running = Array(repeating: 0, count: summed.count)
    }
    // One uniqueness check a row, not one a column.
    slots.withUnsafeBufferPointer { slots in
      running.withUnsafeMutableBufferPointer { running in
        for index in slots.indices where slots[index] >= 0 {
          if let value = record.number(at: slots[index]) { running[index] += value }
        }
      }
    }
  }

  /// Moves the running sums into ``sums``.
  private mutating func flush() {
    guard layout != nil else { return }
    for (index, slot) in slots.enumerated() where slot >= 0 {
      sums[summed[index].spec.id, default: 0] += running[index]
    }
    layout = nil
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
