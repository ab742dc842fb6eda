import Foundation
import Reports
import Schema
import SheetIO

/// Writes the merged cooperatives as JSON Lines: one object a line, numbers as
/// numbers, dates as ISO 8601 days, blanks as null.
public final class CooperativeJSONL {
  private let output: AtomicFileOutput
  private let columns: CooperativeColumns

  /// Starts the file at `path` (written on ``finish()``).
  public init(path: String, columns: CooperativeColumns) throws {
    output = try AtomicFileOutput(path: path)
    self.columns = columns
  }

  /// Appends one row.
  public func add(_ row: CooperativeRow) throws {
    var line = "{\"unit_code\":\(Self.string(row.unitCode)),\"unit_name\":\(Self.string(row.unitName))"
    line += ",\"period\":\(Self.string(row.period))"
    for (field, value) in zip(columns.fields, row.values) {
      line += ",\(Self.string(field.id)):"
      switch value {
      case .blank: line += "null"
      case .number(let number): line += number.isFinite ? NumberText.ecmaScript(number) : "null"
      case .text(let text): line += Self.string(text)
      case .date: line += Self.string(value.description)
      }
    }
    line += ",\"source\":{\"file\":\(Self.string(row.file)),\"sheet\":\(Self.string(row.sheet)),\"row\":\(row.row)}"
    if !row.findings.isEmpty {
      line += ",\"findings\":[\(row.findings.map { Self.string($0) }.joined(separator: ","))]"
    }
    try output.write(line + "}\n")
  }

  /// Renames the finished file onto its path.
  public func finish() throws { try output.commit() }

  /// `text` as a JSON string literal, or `null`.
  static func string(_ text: String?) -> String {
    guard let text else { return "null" }
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          out += String(format: "\\u%04x", scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
