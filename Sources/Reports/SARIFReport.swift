import Findings
import Foundation

/// Renders a report as a SARIF 2.1.0 log, for code-scanning tools.
///
/// One run whose driver is htx. `rules` holds one entry per rule id or finding code that
/// has results, in order of first use; its level is the pack rule's severity when a
/// description gives one, else the most severe of its findings. Each finding is one
/// result: its message, and a location whose region's `startLine` is the sheet row (for
/// CSV the line the record starts on) and `startColumn` the column number, when the finding has a
/// row. Its `properties` carry the code, form, sheet, A1 cell, field and value. Paths
/// become URI references: relative paths stay relative, absolute ones become `file://`
/// URIs, and characters a URI cannot hold are percent-encoded. Keys are sorted, so the
/// same report always gives the same text.
public enum SARIFReport {
  /// The URI of the SARIF 2.1.0 JSON schema, written as `$schema`.
  public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

  /// The tool that produced the report, as the log's driver names it.
  public struct Tool: Sendable {
    /// The tool's name. The default is `htx`.
    public var name: String
    /// The tool's version, if known.
    public var version: String?
    /// A web page about the tool, if there is one.
    public var informationURI: String?

    /// Describes the tool.
    public init(name: String = "htx", version: String? = nil, informationURI: String? = nil) {
      self.name = name
      self.version = version
      self.informationURI = informationURI
    }
  }

  /// What a pack rule checks, for the log's rule entries.
  public struct RuleDescription: Sendable {
    /// The rule id, as findings carry it.
    public var id: String
    /// One line saying what the rule requires.
    public var summary: String
    /// A fuller account: the expression, its guard, where it is defined.
    public var details: String
    /// The rule's severity in the pack, if known.
    public var severity: Severity?
    /// A web page about the rule, if there is one.
    public var helpURI: String?

    /// Describes a rule.
    public init(id: String, summary: String, details: String, severity: Severity? = nil, helpURI: String? = nil) {
      self.id = id
      self.summary = summary
      self.details = details
      self.severity = severity
      self.helpURI = helpURI
    }
  }

  /// The SARIF text of `report`; `rules` describes the pack rules its findings name.
  public static func render(
    _ report: ValidationReport, tool: Tool = Tool(), rules descriptions: [RuleDescription] = []
  ) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(log(report, tool: tool, rules: descriptions)), as: UTF8.self)
  }

  /// The log of `report`.
  static func log(_ report: ValidationReport, tool: Tool, rules descriptions: [RuleDescription]) -> SARIFLog.Log {
    let index = ReportIndex(report)
    var described: [String: RuleDescription] = [:]
    for description in descriptions where described[description.id] == nil {
      described[description.id] = description
    }
    var artifacts: [SARIFLog.Artifact] = []
    var artifactIndex: [String: Int] = [:]
    func artifact(_ path: String) -> Int {
      if let known = artifactIndex[path] { return known }
      artifactIndex[path] = artifacts.count
      artifacts.append(SARIFLog.Artifact(location: SARIFLog.ArtifactLocation(uri: uri(path))))
      return artifacts.count - 1
    }
    for file in report.files { _ = artifact(file.path) }

    // Each rule id in order of first use: its first finding and its most severe one's level.
    var used: [(first: Finding, severity: Severity)] = []
    var ruleIndex: [String: Int] = [:]
    var results: [SARIFLog.Result] = []
    for finding in report.findings {
      let id = finding.ruleID
      let position = ruleIndex[id] ?? used.count
      if position == used.count {
        ruleIndex[id] = position
        used.append((finding, finding.severity))
      } else {
        used[position].severity = max(used[position].severity, finding.severity)
      }
      var locations: [SARIFLog.Location]?
      if let path = finding.file {
        let region = (finding.line ?? finding.row).map { SARIFLog.Region(startLine: $0, startColumn: finding.column) }
        let artifactLocation = SARIFLog.ArtifactLocation(uri: uri(path), index: artifact(path))
        locations = [SARIFLog.Location(physicalLocation: .init(artifactLocation: artifactLocation, region: region))]
      }
      results.append(
        SARIFLog.Result(
          ruleId: id, ruleIndex: position, level: level(finding.severity), message: .init(text: finding.message),
          locations: locations,
          properties: .init(
            code: finding.code.rawValue, form: index.form(of: finding), sheet: finding.sheet, cell: finding.cell,
            field: finding.field, value: finding.value)))
    }
    let rules = used.map { rule(for: $0.first, severity: $0.severity, description: described[$0.first.ruleID]) }
    let driver = SARIFLog.Driver(
      name: tool.name, version: tool.version, informationUri: tool.informationURI, rules: rules)
    return SARIFLog.Log(
      schema: schemaURI, version: "2.1.0",
      runs: [SARIFLog.Run(tool: .init(driver: driver), artifacts: artifacts, results: results)])
  }

  /// The rule entry for the first finding with its id; `severity` is the most severe of
  /// its findings, used when the description gives none.
  private static func rule(
    for finding: Finding, severity: Severity, description: RuleDescription?
  ) -> SARIFLog.Rule {
    let code = finding.code
    let summary: String
    let details: String
    if let description {
      summary = description.summary
      details = description.details
    } else if let rule = finding.rule {
      summary = "\(code.title): \(rule)"
      details = code.explanation
    } else {
      summary = code.title
      details = code.explanation
    }
    return SARIFLog.Rule(
      id: finding.ruleID, shortDescription: .init(text: summary), fullDescription: .init(text: details),
      helpUri: description?.helpURI,
      defaultConfiguration: .init(level: level(description?.severity ?? severity)),
      properties: .init(code: code.rawValue, scope: code.scope.rawValue))
  }

  /// SARIF's level for a severity: error, warning, or note for info.
  static func level(_ severity: Severity) -> String {
    switch severity {
    case .error: "error"
    case .warning: "warning"
    case .info: "note"
    }
  }

  /// `path` as a URI reference: percent-encoded, and a `file://` URI when absolute.
  ///
  /// `:` is encoded too, so a relative path's first segment is never read as a scheme.
  static func uri(_ path: String) -> String {
    var allowed = CharacterSet.urlPathAllowed
    allowed.remove(":")
    let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    return path.hasPrefix("/") ? "file://" + encoded : encoded
  }
}
