import CSQLite3
import Foundation
import Schema
import SheetIO
import Testing

@testable import Consolidate

/// The datasets' writers on real files: CSV for Excel, JSON Lines, SQLite.
@Suite struct DatasetWriterTests {
  static let form = Form(
    id: "list", title: "",
    columns: [
      FormColumn(spec: ColumnSpec(id: "name", labels: ["Tên HTX"]), type: .text),
      FormColumn(spec: ColumnSpec(id: "members", labels: ["Số thành viên"]), type: .integer),
      FormColumn(spec: ColumnSpec(id: "capital", labels: ["Vốn điều lệ"]), type: .decimal, unit: "triệu đồng"),
      FormColumn(spec: ColumnSpec(id: "founded", labels: ["Ngày thành lập"]), type: .date),
    ])

  static func row(_ name: String, members: Double?, capital: Double) -> CooperativeRow {
    CooperativeRow(
      unitCode: "183", unitName: "Cao Lộc", period: "2017-H1", file: "returns/cao-loc.xlsx", sheet: "DS HTX", row: 9,
      values: [
        .text(name), members.map(TypedValue.number) ?? .blank, .number(capital), .date(year: 2017, month: 3, day: 5),
      ])
  }

  static func temporary(_ ext: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("htx-\(UUID().uuidString).\(ext)").path
  }

  @Test(arguments: [
    ("=SUM(A1:A9)", "'=SUM(A1:A9)"), ("+84 912", "'+84 912"), ("-5", "'-5"), ("@cmd", "'@cmd"),
    ("HTX \"Hoa Sen\", Cao Lộc", "\"HTX \"\"Hoa Sen\"\", Cao Lộc\""), ("HTX Hoa Sen", "HTX Hoa Sen"),
  ])
  func csvFieldsAreFormulaSafeAndQuoted(text: String, field: String) {
    #expect(CooperativeCSV.field(text) == field)
  }

  @Test func csvStartsWithABOMAndWritesNumbersAsNumbers() throws {
    let path = Self.temporary("csv")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let csv = try CooperativeCSV(path: path, columns: CooperativeColumns(form: Self.form), marksFindings: false)
    try csv.add(Self.row("=HYPERLINK(\"x\")", members: 12, capital: 1250.5))
    #expect(!FileManager.default.fileExists(atPath: path), "nothing appears before finish")
    try csv.finish()
    let bytes = try #require(FileManager.default.contents(atPath: path))
    #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
    let lines = String(decoding: bytes.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
    #expect(lines[0] == "unit_code,unit_name,period,name,members,capital,founded,source_file,source_sheet,source_row")
    #expect(
      lines[1] == "183,Cao Lộc,2017-H1,\"'=HYPERLINK(\"\"x\"\")\",12,1250.5,2017-03-05,returns/cao-loc.xlsx,DS HTX,9")
  }

  @Test func jsonLinesParseWithTypes() throws {
    let path = Self.temporary("jsonl")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let jsonl = try CooperativeJSONL(path: path, columns: CooperativeColumns(form: Self.form))
    try jsonl.add(Self.row("HTX \"Hoa\"\nSen", members: nil, capital: 24.5))
    try jsonl.add(Self.row("HTX B", members: 7, capital: 0))
    try jsonl.finish()
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 2)
    let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
    #expect(first["name"] as? String == "HTX \"Hoa\"\nSen")
    #expect(first["members"] is NSNull)
    #expect(first["capital"] as? Double == 24.5)
    #expect(first["founded"] as? String == "2017-03-05")
    #expect((first["source"] as? [String: Any])?["row"] as? Int == 9)
    let second = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
    #expect(second["members"] as? Int == 7)
  }

  @Test func sqliteHoldsTheFourTables() throws {
    let path = Self.temporary("sqlite")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let database = try ProvinceDatabase(path: path, columns: CooperativeColumns(form: Self.form))
    try database.add(Self.row("HTX A", members: 12, capital: 1250.5))
    try database.add(Self.row("HTX B", members: 9, capital: 100))
    try database.addUnits([("183", "Cao Lộc", 1)])
    let indicators = [
      ConsolidationSpec.Indicator(id: "members", label: "", value: "", location: .init(file: "", line: 1, column: 1))
    ]
    try database.addSummary(
      [ProvinceSummary.Row(code: "183", name: "Cao Lộc", values: [21]), .init(code: "20", name: "Tỉnh", values: [21])],
      indicators: indicators)
    try database.addFindings([])
    try database.finish()
    var db: OpaquePointer?
    #expect(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK)
    defer { sqlite3_close(db) }
    func scalar(_ sql: String) -> String? {
      var statement: OpaquePointer?
      guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { return nil }
      defer { sqlite3_finalize(statement) }
      guard sqlite3_step(statement) == SQLITE_ROW, let text = sqlite3_column_text(statement, 0) else { return nil }
      return String(cString: text)
    }
    #expect(scalar("SELECT sum(members) FROM cooperatives") == "21")
    #expect(scalar("SELECT typeof(capital) FROM cooperatives WHERE name = 'HTX A'") == "real")
    #expect(scalar("SELECT founded FROM cooperatives LIMIT 1") == "2017-03-05")
    #expect(scalar("SELECT members FROM summary WHERE unit_code = '20'") == "21")
    #expect(scalar("SELECT count(*) FROM units") == "1")
    #expect(scalar("SELECT count(*) FROM findings") == "0")
  }

  @Test func anUnfinishedDatabaseLeavesThePreviousFile() throws {
    let path = Self.temporary("sqlite")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try Data("previous".utf8).write(to: URL(fileURLWithPath: path))
    do {
      let database = try ProvinceDatabase(path: path, columns: CooperativeColumns(form: Self.form))
      try database.add(Self.row("HTX A", members: 12, capital: 1))
      // Released without finish(), as when a run fails half-way.
    }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "previous")
    let folder = (path as NSString).deletingLastPathComponent
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter {
      $0.hasPrefix("." + (path as NSString).lastPathComponent + ".tmp")
    }
    #expect(leftovers.isEmpty)
  }
}
