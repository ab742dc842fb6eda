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

  /// One column's constraints, resolved to the slot its values sit in: the figures a row
  /// is checked against, held in place so that checking a row retains nothing.
  private struct Step {
    let slot: Int
    /// The column's place in the form, where its seen values are kept.
    let place: Int
    let minimum: Double?
    let maximum: Double?
    let required: Bool
    let unique: Bool
    let hasPattern: Bool
    /// The index of the column's wording and pattern in ``ColumnChecks/details``.
    let detail: Int
  }

  /// A step as the quiet check reads it: its bounds open (infinite) where it has none, so
  /// that a number is compared without unwrapping them.
  private struct QuietStep {
    let slot: Int
    let minimum: Double
    let maximum: Double
    let required: Bool
    /// The index of the column's pattern in ``ColumnChecks/details``; -1: none.
    let pattern: Int
  }

  /// What a finding about a step's column says, and the column's pattern.
  private final class Detail {
    let id: String
    let label: String
    let pattern: TextPattern?
    /// The pattern's table, read without copying the pattern (see `TextPattern.ByteTable`).
    let table: TextPattern.ByteTable?

    init(id: String, label: String, pattern: TextPattern?) {
      self.id = id
      self.label = label
      self.pattern = pattern
      table = pattern?.byteTable
    }

    /// Whether the UTF-8 text `bytes` has the column's pattern (any text when it has none).
    func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
      if let table, let verdict = table.matches(bytes) { return verdict }
      return pattern?.matchesWhole(bytes) ?? true
    }
  }

  /// The error of the cell of `slot`, holding `field`, in `record`.
  private static func finding(
    _ code: FindingCode, _ message: String, _ vietnamese: String, slot: Int, field: String, record: TableRecord,
    file: String, sheet: String?
  ) -> Finding {
    let ref = record.cell(slot: slot)
    return Finding(
      severity: .error, code: code, file: file, sheet: sheet, cell: ref.a1, row: ref.row, column: ref.column,
      field: field, value: record.read(at: slot).description, message: message, vietnamese: vietnamese)
  }

  private var patterns: [String: TextPattern] = [:]
  private var layout: RecordLayout?
  private var steps: [Step] = []
  private var quietSteps: [QuietStep] = []
  /// Whether a step keeps the values it sees (a unique column): each record then goes
  /// through every step, quiet or not.
  private var remembers = false
  private var details: [Detail] = []
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
    steps = []
    quietSteps = []
    details = []
    remembers = false
    for (place, column) in form.columns.enumerated() {
      guard let slot = layout.slot(of: column.spec.id) else { continue }
      let constraints = column.constraints
      let unique = constraints.uniqueInFile || constraints.uniqueAcrossFiles && !acrossFilesChecked
      // A column without a constraint here has nothing to check on any row.
      guard
        constraints.required || constraints.minimum != nil || constraints.maximum != nil
          || patterns[column.spec.id] != nil || unique
      else { continue }
      remembers = remembers || unique
      steps.append(
        Step(
          slot: slot, place: place, minimum: constraints.minimum, maximum: constraints.maximum,
          required: constraints.required, unique: unique, hasPattern: patterns[column.spec.id] != nil,
          detail: details.count))
      quietSteps.append(
        QuietStep(
          slot: slot, minimum: constraints.minimum ?? -.infinity, maximum: constraints.maximum ?? .infinity,
          required: constraints.required, pattern: patterns[column.spec.id] != nil ? details.count : -1))
      details.append(
        Detail(
          id: column.spec.id, label: headers[column.spec.id] ?? column.spec.labels.first ?? column.spec.id,
          pattern: patterns[column.spec.id]))
    }
  }

  /// The findings for one record; also remembers values that must be unique.
  public mutating func check(_ record: TableRecord) -> [Finding] {
    if !record.has(layout: layout) { bind(to: record.layout) }
    if !remembers && isQuiet(record) { return [] }
    var findings: [Finding] = []
    for index in steps.indices {
      let step = steps[index]
      if let number = record.number(at: step.slot) {
        if let minimum = step.minimum, number < minimum {
          let label = details[step.detail].label
          findings.append(
            finding(
              .minimumError, "\(NumberText.ecmaScript(number)) is below the minimum \(NumberText.ecmaScript(minimum))",
              "\(label): \(NumberText.ecmaScript(number)) nhỏ hơn mức tối thiểu \(NumberText.ecmaScript(minimum))",
              step, record))
        }
        if let maximum = step.maximum, number > maximum {
          let label = details[step.detail].label
          findings.append(
            finding(
              .maximumError, "\(NumberText.ecmaScript(number)) is above the maximum \(NumberText.ecmaScript(maximum))",
              "\(label): \(NumberText.ecmaScript(number)) lớn hơn mức tối đa \(NumberText.ecmaScript(maximum))",
              step, record))
        }
      } else if record.isBlank(at: step.slot) {
        // An error cell (a formula without a saved result) is not empty: its type error says why.
        if step.required {
          let read = record.read(at: step.slot)
          if read.description.isEmpty, !read.isError {
            let label = details[step.detail].label
            findings.append(
              finding(.missingValue, "\(label) is required but empty", "\(label) không được để trống", step, record))
          }
        }
        continue
      } else if step.hasPattern, case let detail = details[step.detail],
        record.withText(at: step.slot, detail.matches) == false, let pattern = detail.pattern,
        case .text(let text) = record.value(at: step.slot)
      {
        findings.append(
          finding(
            .patternError,
            "'\(text)' does not have the form \(pattern.wording(vietnamese: false).map { "\($0) (\(pattern.source))" } ?? pattern.source)",
            "\(detail.label) '\(text)' không đúng dạng \(pattern.wording(vietnamese: true) ?? pattern.source)", step,
            record))
      }
      if step.unique {
        let label = details[step.detail].label
        let key = record.value(at: step.slot).description
        if let first = seen[step.place][key] {
          findings.append(
            finding(
              .uniqueError, "'\(key)' appears again; first in \(first.a1)",
              "\(label) '\(key)' bị lặp lại; đã có ở ô \(first.a1)", step, record))
        } else {
          seen[step.place][key] = record.cell(slot: step.slot)
        }
      }
    }
    return findings
  }

  /// Whether no step can find anything wrong with `record`: its numbers within their
  /// bounds, no required cell blank, every text of a pattern's column matching it. Most
  /// records are, and are told so by a loop that builds no finding; one that might not
  /// be goes through ``check(_:)``'s steps, which say exactly what is wrong.
  private func isQuiet(_ record: TableRecord) -> Bool {
    quietSteps.withUnsafeBufferPointer { steps in
      for step in steps {
        if let number = record.number(at: step.slot) {
          if number < step.minimum || number > step.maximum { return false }
        } else if record.isBlank(at: step.slot) {
          if step.required { return false }
        } else if step.pattern >= 0, record.withText(at: step.slot, details[step.pattern].matches) == false {
          return false
        }
      }
      return true
    }
  }

  /// The error of `step`'s cell in `record`.
  private func finding(
    _ code: FindingCode, _ message: String, _ vietnamese: String, _ step: Step, _ record: TableRecord
  )
    -> Finding
  {
    Self.finding(
      code, message, vietnamese, slot: step.slot, field: details[step.detail].id, record: record, file: file,
      sheet: sheet)
  }
}
