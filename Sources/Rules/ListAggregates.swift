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
  /// Each slot's argument and filter bound to the layout of the records being added.
  private var bound:
    (
      layout: RecordLayout,
      parts: [(argument: BoundExpression?, filter: BoundExpression?, argumentMask: UInt64, filterMask: UInt64)]
    )?
  /// The period of the records added, and its bounds.
  private var boundPeriod: ReportingPeriod??
  private var bounds: (start: RuleValue, end: RuleValue) = (.blank, .blank)
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
    }
  }

  /// Adds one list record, read for the period last given to ``use(period:)``.
  public mutating func add(_ record: TableRecord) {
    rows += 1
    guard !slots.isEmpty else { return }
    if bound?.layout !== record.layout {
      bound = (
        record.layout,
        slots.map { slot in
          (
            slot.argument.map { BoundExpression($0, layout: record.layout, table: "list") },
            slot.filter.map { BoundExpression($0, layout: record.layout, table: "list") },
            Self.mask(slot.argumentFields, in: record.layout), Self.mask(slot.filterFields, in: record.layout)
          )
        }
      )
    }
    guard let parts = bound?.parts else { return }
    if bound?.layout !== lastLayout {
      lastLayout = bound?.layout
      for index in slots.indices
      where slots[index].argumentFields.contains(where: { record.layout.slot(of: $0) == nil }) {
        slots[index].missing = true
      }
    }
    let row = BoundRow(record: record, bounds: bounds)
    for index in slots.indices {
      // A cell that could not be read leaves the aggregate unknown, not smaller.
      if record.unreadable & parts[index].filterMask != 0 {
        slots[index].unreadable += 1
        continue
      }
      // A row counts when it passes the filter and, with an argument, gives a value.
      if let filter = parts[index].filter, filter.evaluate(row) != .bool(true) { continue }
      if record.unreadable & parts[index].argumentMask != 0 {
        slots[index].unreadable += 1
        continue
      }
      guard let argument = parts[index].argument else {
        slots[index].count += 1
        continue
      }
      let value = argument.evaluate(row)
      if value == .blank { continue }
      slots[index].count += 1
      if case .number(let x) = value {
        slots[index].numbers += 1
        slots[index].sum += x
        slots[index].minimum = min(slots[index].minimum, x)
        slots[index].maximum = max(slots[index].maximum, x)
      }
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
