import Schema

/// A rule expression with its fields resolved to the slots of a table's
/// ``RecordLayout``, so a row is checked without looking field names up.
///
/// Semantics are ``RuleEvaluator``'s: the operators and functions are the same
/// functions; only field access differs. Aggregates, which a single row cannot feed,
/// keep their tree and are evaluated by ``RuleEvaluator`` on the row.
indirect enum BoundExpression: Sendable {
  case literal(RuleValue)
  case slot(Int)
  case period(end: Bool)
  case negate(BoundExpression)
  case not(BoundExpression)
  case logical(or: Bool, BoundExpression, BoundExpression)
  case binary(BinaryOperator, BoundExpression, BoundExpression)
  case isBlank(BoundExpression, negated: Bool)
  case inList(BoundExpression, [BoundExpression], negated: Bool)
  case function(String, [BoundExpression])
  case tree(RuleNode)

  /// Binds `node` to `layout`; fields of `table` (or unqualified) are the row's own,
  /// fields of other tables are blank, as a row sees them.
  init(_ node: RuleNode, layout: RecordLayout, table: String? = nil) {
    func bind(_ node: RuleNode) -> BoundExpression { BoundExpression(node, layout: layout, table: table) }
    switch node {
    case .literal(let value): self = .literal(value)
    case .field(let name, let owner, _):
      if owner == nil || owner == table, let slot = layout.slot(of: name) {
        self = .slot(slot)
      } else {
        self = .literal(.blank)
      }
    case .period(let end): self = .period(end: end)
    case .negate(let inner): self = .negate(bind(inner))
    case .not(let inner): self = .not(bind(inner))
    case .binary(let op, let left, let right):
      if op == "and" || op == "or" {
        self = .logical(or: op == "or", bind(left), bind(right))
      } else if let op = BinaryOperator(rawValue: op) {
        self = .binary(op, bind(left), bind(right))
      } else {
        self = .tree(node)
      }
    case .isBlank(let inner, let negated): self = .isBlank(bind(inner), negated: negated)
    case .inList(let inner, let items, let negated): self = .inList(bind(inner), items.map(bind), negated: negated)
    case .call(let name, let arguments, let owner, let filter, _):
      if RuleEvaluator.isAggregate(name, arguments, table: owner, filter: filter) {
        self = .tree(node)
      } else {
        self = .function(name, arguments.map(bind))
      }
    }
  }

  /// The value of the expression on one row of its layout.
  func evaluate(_ row: BoundRow) -> RuleValue {
    switch self {
    case .literal(let value): return value
    case .slot(let slot): return RuleValue(row.record.values[slot])
    case .period(let end): return end ? row.bounds.end : row.bounds.start
    case .negate(let inner):
      if case .number(let value) = inner.evaluate(row) { return .number(-value) }
      return .blank
    case .not(let inner):
      if case .bool(let flag) = inner.evaluate(row) { return .bool(!flag) }
      return .blank
    case .logical(let deciding, let left, let right):
      let a = left.evaluate(row)
      if a == .bool(deciding) { return a }
      return RuleEvaluator.logical(a, right.evaluate(row), or: deciding)
    case .binary(let op, let left, let right):
      return RuleEvaluator.combine(op, left.evaluate(row), right.evaluate(row))
    case .isBlank(let inner, let negated):
      let isBlank = inner.evaluate(row) == .blank
      return .bool(negated ? !isBlank : isBlank)
    case .inList(let inner, let items, let negated):
      let value = inner.evaluate(row)
      if value == .blank { return .blank }
      let found = items.contains { RuleEvaluator.equal($0.evaluate(row), value) == true }
      return .bool(negated ? !found : found)
    case .function(let name, let arguments):
      if arguments.count == 1 && name != "min" && name != "max" {
        return RuleEvaluator.function(name, arguments[0].evaluate(row))
      }
      return RuleEvaluator.function(name, arguments.map { $0.evaluate(row) })
    case .tree(let node):
      return RuleEvaluator.evaluate(node, in: RecordContext(record: row.record, bounds: row.bounds))
    }
  }
}

/// One record with the period's bounds, as bound expressions read it.
struct BoundRow {
  let record: TableRecord
  let bounds: (start: RuleValue, end: RuleValue)
}

extension RuleValue {
  /// The first and last day of `period` as dates; blank without a period.
  static func bounds(of period: ReportingPeriod?) -> (start: RuleValue, end: RuleValue) {
    guard let period else { return (.blank, .blank) }
    return (
      .date(days(year: period.start.year, month: period.start.month, day: period.start.day)),
      .date(days(year: period.end.year, month: period.end.month, day: period.end.day))
    )
  }
}
