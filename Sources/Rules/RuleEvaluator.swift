/// What a rule expression can see: the fields of its row or table, the rows of other
/// tables for aggregates, and the period's bounds.
public protocol RuleContext {
  /// The value of `field`, in `table` when named (nil: this row or table).
  func value(of field: String, table: String?) -> RuleValue
  /// The rows an aggregate runs over: this table's (nil) or another's.
  func rows(of table: String?) -> [any RuleContext]
  /// The first and last day of the period, when known.
  var period: (start: RuleValue, end: RuleValue) { get }
  /// An aggregate's value folded beforehand, by the call's offset in its expression;
  /// nil to compute it over ``rows(of:)``.
  func folded(_ offset: Int) -> RuleValue?
}

extension RuleContext {
  /// No aggregate is folded beforehand.
  public func folded(_ offset: Int) -> RuleValue? { nil }
}

/// Evaluates rule expressions. Evaluation is total: blanks propagate through
/// arithmetic, comparisons with a blank are blank, division by zero is blank.
public enum RuleEvaluator {
  /// The value of `node` in `context`.
  public static func evaluate(_ node: RuleNode, in context: any RuleContext) -> RuleValue {
    switch node {
    case .literal(let value): return value
    case .field(let name, let table, _): return context.value(of: name, table: table)
    case .period(let end): return end ? context.period.end : context.period.start
    case .negate(let inner):
      if case .number(let value) = evaluate(inner, in: context) { return .number(-value) }
      return .blank
    case .not(let inner):
      if case .bool(let flag) = evaluate(inner, in: context) { return .bool(!flag) }
      return .blank
    case .isBlank(let inner, let negated):
      let isBlank = evaluate(inner, in: context) == .blank
      return .bool(negated ? !isBlank : isBlank)
    case .inList(let inner, let items, let negated):
      let value = evaluate(inner, in: context)
      if value == .blank { return .blank }
      let found = items.contains { equal(evaluate($0, in: context), value) == true }
      return .bool(negated ? !found : found)
    case .binary(let op, let left, let right):
      return binary(op, left, right, in: context)
    case .call(let name, let arguments, let table, let filter, let offset):
      if isAggregate(name, arguments, table: table, filter: filter), let value = context.folded(offset) {
        return value
      }
      return call(name, arguments, table: table, filter: filter, in: context)
    }
  }

  /// Whether a call is an aggregate over rows rather than a function of values.
  static func isAggregate(_ name: String, _ arguments: [RuleNode], table: String?, filter: RuleNode?) -> Bool {
    ["sum", "count", "avg"].contains(name)
      || ((name == "min" || name == "max") && (filter != nil || table != nil || arguments.count == 1))
  }

  /// The table an aggregate call runs over: the one named, or its field argument's.
  static func aggregateTable(_ arguments: [RuleNode], table: String?) -> String? {
    table ?? tableOf(arguments.first)
  }

  /// One row's part of an aggregate: whether it counts, and its number if it has one.
  static func contribution(argument: RuleNode?, table: String?, filter: RuleNode?, row tableRow: any RuleContext)
    -> (counts: Bool, number: Double?)
  {
    let row = TableRow(row: tableRow, table: table)
    if let filter, evaluate(filter, in: row) != .bool(true) { return (false, nil) }
    guard let argument else { return (true, nil) }
    let value = evaluate(argument, in: row)
    if value == .blank { return (false, nil) }
    if case .number(let x) = value { return (true, x) }
    return (true, nil)
  }

  private static func binary(_ op: String, _ left: RuleNode, _ right: RuleNode, in context: any RuleContext)
    -> RuleValue
  {
    if op == "and" || op == "or" {
      // Three-valued: a blank side decides nothing, so `blank or true` is true and
      // `blank and false` is false; otherwise blank stays blank.
      let deciding = op == "or"
      let a = evaluate(left, in: context)
      if a == .bool(deciding) { return a }
      return logical(a, evaluate(right, in: context), or: deciding)
    }
    return combine(op, evaluate(left, in: context), evaluate(right, in: context))
  }

  /// The second half of three-valued `and` (`or` false): `a` did not decide it.
  static func logical(_ a: RuleValue, _ b: RuleValue, or deciding: Bool) -> RuleValue {
    if b == .bool(deciding) { return b }
    guard case .bool = a, case .bool = b else { return .blank }
    return .bool(!deciding)
  }

  /// An arithmetic or comparison operator applied to two values; blank when either is.
  static func combine(_ op: String, _ a: RuleValue, _ b: RuleValue) -> RuleValue {
    guard let op = BinaryOperator(rawValue: op) else { return .blank }
    return combine(op, a, b)
  }

  /// An arithmetic or comparison operator applied to two values; blank when either is.
  static func combine(_ op: BinaryOperator, _ a: RuleValue, _ b: RuleValue) -> RuleValue {
    if case .number(let x) = a, case .number(let y) = b {
      switch op {
      case .plus: return .number(x + y)
      case .minus: return .number(x - y)
      case .times: return .number(x * y)
      case .divide: return y == 0 ? .blank : .number(x / y)
      case .equal: return .bool(numbersEqual(x, y))
      case .notEqual: return .bool(!numbersEqual(x, y))
      case .less: return .bool(x < y)
      case .lessOrEqual: return .bool(x <= y)
      case .greater: return .bool(x > y)
      case .greaterOrEqual: return .bool(x >= y)
      }
    }
    if a == .blank || b == .blank { return .blank }
    switch op {
    case .plus, .times, .divide: return .blank
    case .minus:
      if case .date(let x) = a, case .date(let y) = b { return .number(Double(x - y)) }
      return .blank
    case .equal: return equal(a, b).map(RuleValue.bool) ?? .blank
    case .notEqual: return equal(a, b).map { .bool(!$0) } ?? .blank
    case .less, .lessOrEqual, .greater, .greaterOrEqual:
      guard let order = compare(a, b) else { return .blank }
      switch op {
      case .less: return .bool(order < 0)
      case .lessOrEqual: return .bool(order <= 0)
      case .greater: return .bool(order > 0)
      default: return .bool(order >= 0)
      }
    }
  }

  /// Numbers are equal within a relative 1e-9, so sums of decimals compare as written.
  static func numbersEqual(_ x: Double, _ y: Double) -> Bool { abs(x - y) <= 1e-9 * max(1, abs(x), abs(y)) }

  static func equal(_ a: RuleValue, _ b: RuleValue) -> Bool? {
    switch (a, b) {
    case (.number(let x), .number(let y)): return numbersEqual(x, y)
    case (.text(let x), .text(let y)): return x == y
    case (.bool(let x), .bool(let y)): return x == y
    case (.date(let x), .date(let y)): return x == y
    default: return nil
    }
  }

  static func compare(_ a: RuleValue, _ b: RuleValue) -> Int? {
    switch (a, b) {
    case (.number(let x), .number(let y)): return x < y ? -1 : x > y ? 1 : 0
    case (.date(let x), .date(let y)): return x < y ? -1 : x > y ? 1 : 0
    case (.text(let x), .text(let y)): return x < y ? -1 : x > y ? 1 : 0
    default: return nil
    }
  }

  private static func call(
    _ name: String, _ arguments: [RuleNode], table: String?, filter: RuleNode?, in context: any RuleContext
  ) -> RuleValue {
    // min and max of several values are functions; of one field, over rows, aggregates.
    if isAggregate(name, arguments, table: table, filter: filter) {
      return aggregate(name, arguments.first, table: table ?? tableOf(arguments.first), filter: filter, in: context)
    }
    return function(name, arguments.map { evaluate($0, in: context) })
  }

  /// A function of values (not an aggregate) applied to its arguments' values.
  static func function(_ name: String, _ values: [RuleValue]) -> RuleValue {
    if values.count == 1 && name != "min" && name != "max" { return function(name, values[0]) }
    switch (name, values.first) {
    case ("abs", .number(let x)?): return .number(abs(x))
    case ("round", .number(let x)?):
      let places: Double = if values.count > 1, case .number(let n) = values[1] { n } else { 0 }
      let scale = pow10(places)
      return .number((x * scale).rounded() / scale)
    case ("len", .text(let text)?): return .number(Double(text.count))
    case ("year", .date(let days)?): return .number(Double(RuleValue.civil(days).0))
    case ("tax_code_valid", .text(let text)?): return .bool(TaxCode.isValid(text))
    case ("min", _), ("max", _):
      let numbers = values.compactMap { if case .number(let x) = $0 { x } else { nil } }
      guard numbers.count == values.count, let first = numbers.first else { return .blank }
      return .number(numbers.dropFirst().reduce(first) { name == "min" ? Swift.min($0, $1) : Swift.max($0, $1) })
    default: return .blank
    }
  }

  /// A function of one value (not `min` or `max`, which are aggregates then).
  static func function(_ name: String, _ value: RuleValue) -> RuleValue {
    switch (name, value) {
    case ("abs", .number(let x)): return .number(abs(x))
    case ("round", .number(let x)): return .number(x.rounded())
    case ("len", .text(let text)): return .number(Double(text.count))
    case ("year", .date(let days)): return .number(Double(RuleValue.civil(days).0))
    case ("tax_code_valid", .text(let text)): return .bool(TaxCode.isValid(text))
    default: return .blank
    }
  }

  private static func pow10(_ n: Double) -> Double {
    var result = 1.0
    for _ in 0..<Int(max(0, n)) { result *= 10 }
    return result
  }

  /// The table a field argument names (`sum(list.members)` runs over `list`).
  private static func tableOf(_ node: RuleNode?) -> String? {
    if case .field(_, let table, _)? = node { return table }
    return nil
  }

  private static func aggregate(
    _ name: String, _ argument: RuleNode?, table: String?, filter: RuleNode?, in context: any RuleContext
  ) -> RuleValue {
    var numbers: [Double] = []
    var count = 0
    for tableRow in context.rows(of: table) {
      // Inside an aggregate over `list`, `list.members` is the row's own field.
      let part = contribution(argument: argument, table: table, filter: filter, row: tableRow)
      if part.counts { count += 1 }
      if let x = part.number { numbers.append(x) }
    }
    switch name {
    case "count": return .number(Double(count))
    case "sum": return .number(numbers.reduce(0, +))
    case "avg": return numbers.isEmpty ? .blank : .number(numbers.reduce(0, +) / Double(numbers.count))
    case "min": return numbers.min().map(RuleValue.number) ?? .blank
    default: return numbers.max().map(RuleValue.number) ?? .blank
    }
  }
}

/// The arithmetic and comparison operators of the rule language.
enum BinaryOperator: String, Sendable {
  case plus = "+"
  case minus = "-"
  case times = "*"
  case divide = "/"
  case equal = "=="
  case notEqual = "!="
  case less = "<"
  case lessOrEqual = "<="
  case greater = ">"
  case greaterOrEqual = ">="
}

/// A row of a named table, on which that table's qualified fields are its own.
struct TableRow: RuleContext {
  let row: any RuleContext
  let table: String?

  func value(of field: String, table: String?) -> RuleValue {
    row.value(of: field, table: table == self.table ? nil : table)
  }

  func rows(of table: String?) -> [any RuleContext] { row.rows(of: table) }

  var period: (start: RuleValue, end: RuleValue) { row.period }
}

/// Vietnamese tax codes (mã số thuế): ten digits, the tenth a mod-11 check digit, and
/// an optional `-NNN` branch suffix.
public enum TaxCode {
  /// Whether `text` is a well-formed tax code with a right check digit.
  ///
  /// Weights 31, 29, 23, 19, 17, 13, 7, 5, 3 on digits 1–9; check = 10 − (Σ mod 11);
  /// Σ mod 11 = 0 is never valid (the check would be 10).
  public static func isValid(_ text: String) -> Bool {
    var text = text
    return text.withUTF8(isValid)
  }

  /// ``isValid(_:)`` on a code's UTF-8 bytes.
  static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    // ASCII digits only: ten, optionally "-" and three more.
    guard bytes.count == 10 || (bytes.count == 14 && bytes[10] == UInt8(ascii: "-")) else { return false }
    for index in 0..<bytes.count where index != 10 {
      guard bytes[index] &- UInt8(ascii: "0") < 10 else { return false }
    }
    @inline(__always) func digit(_ index: Int) -> Int { Int(bytes[index] &- UInt8(ascii: "0")) }
    let sum =
      31 * digit(0) + 29 * digit(1) + 23 * digit(2) + 19 * digit(3) + 17 * digit(4) + 13 * digit(5) + 7 * digit(6)
      + 5 * digit(7) + 3 * digit(8)
    let remainder = sum % 11
    guard remainder != 0 else { return false }
    return Int(bytes[9] - UInt8(ascii: "0")) == 10 - remainder
  }
}
