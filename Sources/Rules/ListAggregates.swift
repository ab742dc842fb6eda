import Schema

/// The aggregates over `list` that a form's table rules use, folded one list record at a
/// time, so the list need not be kept to check the summary against it.
public struct ListAggregates: Sendable {
  private struct Slot: Sendable {
    var rule: Int
    var offset: Int
    var name: String
    var argument: RuleNode?
    var filter: RuleNode?
    /// The list fields the argument and the filter read.
    var argumentFields: Set<String>
    var filterFields: Set<String>
    var count = 0
    /// Rows left out because a cell the aggregate reads could not be read.
    var unreadable = 0
    /// Whether a list added had no column for a field the argument reads.
    var missing = false
    var numbers = 0
    var sum = 0.0
    var minimum = Double.infinity
    var maximum = -Double.infinity

    var value: RuleValue {
      switch name {
      // With no column to read and nothing read, the figure is unknown, not zero.
      case "count": return missing && argument != nil && count == 0 ? .blank : .number(Double(count))
      case "sum": return missing && numbers == 0 ? .blank : .number(sum)
      case "avg": return numbers == 0 ? .blank : .number(sum / Double(numbers))
      case "min": return numbers == 0 ? .blank : .number(minimum)
      default: return numbers == 0 ? .blank : .number(maximum)
      }
    }
  }

  private var slots: [Slot] = []
  /// How each slot reads a record of the layout being added.
  private struct Part {
    /// The slot of an argument that is a field of the row, read without evaluating.
    var argumentSlot: Int?
    /// The index of the slot's filter among ``Bound/filters``.
    var filter: Int?
    var argumentMask: UInt64
    var filterMask: UInt64
  }

  /// The slots' parts and their distinct filters, bound to the layout of the records
  /// being added: aggregates that share a filter (`where list.status != "Đã giải thể"`)
  /// evaluate it once a row.
  private struct Bound {
    var layout: RecordLayout
    var parts: [Part]
    var filters: [BoundExpression]
    /// Each slot's argument, bound.
    var arguments: [BoundExpression?]
    /// The filters as tests that read a row in place.
    var filterTests: [RowTest]
  }

  private var bound: Bound?
  /// The distinct filters' verdicts on the records of the batch last seen, made a filter at
  /// a time over the whole batch (a class: the aggregates of one bound share them).
  private var batchVerdicts = BatchVerdicts()
  /// Whether filters are tested a batch at a time (else record by record, as a check of
  /// that way's results does).
  var testsBatches = true
  /// How many distinct filters ``bound`` holds, kept apart so that a record reads it
  /// without retaining them.
  private var filterCount = 0
  /// The period of the records added, and its bounds.
  private var boundPeriod: ReportingPeriod??
  private var bounds: (start: RuleValue, end: RuleValue) = (.blank, .blank)
  /// The same bounds as days since 1970-01-01.
  private var days: (start: Int?, end: Int?) = (nil, nil)
  /// How many list records were added.
  public private(set) var rows = 0
  /// The layout whose missing fields were last noted.
  private var lastLayout: RecordLayout?

  /// The aggregates over `list` in `rules`, each known by its rule's index and its offset.
  init(rules: [RuleNode]) {
    for (index, rule) in rules.enumerated() { collect(rule, rule: index) }
  }

  private mutating func collect(_ node: RuleNode, rule: Int) {
    switch node {
    case .literal, .field, .period: return
    case .negate(let inner), .not(let inner), .isBlank(let inner, _): collect(inner, rule: rule)
    case .inList(let inner, let items, _):
      collect(inner, rule: rule)
      for item in items { collect(item, rule: rule) }
    case .binary(_, let left, let right):
      collect(left, rule: rule)
      collect(right, rule: rule)
    case .call(let name, let arguments, let table, let filter, let offset):
      if RuleEvaluator.isAggregate(name, arguments, table: table, filter: filter),
        RuleEvaluator.aggregateTable(arguments, table: table) == "list"
      {
        slots.append(
          Slot(
            rule: rule, offset: offset, name: name, argument: arguments.first, filter: filter,
            argumentFields: arguments.first.map(Self.fields) ?? [], filterFields: filter.map(Self.fields) ?? []))
      } else {
        for argument in arguments { collect(argument, rule: rule) }
      }
    }
  }

  /// Adds one list record, read for `period`.
  public mutating func add(_ record: TableRecord, period: ReportingPeriod?) {
    use(period: period)
    add(record)
  }

  /// Sets the period the records added next are read for.
  public mutating func use(period: ReportingPeriod?) {
    if boundPeriod == nil || boundPeriod! != period {
      boundPeriod = .some(period)
      bounds = RuleValue.bounds(of: period)
      days = RuleValue.days(of: bounds)
    }
  }

  /// Adds one list record, read for the period last given to ``use(period:)``.
  public mutating func add(_ record: TableRecord) {
    rows += 1
    guard !slots.isEmpty else { return }
    // The fields a layout lacks are noted when the aggregates bind to it; a record of the
    // layout bound already is only compared with it.
    if !record.has(layout: bound?.layout) {
      bind(to: record.layout)
      if bound?.layout !== lastLayout {
        lastLayout = bound?.layout
        for index in slots.indices
        where slots[index].argumentFields.contains(where: { record.layout.slot(of: $0) == nil }) {
          slots[index].missing = true
        }
      }
    }
    // Which distinct filters (the first 64) were evaluated on the row, and which passed:
    // all of them at once, a batch at a time, when they are 64 or fewer.
    var verdicts: (UInt64, UInt64) = (0, 0)
    if testsBatches, filterCount > 0, filterCount <= 64 {
      if batchVerdicts.stamp != record.stamp, let filters = bound?.filterTests {
        batchVerdicts.make(filters.map { .init(guardTest: .always, check: $0) }, on: record.batch, bounds: days)
      }
      let (passed, _, undecided) = batchVerdicts.of(record.index)
      // An undecided filter is left unevaluated here: ``passes(filter:_:)`` evaluates it.
      verdicts = (~undecided, passed)
    }
    for index in slots.indices {
      guard let part = bound?.parts[index] else { return }
      // A cell that could not be read leaves the aggregate unknown, not smaller.
      if record.unreadable & part.filterMask != 0 {
        slots[index].unreadable += 1
        continue
      }
      // A row counts when it passes the filter and, with an argument, gives a value.
      if let filter = part.filter {
        let bit = UInt64(1) << UInt64(filter & 63)
        if filter >= 64 {
          guard passes(filter: filter, record) else { continue }
        } else if verdicts.0 & bit != 0 {
          guard verdicts.1 & bit != 0 else { continue }
        } else {
          let passes = passes(filter: filter, record)
          verdicts.0 |= bit
          if passes { verdicts.1 |= bit }
          guard passes else { continue }
        }
      }
      if record.unreadable & part.argumentMask != 0 {
        slots[index].unreadable += 1
        continue
      }
      let number: Double?
      if let slot = part.argumentSlot {
        number = record.number(at: slot)
        if number == nil && record.isBlank(at: slot) { continue }
      } else if let argument = bound?.arguments[index] ?? nil {
        let value = argument.evaluate(BoundRow(record: record, bounds: bounds))
        if value == .blank { continue }
        if case .number(let x) = value { number = x } else { number = nil }
      } else {
        slots[index].count += 1
        continue
      }
      slots[index].count += 1
      if let x = number {
        slots[index].numbers += 1
        slots[index].sum += x
        slots[index].minimum = min(slots[index].minimum, x)
        slots[index].maximum = max(slots[index].maximum, x)
      }
    }
  }

  /// Whether `record` passes distinct filter `filter`: its test, or the filter evaluated
  /// when the test cannot tell.
  private func passes(filter: Int, _ record: TableRecord) -> Bool {
    guard let test = bound?.filterTests[filter] else { return false }
    switch test.outcome(record, bounds: days) {
    case .yes: return true
    case .no, .neither: return false
    case .undecided:
      guard let expression = bound?.filters[filter] else { return false }
      return expression.evaluate(BoundRow(record: record, bounds: bounds)) == .bool(true)
    }
  }

  /// Binds the slots' arguments and filters to `layout`, each distinct filter once.
  private mutating func bind(to layout: RecordLayout) {
    var filters: [BoundExpression] = []
    var filterNodes: [RuleNode] = []
    let parts = slots.map { slot -> Part in
      var filter: Int?
      if let node = slot.filter {
        if let same = filterNodes.firstIndex(where: { Self.sameShape($0, node) }) {
          filter = same
        } else {
          filter = filters.count
          filters.append(BoundExpression(node, layout: layout, table: "list"))
          filterNodes.append(node)
        }
      }
      var argumentSlot: Int?
      if case .field(let name, let table, _)? = slot.argument, table == nil || table == "list" {
        argumentSlot = layout.slot(of: name)
      }
      return Part(
        argumentSlot: argumentSlot, filter: filter,
        argumentMask: Self.mask(slot.argumentFields, in: layout), filterMask: Self.mask(slot.filterFields, in: layout))
    }
    batchVerdicts = BatchVerdicts()
    filterCount = filterNodes.count
    bound = Bound(
      layout: layout, parts: parts, filters: filters,
      arguments: slots.map { $0.argument.map { BoundExpression($0, layout: layout, table: "list") } },
      filterTests: filterNodes.map { RowTest($0, layout: layout, table: "list") })
  }

  /// Whether two expressions are the same but for where they were written.
  static func sameShape(_ a: RuleNode, _ b: RuleNode) -> Bool {
    switch (a, b) {
    case (.literal(let x), .literal(let y)): return x == y
    case (.field(let x, let xt, _), .field(let y, let yt, _)): return x == y && xt == yt
    case (.period(let x), .period(let y)): return x == y
    case (.negate(let x), .negate(let y)), (.not(let x), .not(let y)): return sameShape(x, y)
    case (.binary(let xo, let xl, let xr), .binary(let yo, let yl, let yr)):
      return xo == yo && sameShape(xl, yl) && sameShape(xr, yr)
    case (.isBlank(let x, let xn), .isBlank(let y, let yn)): return xn == yn && sameShape(x, y)
    case (.inList(let x, let xs, let xn), .inList(let y, let ys, let yn)):
      return xn == yn && sameShape(x, y) && xs.count == ys.count && zip(xs, ys).allSatisfy(sameShape)
    case (.call(let xn, let xa, let xt, let xf, _), .call(let yn, let ya, let yt, let yf, _)):
      guard xn == yn, xt == yt, xa.count == ya.count, zip(xa, ya).allSatisfy(sameShape) else { return false }
      switch (xf, yf) {
      case (nil, nil): return true
      case (let x?, let y?): return sameShape(x, y)
      default: return false
      }
    default: return false
    }
  }

  /// How many list rows rule `rule`'s aggregates left out for a cell that could not be read.
  func unreadable(rule: Int) -> Int {
    slots.lazy.filter { $0.rule == rule }.map(\.unreadable).max() ?? 0
  }

  /// The fields of any table that `node` reads.
  private static func fields(_ node: RuleNode) -> Set<String> {
    switch node {
    case .field(let name, _, _): return [name]
    case .literal, .period: return []
    case .negate(let inner), .not(let inner), .isBlank(let inner, _): return fields(inner)
    case .inList(let inner, let items, _): return items.reduce(fields(inner)) { $0.union(fields($1)) }
    case .binary(_, let left, let right): return fields(left).union(fields(right))
    case .call(_, let arguments, _, let filter, _):
      return arguments.reduce(filter.map(fields) ?? []) { $0.union(fields($1)) }
    }
  }

  /// The bits of the slots of `fields` in `layout` (slots below 64).
  private static func mask(_ fields: Set<String>, in layout: RecordLayout) -> UInt64 {
    fields.reduce(0) { mask, field in
      guard let slot = layout.slot(of: field), slot < 64 else { return mask }
      return mask | 1 << UInt64(slot)
    }
  }

  /// The folded values of rule `rule`'s aggregates, by offset.
  func values(rule: Int) -> [Int: RuleValue] {
    var values: [Int: RuleValue] = [:]
    for slot in slots where slot.rule == rule { values[slot.offset] = slot.value }
    return values
  }
}
