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
  private var patterns: [String: NSRegularExpression] = [:]
  private var seen: [String: [String: CellRef]] = [:]

  /// Creates the checks for one table.
  public init(form: Form, file: String, sheet: String?) {
    self.form = form
    self.file = file
    self.sheet = sheet
    for column in form.columns {
      if let pattern = column.constraints.pattern, let regex = try? NSRegularExpression(pattern: pattern) {
        patterns[column.spec.id] = regex
      }
    }
  }

  /// The findings for one record; also remembers values that must be unique.
  public mutating func check(_ record: TableRecord) -> [Finding] {
    var findings: [Finding] = []
    for column in form.columns {
      let id = column.spec.id
      guard let ref = record.cells[id] else { continue }
      let value = record.values[id] ?? .blank
      let raw = record.raw[id] ?? ""
      func finding(_ code: FindingCode, _ message: String) -> Finding {
        Finding(
          severity: .error, code: code, file: file, sheet: sheet, cell: ref.a1, row: ref.row, column: ref.column,
          field: id, value: raw, message: message)
      }
      let constraints = column.constraints
      if value == .blank {
        if constraints.required && raw.isEmpty {
          findings.append(finding(.missingValue, "\(column.spec.labels.first ?? id) is required but empty"))
        }
        continue
      }
      if case .number(let number) = value {
        if let minimum = constraints.minimum, number < minimum {
          findings.append(
            finding(
              .minimumError, "\(NumberText.ecmaScript(number)) is below the minimum \(NumberText.ecmaScript(minimum))"))
        }
        if let maximum = constraints.maximum, number > maximum {
          findings.append(
            finding(
              .maximumError, "\(NumberText.ecmaScript(number)) is above the maximum \(NumberText.ecmaScript(maximum))"))
        }
      }
      if case .text(let text) = value, let regex = patterns[id] {
        let range = NSRange(text.startIndex..., in: text)
        if regex.firstMatch(in: text, options: [.anchored], range: range)?.range != range {
          findings.append(finding(.patternError, "'\(text)' does not have the form \(constraints.pattern ?? "")"))
        }
      }
      if constraints.uniqueInFile || constraints.uniqueAcrossFiles && !acrossFilesChecked {
        let key = value.description
        if let first = seen[id]?[key] {
          findings.append(finding(.uniqueError, "'\(key)' appears again; first in \(first.a1)"))
        } else {
          seen[id, default: [:]][key] = ref
        }
      }
    }
    return findings
  }
}
