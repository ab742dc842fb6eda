import CSQLite3
import Findings
import Foundation
import Schema

/// Why the SQLite dataset could not be written.
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
  /// SQLite's message, with what was being done.
  public var description: String
}

/// Writes the merged province as a SQLite file with the tables `units`, `cooperatives`,
/// `summary` and `findings`; the file appears whole on ``finish()`` or not at all.
public final class ProvinceDatabase {
  private let path: String
  private let temporaryPath: String
  private var db: OpaquePointer?
  private var insertCooperative: OpaquePointer?
  private let columns: CooperativeColumns
  private var finished = false

  /// Creates the database in a temporary file beside `path`, with its tables.
  public init(path: String, columns: CooperativeColumns) throws {
    self.path = path
    self.columns = columns
    let folder = (path as NSString).deletingLastPathComponent
    temporaryPath =
      (folder.isEmpty ? "." : folder) + "/.\((path as NSString).lastPathComponent).tmp-\(UUID().uuidString)"
    guard sqlite3_open_v2(temporaryPath, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK else {
      let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
      sqlite3_close(db)
      db = nil
      throw DatabaseError(description: "\(path): \(message)")
    }
    try execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN")
    try execute("CREATE TABLE units (code TEXT PRIMARY KEY, name TEXT NOT NULL, files INTEGER NOT NULL)")
    let fieldColumns = columns.fields.map { "\(Self.quoted($0.id)) \(Self.sqlType($0.type))" }
    try execute(
      "CREATE TABLE cooperatives (unit_code TEXT, unit_name TEXT, period TEXT, "
        + fieldColumns.joined(separator: ", ")
        + ", source_file TEXT NOT NULL, source_sheet TEXT, source_row INTEGER NOT NULL, findings TEXT)")
    try execute(
      "CREATE TABLE findings (severity TEXT NOT NULL, code TEXT NOT NULL, rule TEXT, file TEXT, sheet TEXT, "
        + "cell TEXT, row INTEGER, \"column\" INTEGER, field TEXT, value TEXT, message TEXT NOT NULL)")
    let marks = Array(repeating: "?", count: columns.fields.count + 7).joined(separator: ", ")
    insertCooperative = try prepare("INSERT INTO cooperatives VALUES (\(marks))")
  }

  deinit {
    sqlite3_finalize(insertCooperative)
    sqlite3_close(db)
    if !finished { unlink(temporaryPath) }
  }

  /// Adds one cooperative row.
  public func add(_ row: CooperativeRow) throws {
    guard let statement = insertCooperative else { return }
    sqlite3_reset(statement)
    var index: Int32 = 1
    bind(statement, &index, row.unitCode)
    bind(statement, &index, row.unitName)
    bind(statement, &index, row.period)
    for value in row.values {
      switch value {
      case .blank: sqlite3_bind_null(statement, index)
      case .number(let number): bindNumber(statement, index, number)
      case .text, .date: bindText(statement, index, value.description)
      }
      index += 1
    }
    bind(statement, &index, row.file)
    bind(statement, &index, row.sheet)
    sqlite3_bind_int64(statement, index, Int64(row.row))
    index += 1
    bind(statement, &index, row.findings.isEmpty ? nil : row.findings.joined(separator: "; "))
    guard sqlite3_step(statement) == SQLITE_DONE else { throw failure("insert a cooperative") }
  }

  /// Writes the `units` table: each unit with how many files it sent.
  public func addUnits(_ units: [(code: String, name: String, files: Int)]) throws {
    let statement = try prepare("INSERT OR REPLACE INTO units VALUES (?, ?, ?)")
    defer { sqlite3_finalize(statement) }
    for unit in units {
      sqlite3_reset(statement)
      var index: Int32 = 1
      bind(statement, &index, unit.code)
      bind(statement, &index, unit.name)
      sqlite3_bind_int64(statement, index, Int64(unit.files))
      guard sqlite3_step(statement) == SQLITE_DONE else { throw failure("insert a unit") }
    }
  }

  /// Writes the `summary` table: `unit_code`, `unit_name`, then one column per indicator.
  public func addSummary(_ rows: [ProvinceSummary.Row], indicators: [ConsolidationSpec.Indicator]) throws {
    let names = indicators.map { "\(Self.quoted($0.id)) NUMERIC" }.joined(separator: ", ")
    try execute("CREATE TABLE summary (unit_code TEXT NOT NULL, unit_name TEXT NOT NULL, \(names))")
    let marks = Array(repeating: "?", count: indicators.count + 2).joined(separator: ", ")
    let statement = try prepare("INSERT INTO summary VALUES (\(marks))")
    defer { sqlite3_finalize(statement) }
    for row in rows {
      sqlite3_reset(statement)
      var index: Int32 = 1
      bind(statement, &index, row.code)
      bind(statement, &index, row.name)
      for value in row.values {
        if let value { bindNumber(statement, index, value) } else { sqlite3_bind_null(statement, index) }
        index += 1
      }
      guard sqlite3_step(statement) == SQLITE_DONE else { throw failure("insert a summary row") }
    }
  }

  /// Writes the `findings` table.
  public func addFindings(_ findings: [Finding]) throws {
    let statement = try prepare("INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    defer { sqlite3_finalize(statement) }
    for finding in findings {
      sqlite3_reset(statement)
      var index: Int32 = 1
      for text in [
        finding.severity.rawValue, finding.code.rawValue, finding.rule, finding.file, finding.sheet, finding.cell,
      ] {
        bind(statement, &index, text)
      }
      for number in [finding.row, finding.column] {
        if let number {
          sqlite3_bind_int64(statement, index, Int64(number))
        } else {
          sqlite3_bind_null(statement, index)
        }
        index += 1
      }
      for text in [finding.field, finding.value, finding.message] { bind(statement, &index, text) }
      guard sqlite3_step(statement) == SQLITE_DONE else { throw failure("insert a finding") }
    }
  }

  /// Commits, closes and renames the file onto its path.
  public func finish() throws {
    sqlite3_finalize(insertCooperative)
    insertCooperative = nil
    try execute("COMMIT")
    guard sqlite3_close(db) == SQLITE_OK else { throw DatabaseError(description: "\(path): cannot close") }
    db = nil
    guard rename(temporaryPath, path) == 0 else {
      throw DatabaseError(description: "\(path): cannot rename \(temporaryPath) onto it (errno \(errno))")
    }
    finished = true
  }

  private func execute(_ sql: String) throws {
    guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw failure(sql) }
  }

  private func prepare(_ sql: String) throws -> OpaquePointer? {
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { throw failure(sql) }
    return statement
  }

  private func failure(_ doing: String) -> DatabaseError {
    DatabaseError(description: "\(path): \(db.map { String(cString: sqlite3_errmsg($0)) } ?? "closed") (\(doing))")
  }

  private func bind(_ statement: OpaquePointer?, _ index: inout Int32, _ text: String?) {
    if let text { bindText(statement, index, text) } else { sqlite3_bind_null(statement, index) }
    index += 1
  }

  /// A whole number as an INTEGER, anything else as a REAL.
  private func bindNumber(_ statement: OpaquePointer?, _ index: Int32, _ number: Double) {
    if number.rounded() == number && abs(number) < 9e15 {
      sqlite3_bind_int64(statement, index, Int64(number))
    } else {
      sqlite3_bind_double(statement, index, number)
    }
  }

  /// SQLite copies the text (SQLITE_TRANSIENT), so the Swift string may go.
  private func bindText(_ statement: OpaquePointer?, _ index: Int32, _ text: String) {
    let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    sqlite3_bind_text(statement, index, text, -1, transient)
  }

  static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

  static func sqlType(_ type: ColumnType) -> String {
    switch type {
    case .integer: "INTEGER"
    case .decimal: "REAL"
    case .text, .enum, .date: "TEXT"
    }
  }
}
