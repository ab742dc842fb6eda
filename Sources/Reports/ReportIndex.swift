import Findings

/// A report's findings sorted out by file and by table, the way the machine-readable
/// renderers group them.
///
/// A finding belongs to a table when it is on that table's sheet, or, in a CSV file
/// (whose tables have no sheet), when it has a row and the file has exactly one table.
/// Other findings of a file (a bad ZIP, an unknown unit, a sheet where no table was
/// found) are file-level. Findings whose file is none of the report's files, such as
/// folder findings, are kept apart. A path listed twice is indexed once.
struct ReportIndex {
  /// A table and the findings on it.
  struct TableEntry {
    var table: ValidationReport.Table
    var findings: [Finding]
  }

  /// A file, its tables with their findings, and its file-level findings.
  struct FileEntry {
    var file: ValidationReport.File
    var tables: [TableEntry]
    var fileLevel: [Finding]

    /// Every finding of the file, tables first.
    var findings: [Finding] { tables.flatMap(\.findings) + fileLevel }
  }

  /// The files in report order.
  var files: [FileEntry]
  /// Findings whose file is not one of the report's files, in report order.
  var unfiled: [Finding]
  /// Where each path is in `files`.
  private var position: [String: Int] = [:]

  /// Sorts out the findings of `report`.
  init(_ report: ValidationReport) {
    files = []
    for file in report.files where position[file.path] == nil {
      position[file.path] = files.count
      files.append(
        FileEntry(file: file, tables: file.tables.map { TableEntry(table: $0, findings: []) }, fileLevel: []))
    }
    unfiled = []
    for finding in report.findings {
      guard let path = finding.file, let index = position[path] else {
        unfiled.append(finding)
        continue
      }
      if let table = Self.tableIndex(of: finding, in: files[index].file.tables) {
        files[index].tables[table].findings.append(finding)
      } else {
        files[index].fileLevel.append(finding)
      }
    }
  }

  /// The form of the table `finding` belongs to, if any.
  func form(of finding: Finding) -> String? {
    guard let path = finding.file, let index = position[path] else { return nil }
    let tables = files[index].file.tables
    return Self.tableIndex(of: finding, in: tables).map { tables[$0].form }
  }

  /// Which of `tables` (one file's) `finding` is on.
  static func tableIndex(of finding: Finding, in tables: [ValidationReport.Table]) -> Int? {
    if let sheet = finding.sheet, let index = tables.firstIndex(where: { $0.sheet == sheet }) { return index }
    guard finding.sheet == nil, finding.row != nil, tables.count == 1, tables[0].sheet == nil else { return nil }
    return 0
  }
}
