import Testing

@testable import Rules

/// A row or table for tests: fields, other tables' rows, a period.
struct TestContext: RuleContext {
  var fields: [String: RuleValue] = [:]
  var tables: [String: [TestContext]] = [:]
  var period: (start: RuleValue, end: RuleValue) = (.blank, .blank)

  func value(of field: String, table: String?) -> RuleValue {
    if let table { return tables[table]?.first?.fields[field] ?? .blank }
    return fields[field] ?? .blank
  }

  func rows(of table: String?) -> [any RuleContext] { tables[table ?? ""] ?? [] }
}

/// The rule language parses like its grammar says and evaluates totally.
@Suite struct RuleLanguageTests {
  static func eval(_ text: String, _ context: TestContext = TestContext()) throws -> RuleValue {
    RuleEvaluator.evaluate(try RuleParser.parse(text, file: "f.yaml", line: 3, column: 12), in: context)
  }

  @Test(arguments: [
    ("1 + 2 * 3", RuleValue.number(7)), ("(1 + 2) * 3", .number(9)), ("10 - 4 - 3", .number(3)),
    ("-2 * 3", .number(-6)), ("8 / 0", .blank), ("1 < 2 and 2 < 3", .bool(true)),
    ("not 1 == 1 or true", .bool(true)), ("\"b\" in [\"a\", \"b\"]", .bool(true)),
    ("3 not in [1, 2]", .bool(true)), ("blank is blank", .bool(true)), ("5 is not blank", .bool(true)),
    ("date(\"2024-07-01\") > date(\"2024-06-30\")", .bool(true)), ("abs(-2.5)", .number(2.5)),
    ("round(2.345, 2)", .number(2.35)), ("len(\"Cao Lộc\")", .number(7)), ("1_000 == 1000", .bool(true)),
  ])
  func expressionsEvaluate(_ text: String, _ expected: RuleValue) throws {
    #expect(try Self.eval(text) == expected, "\(text)")
  }

  @Test func blanksPropagateAndComparisonsWithBlankAreBlank() throws {
    #expect(try Self.eval("members + 1") == .blank)
    #expect(try Self.eval("members <= 3") == .blank)
    #expect(try Self.eval("members == 3 or true") == .bool(true))
  }

  @Test func aggregatesWithAndWithoutWhere() throws {
    let list = [
      TestContext(fields: ["members": .number(10), "status": .text("Đang hoạt động")]),
      TestContext(fields: ["members": .number(7), "status": .text("Đã giải thể")]),
      TestContext(fields: ["members": .blank, "status": .text("Đang hoạt động")]),
    ]
    let context = TestContext(fields: ["members": .number(10)], tables: ["list": list])
    #expect(try Self.eval("sum(list.members)", context) == .number(17))
    #expect(try Self.eval("sum(list.members where list.status != \"Đã giải thể\")", context) == .number(10))
    #expect(try Self.eval("count(list where status == \"Đang hoạt động\")", context) == .number(2))
    #expect(try Self.eval("count(list)", context) == .number(3))
    #expect(try Self.eval("max(list.members)", context) == .number(10))
    #expect(try Self.eval("members == sum(list.members where status != \"Đã giải thể\")", context) == .bool(true))
  }

  @Test func periodBounds() throws {
    let context = TestContext(
      fields: ["founded": .date(RuleValue.days(year: 2017, month: 7, day: 2))],
      period: (
        .date(RuleValue.days(year: 2017, month: 1, day: 1)), .date(RuleValue.days(year: 2017, month: 6, day: 30))
      ))
    #expect(try Self.eval("founded <= period.end", context) == .bool(false))
    #expect(try Self.eval("founded >= period.start", context) == .bool(true))
  }

  @Test(arguments: [
    ("members <= ", 11, "expected a value, a field or '(' but the expression ends"),
    ("members = 3", 8, "'=' alone is not an operator"),
    ("sum(members", 11, "expected ')' after the arguments of sum("),
    ("members >= 7 7", 13, "expected an operator or the end"),
    ("avarage(x)", 0, "unknown function 'avarage'"),
    ("status == \"Đang", 10, "no closing"),
  ])
  func syntaxErrorsPointLikeACompiler(_ text: String, _ offset: Int, _ message: String) throws {
    #expect {
      _ = try RuleParser.parse(text, file: "htx-list.yaml", line: 3, column: 12)
    } throws: { error in
      guard let error = error as? RuleSyntaxError else { return false }
      return error.offset == offset && error.column == 12 + offset && error.message.contains(message)
        && error.description.hasPrefix("htx-list.yaml:3:\(12 + offset): error: ")
        && error.description.hasSuffix("\n    " + String(repeating: " ", count: offset) + "^")
    }
  }

  @Test(arguments: [
    ("4900123457", false), ("0100109106", true), ("0100109106-001", true), ("0100109107", false), ("010010910", false),
    ("0100109106-01", false), ("0100109106-0a1", false), ("0100109106 001", false), ("010010910６", false),
    ("0100109106-0011", false), ("", false),
  ])
  func taxCodeCheckDigit(_ code: String, _ valid: Bool) {
    // 0100109106: Σ = 0·31+1·29+0·23+0·19+1·17+0·13+9·7+1·5+0·3 = 114; 114 mod 11 = 4; check 10−4 = 6.
    #expect(TaxCode.isValid(code) == valid, "\(code)")
  }
}
