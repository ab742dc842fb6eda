import Findings
import Foundation
import SheetIO
import Testing

@testable import Rules
@testable import Schema

/// Row rules and column checks made a batch at a time (reading a column of cells at once)
/// find what they find record by record, whatever way each cell was read.
@Suite struct RowRulesBatchTests {
  static let fields = ["tax_code", "founded", "status", "members", "labour", "member_labour", "charter_capital"]
  static let layout = RecordLayout(fields: fields, columns: [3, 6, 7, 8, 9, 10, 11])

  /// A cell of `value` stored the way `way` (0–3) picks among those that hold it.
  static func cell(_ value: TypedValue, way: Int, in batch: RecordBatch) -> StoredCell {
    switch value {
    case .blank:
      return way % 2 == 0 ? .blank : batch.other(.blank, read: .empty)
    case .number(let number):
      switch way {
      case 0: return StoredCell(kind: .number, number: number, raw: number, start: 0, length: 0)
      case 1:
        var stored = Array(NumberText.ecmaScript(number).utf8).withUnsafeBytes { batch.text($0) }
        stored.kind = .numberText
        stored.number = number
        return stored
      default: return batch.other(value, read: .number(number))
      }
    case .text(let text):
      switch way {
      case 0: return Array(text.utf8).withUnsafeBytes { batch.text($0) }
      case 1:
        // A reading the batch's records share, as an enum column's are.
        batch.sharedTexts.append((Int32(batch.sharedBytes.count), Int32(text.utf8.count)))
        batch.sharedBytes.append(contentsOf: text.utf8)
        batch.shared.append((value, .text(text)))
        return StoredCell(sharing: batch.shared.count - 1, value: value)
      default: return batch.other(value, read: .text(text))
      }
    case .date(let year, let month, let day):
      guard way % 2 == 0 else { return batch.other(value, read: .text("\(day)/\(month)/\(year)")) }
      var stored = Array("\(day)/\(month)/\(year)".utf8).withUnsafeBytes { batch.text($0) }
      stored.kind = .dateText
      stored.number = Double(CellDate.days(year: year, month: month, day: day))
      return stored
    }
  }

  /// Fills `batch` with `count` records of values that break each rule now and then.
  static func fill(_ batch: RecordBatch, count: Int, using generator: inout some RandomNumberGenerator) {
    let statuses: [TypedValue] = [.text("Đang hoạt động"), .text("Đã giải thể"), .text("Tạm ngừng"), .blank]
    let codes: [TypedValue] = [.text("0100109106"), .text("0100109107"), .text("abc"), .blank, .number(100_109_106)]
    let founded: [TypedValue] = [
      .date(year: 2015, month: 4, day: 11), .date(year: 2017, month: 8, day: 1), .blank, .text("sometime"),
    ]
    func figure() -> TypedValue {
      [.number(Double(Int.random(in: -2...15, using: &generator))), .blank, .text("x")][
        Int.random(in: 0...9, using: &generator) < 8 ? 0 : Int.random(in: 1...2, using: &generator)]
    }
    for row in 0..<count {
      batch.begin(row: row + 7)
      let values: [TypedValue] = [
        codes.randomElement(using: &generator) ?? .blank, founded.randomElement(using: &generator) ?? .blank,
        statuses.randomElement(using: &generator) ?? .blank, figure(), figure(), figure(),
        Bool.random(using: &generator) ? .number(1500) : .number(24_000_000_000),
      ]
      for value in values { batch.append(cell(value, way: Int.random(in: 0...3, using: &generator), in: batch)) }
    }
  }

  /// Calls `body` with each record of a batch filled three times over (a refilled batch
  /// must not be taken for its earlier filling).
  static func eachRecord(_ body: (TableRecord) throws -> Void) rethrows {
    var generator = SystemRandomNumberGenerator()
    let batch = RecordBatch(layout: layout, capacity: 512)
    for _ in 0..<3 {
      batch.reset()
      fill(batch, count: 300, using: &generator)
      for index in 0..<batch.count { try body(batch[index]) }
    }
  }

  /// Expects two lists of findings to say the same, at the same cells, for row `row`.
  static func expectSame(_ found: [Finding], _ expected: [Finding], row: Int) {
    #expect(found.map(\.code) == expected.map(\.code), "row \(row)")
    #expect(found.map(\.rule) == expected.map(\.rule), "row \(row)")
    #expect(found.map(\.cell) == expected.map(\.cell), "row \(row)")
    #expect(found.map(\.message) == expected.map(\.message), "row \(row)")
  }

  @Test(arguments: ["2017-H1", "2024-H2"])
  func batchVerdictsFindWhatRecordByRecordFinds(period: String) throws {
    let pack = PackRowRulesTests.pack
    let form = try #require(try Pack.load(folder: pack).forms.first { $0.id == "htx-list" })
    let rules = try RowRules(form: form)
    var narrowed = rules.applying(to: ReportingPeriod(period))
    narrowed.bind(to: Self.layout)
    var findings = 0
    Self.eachRecord { record in
      let one = rules.check(record, period: ReportingPeriod(period), file: "a", sheet: "B")
      Self.expectSame(narrowed.check(record, file: "a", sheet: "B"), one, row: record.row)
      findings += one.count
    }
    #expect(findings > 100)
  }

  @Test func columnChecksOfABatchFindWhatRecordByRecordFinds() throws {
    let form = try #require(try Pack.load(folder: PackRowRulesTests.pack).forms.first { $0.id == "htx-list" })
    var batched = ColumnChecks(form: form, file: "a", sheet: "B")
    batched.acrossFilesChecked = true
    var alone = ColumnChecks(form: form, file: "a", sheet: "B")
    alone.acrossFilesChecked = true
    var findings = 0
    Self.eachRecord { record in
      // The same values and cells in a batch of their own, read the general way.
      let single = TableRecord(row: record.row, layout: Self.layout, values: record.values, read: record.read)
      let expected = alone.check(single)
      Self.expectSame(batched.check(record), expected, row: record.row)
      findings += expected.count
    }
    #expect(findings > 50)
  }

  @Test func listAggregatesOfABatchFoldWhatRecordByRecordFolds() throws {
    let rules = try [
      "count(list where list.status != \"Đã giải thể\") >= 0",
      "sum(list.members where list.status == \"Đang hoạt động\") >= 0",
      "sum(list.labour where list.founded <= period.end) >= 0",
      "max(list.member_labour where list.members >= 7 and list.status != \"Tạm ngừng\") >= 0",
      "count(list where tax_code_valid(list.tax_code)) >= 0",
    ].map { try RuleParser.parse($0, file: "test.yaml", line: 1, column: 1) }
    let period = try #require(ReportingPeriod("2017-H1"))
    var batched = ListAggregates(rules: rules)
    var alone = ListAggregates(rules: rules)
    alone.testsBatches = false
    Self.eachRecord { record in
      batched.add(record, period: period)
      alone.add(
        TableRecord(row: record.row, layout: Self.layout, values: record.values, read: record.read), period: period)
    }
    for rule in rules.indices {
      #expect(batched.values(rule: rule) == alone.values(rule: rule), "rule \(rule)")
      #expect(batched.unreadable(rule: rule) == alone.unreadable(rule: rule), "rule \(rule)")
    }
    #expect(alone.values(rule: 0).values.first != .number(0))
  }
}
