import Schema
import Testing

@testable import Rules

/// The list's aggregates folded record by record give what counting by hand gives, when
/// several share a filter, when filters differ only in a literal, and over blank cells.
@Suite struct ListAggregatesTests {
  static func parse(_ text: String) throws -> RuleNode {
    try RuleParser.parse(text, file: "test.yaml", line: 1, column: 1)
  }

  @Test func sharedAndDifferentFiltersFoldAsCountedByHand() throws {
    let rules = try [
      "count(list where list.status != \"Đã giải thể\") >= 0",
      "sum(list.members where list.status != \"Đã giải thể\") >= 0",
      "sum(list.members where list.status == \"Đã giải thể\") >= 0",
      "count(list.members where list.founded <= period.end) >= 0",
    ].map(Self.parse)
    var fold = ListAggregates(rules: rules)
    let period = try #require(ReportingPeriod("2017"))
    let statuses = ["Đang hoạt động", "Đã giải thể", "Đang hoạt động", "Đã giải thể", "Đang hoạt động"]
    let members: [TypedValue] = [.number(7), .number(12), .blank, .number(5), .text("nhiều")]
    let founded: [TypedValue] = [
      .date(year: 2016, month: 1, day: 2), .date(year: 2018, month: 3, day: 4), .blank,
      .date(year: 2017, month: 12, day: 31), .date(year: 2010, month: 5, day: 6),
    ]
    for index in statuses.indices {
      fold.add(
        TableRecord(
          row: index + 5,
          values: ["status": .text(statuses[index]), "members": members[index], "founded": founded[index]],
          cells: [:], raw: [:]),
        period: period)
    }
    // Active rows 0, 2, 4; their members 7, blank, a text: 7 summed over one number.
    #expect(Array(fold.values(rule: 0).values) == [.number(3)])
    #expect(Array(fold.values(rule: 1).values) == [.number(7)])
    // Dissolved rows 1 and 3: 12 + 5.
    #expect(Array(fold.values(rule: 2).values) == [.number(17)])
    // Founded by the end of 2017 with members given: rows 0, 3 and 4 (a text counts, a blank does not).
    #expect(Array(fold.values(rule: 3).values) == [.number(3)])
  }

  @Test func aSumOverAColumnNoTableHasIsBlankNotZero() throws {
    // The tables of a list lack the members column: the sum is unknown, not 0, and stays
    // so when a later table of another layout lacks it too.
    let rules = try ["sum(list.members) >= 0", "count(list) >= 0"].map(Self.parse)
    var fold = ListAggregates(rules: rules)
    for (row, status) in [(5, "Đang hoạt động"), (6, "Đã giải thể")] {
      fold.add(TableRecord(row: row, values: ["status": .text(status)], cells: [:], raw: [:]), period: nil)
    }
    let other = RecordLayout(fields: ["name", "status"], columns: [2, 3])
    fold.add(
      TableRecord(
        row: 9, layout: other, values: [.text("HTX A"), .text("Đang hoạt động")],
        read: [.text("HTX A"), .text("Đang hoạt động")]))
    #expect(Array(fold.values(rule: 0).values) == [.blank])
    #expect(Array(fold.values(rule: 1).values) == [.number(3)])
  }

  @Test func filtersWrittenApartAreOneWhenTheySayTheSame() throws {
    let a = try Self.parse("list.status != \"Đã giải thể\"")
    let b = try Self.parse("  list.status   !=   \"Đã giải thể\"")
    let c = try Self.parse("list.status != \"Đang hoạt động\"")
    #expect(ListAggregates.sameShape(a, b))
    #expect(!ListAggregates.sameShape(a, c))
  }
}
