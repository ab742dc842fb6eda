import Findings
import Schema
import SheetIO
import Testing

@testable import Rules

/// A totals row must be the sum of its rows: counts exactly, money within one unit.
@Suite struct TotalsCheckTests {
  static let form = Form(
    id: "htx-list", title: "Danh sách",
    columns: [
      FormColumn(spec: ColumnSpec(id: "stt", labels: ["STT"]), type: .integer),
      FormColumn(spec: ColumnSpec(id: "members", labels: ["Số thành viên"]), type: .integer),
      FormColumn(spec: ColumnSpec(id: "charter_capital", labels: ["Vốn điều lệ"]), type: .decimal),
    ])

  static func record(_ row: Int, members: Double, capital: Double) -> TableRecord {
    TableRecord(
      row: row, values: ["members": .number(members), "charter_capital": .number(capital)],
      cells: ["members": CellRef(row: row, column: 8), "charter_capital": CellRef(row: row, column: 11)],
      raw: [:])
  }

  func findings(totalMembers: Double, totalCapital: Double) -> [Finding] {
    var check = TotalsCheck(form: Self.form)
    check.add(Self.record(9, members: 12, capital: 100.5))
    check.add(Self.record(10, members: 30, capital: 250))
    return check.check(Self.record(11, members: totalMembers, capital: totalCapital), file: "a.xlsx", sheet: "B")
  }

  @Test func formulasWithoutASavedResultAreWarnedOnceNotCompared() {
    var check = TotalsCheck(form: Self.form)
    check.add(Self.record(9, members: 12, capital: 100.5))
    var totals = Self.record(11, members: 0, capital: 0)
    for slot in totals.values.indices {
      totals.values[slot] = .blank
      totals.read[slot] = .error(.noSavedResult)
    }
    let found = check.check(totals, file: "a.xlsx", sheet: "B")
    #expect(found.count == 1 && found.first?.severity == .warning && found.first?.cell == "H11")
    #expect(found.first?.message.contains("formulas in H, K have no saved result") == true)
  }

  @Test func matchingTotalsPass() {
    #expect(findings(totalMembers: 42, totalCapital: 350.5).isEmpty)
    #expect(findings(totalMembers: 42, totalCapital: 351).isEmpty, "money may be off by one unit (rounding)")
  }

  @Test func countOffByOneIsAMismatchAtItsCell() {
    let found = findings(totalMembers: 43, totalCapital: 350.5)
    #expect(found.map(\.code) == [.totalsMismatch])
    #expect(found.first?.cell == "H11" && found.first?.rule == "totals-row")
  }

  @Test func moneyOffByMoreThanOneUnitIsAMismatch() {
    #expect(findings(totalMembers: 42, totalCapital: 352).map(\.cell) == ["K11"])
  }
}
