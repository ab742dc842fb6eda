import Foundation
import Schema

/// A rule expression with its fields resolved to the slots of a table's
/// ``RecordLayout`` and compiled to closures, so a row is checked without looking
/// field names up or walking the expression's tree.
///
/// Semantics are ``RuleEvaluator``'s: the operators and functions are the same
/// functions; only field access differs, and comparisons of two numbers, which most
/// row rules are, skip building rule values. Aggregates, which a single row cannot
/// feed, keep their tree and are evaluated by ``RuleEvaluator`` on the row.
struct BoundExpression: Sendable {
  /// The value of the expression on one row of its layout.
  let evaluate: @Sendable (BoundRow) -> RuleValue

  private init(_ evaluate: @escaping @Sendable (BoundRow) -> RuleValue) {
    self.evaluate = evaluate
  }

  /// What an operand of a comparison is, when it can be read without evaluating.
  enum Operand: Sendable {
    case slot(Int)
    case number(Double)
    case period(end: Bool)

    /// The operand of `node` on a row of `layout` (fields of `table` or unqualified are
    /// the row's own); nil when it must be evaluated.
    init?(_ node: RuleNode, layout: RecordLayout, table: String?) {
      switch node {
      case .literal(.number(let x)): self = .number(x)
      case .period(let end): self = .period(end: end)
      case .field(let name, let owner, _):
        guard owner == nil || owner == table, let slot = layout.slot(of: name) else { return nil }
        self = .slot(slot)
      default: return nil
      }
    }

    /// The operand's number in `record`; nil when it is not a number.
    @inline(__always) func number(in record: TableRecord) -> Double? {
      switch self {
      case .slot(let slot): return record.number(at: slot)
      case .number(let x): return x
      case .period: return nil
      }
    }

    /// The operand's day in `record`, the period's first and last days given as `bounds`;
    /// nil when it is not a date.
    @inline(__always) func days(in record: TableRecord, bounds: (start: Int?, end: Int?)) -> Int? {
      switch self {
      case .slot(let slot): return record.days(at: slot)
      case .number: return nil
      case .period(let end): return end ? bounds.end : bounds.start
      }
    }

    /// The operand's value on `row`.
    @inline(__always) func value(_ row: BoundRow) -> RuleValue {
      switch self {
      case .slot(let slot): RuleValue(row.record.value(at: slot))
      case .number(let x): .number(x)
      case .period(let end): end ? row.bounds.end : row.bounds.start
      }
    }

    /// The operand's day on `row`, as days since 1970-01-01; nil when it is not a date.
    @inline(__always) func days(_ row: BoundRow) -> Int? {
      switch self {
      case .slot(let slot): return row.record.days(at: slot)
      case .number: return nil
      case .period(let end):
        if case .date(let days) = end ? row.bounds.end : row.bounds.start { return days }
        return nil
      }
    }

    /// The operand's number on `row`; nil when it is not a number.
    @inline(__always) func number(_ row: BoundRow) -> Double? {
      switch self {
      case .slot(let slot): return row.record.number(at: slot)
      case .number(let x): return x
      case .period: return nil
      }
    }
  }

  /// Binds `node` to `layout`; fields of `table` (or unqualified) are the row's own,
  /// fields of other tables are blank, as a row sees them.
  init(_ node: RuleNode, layout: RecordLayout, table: String? = nil) {
    func bind(_ node: RuleNode) -> BoundExpression { BoundExpression(node, layout: layout, table: table) }
    func slot(_ node: RuleNode) -> Int? {
      guard case .field(let name, let owner, _) = node, owner == nil || owner == table else { return nil }
      return layout.slot(of: name)
    }
    func operand(_ node: RuleNode) -> Operand? { Operand(node, layout: layout, table: table) }
    switch node {
    case .literal(let value):
      self.init { _ in value }
    case .field:
      if let slot = slot(node) {
        self.init { RuleValue($0.record.value(at: slot)) }
      } else {
        self.init { _ in .blank }
      }
    case .period(let end):
      self.init { end ? $0.bounds.end : $0.bounds.start }
    case .negate(let inner):
      let inner = bind(inner).evaluate
      self.init {
        if case .number(let value) = inner($0) { return .number(-value) }
        return .blank
      }
    case .not(let inner):
      let inner = bind(inner).evaluate
      self.init {
        if case .bool(let flag) = inner($0) { return .bool(!flag) }
        return .blank
      }
    case .binary(let name, let left, let right):
      if name == "and" || name == "or" {
        let deciding = name == "or"
        let left = bind(left).evaluate
        let right = bind(right).evaluate
        self.init { row in
          let a = left(row)
          if case .bool(let flag) = a, flag == deciding { return a }
          return RuleEvaluator.logical(a, right(row), or: deciding)
        }
      } else if let op = BinaryOperator(rawValue: name) {
        if let a = operand(left), let b = operand(right) {
          self = Self.combining(op, a, b)
        } else if op == .equal || op == .notEqual, let field = slot(left), case .literal(.text(let text)) = right {
          // `status == "Đang hoạt động"`: a text cell against a text, by their NFC bytes
          // (a value's text is NFC), without a rule value.
          let negated = op == .notEqual
          let literal = Array(text.precomposedStringWithCanonicalMapping.utf8)
          self.init { row in
            if let same = row.record.withText(at: field, { Self.same($0, literal) }) {
              return .bool(same != negated)
            }
            return RuleEvaluator.combine(op, RuleValue(row.record.value(at: field)), .text(text))
          }
        } else {
          let left = bind(left).evaluate
          let right = bind(right).evaluate
          self.init { RuleEvaluator.combine(op, left($0), right($0)) }
        }
      } else {
        self.init { RuleEvaluator.evaluate(node, in: RecordContext(record: $0.record, bounds: $0.bounds)) }
      }
    case .isBlank(let inner, let negated):
      let inner = bind(inner).evaluate
      self.init { row in
        let isBlank = inner(row) == .blank
        return .bool(negated ? !isBlank : isBlank)
      }
    case .inList(let inner, let items, let negated):
      let inner = bind(inner).evaluate
      let items = items.map { bind($0).evaluate }
      self.init { row in
        let value = inner(row)
        if value == .blank { return .blank }
        let found = items.contains { RuleEvaluator.equal($0(row), value) == true }
        return .bool(negated ? !found : found)
      }
    case .call(let name, let arguments, let owner, let filter, _):
      if RuleEvaluator.isAggregate(name, arguments, table: owner, filter: filter) {
        self.init { RuleEvaluator.evaluate(node, in: RecordContext(record: $0.record, bounds: $0.bounds)) }
      } else if arguments.count == 1 && name != "min" && name != "max" {
        if name == "tax_code_valid", let field = slot(arguments[0]) {
          self.init { row in
            if let valid = row.record.withText(at: field, { TaxCode.isValid($0) }) { return .bool(valid) }
            return RuleEvaluator.function(name, RuleValue(row.record.value(at: field)))
          }
        } else {
          let argument = bind(arguments[0]).evaluate
          self.init { RuleEvaluator.function(name, argument($0)) }
        }
      } else {
        let arguments = arguments.map { bind($0).evaluate }
        self.init { row in RuleEvaluator.function(name, arguments.map { $0(row) }) }
      }
    }
  }

  /// Whether `bytes` are `literal`'s.
  @inline(__always)
  private static func same(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: [UInt8]) -> Bool {
    guard bytes.count == literal.count else { return false }
    guard let base = bytes.baseAddress else { return true }
    return literal.withUnsafeBufferPointer { $0.baseAddress.map { memcmp(base, $0, bytes.count) == 0 } ?? false }
  }

  /// `x op y` for an ordering operator (`< <= > >=`); nil for any other.
  @inline(__always)
  private static func ordered<T: Comparable>(_ op: BinaryOperator, _ x: T, _ y: T) -> RuleValue? {
    switch op {
    case .less: .bool(x < y)
    case .lessOrEqual: .bool(x <= y)
    case .greater: .bool(x > y)
    case .greaterOrEqual: .bool(x >= y)
    default: nil
    }
  }

  /// `a op b` for operands read straight from the row: two numbers are compared or
  /// combined at once, anything else as ``RuleEvaluator/combine(_:_:_:)-swift.type.method`` does.
  private static func combining(_ op: BinaryOperator, _ a: Operand, _ b: Operand) -> BoundExpression {
    return BoundExpression { row in
      if let x = a.number(row), let y = b.number(row) {
        // Equality of numbers has a tolerance, and arithmetic is the evaluator's.
        return ordered(op, x, y) ?? RuleEvaluator.combine(op, .number(x), .number(y))
      }
      // Two days compare as their numbers (`founded <= period.end`).
      if let x = a.days(row), let y = b.days(row) {
        if let order = ordered(op, x, y) { return order }
        if op == .equal || op == .notEqual { return .bool((x == y) == (op == .equal)) }
      }
      return RuleEvaluator.combine(op, a.value(row), b.value(row))
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
