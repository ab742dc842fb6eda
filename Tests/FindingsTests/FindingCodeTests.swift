import Foundation
import Testing

@testable import Findings

/// The finding catalogue is the contract of SPEC §4.
@Suite struct FindingCodeTests {
  static let specCodes: [String: FindingScope] = [
    "file-unreadable": .file, "file-format": .file, "file-corrupt": .file, "encoding-error": .file,
    "limit-exceeded": .file, "sheet-missing": .table, "header-not-found": .table,
    "missing-column": .table, "extra-column": .table, "duplicate-column": .table,
    "unit-unknown": .table, "period-mismatch": .table, "type-error": .cell,
    "missing-value": .cell, "pattern-error": .cell, "enum-error": .cell, "minimum-error": .cell,
    "maximum-error": .cell, "unique-error": .cell, "rule-error": .rule, "totals-mismatch": .rule,
    "missing-submission": .folder, "duplicate-submission": .folder,
  ]

  @Test func everySpecCodeExistsWithItsScope() {
    #expect(Set(FindingCode.allCases.map(\.rawValue)) == Set(Self.specCodes.keys))
    for code in FindingCode.allCases { #expect(code.scope == Self.specCodes[code.rawValue]) }
  }

  @Test func everyCodeHasATitleAndAnExplanation() {
    for code in FindingCode.allCases {
      #expect(!code.title.isEmpty && code.explanation.count > 20, "\(code)")
    }
  }

  @Test func findingJSONLeavesOutWhatDoesNotApply() throws {
    let finding = Finding(code: .fileCorrupt, file: "a.xlsx", message: "cut short")
    let json = try #require(
      JSONSerialization.jsonObject(with: JSONEncoder().encode(finding)) as? [String: Any])
    #expect(Set(json.keys) == ["severity", "code", "file", "message"])
    #expect(json["code"] as? String == "file-corrupt")
    #expect(json["severity"] as? String == "error")
  }
}
