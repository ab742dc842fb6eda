import Reports
import Schema
import SheetIO

/// Writes the merged cooperatives as CSV for Excel: UTF-8 with a BOM, CRLF, RFC 4180
/// quoting, and text that a spreadsheet would take for a formula made inert.
public final class CooperativeCSV {
  private let output: AtomicFileOutput
  private let columns: CooperativeColumns
  private let marksFindings: Bool

  /// Starts the file at `path` (written on ``finish()``) and its header row.
  public init(path: String, columns: CooperativeColumns, marksFindings: Bool) throws {
    output = try AtomicFileOutput(path: path)
    self.columns = columns
    self.marksFindings = marksFindings
    var header = ["unit_code", "unit_name", "period"] + columns.fields.map(\.id)
    header += ["source_file", "source_sheet", "source_row"]
    if marksFindings { header.append("findings") }
    try output.write([0xEF, 0xBB, 0xBF])
    try output.write(header.map(Self.field).joined(separator: ",") + "\r\n")
  }

  /// Appends one row.
  public func add(_ row: CooperativeRow) throws {
    var fields = [row.unitCode ?? "", row.unitName ?? "", row.period ?? ""].map(Self.field)
    for value in row.values {
      switch value {
      case .number(let number): fields.append(NumberText.ecmaScript(number))
      default: fields.append(Self.field(value.description))
      }
    }
    fields += [Self.field(row.file), Self.field(row.sheet ?? ""), String(row.row)]
    if marksFindings { fields.append(Self.field(row.findings.joined(separator: "; "))) }
    try output.write(fields.joined(separator: ",") + "\r\n")
  }

  /// Renames the finished file onto its path.
  public func finish() throws { try output.commit() }

  /// `text` as a CSV field: a leading `=`, `+`, `-`, `@`, tab or CR gets an apostrophe so
  /// no spreadsheet runs it, then RFC 4180 quoting where needed.
  static func field(_ text: String) -> String {
    var text = text
    if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
