import Foundation
import Testing

/// `htx validate` on real files: exit codes, the JSON report, a bad file among good
/// ones, and a broken pack.
@Suite struct ValidateCommandTests {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let corpus = root.appendingPathComponent("Fixtures/corpus")
  static let pack = root.appendingPathComponent("Schemas/kttt").path

  @Test func cleanReturnExitsZero() throws {
    let run = try CommandLineTests.htx([
      "validate", "--schema", Self.pack, Self.corpus.appendingPathComponent("xlsx/04-libreoffice.xlsx").path,
    ])
    #expect(run.status == 0, "\(String(decoding: run.stdout, as: UTF8.self))")
    #expect(
      String(decoding: run.stdout, as: UTF8.self).contains(
        "04-libreoffice.xlsx: ok, 0 warnings, 23 rows (htx-list, kttt-summary)"))
  }

  @Test func unreadableFileIsAFindingAndTheOthersAreChecked() throws {
    let run = try CommandLineTests.htx([
      "validate", "--schema", Self.pack, "--format", "json",
      Self.corpus.appendingPathComponent("bad/21-legacy-xls.xlsx").path,
      Self.corpus.appendingPathComponent("csv/14-utf8-bom-comma.csv").path,
    ])
    #expect(run.status == 1)
    let json = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
    let files = try #require(json["files"] as? [[String: Any]])
    #expect(files.map { $0["valid"] as? Bool } == [false, true])
    let tables = try #require(files.last?["tables"] as? [[String: Any]])
    #expect(tables.first?["rows"] as? Int == 12 && tables.first?["header_row"] as? Int == 7)
    let codes = (json["findings"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
    #expect(codes == ["file-format"])
  }

  @Test func cellProblemsPointAtTheirCell() throws {
    let run = try CommandLineTests.htx([
      "validate", "--schema", Self.pack, "--format", "json",
      Self.corpus.appendingPathComponent("xlsx/09-numbers-as-text.xlsx").path,
    ])
    #expect(run.status == 1)
    let json = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
    let errors = (json["findings"] as? [[String: Any]] ?? []).filter { $0["severity"] as? String == "error" }
    #expect(errors.count == 1)
    #expect(errors.first?["cell"] as? String == "K17" && errors.first?["code"] as? String == "type-error")
    #expect(errors.first?["sheet"] as? String == "Biểu 01" && errors.first?["field"] as? String == "charter_capital")
  }

  @Test func brokenPackIsExitTwoWithItsPlace() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("htx-badpack-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try "id: p\nforms: [f.yaml]\n".write(
      to: folder.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
    try "id: f\ncolumns:\n  - id: a\n    labels: [A]\n    type: money\n".write(
      to: folder.appendingPathComponent("f.yaml"), atomically: true, encoding: .utf8)
    let run = try CommandLineTests.htx([
      "validate", "--schema", folder.path, Self.corpus.appendingPathComponent("csv/14-utf8-bom-comma.csv").path,
    ])
    #expect(run.status == 2)
    #expect(run.stderr.contains("f.yaml:5:11: error: unknown column type 'money'"))
  }
}

/// Row rules of the pack fire at the right cell, in either language, and only there.
@Suite struct ValidateRuleTests {
  /// Copies corpus return 14 with three injected problems and returns its path.
  static func injected() throws -> String {
    let source = ValidateCommandTests.corpus.appendingPathComponent("csv/14-utf8-bom-comma.csv")
    let text = try String(contentsOf: source, encoding: .utf8)
    // Cooperative 3 (row 11): member labour above members and labour; 5 (row 13): founded after the period.
    var lines = text.components(separatedBy: "\r\n")
    for (index, line) in lines.enumerated() where line.hasPrefix("3,") || line.hasPrefix("5,") {
      var fields = CommandLineTests.splitCSV(line)
      if line.hasPrefix("3,") { fields[9] = "99999" }
      if line.hasPrefix("5,") { fields[5] = "15/08/2017" }
      lines[index] = fields.map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",")
    }
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("htx-rules-\(UUID().uuidString).csv").path
    try lines.joined(separator: "\r\n").write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func injectedProblemsFireTheirRulesAtTheirCells() throws {
    let path = try Self.injected()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let run = try CommandLineTests.htx(["validate", "--schema", ValidateCommandTests.pack, "--format", "json", path])
    #expect(run.status == 1)
    let json = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
    let findings = (json["findings"] as? [[String: Any]] ?? []).map {
      "\($0["rule"] as? String ?? $0["code"] as? String ?? "") \($0["cell"] as? String ?? "")"
    }
    #expect(
      Set(findings) == [
        "member-labour-le-labour J11", "member-labour-le-members J11", "founded-in-period F13", "totals-row J21",
      ])
    #expect((json["files"] as? [[String: Any]])?.first?["period"] as? String == "2017-H1")
  }

  @Test func englishMessagesOnRequest() throws {
    let path = try Self.injected()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let run = try CommandLineTests.htx(["validate", "--schema", ValidateCommandTests.pack, "--lang", "en", path])
    let text = String(decoding: run.stdout, as: UTF8.self)
    #expect(
      text.contains("› F13  error [founded-in-period]  Founding date 2017-08-15 is after the end of the period 2017-H1")
    )
  }
}

/// A tax code listed by two units is a unique-error naming both places.
@Suite struct ValidateFolderTests {
  /// The findings of validating `original` with a copy holding `text` beside it (which
  /// fails the run), and the copy's path, removed afterwards.
  static func validateWithCopy(of original: URL, text: String) throws -> (copy: String, findings: [[String: Any]]) {
    let copy = FileManager.default.temporaryDirectory.appendingPathComponent("htx-copy-\(UUID().uuidString).csv")
    try text.write(to: copy, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: copy) }
    let run = try CommandLineTests.htx([
      "validate", "--schema", ValidateCommandTests.pack, "--format", "json", original.path, copy.path,
    ])
    #expect(run.status == 1)
    let json = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
    return (copy.path, json["findings"] as? [[String: Any]] ?? [])
  }

  @Test func taxCodeInTwoFilesNamesTheFirstPlace() throws {
    let original = ValidateCommandTests.corpus.appendingPathComponent("csv/14-utf8-bom-comma.csv")
    // The same cooperatives, sent again by another unit.
    let text = try String(contentsOf: original, encoding: .utf8)
      .replacingOccurrences(of: "THÀNH PHỐ LẠNG SƠN", with: "HUYỆN CAO LỘC")
    let (copy, findings) = try Self.validateWithCopy(of: original, text: text)
    #expect(findings.count == 12)
    #expect(findings.allSatisfy { $0["code"] as? String == "unique-error" && $0["file"] as? String == copy })
    #expect(findings.allSatisfy { ($0["message"] as? String)?.contains("14-utf8-bom-comma.csv › C") == false })
    #expect(findings.first?["cell"] as? String == "C9")
    #expect((findings.first?["message"] as? String)?.contains("14-utf8-bom-comma.csv!C9") == true)
  }

  @Test func aUnitSendingItsListTwiceIsOneDuplicateSubmission() throws {
    let original = ValidateCommandTests.corpus.appendingPathComponent("csv/14-utf8-bom-comma.csv")
    let (copy, findings) = try Self.validateWithCopy(
      of: original, text: try String(contentsOf: original, encoding: .utf8))
    // Its tax codes repeat the first return's: consequences, not twelve more errors.
    #expect(findings.map { $0["code"] as? String } == ["duplicate-submission"])
    #expect(findings.first?["file"] as? String == copy)
    #expect((findings.first?["message"] as? String)?.contains("178 Thành phố Lạng Sơn") == true)
  }
}

/// A return whose title and file name name no unit gets a unit-unknown warning, and one
/// that states no period a period-mismatch warning.
@Suite struct ValidateUnitTests {
  @Test func returnWithoutAUnitIsWarned() throws {
    let original = ValidateCommandTests.corpus.appendingPathComponent("csv/14-utf8-bom-comma.csv")
    let text = try String(contentsOf: original, encoding: .utf8)
    let lines = text.components(separatedBy: "\r\n").filter { !$0.contains("LẠNG SƠN") }
    // A folder of its own, so that no digits of a unique name read as a year.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("htx-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let copy = folder.appendingPathComponent("bao-cao.csv")
    try lines.joined(separator: "\r\n").write(to: copy, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try CommandLineTests.htx([
      "validate", "--schema", ValidateCommandTests.pack, "--format", "json", copy.path,
    ])
    let json = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
    let codes = (json["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
    // Its title lost the period line too: the rules that need a period were not checked.
    #expect(codes == ["period-mismatch", "unit-unknown"])
    #expect(run.status == 0, "a warning alone does not fail without --strict")
    let strict = try CommandLineTests.htx(["validate", "--schema", ValidateCommandTests.pack, "--strict", copy.path])
    #expect(strict.status == 1)
  }
}

/// Table-level findings: a file with no form's header, and a column the form lacks.
@Suite struct ValidateTableFindingTests {
  static func write(_ text: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("cao-loc-\(UUID().uuidString).csv")
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url
  }

  @Test func fileWithoutAFormsHeaderIsHeaderNotFound() throws {
    let url = try Self.write("Họ tên,Điện thoại\r\nNguyễn Văn A,0912345678\r\n")
    defer { try? FileManager.default.removeItem(at: url) }
    let run = try CommandLineTests.htx([
      "validate", "--schema", ValidateCommandTests.pack, "--format", "json", url.path,
    ])
    #expect(run.status == 1)
    let json = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
    #expect((json["findings"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == ["header-not-found"])
  }

  @Test func unknownColumnIsAnExtraColumnWarningAtItsHeaderCell() throws {
    let url = try Self.write(
      "STT,Tên HTX,Mã số thuế,Lĩnh vực,Ngày thành lập,Tình trạng,Số thành viên,Ghi chú\r\n"
        + "1,HTX A,0100109106,Nông nghiệp,05/01/2015,Đang hoạt động,12,mới\r\n")
    defer { try? FileManager.default.removeItem(at: url) }
    let run = try CommandLineTests.htx([
      "validate", "--schema", ValidateCommandTests.pack, "--format", "json", url.path,
    ])
    let json = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
    let extra = (json["findings"] as? [[String: Any]] ?? []).filter { $0["code"] as? String == "extra-column" }
    #expect(
      extra.count == 1 && extra.first?["cell"] as? String == "H1" && extra.first?["value"] as? String == "Ghi chú")
    #expect(run.status == 0, "warnings only: \(String(decoding: run.stdout, as: UTF8.self).prefix(400))")
  }
}
