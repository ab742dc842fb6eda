import Findings
import Foundation
import Schema
import SheetIO
import Testing

@testable import Rules

/// The summary's table rules compare its indicators with the cooperative list.
@Suite struct TableRulesTests {
  static let pack = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Schemas/kttt")

  static func cooperative(
    _ row: Int, status: String, members: Double, labour: Double, founded: (Int, Int, Int), capital: Double
  )
    -> TableRecord
  {
    TableRecord(
      row: row,
      values: [
        "status": .text(status), "members": .number(members), "labour": .number(labour),
        "founded": .date(year: founded.0, month: founded.1, day: founded.2), "charter_capital": .number(capital),
      ],
      cells: [:], raw: [:])
  }

  static let list = [
    cooperative(9, status: "Đang hoạt động", members: 20, labour: 10, founded: (2010, 1, 5), capital: 500),
    cooperative(10, status: "Đã giải thể", members: 7, labour: 0, founded: (2012, 3, 1), capital: 100),
    cooperative(11, status: "Đang hoạt động", members: 9, labour: 8, founded: (2017, 3, 2), capital: 1500),
  ]

  static func indicators(_ values: [String: Double]) -> IndicatorTable {
    var table = IndicatorTable()
    for (row, (id, value)) in values.sorted(by: { $0.key < $1.key }).enumerated() {
      table.values[id] = .number(value)
      table.cells[id] = CellRef(row: row + 8, column: 5)
      table.raw[id] = NumberText.ecmaScript(value)
    }
    return table
  }

  static let consistent: [String: Double] = [
    "htx_total": 2, "htx_new": 1, "members": 29, "labour": 18, "member_labour": 10, "new_capital": 1500,
    "union_total": 1, "tht_total": 23, "tht_members": 187,
  ]

  func rules(_ language: String = "en") throws -> TableRules {
    let form = try #require(try Pack.load(folder: Self.pack).forms.first { $0.id == "kttt-summary" })
    var rules = try TableRules(form: form)
    rules.language = language
    return rules
  }

  @Test func consistentSummaryPasses() throws {
    let findings = try rules().check(
      Self.indicators(Self.consistent), list: Self.list, period: ReportingPeriod("2017-H1"), file: "a", sheet: "B")
    #expect(findings.isEmpty, "\(findings.map(\.message))")
  }

  @Test(arguments: [
    ("htx_total", 3.0, "summary-htx-total"), ("htx_new", 2, "summary-htx-new"), ("members", 36, "summary-members"),
    ("labour", 20, "summary-labour"), ("new_capital", 1502, "summary-new-capital"),
    ("member_labour", 19, "summary-parts"),
  ])
  func eachSummaryRuleFiresAtItsIndicator(_ id: String, _ wrong: Double, _ rule: String) throws {
    var values = Self.consistent
    values[id] = wrong
    let table = Self.indicators(values)
    let findings = try rules().check(table, list: Self.list, period: ReportingPeriod("2017-H1"), file: "a", sheet: "B")
    #expect(findings.map(\.rule) == [rule])
    #expect(findings.first?.cell == table.cells[id]?.a1)
  }

  @Test("a list cell that could not be read leaves the sums it is in unknown, not smaller")
  func unreadableListCellsLeaveTheirRulesUnchecked() throws {
    var list = Self.list
    // Row 11's members held a formula without a saved result: blank, and unreadable.
    let slot = try #require(list[2].layout.slot(of: "members"))
    list[2].values[slot] = .blank
    list[2].unreadable = 1 << UInt64(slot)
    let findings = try rules().check(
      Self.indicators(Self.consistent), list: list, period: ReportingPeriod("2017-H1"), file: "a", sheet: "B")
    // Members are 29 on the summary and 20 readable in the list: no error, one warning.
    #expect(findings.map(\.rule) == ["summary-members"])
    #expect(findings.first?.severity == .warning)
    #expect(findings.first?.message.contains("the list has 1 row") == true)
    // The same blank cell, simply empty, makes the sum 20: the summary's 29 is wrong.
    list[2].unreadable = 0
    let blank = try rules().check(
      Self.indicators(Self.consistent), list: list, period: ReportingPeriod("2017-H1"), file: "a", sheet: "B")
    #expect(blank.map(\.severity) == [.error])
  }

  @Test(
    "counts only the summary gives cannot be negative",
    arguments: [
      ("union_total", "summary-unions-not-negative"), ("tht_total", "summary-groups-not-negative"),
      ("tht_members", "summary-group-members-not-negative"),
    ])
  func summaryOnlyCountsAreNotNegative(_ id: String, _ rule: String) throws {
    var values = Self.consistent
    values[id] = -1
    let table = Self.indicators(values)
    let findings = try rules().check(table, list: Self.list, period: ReportingPeriod("2017-H1"), file: "a", sheet: "B")
    #expect(findings.map(\.rule) == [rule])
    #expect(findings.first?.cell == table.cells[id]?.a1)
    // Left blank, the figure is the value column's missing value, not this rule's.
    var blank = Self.indicators(Self.consistent)
    blank.values[id] = .blank
    blank.raw[id] = ""
    #expect(
      try rules().check(blank, list: Self.list, period: ReportingPeriod("2017-H1"), file: "a", sheet: "B").isEmpty)
    values[id] = 0
    #expect(
      try rules().check(
        Self.indicators(values), list: Self.list, period: ReportingPeriod("2017-H1"), file: "a", sheet: "B"
      ).isEmpty)
  }

  @Test("a sum over a column the list lacks is unknown, not zero; a count stays a count")
  func aMissingListColumnSumsToNothing() throws {
    // Lists without a members column: a summary of 29 members is not "wrong against 0".
    let list = [
      TableRecord(row: 9, values: ["status": .text("Đang hoạt động"), "labour": .number(10)], cells: [:], raw: [:]),
      TableRecord(row: 10, values: ["status": .text("Đang hoạt động"), "labour": .number(8)], cells: [:], raw: [:]),
    ]
    var values = Self.consistent
    values["labour"] = 18
    values["htx_total"] = 3
    let findings = try rules().check(
      Self.indicators(values), list: list, period: ReportingPeriod("2017-H1"), file: "a", sheet: "B")
    #expect(!findings.contains { $0.rule == "summary-members" }, "\(findings.map(\.rule))")
    #expect(!findings.contains { $0.rule == "summary-labour" })
    // Two cooperatives are listed, whatever columns the list has: 3 is wrong.
    #expect(findings.contains { $0.rule == "summary-htx-total" })
  }

  @Test func moneyWithinOneUnitPasses() throws {
    var values = Self.consistent
    values["new_capital"] = 1500.5
    let findings = try rules().check(
      Self.indicators(values), list: Self.list, period: ReportingPeriod("2017-H1"), file: "a", sheet: "B")
    #expect(findings.isEmpty)
  }

  @Test func summaryWithoutAListChecksOnlyItsOwnParts() throws {
    var values = Self.consistent
    values["htx_total"] = 99
    let findings = try rules().check(
      Self.indicators(values), list: [], period: ReportingPeriod("2017-H1"), file: "a", sheet: "B")
    #expect(findings.isEmpty)
  }

  @Test func messageNamesTheExpectedCount() throws {
    var values = Self.consistent
    values["htx_total"] = 3
    let findings = try rules("vi").check(
      Self.indicators(values), list: Self.list, period: ReportingPeriod("2017-H1"), file: "a", sheet: "B")
    #expect(findings.first?.message == "Tổng số HTX (3) khác số HTX chưa giải thể trong danh sách (2)")
  }

  @Test func aBlankIndicatorIsAMissingValueAtItsCellNotASilentPass() throws {
    var table = Self.indicators(Self.consistent)
    table.values["htx_new"] = .blank
    table.raw["htx_new"] = ""
    let findings = try rules().check(table, list: Self.list, period: ReportingPeriod("2017-H1"), file: "a", sheet: "B")
    #expect(findings.map(\.code) == [.missingValue])
    #expect(findings.first?.rule == "summary-htx-new")
    #expect(findings.first?.cell == table.cells["htx_new"]?.a1)
    #expect(findings.first?.message.contains("the list gives 1") == true)
  }

  @Test func rulesOnThePeriodsDaysWaitForAPeriod() throws {
    var values = Self.consistent
    values["htx_new"] = 2
    values["htx_total"] = 5
    let findings = try rules().check(Self.indicators(values), list: Self.list, period: nil, file: "a", sheet: "B")
    #expect(findings.map(\.rule) == ["summary-htx-total"], "htx_new needs the period's bounds; htx_total does not")
  }
}

/// Summary rows name their indicators the ways offices write them.
@Suite struct IndicatorLabelTests {
  static func collect(_ texts: [String]) throws -> [String: Int] {
    let form = try #require(try Pack.load(folder: TableRulesTests.pack).forms.first { $0.id == "kttt-summary" })
    let records = texts.enumerated().map { index, text in
      TableRecord(
        row: index + 8, values: ["indicator": .text(text), "value": .number(Double(index + 1))],
        cells: ["indicator": CellRef(row: index + 8, column: 2), "value": CellRef(row: index + 8, column: 5)], raw: [:])
    }
    let table = IndicatorTable.collect(records, form: form)
    return table.cells.mapValues(\.row)
  }

  @Test func shortFormsOfUnionsAndGroupMembers() throws {
    let rows = try Self.collect(["Số LH HTX", "Số TV THT", "Số THT"])
    #expect(rows["union_total"] == 8 && rows["tht_members"] == 9 && rows["tht_total"] == 10)
  }

  @Test func numberingUnitsAbbreviationsAndAFewMoreWordsAside() throws {
    let rows = try Self.collect([
      "1. Tổng số hợp tác xã", "1.1. Số HTX thành lập mới trong kỳ", "a) Số HTX giải thể",
      "Tổng số thành viên của HTX (người)", "Tổng số lao động trong HTX", "Trong đó: lao động là thành viên",
      "Tổng vốn điều lệ (triệu đồng)", "Tổng số tổ hợp tác (THT)", "Tổng số thành viên THT", "Số Liên hiệp hợp tác xã",
    ])
    #expect(rows["htx_total"] == 8 && rows["htx_new"] == 9 && rows["htx_dissolved"] == 10)
    #expect(rows["members"] == 11 && rows["labour"] == 12 && rows["member_labour"] == 13)
    #expect(rows["charter_capital"] == 14 && rows["tht_total"] == 15 && rows["tht_members"] == 16)
    #expect(rows["union_total"] == 17)
  }

  @Test func theLabelLeavingTheFewestWordsOverWins() throws {
    let rows = try Self.collect(["Tổng số HTX thành lập mới", "Tổng số HTX"])
    #expect(rows["htx_new"] == 8, "'Số HTX thành lập mới' leaves one word over, 'Tổng số HTX' three")
    #expect(rows["htx_total"] == 9)
    #expect(try Self.collect(["Doanh thu bình quân của HTX"]).isEmpty)
  }

  @Test func moneyStatedInAnotherUnitIsConverted() throws {
    let form = try #require(try Pack.load(folder: TableRulesTests.pack).forms.first { $0.id == "kttt-summary" })
    let records = [
      TableRecord(
        row: 8, values: ["indicator": .text("Tổng vốn điều lệ"), "unit": .text("Tỷ đồng"), "value": .number(2.5)],
        cells: [:], raw: [:]),
      TableRecord(
        row: 9, values: ["indicator": .text("Vốn điều lệ của HTX thành lập mới (tỷ đồng)"), "value": .number(1.25)],
        cells: [:], raw: [:]),
      TableRecord(
        row: 10, values: ["indicator": .text("Tổng số hợp tác xã"), "unit": .text("HTX"), "value": .number(9)],
        cells: [:], raw: [:]),
    ]
    let table = IndicatorTable.collect(records, form: form)
    #expect(table.values["charter_capital"] == .number(2500))
    #expect(table.values["new_capital"] == .number(1250))
    #expect(table.values["htx_total"] == .number(9), "a count has no money unit")
  }

  @Test func anUnreadableFigureIsReportedOnceByItsTypeError() throws {
    let form = try #require(try Pack.load(folder: TableRulesTests.pack).forms.first { $0.id == "kttt-summary" })
    var rules = try TableRules(form: form)
    rules.language = "en"
    for (raw, reported) in [("2,3625 tỷ", false), ("x", true), ("", true)] {
      var table = TableRulesTests.indicators(TableRulesTests.consistent)
      table.values["members"] = .blank
      table.raw["members"] = raw
      let findings = rules.check(
        table, list: TableRulesTests.list, period: ReportingPeriod("2017-H1"), file: "a", sheet: "B")
      #expect(findings.contains { $0.rule == "summary-members" } == reported, "'\(raw)'")
    }
  }

  @Test func anIndicatorNoRowNamesIsWarnedNotSilentlySkipped() throws {
    let form = try #require(try Pack.load(folder: TableRulesTests.pack).forms.first { $0.id == "kttt-summary" })
    var rules = try TableRules(form: form)
    rules.language = "en"
    var table = TableRulesTests.indicators(TableRulesTests.consistent)
    table.values["members"] = nil
    table.cells["members"] = nil
    let findings = rules.check(
      table, list: TableRulesTests.list, period: ReportingPeriod("2017-H1"), file: "a", sheet: "B")
    let missing = try #require(findings.first { $0.rule == "summary-members" })
    #expect(missing.code == .missingColumn && missing.severity == .warning && missing.field == "members")
  }
}
