import Findings
import Foundation
import Testing

@testable import Reports

/// The SARIF log has the properties SARIF 2.1.0 and code-scanning tools require, one
/// result per finding at its row and column, and one rule per rule id or code.
@Suite struct SARIFReportTests {
  static func log(
    _ report: ValidationReport = SampleReport.report, rules: [SARIFReport.RuleDescription] = []
  ) throws -> [String: Any] {
    let text = try SARIFReport.render(report, tool: .init(version: "9.9.9"), rules: rules)
    return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  static func run(_ log: [String: Any]) throws -> [String: Any] {
    try #require((log["runs"] as? [[String: Any]])?.first)
  }

  @Test func hasTheRequiredTopLevelProperties() throws {
    let log = try Self.log()
    #expect(log["version"] as? String == "2.1.0")
    #expect(log["$schema"] as? String == SARIFReport.schemaURI)
    #expect((log["runs"] as? [Any])?.count == 1)
    let driver = try #require((try Self.run(log)["tool"] as? [String: Any])?["driver"] as? [String: Any])
    #expect(driver["name"] as? String == "htx" && driver["version"] as? String == "9.9.9")
  }

  @Test func oneResultPerFindingWithMessageLevelAndRule() throws {
    let run = try Self.run(try Self.log())
    let results = try #require(run["results"] as? [[String: Any]])
    let rules = try #require(
      ((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
    let findings = SampleReport.report.findings
    #expect(results.count == findings.count)
    for (result, finding) in zip(results, findings) {
      #expect((result["message"] as? [String: Any])?["text"] as? String == finding.message)
      #expect(result["ruleId"] as? String == (finding.rule ?? finding.code.rawValue))
      let index = try #require(result["ruleIndex"] as? Int)
      #expect(rules[index]["id"] as? String == result["ruleId"] as? String)
    }
    #expect(
      results.map { $0["level"] as? String } == [
        "error", "warning", "error", "error", "warning", "error", "note", "error", "error",
      ])
    #expect(Set(rules.compactMap { $0["id"] as? String }).count == rules.count)
  }

  @Test func cellFindingsHaveRegionAndProperties() throws {
    let results = try #require(try Self.run(try Self.log())["results"] as? [[String: Any]])
    let location = try #require(
      (results[0]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
    #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == "returns/cao-loc.xlsx")
    #expect(location["region"] as? [String: Int] == ["startLine": 9, "startColumn": 3])
    #expect(
      results[0]["properties"] as? [String: String] == [
        "cell": "C9", "sheet": "Biểu 01", "field": "tax_code", "value": "0101234567", "code": "rule-error",
        "form": "htx-list",
      ])
    // A file-level finding has a location without a region; a folder finding none.
    let unitLocation = (results[4]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
    #expect(unitLocation != nil && unitLocation?["region"] == nil)
    #expect(results[8]["locations"] == nil)
  }

  @Test func artifactsAreTheFilesAsURIReferences() throws {
    let run = try Self.run(try Self.log())
    let uris = (run["artifacts"] as? [[String: Any]])?.compactMap {
      ($0["location"] as? [String: Any])?["uri"] as? String
    }
    #expect(
      uris == [
        "returns/cao-loc.xlsx", "returns/bac%20son,%202017%3A%20v2.csv", "returns/old.xls", "returns/dinh-lap.xlsx",
      ])
    #expect(SARIFReport.uri("/srv/trả về/a#1.xlsx") == "file:///srv/tr%E1%BA%A3%20v%E1%BB%81/a%231.xlsx")
    let results = try #require(run["results"] as? [[String: Any]])
    let csvLocation = (results[5]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
    #expect((csvLocation?["artifactLocation"] as? [String: Any])?["index"] as? Int == 1)
  }

  @Test func rulesDescribeCodesAndPackRules() throws {
    let description = SARIFReport.RuleDescription(
      id: "min-members", summary: "An active cooperative has fewer than 7 members",
      details: "Form htx-list, row rule: members >= 7.", severity: .info, helpURI: "https://example.org/min-members")
    let driver = (try Self.run(try Self.log(rules: [description]))["tool"] as? [String: Any])?["driver"]
    let rules = try #require((driver as? [String: Any])?["rules"] as? [[String: Any]])
    let byID = Dictionary(uniqueKeysWithValues: rules.compactMap { rule in (rule["id"] as? String).map { ($0, rule) } })
    let described = try #require(byID["min-members"])
    #expect((described["shortDescription"] as? [String: String])?["text"] == description.summary)
    #expect((described["defaultConfiguration"] as? [String: String])?["level"] == "note")
    #expect(described["helpUri"] as? String == description.helpURI)
    // Without a description: the code's title and explanation, at its most severe finding's level.
    let typeError = try #require(byID["type-error"])
    #expect((typeError["shortDescription"] as? [String: String])?["text"] == FindingCode.typeError.title)
    #expect((typeError["fullDescription"] as? [String: String])?["text"] == FindingCode.typeError.explanation)
    #expect((typeError["defaultConfiguration"] as? [String: String])?["level"] == "error")
    #expect((byID["tax-code-checksum"]?["properties"] as? [String: String]) == ["code": "rule-error", "scope": "rule"])
  }
}
