import Findings
import Schema
import SheetIO

/// Values that must be unique across the files of a period (a tax code in two units'
/// returns): remembers where each was first seen and reports a repeat with both places.
public struct FolderUniqueness {
  private var firstSeen: [String: [String: (file: String, sheet: String?, cell: String)]] = [:]
  private let columns: [FormColumn]

  /// Creates the check for a form's columns marked unique across files.
  public init(form: Form) {
    columns = form.columns.filter(\.constraints.uniqueAcrossFiles)
  }

  /// The findings for one record of `file`.
  public mutating func check(_ record: TableRecord, file: String, sheet: String?) -> [Finding] {
    var findings: [Finding] = []
    for column in columns {
      let id = column.spec.id
      guard let value = record.values[id], value != .blank, let ref = record.cells[id] else { continue }
      let key = value.description
      if let first = firstSeen[id]?[key] {
        let place = first.file + (first.sheet.map { " › \($0)" } ?? "") + "!" + first.cell
        findings.append(
          Finding(
            severity: .error, code: .uniqueError, file: file, sheet: sheet, cell: ref.a1, row: ref.row,
            column: ref.column, field: id, value: key,
            message: "\(column.spec.labels.first ?? id) \(key) is already listed in \(place)"))
      } else {
        firstSeen[id, default: [:]][key] = (file, sheet, ref.a1)
      }
    }
    return findings
  }
}
