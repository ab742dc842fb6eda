import Rules
import Schema
import Validation

/// The consolidated summary of DOMAIN.md: each indicator per unit, folded from the
/// lists' rows and the summaries' values, and their sum for the province.
public struct ProvinceSummary: Sendable {
  /// One row of the summary.
  public struct Row: Sendable {
    /// The unit's code (the province code for the province row).
    public var code: String
    /// The unit's name.
    public var name: String
    /// Each indicator's value, in ``ProvinceSummary/indicators`` order; nil when no
    /// return gave it.
    public var values: [Double?]
  }

  /// The indicators, in column order.
  public let indicators: [ConsolidationSpec.Indicator]
  private let expressions: [IndicatorExpression]
  private var figures: [String: [Double?]] = [:]

  /// Compiles the pack's consolidation.
  /// - Throws: ``RuleSyntaxError`` for an indicator whose expression does not parse.
  public init(spec: ConsolidationSpec) throws {
    indicators = spec.indicators
    expressions = try spec.indicators.map { try IndicatorExpression($0.value, location: $0.location) }
  }

  /// An empty fold of the list indicators, to add one return's list records to as they stream.
  public func listFold() -> ListAggregates { IndicatorExpression.listFold(expressions) }

  /// The list indicators a fold gives (nil for the others).
  public func figures(of fold: ListAggregates, period: ReportingPeriod?) -> [Double?] {
    expressions.enumerated().map { index, expression in
      expression.readsList ? expression.value(folded: fold, index: index, period: period) : nil
    }
  }

  /// The indicators an indicator table gives (nil for the list ones).
  public func figures(of table: ReadTable) -> [Double?] {
    let indicators = IndicatorTable.collect(table.records, form: table.form)
    return expressions.map { $0.readsList ? nil : $0.value(in: indicators, period: table.period) }
  }

  /// Adds `values` (from the `figures(of:)` functions) to the unit `code`.
  public mutating func add(_ values: [Double?], unit code: String) {
    var current = figures[code] ?? Array(repeating: nil, count: expressions.count)
    for (index, value) in values.enumerated() {
      guard let value else { continue }
      current[index] = (current[index] ?? 0) + value
    }
    figures[code] = current
  }

  /// One row per unit of `units` (in list order, blank where no return came), then
  /// units not on the list, then the province's total under its code.
  public func rows(units: UnitList?) -> [Row] {
    var rows: [Row] = []
    var listed: Set<String> = []
    for unit in units?.units ?? [] {
      listed.insert(unit.code)
      rows.append(
        Row(
          code: unit.code, name: unit.name, values: figures[unit.code] ?? Array(repeating: nil, count: indicators.count)
        ))
    }
    for code in figures.keys.sorted() where !listed.contains(code) {
      rows.append(Row(code: code, name: code, values: figures[code] ?? []))
    }
    var total: [Double?] = Array(repeating: nil, count: indicators.count)
    for row in rows {
      for (index, value) in row.values.enumerated() {
        guard let value else { continue }
        total[index] = (total[index] ?? 0) + value
      }
    }
    rows.append(
      Row(code: units?.provinceCode ?? "", name: units.map { "Tỉnh \($0.provinceName)" } ?? "Tổng", values: total))
    return rows
  }
}
