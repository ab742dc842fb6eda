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

extension RowTest {
  /// Room for the numbers and verdicts a test reads a batch with, kept between batches.
  final class BatchScratch {
    @exclusivity(unchecked) private(set) var capacity = 0
    @exclusivity(unchecked) private(set) var left: UnsafeMutablePointer<Double> = .allocate(capacity: 0)
    @exclusivity(unchecked) private(set) var right: UnsafeMutablePointer<Double> = .allocate(capacity: 0)
    @exclusivity(unchecked) private(set) var leftKnown: UnsafeMutablePointer<Bool> = .allocate(capacity: 0)
    @exclusivity(unchecked) private(set) var rightKnown: UnsafeMutablePointer<Bool> = .allocate(capacity: 0)
    @exclusivity(unchecked) private(set) var texts: UnsafeMutablePointer<UInt8> = .allocate(capacity: 0)
    @exclusivity(unchecked) private(set) var second: UnsafeMutablePointer<Outcome> = .allocate(capacity: 0)

    /// Makes room for `count` records.
    func reserve(_ count: Int) {
      guard count > capacity else { return }
      release()
      capacity = max(count, 64)
      left = .allocate(capacity: capacity)
      right = .allocate(capacity: capacity)
      leftKnown = .allocate(capacity: capacity)
      rightKnown = .allocate(capacity: capacity)
      texts = .allocate(capacity: capacity)
      second = .allocate(capacity: capacity)
    }

    private func release() {
      left.deallocate()
      right.deallocate()
      leftKnown.deallocate()
      rightKnown.deallocate()
      texts.deallocate()
      second.deallocate()
    }

    deinit { release() }
  }

  /// The test's outcome on every record of `batch`, written to `outcomes`: what
  /// ``outcome(_:bounds:)`` gives each, the cells it reads straight read a column at a
  /// time and any other record read as ``outcome(_:bounds:)`` reads it.
  func outcomes(
    in batch: RecordBatch, bounds: (start: Int?, end: Int?), scratch: BatchScratch,
    into outcomes: UnsafeMutablePointer<Outcome>
  ) {
    scratch.reserve(batch.count)
    first.outcomes(in: batch, bounds: bounds, scratch: scratch, into: outcomes)
    guard let second else { return }
    let others = scratch.second
    second.outcomes(in: batch, bounds: bounds, scratch: scratch, into: others)
    // As ``outcome(_:bounds:)`` joins them.
    let deciding: Outcome = joinedByOr ? .yes : .no
    for index in 0..<batch.count {
      let a = outcomes[index]
      switch a {
      case .undecided: continue
      case deciding: continue
      default: break
      }
      let b = others[index]
      switch b {
      case .undecided, deciding: outcomes[index] = b
      default: outcomes[index] = a == .neither || b == .neither ? .neither : joinedByOr ? .no : .yes
      }
    }
  }
}

extension RowTest.Leaf {
  /// ``outcome(_:bounds:)`` on every record of `batch`, written to `outcomes`.
  func outcomes(
    in batch: RecordBatch, bounds: (start: Int?, end: Int?), scratch: RowTest.BatchScratch,
    into outcomes: UnsafeMutablePointer<RowTest.Outcome>
  ) {
    let count = batch.count
    switch self {
    case .compare(let op, let a, let b):
      guard Self.numbers(a, in: batch, into: scratch.left, known: scratch.leftKnown),
        Self.numbers(b, in: batch, into: scratch.right, known: scratch.rightKnown)
      else {
        compareDays(op, a, b, in: batch, bounds: bounds, scratch: scratch, into: outcomes)
        return
      }
      compareKnown(in: batch, bounds: bounds, scratch: scratch, into: outcomes) { x, y in
        Self.compare(op, numbers: x, y)
      }
      return
    case .text(let slot, let equal, let literal):
      let verdicts = scratch.texts
      batch.texts(slot: slot, { literal.isSame(as: $0) }, into: verdicts)
      for index in 0..<count {
        switch verdicts[index] {
        case 1: outcomes[index] = equal ? .yes : .no
        case 2: outcomes[index] = equal ? .no : .yes
        default: outcomes[index] = outcome(batch[index], bounds: bounds)
        }
      }
      return
    case .always:
      outcomes.update(repeating: .yes, count: count)
      return
    case .taxCode(let slot):
      let verdicts = scratch.texts
      batch.texts(slot: slot, { TaxCode.isValid($0) }, into: verdicts)
      for index in 0..<count {
        switch verdicts[index] {
        case 1: outcomes[index] = .yes
        case 2: outcomes[index] = .no
        default: outcomes[index] = outcome(batch[index], bounds: bounds)
        }
      }
      return
    case .other:
      break
    }
    for index in 0..<count { outcomes[index] = outcome(batch[index], bounds: bounds) }
  }

  /// A comparison with the period's bounds (`founded <= period.end`) on every record of
  /// `batch`: neither side is a number, so the days decide where both are known.
  private func compareDays(
    _ op: BinaryOperator, _ a: BoundExpression.Operand, _ b: BoundExpression.Operand, in batch: RecordBatch,
    bounds: (start: Int?, end: Int?), scratch: RowTest.BatchScratch,
    into outcomes: UnsafeMutablePointer<RowTest.Outcome>
  ) {
    let count = batch.count
    guard Self.days(a, in: batch, bounds: bounds, into: scratch.left, known: scratch.leftKnown),
      Self.days(b, in: batch, bounds: bounds, into: scratch.right, known: scratch.rightKnown)
    else {
      for index in 0..<count { outcomes[index] = outcome(batch[index], bounds: bounds) }
      return
    }
    compareKnown(in: batch, bounds: bounds, scratch: scratch, into: outcomes) { x, y in
      Self.compare(op, days: Int(x), Int(y))
    }
  }

  /// Two numbers compared as the evaluator compares them; arithmetic is no truth value.
  @inline(__always)
  static func compare(_ op: BinaryOperator, numbers x: Double, _ y: Double) -> RowTest.Outcome {
    compare(op, x, y, same: RuleEvaluator.numbersEqual(x, y), arithmetic: .neither)
  }

  /// Two days compared; arithmetic on days is left to the evaluator.
  @inline(__always)
  static func compare(_ op: BinaryOperator, days x: Int, _ y: Int) -> RowTest.Outcome {
    compare(op, x, y, same: x == y, arithmetic: .undecided)
  }

  /// `x` and `y` ordered by `op`, equal when `same` (asked only by `==` and `!=`);
  /// `arithmetic` for an operator that compares nothing.
  @inline(__always)
  private static func compare<Value: Comparable>(
    _ op: BinaryOperator, _ x: Value, _ y: Value, same: @autoclosure () -> Bool, arithmetic: RowTest.Outcome
  ) -> RowTest.Outcome {
    switch op {
    case .less: x < y ? .yes : .no
    case .lessOrEqual: x <= y ? .yes : .no
    case .greater: x > y ? .yes : .no
    case .greaterOrEqual: x >= y ? .yes : .no
    case .equal: same() ? .yes : .no
    case .notEqual: same() ? .no : .yes
    case .plus, .minus, .times, .divide: arithmetic
    }
  }

  /// The outcome `decide` gives each record of `batch` whose two operands the scratch's
  /// columns hold (``RowTest/BatchScratch/left`` and ``RowTest/BatchScratch/right``, where
  /// known); any other record's outcome read as ``outcome(_:bounds:)`` reads it.
  @inline(__always)
  private func compareKnown(
    in batch: RecordBatch, bounds: (start: Int?, end: Int?), scratch: RowTest.BatchScratch,
    into outcomes: UnsafeMutablePointer<RowTest.Outcome>, _ decide: (Double, Double) -> RowTest.Outcome
  ) {
    let (xs, ys, xKnown, yKnown) = (scratch.left, scratch.right, scratch.leftKnown, scratch.rightKnown)
    for index in 0..<batch.count {
      outcomes[index] =
        xKnown[index] && yKnown[index] ? decide(xs[index], ys[index]) : outcome(batch[index], bounds: bounds)
    }
  }

  /// An operand's days on every record of `batch` where they are read straight and it is
  /// no number (a date written as text, the period's bound); false when it is a number.
  private static func days(
    _ operand: BoundExpression.Operand, in batch: RecordBatch, bounds: (start: Int?, end: Int?),
    into days: UnsafeMutablePointer<Double>, known: UnsafeMutablePointer<Bool>
  ) -> Bool {
    switch operand {
    case .slot(let slot):
      batch.plainDays(slot: slot, into: days, isDay: known)
    case .number:
      return false
    case .period(let end):
      let day = end ? bounds.end : bounds.start
      days.update(repeating: Double(day ?? 0), count: batch.count)
      known.update(repeating: day != nil, count: batch.count)
    }
    return true
  }

  /// An operand's numbers on every record of `batch`, where they are read straight (see
  /// ``RecordBatch/plainNumbers(slot:into:isNumber:)``); false when the operand reads no
  /// number straight on any record (the period's bounds).
  private static func numbers(
    _ operand: BoundExpression.Operand, in batch: RecordBatch, into numbers: UnsafeMutablePointer<Double>,
    known: UnsafeMutablePointer<Bool>
  ) -> Bool {
    switch operand {
    case .slot(let slot):
      batch.plainNumbers(slot: slot, into: numbers, isNumber: known)
    case .number(let x):
      numbers.update(repeating: x, count: batch.count)
      known.update(repeating: true, count: batch.count)
    case .period:
      return false
    }
    return true
  }

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
      if let x = a.number(in: record), let y = b.number(in: record) { return Self.compare(op, numbers: x, y) }
      if let x = a.days(in: record, bounds: bounds), let y = b.days(in: record, bounds: bounds) {
        return Self.compare(op, days: x, y)
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
