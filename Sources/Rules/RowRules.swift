import Findings
import Foundation
import Schema
import SheetIO

/// A form's row rules, compiled once, checked against each record.
public struct RowRules {
  struct Compiled {
    var spec: RuleSpec
    var guardNode: RuleNode?
    var check: RuleNode
    /// The record's fields the rule and its guard read.
    var fields: Set<String>
    /// The validity window's days as `yyyymmdd` numbers.
    var validFrom: Int?
    var validTo: Int?
  }

  /// A compiled rule with its expressions bound to a layout (a class: rows pass it on
  /// by reference, not by copying the rule's texts).
  final class Bound {
    let rule: Compiled
    let guardExpression: BoundExpression?
    let check: BoundExpression
    /// The guard and the check as tests that read the row in place.
    let tests: Tests
    /// The rule's fields, for leaving it out when one has a cell error.
    let fields: Set<String>
    /// The field a finding points at, and its slot.
    let field: String?
    let slot: Int?
    /// The message in the report's language.
    let message: MessageTemplate
    let severity: Severity

    init(rule: Compiled, layout: RecordLayout, language: String) {
      self.rule = rule
      guardExpression = rule.guardNode.map { BoundExpression($0, layout: layout) }
      check = BoundExpression(rule.check, layout: layout)
      tests = Tests(
        guardTest: rule.guardNode.map { RowTest($0, layout: layout) } ?? .always,
        check: RowTest(rule.check, layout: layout))
      fields = rule.fields
      field = RowRules.firstField(rule.check)
      slot = field.flatMap(layout.slot(of:))
      let template = rule.spec.messages[language] ?? rule.spec.messages["en"] ?? rule.spec.messages.values.first
      message = MessageTemplate(template ?? "rule \(rule.spec.id) failed")
      severity = Severity(rawValue: rule.spec.severity) ?? .error
    }

    /// Whether the rule applies to `row` (its guard, if any, is true) and its check is
    /// false there.
    @inline(__always)
    func fails(_ record: TableRecord, bounds: (start: RuleValue, end: RuleValue), days: (start: Int?, end: Int?))
      -> Bool
    {
      var applies = tests.guardTest.outcome(record, bounds: days)
      if case .undecided = applies, let guardExpression {
        applies = RowTest.Outcome(guardExpression.evaluate(BoundRow(record: record, bounds: bounds)))
      }
      guard case .yes = applies else { return false }
      var outcome = tests.check.outcome(record, bounds: days)
      if case .undecided = outcome {
        outcome = RowTest.Outcome(check.evaluate(BoundRow(record: record, bounds: bounds)))
      }
      if case .no = outcome { return true }
      return false
    }
  }

  /// A rule's guard and check as row tests.
  struct Tests: Sendable {
    /// The guard; a rule without one has a test that is always true.
    var guardTest: RowTest
    var check: RowTest
  }

  private var rules: [Compiled]
  /// Set when ``rules`` were already narrowed to one period's.
  private var narrowedTo: ReportingPeriod??
  /// The bounds of the period narrowed to.
  private var narrowedBounds: (start: RuleValue, end: RuleValue) = (.blank, .blank)
  /// The same bounds as days since 1970-01-01.
  private var narrowedDays: (start: Int?, end: Int?) = (nil, nil)
  /// ``rules`` bound to the layout of the records being checked, and their tests.
  private var bound: (layout: RecordLayout, rules: [Bound], tests: [Tests])?
  /// The tests' verdicts on the records of one batch, made a rule at a time over the
  /// whole batch when its first record is checked.
  private var verdicts = BatchVerdicts()
  /// The layout ``bound`` is for, and how many rules it holds, kept apart so that a record
  /// is matched to them without retaining the layout or the rules.
  private var boundLayout: ObjectIdentifier?
  private var boundCount = 0
  /// The report's language, `vi` or `en`.
  public var language = "vi"

  /// Compiles the row rules of `form`.
  /// - Throws: ``RuleSyntaxError`` at the rule's place in its schema file.
  public init(form: Form) throws {
    rules = try form.rules.filter { $0.scope == "row" }.map { spec in
      let location = spec.location
      let check = try RuleParser.parse(spec.check, file: location.file, line: location.line, column: location.column)
      let guardNode = try spec.when.map {
        try RuleParser.parse($0, file: location.file, line: location.line, column: location.column)
      }
      var fields = Self.fields(check)
      if let guardNode { fields.formUnion(Self.fields(guardNode)) }
      return Compiled(
        spec: spec, guardNode: guardNode, check: check, fields: fields, validFrom: spec.validFrom.flatMap(Self.day),
        validTo: spec.validTo.flatMap(Self.day))
    }
  }

  /// `2024-07-01` as 20240701.
  static func day(_ text: String) -> Int? {
    let parts = text.split(separator: "-").compactMap { Int($0) }
    guard parts.count == 3 else { return nil }
    return parts[0] * 10_000 + parts[1] * 100 + parts[2]
  }

  /// The fields of the record an expression reads.
  static func fields(_ node: RuleNode) -> Set<String> {
    switch node {
    case .field(let name, let table, _): return table == nil ? [name] : []
    case .negate(let inner), .not(let inner), .isBlank(let inner, _): return fields(inner)
    case .inList(let inner, let items, _): return items.reduce(fields(inner)) { $0.union(fields($1)) }
    case .binary(_, let left, let right): return fields(left).union(fields(right))
    case .call(_, let arguments, _, let filter, _):
      return arguments.reduce(filter.map(fields) ?? []) { $0.union(fields($1)) }
    case .literal, .period: return []
    }
  }

  /// These rules narrowed once to those that apply to `period`, for checking a table's rows.
  public func applying(to period: ReportingPeriod?) -> RowRules {
    var narrowed = self
    narrowed.rules = applicable(to: period)
    narrowed.narrowedTo = .some(period)
    narrowed.narrowedBounds = RuleValue.bounds(of: period)
    narrowed.narrowedDays = RuleValue.days(of: narrowed.narrowedBounds)
    narrowed.bound = nil
    narrowed.boundLayout = nil
    narrowed.verdicts = BatchVerdicts()
    return narrowed
  }

  /// The rules that apply to a period: those without validity dates, and those whose
  /// window holds the period's last day. With no period, only undated rules apply.
  func applicable(to period: ReportingPeriod?) -> [Compiled] {
    if let narrowed = narrowedTo, narrowed == period { return rules }
    let end = period.map { $0.end.year * 10_000 + $0.end.month * 100 + $0.end.day }
    return rules.filter { rule in
      guard rule.validFrom != nil || rule.validTo != nil else { return true }
      guard let end else { return false }
      if let from = rule.validFrom, end < from { return false }
      if let to = rule.validTo, end > to { return false }
      return true
    }
  }

  /// Resolves the rules' fields to the slots of `layout`, the layout of the records
  /// about to be checked; call after ``applying(to:)``.
  public mutating func bind(to layout: RecordLayout) {
    let rules = rules.map { Bound(rule: $0, layout: layout, language: language) }
    bound = (layout, rules, rules.map(\.tests))
    boundLayout = ObjectIdentifier(layout)
    boundCount = rules.count
    verdicts = BatchVerdicts()
  }

  /// The findings of every applicable rule that fails on `record`; rules that read a
  /// field in `skipping` (one whose cell already has an error) are left out, so one
  /// wrong cell is reported once.
  public func check(
    _ record: TableRecord, period: ReportingPeriod?, file: String, sheet: String?, skipping: Set<String> = []
  ) -> [Finding] {
    let prepared: [Bound]
    let bounds: (start: RuleValue, end: RuleValue)
    if let narrowed = narrowedTo, narrowed == period, let bound, record.has(layout: bound.layout) {
      prepared = bound.rules
      bounds = narrowedBounds
    } else {
      prepared = applicable(to: period).map { Bound(rule: $0, layout: record.layout, language: language) }
      bounds = RuleValue.bounds(of: period)
    }
    let days = RuleValue.days(of: bounds)
    var findings: [Finding] = []
    for rule in prepared where skipping.isEmpty || rule.fields.isDisjoint(with: skipping) {
      guard rule.fails(record, bounds: bounds, days: days) else { continue }
      findings.append(finding(rule, record: record, period: period, file: file, sheet: sheet))
    }
    return findings
  }

  /// The findings of the rules narrowed by ``applying(to:)`` that fail on `record`, read
  /// for the period narrowed to (see ``check(_:period:file:sheet:skipping:)``).
  ///
  /// Mutating only so that the rules are read in place: a row is checked without copying
  /// them or retaining a rule that passes.
  public mutating func check(_ record: TableRecord, file: String, sheet: String?, skipping: Set<String> = [])
    -> [Finding]
  {
    guard boundLayout == record.layoutIdentity, case .some(let period) = narrowedTo else {
      return check(record, period: narrowedTo ?? nil, file: file, sheet: sheet, skipping: skipping)
    }
    let days = narrowedDays
    if boundCount <= 64 {
      if verdicts.stamp != record.stamp, let tests = bound?.tests {
        verdicts.make(tests, on: record.batch, bounds: days)
      }
      let (_, failed, undecided) = verdicts.of(record.index)
      guard failed | undecided != 0, let rules = bound?.rules else { return [] }
      var findings: [Finding] = []
      for index in rules.indices where (failed | undecided) & 1 << UInt64(index) != 0 {
        let rule = rules[index]
        guard skipping.isEmpty || rule.fields.isDisjoint(with: skipping) else { continue }
        if undecided & 1 << UInt64(index) != 0, !rule.fails(record, bounds: narrowedBounds, days: days) { continue }
        findings.append(finding(rule, record: record, period: period, file: file, sheet: sheet))
      }
      return findings
    }
    var failed: UInt64 = 0
    var others: [Int] = []
    bound?.tests.withUnsafeBufferPointer { tests in
      // The tests are read in place, not copied out.
      for index in tests.indices {
        switch tests[index].guardTest.outcome(record, bounds: days) {
        case .yes: break
        case .no, .neither: continue
        case .undecided:
          others.append(index)
          continue
        }
        switch tests[index].check.outcome(record, bounds: days) {
        case .no:
          if index < 64 { failed |= 1 << UInt64(index) } else { others.append(index) }
        case .yes, .neither: continue
        case .undecided: others.append(index)
        }
      }
    }
    guard failed != 0 || !others.isEmpty, let rules = bound?.rules else { return [] }
    var findings: [Finding] = []
    for index in rules.indices {
      let undecided = others.contains(index)
      guard undecided || index < 64 && failed & 1 << UInt64(index) != 0 else { continue }
      let rule = rules[index]
      guard skipping.isEmpty || rule.fields.isDisjoint(with: skipping) else { continue }
      if undecided, !rule.fails(record, bounds: narrowedBounds, days: days) { continue }
      findings.append(finding(rule, record: record, period: period, file: file, sheet: sheet))
    }
    return findings
  }

  /// The finding of `rule` failing on `record`, at the cell of the first field it names.
  private func finding(_ rule: Bound, record: TableRecord, period: ReportingPeriod?, file: String, sheet: String?)
    -> Finding
  {
    let ref =
      rule.slot.map { record.cell(slot: $0) }
      ?? record.layout.columns.min().map { CellRef(row: record.row, column: $0) }
    return Finding(
      severity: rule.severity, code: .ruleError, rule: rule.rule.spec.id, file: file, sheet: sheet, cell: ref?.a1,
      row: ref?.row ?? record.row, column: ref?.column, field: rule.field,
      value: rule.slot.map { record.read(at: $0).description },
      message: rule.message.render(record: record, period: period)
    )
  }

  /// The first field an expression names: the cell a finding points at.
  static func firstField(_ node: RuleNode) -> String? {
    switch node {
    case .field(let name, let table, _): return table == nil ? name : nil
    case .negate(let inner), .not(let inner), .isBlank(let inner, _): return firstField(inner)
    case .inList(let inner, _, _): return firstField(inner)
    case .binary(_, let left, let right): return firstField(left) ?? firstField(right)
    case .call(_, let arguments, _, _, _): return arguments.lazy.compactMap(firstField).first
    case .literal, .period: return nil
    }
  }

  /// The message with `{field}` placeholders replaced by the record's values.
  static func fill(_ template: String, record: TableRecord, period: ReportingPeriod?) -> String {
    MessageTemplate(template).render(record: record, period: period)
  }
}

/// One record as a rule sees it.
struct RecordContext: RuleContext {
  let record: TableRecord
  let period: (start: RuleValue, end: RuleValue)

  init(record: TableRecord, period: ReportingPeriod?) {
    self.init(record: record, bounds: RuleValue.bounds(of: period))
  }

  init(record: TableRecord, bounds: (start: RuleValue, end: RuleValue)) {
    self.record = record
    period = bounds
  }

  func value(of field: String, table: String?) -> RuleValue {
    guard table == nil, let value = record.value(field) else { return .blank }
    return RuleValue(value)
  }

  func rows(of table: String?) -> [any RuleContext] { [] }
}

extension RuleValue {
  /// The days since 1970-01-01 of two bounds that are dates (nil for a blank bound).
  static func days(of bounds: (start: RuleValue, end: RuleValue)) -> (start: Int?, end: Int?) {
    func days(_ value: RuleValue) -> Int? {
      if case .date(let days) = value { return days }
      return nil
    }
    return (days(bounds.start), days(bounds.end))
  }

  /// The rule value of a typed cell value.
  public init(_ value: TypedValue) {
    switch value {
    case .blank: self = .blank
    case .number(let number): self = .number(number)
    case .text(let text): self = .text(text)
    case .date(let year, let month, let day): self = .date(RuleValue.days(year: year, month: month, day: day))
    }
  }
}
