import Findings
import Foundation
import Schema
import SheetIO

/// Checks each record against its form's column constraints (required, minimum,
/// maximum, pattern, unique within the file) and reports findings at the cell.
public struct ColumnChecks {
  /// The form whose constraints apply.
  public let form: Form
  /// The file being checked, for findings.
  public let file: String
  /// The sheet being checked, for findings.
  public let sheet: String?
  /// Whether across-file uniqueness is checked by a ``FolderUniqueness`` instead
  /// (which also catches a repeat inside one file). The default is false.
  public var acrossFilesChecked = false
  /// The header each field was found under, by field id, so messages name a column as the
  /// sheet does ("MST", not the form's "Mã số thuế"); a field without one is named by
  /// its form's first label.
  public var headers: [String: String] = [:]

  /// One column's constraints, resolved to the slot its values sit in.
  private final class Step {
    let slot: Int
    /// The column's place in the form, where its seen values are kept.
    let place: Int
    let id: String
    let label: String
    let constraints: ColumnConstraints
    let pattern: TextPattern?
    let unique: Bool

    init(
      slot: Int, place: Int, id: String, label: String, constraints: ColumnConstraints, pattern: TextPattern?,
      unique: Bool
    ) {
      self.slot = slot
      self.place = place
      self.id = id
      self.label = label
      self.constraints = constraints
      self.pattern = pattern
      self.unique = unique
    }

    /// Whether the UTF-8 text `bytes` has the column's pattern (any text when it has none).
    func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { pattern?.matchesWhole(bytes) ?? true }
  }

  /// The error of `step`'s cell in `record`.
  private static func finding(
    _ code: FindingCode, _ message: String, _ vietnamese: String, step: Step, record: TableRecord, file: String,
    sheet: String?
  ) -> Finding {
    let ref = record.cell(slot: step.slot)
    return Finding(
      severity: .error, code: code, file: file, sheet: sheet, cell: ref.a1, row: ref.row, column: ref.column,
      field: step.id, value: record.read(at: step.slot).description, message: message, vietnamese: vietnamese)
  }

  private var patterns: [String: TextPattern] = [:]
  private var layout: RecordLayout?
  private var steps: [Step] = []
  /// Values seen so far in columns that must be unique, by the column's place in the form.
  private var seen: [[String: CellRef]]

  /// Creates the checks for one table.
  public init(form: Form, file: String, sheet: String?) {
    self.form = form
    self.file = file
    self.sheet = sheet
    seen = Array(repeating: [:], count: form.columns.count)
    for column in form.columns {
      if let pattern = column.constraints.pattern, let compiled = TextPattern.compiled(pattern) {
        patterns[column.spec.id] = compiled
      }
    }
  }

  /// Resolves the form's columns to the slots of `layout`.
  private mutating func bind(to layout: RecordLayout) {
    self.layout = layout
    steps = form.columns.enumerated().compactMap { place, column in
      guard let slot = layout.slot(of: column.spec.id) else { return nil }
      let constraints = column.constraints
      let unique = constraints.uniqueInFile || constraints.uniqueAcrossFiles && !acrossFilesChecked
      // A column without a constraint here has nothing to check on any row.
      guard
        constraints.required || constraints.minimum != nil || constraints.maximum != nil
          || patterns[column.spec.id] != nil || unique
      else { return nil }
      return Step(
        slot: slot, place: place, id: column.spec.id,
        label: headers[column.spec.id] ?? column.spec.labels.first ?? column.spec.id,
        constraints: constraints,
        pattern: patterns[column.spec.id], unique: unique)
    }
  }

  /// The findings for one record; also remembers values that must be unique.
  public mutating func check(_ record: TableRecord) -> [Finding] {
    if layout !== record.layout { bind(to: record.layout) }
    var findings: [Finding] = []
    // Read once: a nested function that read them from `self` would copy the checks.
    let (file, sheet) = (self.file, self.sheet)
    for step in steps {
      func finding(_ code: FindingCode, _ message: String, _ vietnamese: String) -> Finding {
        Self.finding(code, message, vietnamese, step: step, record: record, file: file, sheet: sheet)
      }
      let constraints = step.constraints
      if let number = record.number(at: step.slot) {
        if let minimum = constraints.minimum, number < minimum {
          findings.append(
            finding(
              .minimumError, "\(NumberText.ecmaScript(number)) is below the minimum \(NumberText.ecmaScript(minimum))",
              "\(step.label): \(NumberText.ecmaScript(number)) nhỏ hơn mức tối thiểu \(NumberText.ecmaScript(minimum))")
          )
        }
        if let maximum = constraints.maximum, number > maximum {
          findings.append(
            finding(
              .maximumError, "\(NumberText.ecmaScript(number)) is above the maximum \(NumberText.ecmaScript(maximum))",
              "\(step.label): \(NumberText.ecmaScript(number)) lớn hơn mức tối đa \(NumberText.ecmaScript(maximum))"))
        }
      } else if record.isBlank(at: step.slot) {
        // An error cell (a formula without a saved result) is not empty: its type error says why.
        let read = record.read(at: step.slot)
        if constraints.required, read.description.isEmpty, !read.isError {
          findings.append(
            finding(.missingValue, "\(step.label) is required but empty", "\(step.label) không được để trống"))
        }
        continue
      } else if step.pattern != nil, record.withText(at: step.slot, step.matches) == false,
        let pattern = step.pattern, case .text(let text) = record.value(at: step.slot)
      {
        findings.append(
          finding(
            .patternError,
            "'\(text)' does not have the form \(pattern.wording(vietnamese: false).map { "\($0) (\(pattern.source))" } ?? pattern.source)",
            "\(step.label) '\(text)' không đúng dạng \(pattern.wording(vietnamese: true) ?? pattern.source)"))
      }
      if step.unique {
        let key = record.value(at: step.slot).description
        if let first = seen[step.place][key] {
          findings.append(
            finding(
              .uniqueError, "'\(key)' appears again; first in \(first.a1)",
              "\(step.label) '\(key)' bị lặp lại; đã có ở ô \(first.a1)"))
        } else {
          seen[step.place][key] = record.cell(slot: step.slot)
        }
      }
    }
    return findings
  }
}
