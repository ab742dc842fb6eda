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

  @Test func aMessageNamesTheColumnAsTheSheetHeadsIt() {
    var checks = ColumnChecks(form: Self.form, file: "a.csv", sheet: nil)
    checks.headers = ["tax_code": "MST"]
    let findings = checks.check(Self.record(row: 5, taxCode: .blank, members: .number(9), raw: ""))
    #expect(findings.first?.message == "MST is required but empty")
  }

  @Test func aFormWithoutUniqueColumnsFindsEachBrokenConstraint() {
    // No column keeps its values, so a record that breaks nothing is told so by the quiet
    // pass: each broken constraint must still reach its finding.
    let form = Form(
      id: "htx-list", title: "Danh sách",
      columns: [
        FormColumn(
          spec: ColumnSpec(id: "tax_code", labels: ["Mã số thuế"]), type: .text,
          constraints: ColumnConstraints(required: true, pattern: #"^\d{10}(-\d{3})?$"#)),
        FormColumn(
          spec: ColumnSpec(id: "members", labels: ["Số thành viên"]), type: .integer,
          constraints: ColumnConstraints(minimum: 0, maximum: 100_000)),
      ])
    var checks = ColumnChecks(form: form, file: "a.xlsx", sheet: "Biểu 01")
    let records = [
      Self.record(row: 9, taxCode: .text("4900123457"), members: .number(12)),
      Self.record(row: 10, taxCode: .text("490012345"), members: .number(3)),
      Self.record(row: 11, taxCode: .text("4900123457"), members: .number(-1)),
      Self.record(row: 12, taxCode: .text("4900123457"), members: .number(100_001)),
      Self.record(row: 13, taxCode: .blank, members: .number(100_000)),
      Self.record(row: 14, taxCode: .text("4900123465-001"), members: .number(0)),
    ]
    let found = records.flatMap { checks.check($0) }
    #expect(found.map(\.code) == [.patternError, .minimumError, .maximumError, .missingValue])
    #expect(found.map(\.cell) == ["C10", "H11", "H12", "C13"])
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

/// A tax code seen in one unit's return is an error in another's, unless the records
/// that brought it were tentative and forgotten (a guessing read that restarted).
@Suite struct FolderUniquenessTests {
  static let form = Form(
    id: "htx-list", title: "Danh sách",
    columns: [
      FormColumn(
        spec: ColumnSpec(id: "tax_code", labels: ["Mã số thuế"]), type: .text,
        constraints: ColumnConstraints(uniqueAcrossFiles: true)),
      FormColumn(spec: ColumnSpec(id: "members", labels: ["Số thành viên"]), type: .integer),
    ])

  static func records(_ codes: [String]) -> [TableRecord] {
    codes.enumerated().map { index, code in
      ColumnChecksTests.record(row: index + 5, taxCode: .text(code), members: .number(9), raw: code)
    }
  }

  /// A record of `layout` with its tax code and members in the slots the layout gives them.
  static func record(row: Int, layout: RecordLayout, taxCode: String, members: Double) -> TableRecord {
    let values = layout.fields.map { $0 == "tax_code" ? TypedValue.text(taxCode) : .number(members) }
    let read = layout.fields.map { $0 == "tax_code" ? CellValue.text(taxCode) : .number(members) }
    return TableRecord(row: row, layout: layout, values: values, read: read)
  }

  @Test func aTableOfAnotherLayoutIsReadAtItsOwnSlots() {
    // The second file lists members before tax codes: one check spans both, and must
    // read each record at its own table's slots, not the slots it bound to first.
    var folder = FolderUniqueness(form: Self.form)
    let first = RecordLayout(fields: ["tax_code", "members"], columns: [3, 8])
    let second = RecordLayout(fields: ["members", "tax_code"], columns: [2, 4])
    #expect(
      folder.check(Self.record(row: 5, layout: first, taxCode: "4900123457", members: 9), file: "a.xlsx", sheet: "B")
        .isEmpty)
    let repeats = folder.check(
      Self.record(row: 7, layout: second, taxCode: "4900123457", members: 9), file: "b.xlsx", sheet: "B")
    #expect(repeats.map(\.cell) == ["D7"])
    var checks = ColumnChecks(form: ColumnChecksTests.form, file: "b.xlsx", sheet: "B")
    _ = checks.check(Self.record(row: 5, layout: first, taxCode: "4900123457", members: 9))
    let found = checks.check(Self.record(row: 6, layout: second, taxCode: "490012345", members: -1))
    #expect(found.map(\.code) == [.patternError, .minimumError], "\(found.map(\.code))")
    #expect(found.map(\.cell) == ["D6", "B6"], "\(found.map(\.cell))")
  }

  @Test func aCodeInTwoFilesNamesTheFirstPlace() {
    var folder = FolderUniqueness(form: Self.form)
    #expect(
      Self.records(["4900123457", "4900123465"]).flatMap { folder.check($0, file: "a.xlsx", sheet: "B") }.isEmpty)
    let repeats = Self.records(["4900123465"]).flatMap { folder.check($0, file: "b.csv", sheet: nil) }
    #expect(repeats.map(\.code) == [.uniqueError])
    #expect(repeats.first?.message.contains("a.xlsx › B!C6") == true)
  }

  @Test func aUnitsSecondReturnIsADuplicateSubmissionNotAHundredRepeats() {
    var folder = FolderUniqueness(form: Self.form)
    _ = Self.records(["4900123457", "4900123465"]).flatMap { folder.check($0, file: "a.xlsx", sheet: "B", unit: "185") }
    let sameUnit = Self.records(["4900123457"]).flatMap { folder.check($0, file: "b.xlsx", sheet: "B", unit: "185") }
    #expect(sameUnit.isEmpty)
    let otherUnit = Self.records(["4900123465"]).flatMap { folder.check($0, file: "c.xlsx", sheet: "B", unit: "183") }
    #expect(otherUnit.map(\.code) == [.uniqueError])
    let sameFile = Self.records(["4900123473", "4900123473"]).flatMap {
      folder.check($0, file: "d.xlsx", sheet: "B", unit: "183")
    }
    #expect(sameFile.map(\.cell) == ["C6"], "a repeat inside one return stays an error")
  }

  @Test func forgottenRecordsLeaveNoTraceAndKeptOnesStay() {
    var folder = FolderUniqueness(form: Self.form)
    _ = Self.records(["4900123457"]).flatMap { folder.check($0, file: "a.xlsx", sheet: "B") }
    folder.beginTentative()
    _ = Self.records(["4900123465", "4900123473"]).flatMap { folder.check($0, file: "b.xlsx", sheet: "B") }
    folder.forget()
    // Read again for real: the forgotten codes are new, the earlier file's are not.
    let again = Self.records(["4900123465", "4900123473", "4900123457"]).flatMap {
      folder.check($0, file: "b.xlsx", sheet: "B")
    }
    #expect(again.map(\.cell) == ["C7"])
    #expect(again.first?.message.contains("a.xlsx › B!C5") == true)
    folder.beginTentative()
    _ = Self.records(["4900123481"]).flatMap { folder.check($0, file: "c.csv", sheet: nil) }
    folder.keep()
    folder.forget()
    #expect(
      Self.records(["4900123481"]).flatMap { folder.check($0, file: "d.csv", sheet: nil) }.map(\.code) == [.uniqueError]
    )
  }
}
