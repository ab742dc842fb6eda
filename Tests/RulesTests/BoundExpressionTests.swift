import Schema
import SheetIO
import Testing

@testable import Rules

/// Expressions bound to a layout and compiled evaluate as the tree evaluator does.
@Suite struct BoundExpressionTests {
  /// A small deterministic generator, so a failure names its seed.
  struct Generator {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }
  }

  static let texts = [
    "Đang hoạt động", "Đang hoạt \u{0111}o\u{0323}\u{0302}ng", "Đã giải thể", "abc", "", "0100109106", "0100109105",
  ]

  static func operand(_ g: inout Generator, depth: Int) -> String {
    let leaves = [
      "a", "b", "c", "t", "d", "z", "list.a", "period.start", "period.end", "3", "0", "-2.5", "1000",
      "\"Đang hoạt động\"", "\"Đang hoạt \u{0111}o\u{0323}\u{0302}ng\"", "\"abc\"", "date(\"2017-06-30\")",
    ]
    guard depth > 0, g.next(3) == 0 else { return g.pick(leaves) }
    let inner = operand(&g, depth: depth - 1)
    switch g.next(8) {
    case 0: return "abs(\(inner))"
    case 1: return "round(\(inner))"
    case 2: return "len(\(inner))"
    case 3: return "year(\(inner))"
    case 4: return "min(\(inner), \(operand(&g, depth: depth - 1)))"
    case 5: return "-\(inner)"
    case 6: return "(\(inner) \(g.pick(["+", "-", "*", "/"])) \(operand(&g, depth: depth - 1)))"
    default: return "tax_code_valid(\(inner))"
    }
  }

  static func expression(_ g: inout Generator, depth: Int) -> String {
    switch g.next(depth > 0 ? 7 : 4) {
    case 0, 1:
      let op = g.pick(["==", "!=", "<", "<=", ">", ">="])
      return "\(operand(&g, depth: 2)) \(op) \(operand(&g, depth: 2))"
    case 2: return "\(operand(&g, depth: 1)) is \(g.pick(["", "not "]))blank"
    case 3: return "\(operand(&g, depth: 1)) \(g.pick(["in", "not in"])) [\"abc\", 3, \"Đã giải thể\", a]"
    case 4: return "not (\(expression(&g, depth: depth - 1)))"
    default:
      return "(\(expression(&g, depth: depth - 1))) \(g.pick(["and", "or"])) (\(expression(&g, depth: depth - 1)))"
    }
  }

  static func value(_ g: inout Generator, column: String) -> TypedValue {
    if g.next(6) == 0 { return .blank }
    switch column {
    case "t": return .text(g.pick(texts))
    case "d": return .date(year: 2017, month: g.pick([1, 6, 7, 12]), day: g.pick([1, 30]))
    default:
      switch g.next(8) {
      case 0: return .text(g.pick(texts))
      case 1: return .date(year: 2016 + g.next(3), month: 6, day: 30)
      default: return .number(g.pick([0, 3, -2.5, 1000, 7, 0.1 + 0.2, 0.3]))
      }
    }
  }

  @Test(arguments: [1, 2, 3, 4])
  func compiledExpressionsEvaluateAsTheTreeDoes(seed: UInt64) throws {
    var g = Generator(state: seed)
    let period = ReportingPeriod("2017-H1")
    let bounds = RuleValue.bounds(of: period)
    var compared = 0
    var decided = 0
    for _ in 0..<400 {
      let text = Self.expression(&g, depth: 2)
      let node = try RuleParser.parse(text, file: "t.yaml", line: 1, column: 1)
      for _ in 0..<8 {
        var values: [String: TypedValue] = [:]
        var cells: [String: CellRef] = [:]
        for (index, column) in ["a", "b", "c", "t", "d"].enumerated() {
          values[column] = Self.value(&g, column: column)
          cells[column] = CellRef(row: 7, column: index + 1)
        }
        let record = TableRecord(row: 7, values: values, cells: cells, raw: [:])
        let tree = RuleEvaluator.evaluate(node, in: RecordContext(record: record, bounds: bounds))
        for table in [nil, "list"] as [String?] {
          let compiled = BoundExpression(node, layout: record.layout, table: table)
          let row = BoundRow(record: record, bounds: bounds)
          let expected =
            table == nil ? tree : RuleEvaluator.evaluate(node, in: ListRow(record: record, bounds: bounds))
          #expect(compiled.evaluate(row) == expected, "\(text) on \(values) as \(table ?? "row")")
          compared += 1
          // The row test, where it decides, decides as the evaluator.
          let test = RowTest(node, layout: record.layout, table: table)
          let outcome = test.outcome(record, bounds: RuleValue.days(of: bounds))
          if outcome != .undecided {
            #expect(outcome == RowTest.Outcome(expected), "\(text) on \(values) as \(table ?? "row")")
            decided += 1
          }
        }
      }
    }
    #expect(compared == 6400)
    #expect(decided > 50)
  }
}

/// Row tests of the shapes they read in place (a comparison, a field against a text, a
/// tax code's check digit, two of these joined by `and` or `or`) decide as the evaluator,
/// and leave undecided only what they cannot read.
@Suite struct RowTestTests {
  static func leaf(_ g: inout BoundExpressionTests.Generator) -> String {
    let operands = ["a", "b", "d", "list.a", "period.start", "period.end", "3", "0", "-2.5", "t"]
    switch g.next(4) {
    case 0: return "t \(g.pick(["==", "!="])) \(g.pick(["\"Đang hoạt động\"", "\"abc\"", "\"\""]))"
    case 1: return "tax_code_valid(\(g.pick(["t", "a"])))"
    default: return "\(g.pick(operands)) \(g.pick(["==", "!=", "<", "<=", ">", ">=", "+"])) \(g.pick(operands))"
    }
  }

  @Test(arguments: [11, 12, 13])
  func rowTestsDecideAsTheEvaluator(seed: UInt64) throws {
    var g = BoundExpressionTests.Generator(state: seed)
    let bounds = RuleValue.bounds(of: ReportingPeriod("2017-H1"))
    var decided = 0
    var cases = 0
    for _ in 0..<300 {
      let text =
        g.next(2) == 0 ? Self.leaf(&g) : "(\(Self.leaf(&g))) \(g.pick(["and", "or"])) (\(Self.leaf(&g)))"
      let node = try RuleParser.parse(text, file: "t.yaml", line: 1, column: 1)
      for _ in 0..<8 {
        var values: [String: TypedValue] = [:]
        var cells: [String: CellRef] = [:]
        for (index, column) in ["a", "b", "t", "d"].enumerated() {
          values[column] = BoundExpressionTests.value(&g, column: column)
          cells[column] = CellRef(row: 7, column: index + 1)
        }
        let record = TableRecord(row: 7, values: values, cells: cells, raw: [:])
        for table in [nil, "list"] as [String?] {
          let expected = BoundExpression(node, layout: record.layout, table: table).evaluate(
            BoundRow(record: record, bounds: bounds))
          let outcome = RowTest(node, layout: record.layout, table: table).outcome(
            record, bounds: RuleValue.days(of: bounds))
          cases += 1
          guard outcome != .undecided else { continue }
          decided += 1
          #expect(outcome == RowTest.Outcome(expected), "\(text) on \(values) as \(table ?? "row")")
        }
      }
    }
    // A third at least are read in place: a text or a date beside a number, arithmetic
    // on days and a blank tax code are left to the evaluator.
    #expect(decided * 3 > cases)
  }
}

/// A list record as the tree evaluator sees it inside `list`: `list.x` is its own field.
private struct ListRow: RuleContext {
  let record: TableRecord
  let bounds: (start: RuleValue, end: RuleValue)
  var period: (start: RuleValue, end: RuleValue) { bounds }
  func value(of field: String, table: String?) -> RuleValue {
    guard table == nil || table == "list", let value = record.value(field) else { return .blank }
    return RuleValue(value)
  }
  func rows(of table: String?) -> [any RuleContext] { [] }
}
