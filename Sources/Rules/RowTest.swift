import Foundation
import Schema

/// A rule expression of a shape most row rules and filters take, compiled to a test that
/// reads a record's cells in place: a comparison of fields, numbers and the period's
/// bounds (`member_labour <= labour`, `founded <= period.end`), a field against a short
/// text (`status == "Đang hoạt động"`), a tax code's check digit.
///
/// It holds no reference, so checking a row with it retains nothing. What it cannot
/// decide on its own (a text compared with a number, a cell the general path read), it
/// leaves to the expression's ``BoundExpression``, whose semantics it shares.
struct RowTest: Sendable {
  /// What a test made of a row.
  enum Outcome: Sendable {
    /// The expression is the truth value true, or false.
    case yes, no
    /// The expression is no truth value (a blank operand, arithmetic).
    case neither
    /// The test cannot tell: evaluate the bound expression.
    case undecided
  }

  /// A text of up to 32 UTF-8 bytes, held in place.
  struct ShortText: Sendable {
    var bytes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    var count: Int

    init?(_ text: String) {
      let utf8 = Array(text.precomposedStringWithCanonicalMapping.utf8)
      guard utf8.count <= 32 else { return nil }
      count = utf8.count
      withUnsafeMutableBytes(of: &bytes) { $0.copyBytes(from: utf8) }
    }

    /// Whether `other` holds the same bytes.
    @inline(__always) func isSame(as other: UnsafeBufferPointer<UInt8>) -> Bool {
      guard other.count == count else { return false }
      guard count > 0, let base = other.baseAddress else { return true }
      return withUnsafeBytes(of: bytes) { held in held.baseAddress.map { memcmp($0, base, count) == 0 } ?? false }
    }
  }

  /// A test that reads the row without evaluating anything.
  fileprivate enum Leaf: Sendable {
    case compare(BinaryOperator, BoundExpression.Operand, BoundExpression.Operand)
    /// A text field equal (or, `equal` false, unequal) to a text.
    case text(slot: Int, equal: Bool, literal: ShortText)
    case taxCode(slot: Int)
    /// Always true.
    case always
    case other
  }

  private let first: Leaf
  /// The second operand of an `and` or an `or` (`list.founded >= period.start and
  /// list.founded <= period.end`).
  private let second: Leaf?
  /// Whether ``second`` is joined by `or` rather than `and`.
  private let joinedByOr: Bool

  /// The test that is always true: the guard of a rule without one.
  static let always = RowTest(first: .always)

  private init(first: Leaf) {
    self.first = first
    second = nil
    joinedByOr = false
  }

  /// The test of `node` on rows of `layout`; fields of `table` (or unqualified) are the
  /// row's own.
  init(_ node: RuleNode, layout: RecordLayout, table: String? = nil) {
    if case .binary(let name, let left, let right) = node, name == "and" || name == "or" {
      first = Leaf(left, layout: layout, table: table)
      second = Leaf(right, layout: layout, table: table)
      joinedByOr = name == "or"
    } else {
      first = Leaf(node, layout: layout, table: table)
      second = nil
      joinedByOr = false
    }
  }

  /// What the expression is on `record`, the period's first and last days (since
  /// 1970-01-01) given as `bounds`.
  @inline(__always)
  func outcome(_ record: TableRecord, bounds: (start: Int?, end: Int?)) -> Outcome {
    let a = first.outcome(record, bounds: bounds)
    guard let second else { return a }
    // As the evaluator: the left side decides alone when it is the deciding value, and
    // two truth values make the other one; anything else is neither.
    let deciding: Outcome = joinedByOr ? .yes : .no
    switch a {
    case .undecided: return .undecided
    case deciding: return a
    default: break
    }
    let b = second.outcome(record, bounds: bounds)
    switch b {
    case .undecided, deciding: return b
    default: return a == .neither || b == .neither ? .neither : joinedByOr ? .no : .yes
    }
  }
}

extension RowTest.Leaf {
  /// The leaf of `node`, or `.other` when it takes evaluating.
  init(_ node: RuleNode, layout: RecordLayout, table: String?) {
    func slot(_ node: RuleNode) -> Int? {
      guard case .slot(let slot)? = BoundExpression.Operand(node, layout: layout, table: table) else { return nil }
      return slot
    }
    switch node {
    case .binary(let name, let left, let right):
      guard let op = BinaryOperator(rawValue: name) else {
        self = .other
        return
      }
      if let a = BoundExpression.Operand(left, layout: layout, table: table),
        let b = BoundExpression.Operand(right, layout: layout, table: table)
      {
        self = .compare(op, a, b)
      } else if op == .equal || op == .notEqual, let field = slot(left), case .literal(.text(let text)) = right,
        let literal = RowTest.ShortText(text)
      {
        self = .text(slot: field, equal: op == .equal, literal: literal)
      } else {
        self = .other
      }
    case .call("tax_code_valid", let arguments, let owner, let filter, _):
      if arguments.count == 1, !RuleEvaluator.isAggregate("tax_code_valid", arguments, table: owner, filter: filter),
        let field = slot(arguments[0])
      {
        self = .taxCode(slot: field)
      } else {
        self = .other
      }
    default:
      self = .other
    }
  }

  /// What the leaf is on `record`, as ``RowTest/outcome(_:bounds:)``.
  @inline(__always)
  func outcome(_ record: TableRecord, bounds: (start: Int?, end: Int?)) -> RowTest.Outcome {
    switch self {
    case .compare(let op, let a, let b):
      if let x = a.number(in: record), let y = b.number(in: record) {
        switch op {
        case .less: return x < y ? .yes : .no
        case .lessOrEqual: return x <= y ? .yes : .no
        case .greater: return x > y ? .yes : .no
        case .greaterOrEqual: return x >= y ? .yes : .no
        case .equal: return RuleEvaluator.numbersEqual(x, y) ? .yes : .no
        case .notEqual: return RuleEvaluator.numbersEqual(x, y) ? .no : .yes
        case .plus, .minus, .times, .divide: return .neither
        }
      }
      if let x = a.days(in: record, bounds: bounds), let y = b.days(in: record, bounds: bounds) {
        switch op {
        case .less: return x < y ? .yes : .no
        case .lessOrEqual: return x <= y ? .yes : .no
        case .greater: return x > y ? .yes : .no
        case .greaterOrEqual: return x >= y ? .yes : .no
        case .equal: return x == y ? .yes : .no
        case .notEqual: return x == y ? .no : .yes
        case .plus, .minus, .times, .divide: return .undecided
        }
      }
      return .undecided
    case .text(let slot, let equal, let literal):
      guard let same = record.withText(at: slot, { literal.isSame(as: $0) }) else { return .undecided }
      return same == equal ? .yes : .no
    case .taxCode(let slot):
      guard let valid = record.withText(at: slot, { TaxCode.isValid($0) }) else { return .undecided }
      return valid ? .yes : .no
    case .always:
      return .yes
    case .other:
      return .undecided
    }
  }
}

extension RowTest.Outcome {
  /// The outcome of a rule value: a truth value's, or neither.
  init(_ value: RuleValue) {
    switch value {
    case .bool(let flag): self = flag ? .yes : .no
    default: self = .neither
    }
  }
}
