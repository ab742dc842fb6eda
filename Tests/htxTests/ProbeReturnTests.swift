import Foundation
import Testing

/// Returns from the probe rounds (Fixtures/probes), each showing one thing an office does
/// to a workbook that htx once read wrong.
@Suite struct ProbeReturnTests {
  static let folder = ProvinceTests.root.appendingPathComponent("probes")

  /// The JSON report of validating `file` of the probes folder.
  static func report(_ file: String) throws -> [String: Any] {
    let run = try CommandLineTests.htx([
      "validate", "--schema", ValidateCommandTests.pack, "--format", "json",
      folder.appendingPathComponent(file).path,
    ])
    return try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
  }

  /// The cooperatives `merge` writes from `file`, as JSON Lines objects.
  static func merged(_ file: String) throws -> [[String: Any]] {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("htx-probe-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let jsonl = scratch.appendingPathComponent("rows.jsonl")
    _ = try CommandLineTests.htx([
      "merge", "--schema", ValidateCommandTests.pack, "--include-invalid", "--out",
      scratch.appendingPathComponent("province.xlsx").path, "--jsonl", jsonl.path,
      folder.appendingPathComponent(file).path,
    ])
    return try String(contentsOf: jsonl, encoding: .utf8).split(separator: "\n").compactMap {
      try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
  }

  @Test("a hidden sheet holding last period's list is not read beside the visible one")
  func hiddenOldCopyIsLeftOut() throws {
    let report = try Self.report("hidden-old-copy.xlsx")
    let findings = try #require(report["findings"] as? [[String: Any]])
    #expect(findings.filter { $0["severity"] as? String == "error" }.isEmpty, "\(findings.prefix(3))")
    let hidden = try #require(findings.first { $0["code"] as? String == "duplicate-submission" })
    #expect(hidden["severity"] as? String == "warning")
    #expect(hidden["sheet"] as? String == "Biểu 01 (cũ)")
    let tables = (report["files"] as? [[String: Any]])?.first?["tables"] as? [[String: Any]]
    #expect(tables?.compactMap { $0["form"] as? String } == ["htx-list", "kttt-summary"])
    #expect(tables?.first?["sheet"] as? String == "Biểu 01")
    // The visible list's seven cooperatives, once each.
    let rows = try Self.merged("hidden-old-copy.xlsx")
    #expect(rows.count == 7)
    #expect(Set(rows.compactMap { $0["tax_code"] as? String }).count == 7)
  }

  @Test("a cell pointing to a shared string the workbook lacks is a warning at its cell")
  func missingSharedStringIsReported() throws {
    let findings = try #require(try Self.report("missing-shared-string.xlsx")["findings"] as? [[String: Any]])
    let corrupt = try #require(findings.first { $0["code"] as? String == "file-corrupt" })
    #expect(corrupt["cell"] as? String == "O10")
    #expect(corrupt["severity"] as? String == "warning")
  }

  @Test(
    "a summary above or under the list on the same sheet is read as the summary, and ends the list",
    arguments: ["summary-under-list.xlsx", "summary-above-list.xlsx"])
  func summaryAndListShareASheet(_ file: String) throws {
    let report = try Self.report(file)
    let findings = try #require(report["findings"] as? [[String: Any]])
    #expect(findings.isEmpty, "\(findings.prefix(3))")
    let tables = (report["files"] as? [[String: Any]])?.first?["tables"] as? [[String: Any]]
    #expect(tables?.compactMap { $0["form"] as? String } == ["htx-list", "kttt-summary"])
    #expect(tables?.compactMap { $0["rows"] as? Int } == [7, 11])
    #expect(try Self.merged(file).count == 7)
  }

  @Test("headers abbreviated as offices write them ('SL TV', 'LĐ là TV', 'VĐL', 'TNBQ') match their columns")
  func abbreviatedHeadersMatch() throws {
    let findings = try #require(try Self.report("abbreviated-headers.xlsx")["findings"] as? [[String: Any]])
    #expect(findings.isEmpty, "\(findings.prefix(3))")
    let rows = try Self.merged("abbreviated-headers.xlsx")
    #expect(rows.count == 8)
    #expect(
      rows.allSatisfy { $0["members"] is NSNumber && $0["member_labour"] is NSNumber && $0["avg_income"] is NSNumber })
  }

  @Test("a summary on its own sheet is read once, though a copy stands under the list")
  func summaryIsReadOnce() throws {
    let report = try Self.report("summary-on-its-sheet-and-under-list.xlsx")
    #expect((report["findings"] as? [[String: Any]])?.isEmpty == true)
    let tables = (report["files"] as? [[String: Any]])?.first?["tables"] as? [[String: Any]]
    #expect(tables?.compactMap { $0["form"] as? String } == ["htx-list", "kttt-summary"])
    #expect(tables?.last?["sheet"] as? String == "Biểu 02")
  }

  @Test("a summary's 'Chia ra:' heading over its parts is no indicator left blank")
  func partsHeadingIsNoIndicator() throws {
    let findings = try #require(try Self.report("summary-chia-ra.xlsx")["findings"] as? [[String: Any]])
    #expect(findings.isEmpty, "\(findings.prefix(2))")
  }

  @Test("'Chia ra' parts that do not add up to the row above are a totals mismatch at that row")
  func partsThatDoNotAddUp() throws {
    let findings = try #require(try Self.report("summary-chia-ra-wrong.xlsx")["findings"] as? [[String: Any]])
    #expect(findings.count == 1)
    #expect(findings.first?["code"] as? String == "totals-mismatch")
    #expect(findings.first?["rule"] as? String == "chia-ra")
    #expect(findings.first?["sheet"] as? String == "Biểu 02" && findings.first?["cell"] as? String == "E7")
  }

  @Test("a unit's second return is not merged even with --include-invalid")
  func aSecondReturnIsNeverMerged() throws {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("htx-twice-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    for name in ["cao-loc.xlsx", "cao-loc-bo-sung.xlsx"] {
      try FileManager.default.copyItem(
        at: Self.folder.appendingPathComponent("summary-under-list.xlsx"), to: scratch.appendingPathComponent(name))
    }
    let jsonl = scratch.appendingPathComponent("out.jsonl")
    _ = try CommandLineTests.htx([
      "merge", "--schema", ValidateCommandTests.pack, "--include-invalid", "--out",
      scratch.appendingPathComponent("out.xlsx").path, "--jsonl", jsonl.path, scratch.path,
    ])
    let rows = try String(contentsOf: jsonl, encoding: .utf8).split(separator: "\n")
    #expect(rows.count == 7)
  }
}
