import Findings
import Schema
import SheetIO
import Testing

@testable import Rules

/// Each column constraint fires at the right cell, and only when broken.
@Suite struct ColumnChecksTests {
  static let form = Form(
    id: "htx-list", title: "Danh sách",
    columns: [
      FormColumn(
        spec: ColumnSpec(id: "tax_code", labels: ["Mã số thuế"]), type: .text,
        constraints: ColumnConstraints(required: true, pattern: #"^\d{10}(-\d{3})?$"#, uniqueInFile: true)),
      FormColumn(
        spec: ColumnSpec(id: "members", labels: ["Số thành viên"]), type: .integer,
        constraints: ColumnConstraints(minimum: 0, maximum: 100_000)),
    ])

  static func record(row: Int, taxCode: TypedValue, members: TypedValue, raw: String = "x") -> TableRecord {
    TableRecord(
      row: row, values: ["tax_code": taxCode, "members": members],
      cells: ["tax_code": CellRef(row: row, column: 3), "members": CellRef(row: row, column: 8)],
      raw: ["tax_code": taxCode == .blank ? "" : raw, "members": members.description])
  }

  func codes(_ records: [TableRecord]) -> [(FindingCode, String?)] {
    var checks = ColumnChecks(form: Self.form, file: "a.xlsx", sheet: "Biểu 01")
    return records.flatMap { checks.check($0) }.map { ($0.code, $0.cell) }
  }

  @Test func validRowsGiveNoFinding() {
    #expect(
      codes([
        Self.record(row: 9, taxCode: .text("4900123457"), members: .number(12)),
        Self.record(row: 10, taxCode: .text("4900123465-001"), members: .number(0)),
      ]).isEmpty)
  }

  @Test func missingRequiredValueIsAtItsCell() {
    let found = codes([Self.record(row: 9, taxCode: .blank, members: .number(3))])
    #expect(found.map(\.0) == [.missingValue] && found.first?.1 == "C9")
  }

  @Test func patternMinimumMaximumAndUniqueFire() {
    let found = codes([
      Self.record(row: 9, taxCode: .text("490012345"), members: .number(-1)),
      Self.record(row: 10, taxCode: .text("4900123457"), members: .number(200_000)),
      Self.record(row: 11, taxCode: .text("4900123457"), members: .number(5)),
    ])
    #expect(found.map(\.0) == [.patternError, .minimumError, .maximumError, .uniqueError])
    #expect(found.map(\.1) == ["C9", "H9", "H10", "C11"])
  }
}
