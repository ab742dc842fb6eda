import Findings
import Foundation
import Schema
import SheetIO
import Testing

@testable import Rules

/// Each row rule of the kttt pack fires on a record that breaks it, at the right cell,
/// and stays quiet on one that keeps it.
@Suite struct PackRowRulesTests {
  static let pack = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Schemas/kttt")

  static let columns = [
    "tax_code": 3, "founded": 6, "status": 7, "members": 8, "labour": 9, "member_labour": 10, "charter_capital": 11,
  ]

  /// A sound active cooperative on row 9; `changes` break one thing.
  static func record(_ changes: [String: TypedValue] = [:]) -> TableRecord {
    var values: [String: TypedValue] = [
      "tax_code": .text("0100109106"), "founded": .date(year: 2015, month: 4, day: 11),
      "status": .text("Đang hoạt động"), "members": .number(12), "labour": .number(10), "member_labour": .number(6),
      "charter_capital": .number(1500),
    ]
    values.merge(changes) { $1 }
    return TableRecord(
      row: 9, values: values, cells: columns.mapValues { CellRef(row: 9, column: $0) },
      raw: values.mapValues(\.description))
  }

  static func fired(_ record: TableRecord, period: String = "2017-H1") throws -> [String] {
    let form = try #require(try Pack.load(folder: pack).forms.first { $0.id == "htx-list" })
    return try RowRules(form: form).check(record, period: ReportingPeriod(period), file: "a", sheet: "B")
      .map { "\($0.rule ?? "") \($0.cell ?? "")" }
  }

  @Test func soundCooperativeBreaksNoRule() throws {
    #expect(try Self.fired(Self.record()).isEmpty)
    #expect(try Self.fired(Self.record(), period: "2024-H2").isEmpty)
  }

  @Test(arguments: [
    (["member_labour": TypedValue.number(11)], "member-labour-le-labour J9"),
    (["member_labour": .number(13), "labour": .number(20)], "member-labour-le-members J9"),
    (["founded": .date(year: 2017, month: 8, day: 1)], "founded-in-period F9"),
    (["tax_code": .text("0100109107")], "tax-code-checksum C9"),
    (["charter_capital": .number(24_000_000_000)], "capital-unit K9"),
    (["status": .text("Đã giải thể"), "labour": .number(3), "member_labour": .number(0)], "dissolved-no-labour I9"),
    (["members": .number(6), "member_labour": .number(5), "labour": .number(5)], "min-members H9"),
  ])
  func brokenRuleFiresAtItsCell(_ changes: [String: TypedValue], _ expected: String) throws {
    #expect(try Self.fired(Self.record(changes)) == [expected])
  }

  @Test func minimumMembersFollowsTheLawInForceAtThePeriodsEnd() throws {
    let six = Self.record(["members": .number(6), "member_labour": .number(5), "labour": .number(5)])
    #expect(try Self.fired(six, period: "2017-H1") == ["min-members H9"], "Law 23/2012: at least 7")
    #expect(try Self.fired(six, period: "2024-H2").isEmpty, "Law 17/2023: at least 5")
    let four = Self.record(["members": .number(4), "member_labour": .number(3), "labour": .number(3)])
    #expect(try Self.fired(four, period: "2024-H2") == ["min-members H9"])
  }

  @Test func dissolvedCooperativeIsNotHeldToTheMinimum() throws {
    let record = Self.record([
      "status": .text("Đã giải thể"), "members": .number(3), "labour": .number(0), "member_labour": .number(0),
    ])
    #expect(try Self.fired(record).isEmpty)
  }
}
