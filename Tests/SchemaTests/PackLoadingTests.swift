import Foundation
import Testing

@testable import Schema

/// The bundled kttt pack loads with every form, label, vocabulary, rule and unit of
/// DOMAIN.md, and a broken pack names the file, line and column of its mistake.
@Suite struct PackLoadingTests {
  static let kttt = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Schemas/kttt")

  @Test func ktttPackHasBothFormsAndEveryDomainColumn() throws {
    let pack = try Pack.load(folder: Self.kttt)
    #expect(pack.forms.map(\.id) == ["htx-list", "kttt-summary"])
    let list = try #require(pack.forms.first)
    #expect(
      list.columns.map(\.spec.id) == [
        "stt", "name", "tax_code", "commune", "sector", "founded", "status", "members", "labour", "member_labour",
        "charter_capital", "revenue", "profit", "avg_income", "rating",
      ])
    #expect(list.columns.first { $0.spec.id == "labour" }?.spec.labels.contains("Lao động > Tổng số") == true)
    #expect(list.columns.first { $0.spec.id == "tax_code" }?.constraints.uniqueAcrossFiles == true)
    let summary = try #require(pack.forms.last)
    #expect(
      summary.indicators.map(\.id) == [
        "htx_total", "htx_new", "htx_dissolved", "union_total", "members", "labour", "member_labour",
        "charter_capital", "new_capital", "tht_total", "tht_members",
      ])
  }

  @Test func everyDomainRuleIdIsInThePack() throws {
    let pack = try Pack.load(folder: Self.kttt)
    let ids = Set(pack.forms.flatMap(\.rules).map(\.id))
    let domain: Set<String> = [
      "member-labour-le-labour", "member-labour-le-members", "min-members", "founded-in-period",
      "tax-code-checksum", "capital-unit", "dissolved-no-labour", "totals-row", "summary-htx-total",
      "summary-htx-new", "summary-members", "summary-labour", "summary-new-capital", "summary-parts",
    ]
    #expect(domain.subtracting(ids).isEmpty, "missing: \(domain.subtracting(ids))")
    let minMembers = pack.forms.flatMap(\.rules).filter { $0.id == "min-members" }
    #expect(minMembers.map(\.validTo) == ["2024-06-30", nil])
    #expect(minMembers.map(\.validFrom) == [nil, "2024-07-01"])
  }

  @Test func vocabulariesResolveSynonyms() throws {
    let pack = try Pack.load(folder: Self.kttt)
    #expect(pack.vocabularies["status"]?.canonical(for: "hoạt động cầm chừng") == "Đang hoạt động")
    #expect(pack.vocabularies["sector"]?.canonical(for: "QTDND") == "Quỹ tín dụng nhân dân")
    #expect(pack.vocabularies["rating"]?.canonical(for: "tb") == "Trung bình")
    #expect(pack.vocabularies["status"]?.canonical(for: "tạm nghỉ") == nil)
  }

  @Test func langSonHasElevenDistrictsAndProvinceCode20() throws {
    let list = try #require(try Pack.load(folder: Self.kttt).unitLists["lang-son-districts"])
    #expect(list.provinceCode == "20" && list.units.count == 11)
    #expect(list.units.first { $0.code == "183" }?.name == "Cao Lộc")
    #expect(!list.units.contains { $0.code == "179" })
  }

  /// Writes a pack whose form file is `form` and returns the error loading it gives.
  static func error(form: String) throws -> SchemaError? {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("htx-pack-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try "id: p\nforms: [f.yaml]\nvocabularies: v.yaml\n".write(
      to: folder.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
    try "status:\n  - value: A\n".write(to: folder.appendingPathComponent("v.yaml"), atomically: true, encoding: .utf8)
    try form.write(to: folder.appendingPathComponent("f.yaml"), atomically: true, encoding: .utf8)
    do {
      _ = try Pack.load(folder: folder)
      return nil
    } catch let error as SchemaError {
      return error
    }
  }

  @Test(arguments: [
    ("id: f\ncolumns:\n  - id: a\n    labels: [A\n", 5, "YAML syntax"),
    ("id: f\ncolumns:\n  - id: a\n    lables: [A]\n", 4, "unknown key 'lables'"),
    ("id: f\ncolumns:\n  - id: a\n    labels: [A]\n    type: money\n", 5, "unknown column type 'money'"),
    (
      "id: f\ncolumns:\n  - id: a\n    labels: [A]\n    type: enum\n    vocabulary: colour\n", 6,
      "unknown vocabulary 'colour'"
    ),
    ("id: f\ncolumns:\n  - id: a\n    labels: [A]\n    pattern: '^(\\d'\n", 5, "not a valid regular expression"),
    ("id: f\ncolumns:\n  - {id: a, labels: [A]}\n  - {id: a, labels: [B]}\n", 4, "appears twice"),
    // A key written twice in one mapping, an alias to no anchor, a second document.
    ("id: f\ncolumns:\n  - id: a\n    labels: [A]\n    labels: [B]\n", 5, "the key 'labels' appears twice"),
    ("id: f\ncolumns:\n  - id: a\n    labels: *names\n", 4, "undefined alias 'names'"),
    ("id: f\ncolumns:\n  - {id: a, labels: [A]}\n---\nid: g\n", 4, "a single document"),
    (
      "id: f\ncolumns:\n  - {id: a, labels: [A]}\nrules:\n  - id: r\n    check: a > 0\n    message:\n      en: \"{b} is wrong\"\n",
      8, "{b}"
    ),
  ])
  func mistakePointsToItsLine(_ form: String, _ line: Int, _ text: String) throws {
    let error = try #require(try Self.error(form: form))
    #expect(error.location.file.hasSuffix("f.yaml"))
    #expect(error.location.line == line, "\(error)")
    #expect(error.message.contains(text), "\(error)")
    #expect(error.description.contains("f.yaml:\(line):"))
  }

  /// Loads the pack of `files` (name and text) written to a folder of its own.
  static func load(_ files: [String: String]) throws -> Pack {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("htx-pack-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for (name, text) in files {
      try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    return try Pack.load(folder: folder)
  }

  @Test func anAliasReadsAsTheNodeItsAnchorNames() throws {
    let pack = try Self.load([
      "pack.yaml": "id: p\nforms: [f.yaml]\n",
      "f.yaml": "id: f\ncolumns:\n  - id: a\n    labels: &both [Số lao động, Lao động]\n  - id: b\n    labels: *both\n",
    ])
    let form = try #require(pack.forms.first)
    #expect(form.columns.map(\.spec.labels) == [["Số lao động", "Lao động"], ["Số lao động", "Lao động"]])
  }

  @Test func aVocabularyNamedTwiceIsAMistakeAtItsSecondName() throws {
    #expect {
      try Self.load([
        "pack.yaml": "id: p\nforms: []\nvocabularies: v.yaml\n",
        "v.yaml": "status:\n  - value: A\nrating:\n  - value: B\nstatus:\n  - value: C\n",
      ])
    } throws: { error in
      guard let error = error as? SchemaError else { return false }
      return error.location.line == 5 && error.location.column == 1 && error.message.contains("'status' appears twice")
    }
  }

  @Test func emptyFileIsNamedSo() throws {
    #expect {
      try Self.load(["pack.yaml": ""])
    } throws: { error in
      (error as? SchemaError)?.message == "the file is empty"
    }
  }

  @Test func unknownKeySuggestsTheNearOne() throws {
    let error = try #require(try Self.error(form: "id: f\ncolumns:\n  - id: a\n    lables: [A]\n"))
    #expect(error.message.contains("did you mean 'labels'"))
  }
}
