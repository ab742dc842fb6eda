import Schema

/// An indicator of the consolidated summary as an expression: a sum or count over the
/// list's rows, folded one row at a time (``ListAggregates``), or a value of the unit's
/// summary table.
public struct IndicatorExpression: Sendable {
  /// The parsed expression.
  public let node: RuleNode
  /// Whether it runs over the list's rows (else it reads the summary table).
  public let readsList: Bool

  /// Parses `text`; an expression over the list must be a sum or a count.
  /// - Throws: ``RuleSyntaxError`` at its place in the pack.
  public init(_ text: String, location: SourceLocation) throws {
    node = try RuleParser.parse(text, file: location.file, line: location.line, column: location.column)
    readsList = TableRules.reaches("list", node)
    if readsList {
      guard case .call(let name, _, _, _, _) = node, name == "sum" || name == "count" else {
        throw RuleSyntaxError(
          file: location.file, line: location.line, column: location.column,
          message: "an indicator over the list is a sum(…) or count(…), so it can be added up row by row",
          source: text, offset: 0)
      }
    }
  }

  /// An empty fold of the list aggregates of `expressions`, expression `i` as rule `i`.
  public static func listFold(_ expressions: [IndicatorExpression]) -> ListAggregates {
    ListAggregates(rules: expressions.map { $0.readsList ? $0.node : .literal(.blank) })
  }

  /// The indicator's value from a fold made by ``listFold(_:)``, where it is number `index`.
  public func value(folded fold: ListAggregates, index: Int, period: ReportingPeriod?) -> Double? {
    let context = IndicatorContext(table: IndicatorTable(), period: period, folded: fold.values(rule: index))
    if case .number(let value) = RuleEvaluator.evaluate(node, in: context) { return value }
    return nil
  }

  /// The indicator's value from a unit's summary table; nil when blank or not a number.
  public func value(in table: IndicatorTable, period: ReportingPeriod?) -> Double? {
    let context = IndicatorContext(table: table, period: period)
    if case .number(let value) = RuleEvaluator.evaluate(node, in: context) { return value }
    return nil
  }
}
