/// The parts of a SARIF 2.1.0 log that ``SARIFReport`` writes, as Codable values whose
/// property names are SARIF's; optional properties that are nil are left out.
enum SARIFLog {
  struct Log: Codable {
    var schema: String
    var version: String
    var runs: [Run]

    enum CodingKeys: String, CodingKey {
      case schema = "$schema", version, runs
    }
  }

  struct Run: Codable {
    var tool: Tool
    var artifacts: [Artifact]
    var results: [Result]
  }

  struct Tool: Codable {
    var driver: Driver
  }

  struct Driver: Codable {
    var name: String
    var version: String?
    var informationUri: String?
    var rules: [Rule]
  }

  struct Rule: Codable {
    var id: String
    var shortDescription: Message
    var fullDescription: Message
    var helpUri: String?
    var defaultConfiguration: Configuration
    var properties: RuleProperties
  }

  struct Configuration: Codable {
    var level: String
  }

  struct RuleProperties: Codable {
    /// The finding code the rule reports under (`rule-error` for a pack rule).
    var code: String
    /// The code's scope: file, table, cell, rule or folder.
    var scope: String
  }

  struct Message: Codable {
    var text: String
  }

  struct Artifact: Codable {
    var location: ArtifactLocation
  }

  struct ArtifactLocation: Codable {
    var uri: String
    var index: Int?
  }

  struct Result: Codable {
    var ruleId: String
    var ruleIndex: Int
    var level: String
    var message: Message
    var locations: [Location]?
    var properties: ResultProperties
  }

  struct Location: Codable {
    var physicalLocation: PhysicalLocation
  }

  struct PhysicalLocation: Codable {
    var artifactLocation: ArtifactLocation
    var region: Region?
  }

  struct Region: Codable {
    var startLine: Int
    var startColumn: Int?
  }

  struct ResultProperties: Codable {
    var code: String
    var form: String?
    var sheet: String?
    var cell: String?
    var field: String?
    var value: String?
  }
}
