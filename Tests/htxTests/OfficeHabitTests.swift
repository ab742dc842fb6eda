import Foundation
import Testing

/// Returns written the ways district offices write them, one habit each (Fixtures/habits,
/// from scripts/habits): each is clean, names its unit and period, and reads to exactly
/// its cooperatives.
@Suite struct OfficeHabitTests {
  static let folder = ProvinceTests.root.appendingPathComponent("habits")

  struct Return: Sendable, CustomTestStringConvertible {
    var file: String
    var unit: String
    var period: String
    var cooperatives: [[String: any Sendable]]
    var testDescription: String { file }
  }

  static let returns: [Return] = {
    guard
      let data = try? Data(contentsOf: folder.appendingPathComponent("MANIFEST.json")),
      let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let entries = json["returns"] as? [[String: Any]]
    else { return [] }
    return entries.compactMap { entry in
      guard let file = entry["file"] as? String, let unit = entry["unit"] as? String,
        let period = entry["period"] as? String, let cooperatives = entry["cooperatives"] as? [[String: Any]]
      else { return nil }
      return Return(
        file: file, unit: unit, period: period,
        cooperatives: cooperatives.map { $0.compactMapValues { $0 as? String ?? ($0 as? NSNumber)?.doubleValue } })
    }
  }()

  @Test func theManifestListsEveryReturn() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".xlsx") }
    #expect(Set(files) == Set(Self.returns.map(\.file)))
    #expect(Self.returns.count >= 13)
  }

  @Test(arguments: returns)
  func aHabitReadsCleanAndWhole(_ entry: Return) throws {
    let path = Self.folder.appendingPathComponent(entry.file).path
    let run = try CommandLineTests.htx(["validate", "--schema", ValidateCommandTests.pack, "--format", "json", path])
    let json = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
    let errors = (json["findings"] as? [[String: Any]] ?? []).filter { $0["severity"] as? String == "error" }
    #expect(errors.isEmpty, "\(errors.prefix(3))")
    let file = try #require((json["files"] as? [[String: Any]])?.first)
    #expect(file["unit"] as? String == entry.unit)
    #expect(file["period"] as? String == entry.period)

    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("htx-habit-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let jsonl = scratch.appendingPathComponent("rows.jsonl")
    let merge = try CommandLineTests.htx([
      "merge", "--schema", ValidateCommandTests.pack, "--include-invalid", "--out",
      scratch.appendingPathComponent("province.xlsx").path, "--jsonl", jsonl.path, path,
    ])
    #expect(merge.status == 0, "\(merge.stderr)")
    let rows = try String(contentsOf: jsonl, encoding: .utf8).split(separator: "\n").compactMap {
      try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
    #expect(rows.count == entry.cooperatives.count)
    for (row, expected) in zip(rows, entry.cooperatives) {
      for (field, value) in expected {
        let read = row[field]
        if let number = value as? Double {
          #expect((read as? NSNumber)?.doubleValue == number, "\(entry.file) \(expected["name"] ?? "") \(field)")
        } else {
          #expect(read as? String == value as? String, "\(entry.file) \(expected["name"] ?? "") \(field)")
        }
      }
    }
  }
}
