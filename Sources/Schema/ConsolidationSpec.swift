import Foundation

/// How a pack consolidates returns (`consolidate:` of `pack.yaml`): the list form whose
/// rows are merged, the summary form, and the indicators of the consolidated summary.
public struct ConsolidationSpec: Sendable {
  /// One indicator of the consolidated summary.
  public struct Indicator: Sendable {
    /// The indicator id, a column of the `summary` dataset.
    public var id: String
    /// The label shown on the Summary sheet.
    public var label: String
    /// The rule-language expression that gives its value for one unit.
    public var value: String
    /// Where the expression stands, for its syntax errors.
    public var location: SourceLocation

    /// Creates an indicator.
    public init(id: String, label: String, value: String, location: SourceLocation) {
      self.id = id
      self.label = label
      self.value = value
      self.location = location
    }
  }

  /// The id of the form whose rows are merged (one row per cooperative).
  public var listForm: String
  /// The id of the indicator form, if the pack has one.
  public var summaryForm: String?
  /// The indicators, in column order.
  public var indicators: [Indicator]

  /// Creates a specification.
  public init(listForm: String, summaryForm: String?, indicators: [Indicator]) {
    self.listForm = listForm
    self.summaryForm = summaryForm
    self.indicators = indicators
  }
}

extension PackLoader {
  func loadConsolidation(_ url: URL, forms: [Form]) throws -> ConsolidationSpec {
    let root = try YAMLValue.load(url)
    let fields = try root.mapping(allowed: ["list", "summary", "indicators"])
    guard let list = fields["list"], let indicators = fields["indicators"] else {
      throw root.error("consolidation needs 'list' (a form id) and 'indicators'")
    }
    let ids = forms.map(\.id)
    for node in [list, fields["summary"]].compactMap({ $0 }) where !ids.contains(try node.string()) {
      throw node.error("no form '\(try node.string())' in the pack (\(ids.joined(separator: ", ")))")
    }
    var seen: Set<String> = []
    let entries = try indicators.list().map { node in
      let entry = try node.mapping(allowed: ["id", "label", "value"])
      guard let id = entry["id"], let value = entry["value"] else {
        throw node.error("an indicator needs 'id' and 'value'")
      }
      let name = try id.string()
      guard seen.insert(name).inserted else { throw id.error("the indicator '\(name)' appears twice") }
      return ConsolidationSpec.Indicator(
        id: name, label: try entry["label"]?.string() ?? name, value: try value.string(), location: value.location)
    }
    return ConsolidationSpec(
      listForm: try list.string(), summaryForm: try fields["summary"]?.string(), indicators: entries)
  }
}
