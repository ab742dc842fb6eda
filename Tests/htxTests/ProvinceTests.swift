import CSQLite3
import Foundation
import Testing

/// The acceptance folders: eleven Lạng Sơn returns for 2017-H1 written by openpyxl,
/// xlsxwriter and LibreOffice and as CSV in three encodings (scripts/make-province.py),
/// and the four-unit 2016 example.
@Suite struct ProvinceTests {
  static let root = ValidateCommandTests.root.appendingPathComponent("Fixtures")

  static func report(_ folder: String) throws -> (status: Int32, json: [String: Any]) {
    let run = try CommandLineTests.htx(["validate", "--format", "json", root.appendingPathComponent(folder).path])
    let json = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
    return (run.status, json)
  }

  /// The CRLF lines of a dump.
  static func lines(_ data: Data) -> [String] {
    String(decoding: data, as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
  }

  @Test(arguments: ["province-2017h1/clean", "example-2016/clean"])
  func aCleanProvinceHasNoFinding(folder: String) throws {
    let (status, json) = try Self.report(folder)
    #expect(status == 0)
    let findings = json["findings"] as? [[String: Any]] ?? []
    #expect(findings.filter { $0["severity"] as? String != "info" }.isEmpty, "\(findings.prefix(5))")
  }

  @Test(arguments: ["province-2017h1/faulty", "example-2016/faulty"])
  func everyInjectedProblemIsFoundAtItsCellAndNothingElse(folder: String) throws {
    let (status, json) = try Self.report(folder)
    #expect(status == 1)
    let expected = try #require(
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: Self.root.appendingPathComponent(folder).appendingPathComponent("EXPECTED.json")))
        as? [String: Any])
    let problems = expected["problems"] as? [[String: Any]] ?? []
    let findings = (json["findings"] as? [[String: Any]] ?? []).filter { $0["severity"] as? String != "info" }
    func key(_ item: [String: Any]) -> String {
      let file = ((item["file"] as? String ?? "") as NSString).lastPathComponent
      let place = item["cell"] as? String ?? ""
      return [file, place, item["code"] as? String ?? "", item["rule"] as? String ?? ""].joined(separator: "|")
    }
    let found = Set(findings.map(key))
    func sameFile(_ finding: [String: Any], _ item: [String: Any]) -> Bool {
      ((finding["file"] as? String ?? "") as NSString).lastPathComponent == item["file"] as? String
    }
    for problem in problems {
      // A problem without a cell (an unreadable file, a whole return) is matched by file and code.
      if problem["cell"] as? String == nil {
        #expect(
          findings.contains { sameFile($0, problem) && $0["code"] as? String == problem["code"] as? String },
          "\(problem)")
      } else {
        #expect(found.contains(key(problem)), "missing \(key(problem))")
      }
    }
    // Anything else must be a consequence EXPECTED.json names (by file and code, or at its cell).
    let consequences = expected["consequences"] as? [[String: Any]] ?? []
    let extras = findings.filter { finding in
      !problems.contains { sameFile(finding, $0) && finding["code"] as? String == $0["code"] as? String }
    }
    for extra in extras {
      let code = extra["code"] as? String ?? ""
      let named = [code, "\(code) \(extra["rule"] as? String ?? "")"]
      #expect(
        consequences.contains { consequence in
          sameFile(extra, consequence)
            && ((consequence["codes"] as? [String])?.contains { named.contains($0) } == true
              || key(consequence) == key(extra))
        }, "unexpected \(key(extra))")
    }
  }

  @Test func mergingTheCleanProvinceGivesThePublishedFigures() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("htx-merge-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("province.xlsx").path
    let csv = folder.appendingPathComponent("province.csv").path
    let jsonl = folder.appendingPathComponent("province.jsonl").path
    let sqlite = folder.appendingPathComponent("province.sqlite").path
    let run = try CommandLineTests.htx([
      "merge", Self.root.appendingPathComponent("province-2017h1/clean").path, "--out", out, "--csv", csv,
      "--jsonl", jsonl, "--sqlite", sqlite,
    ])
    #expect(run.status == 0, "\(run.stderr)")
    // The Summary sheet read back by htx's own reader: the province row last.
    let dump = try CommandLineTests.htx(["dump", out, "--sheet", "Summary"])
    let lines = Self.lines(dump.stdout)
    #expect(lines.count == 13, "a header, eleven units and the province")
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    let province = lines[12].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    func figure(_ label: String) -> String? {
      header.firstIndex(of: label).map { province[$0] }
    }
    #expect(province.first == "20")
    #expect(figure("Số HTX") == "153")
    #expect(figure("Số HTX thành lập mới") == "17")
    #expect(figure("Vốn điều lệ HTX thành lập mới (triệu đồng)") == "24000")
    #expect(figure("Số thành viên") == "2273")
    #expect(figure("Số lao động") == "3965")
    #expect(figure("Số liên hiệp HTX") == "1")
    #expect(figure("Số tổ hợp tác") == "1750")
    let cooperatives = try CommandLineTests.htx(["dump", out, "--sheet", "Cooperatives"])
    #expect(Self.lines(cooperatives.stdout).count == 160)
    let csvLines = try String(contentsOfFile: csv, encoding: .utf8).components(separatedBy: "\r\n").filter {
      !$0.isEmpty
    }
    #expect(csvLines.count == 160)
    let jsonLines = try String(contentsOfFile: jsonl, encoding: .utf8).split(separator: "\n")
    #expect(jsonLines.count == 159)
    var db: OpaquePointer?
    #expect(sqlite3_open_v2(sqlite, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK)
    defer { sqlite3_close(db) }
    func row(_ sql: String) -> [String] {
      var statement: OpaquePointer?
      guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { return [] }
      defer { sqlite3_finalize(statement) }
      guard sqlite3_step(statement) == SQLITE_ROW else { return [] }
      return (0..<sqlite3_column_count(statement)).map {
        sqlite3_column_text(statement, $0).map { String(cString: $0) } ?? ""
      }
    }
    #expect(row("SELECT count(*) FROM cooperatives") == ["159"])
    #expect(
      row(
        "SELECT htx_total, htx_new, new_capital, members, labour, union_total, tht_total FROM summary WHERE unit_code = '20'"
      ) == ["153", "17", "24000", "2273", "3965", "1", "1750"])
    #expect(row("SELECT count(*) FROM summary") == ["12"])
  }

  @Test func rowsKeptFromTheFirstPassAndRowsReadAgainMergeAlike() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("htx-merge-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    var outputs: [String] = []
    for keep in ["20000", "0"] {
      let csv = folder.appendingPathComponent("p-\(keep).csv").path
      var environment = ProcessInfo.processInfo.environment
      environment["HTX_MERGE_KEEP_ROWS"] = keep
      let run = try CommandLineTests.htx(
        [
          "merge", Self.root.appendingPathComponent("example-2016/clean").path, "--out",
          folder.appendingPathComponent("p-\(keep).xlsx").path, "--csv", csv,
        ], environment: environment)
      #expect(run.status == 0, "\(run.stderr)")
      outputs.append(try String(contentsOfFile: csv, encoding: .utf8))
    }
    #expect(outputs[0] == outputs[1])
    #expect(Self.lines(Data(outputs[0].utf8)).count == 31)
  }

  /// The example's Summary sheet, unit by unit, against the figures
  /// scripts/expected-province.py reads from the same files with openpyxl and csv.
  @Test func theExampleMergesToItsFiguresUnitByUnit() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("htx-merge-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("example.xlsx").path
    let run = try CommandLineTests.htx([
      "merge", Self.root.appendingPathComponent("example-2016/clean").path, "--out", out,
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let lines = Self.lines(try CommandLineTests.htx(["dump", out, "--sheet", "Summary"]).stdout)
    let rows = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    // code: htx_total, htx_new, htx_dissolved, union_total, members, labour, member_labour,
    // charter_capital, new_capital, tht_total
    let expected: [String: [String]] = [
      "178": ["8", "2", "1", "1", "177", "333", "119", "7230.5", "800", "60"],
      "180": ["6", "1", "0", "0", "53", "67", "27", "7390", "400", "90"],
      "183": ["7", "1", "1", "0", "105", "130", "47", "10570.5", "650", "110"],
      "186": ["7", "1", "0", "0", "145", "230", "86", "12221", "1750", "120"],
      "20": ["28", "5", "2", "1", "480", "760", "279", "37412", "3600", "380"],
    ]
    #expect(rows.count == 6, "a header, four units and the province")
    for row in rows.dropFirst() {
      let figures = Array(row.dropFirst(2).prefix(10))
      #expect(figures == expected[row.first ?? ""], "unit \(row.first ?? "")")
    }
  }

  @Test func mergeRefusesToOverwriteAnInput() throws {
    let input = Self.root.appendingPathComponent("example-2016/clean/178_2016.xlsx").path
    let before = try Data(contentsOf: URL(fileURLWithPath: input))
    let run = try CommandLineTests.htx(["merge", input, "--out", input])
    #expect(run.status == 2)
    #expect(run.stderr.contains("is one of the inputs"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == before)
  }

  @Test func mergeLeavesOutAReturnWithErrors() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("htx-merge-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("p.xlsx").path
    let run = try CommandLineTests.htx([
      "merge", Self.root.appendingPathComponent("example-2016/faulty").path, "--out", out,
    ])
    #expect(run.status == 1)
    #expect(run.stderr.contains("left out") && run.stderr.contains("178_2016.xlsx"))
    let findings = try CommandLineTests.htx(["dump", out, "--sheet", "Findings"])
    let text = String(decoding: findings.stdout, as: UTF8.self)
    #expect(text.contains("excluded") && text.contains("member-labour-le-members"))
    // The Summary says which units' figures are missing and why.
    let summary = Self.lines(try CommandLineTests.htx(["dump", out, "--sheet", "Summary"]).stdout)
    #expect(summary.first?.hasSuffix("Ghi chú") == true)
    #expect(summary.contains { $0.hasPrefix("178,") && $0.hasSuffix("không tổng hợp: 178_2016.xlsx (1 lỗi)") })
    #expect(text.contains("không tổng hợp: tệp có 1 lỗi"))
    // In English when asked.
    let english = try CommandLineTests.htx([
      "merge", Self.root.appendingPathComponent("example-2016/faulty").path, "--out", out, "--lang", "en",
    ])
    #expect(english.status == 1)
    let notes = Self.lines(try CommandLineTests.htx(["dump", out, "--sheet", "Summary"]).stdout)
    #expect(notes.contains { $0.hasPrefix("178,") && $0.hasSuffix("not merged: 178_2016.xlsx (1 error)") })
    let englishFindings = String(
      decoding: try CommandLineTests.htx(["dump", out, "--sheet", "Findings"]).stdout, as: UTF8.self)
    #expect(englishFindings.contains("not merged: 1 error"))
    let single = try CommandLineTests.htx([
      "merge", Self.root.appendingPathComponent("example-2016/clean/178_2016.xlsx").path, "--out", out,
    ])
    #expect(single.status == 0, "\(single.stderr)")
    let alone = Self.lines(try CommandLineTests.htx(["dump", out, "--sheet", "Summary"]).stdout)
    #expect(alone.contains { $0.hasPrefix("180,") && $0.hasSuffix("không có báo cáo") })
    #expect(alone.contains { $0.hasPrefix("178,") && $0.hasSuffix(",") }, "178 sent its return: no note")
    let all = try CommandLineTests.htx([
      "merge", Self.root.appendingPathComponent("example-2016/faulty").path, "--out", out, "--include-invalid",
    ])
    #expect(all.status == 0)
    let rows = try CommandLineTests.htx(["dump", out, "--sheet", "Cooperatives"])
    let merged = String(decoding: rows.stdout, as: UTF8.self)
    #expect(Self.lines(rows.stdout).count == 31, "every row of the four units, with a header")
    #expect(merged.contains("member-labour-le-members"), "the row with a finding is marked")
  }
}

/// `htx check` on GitHub Actions: annotations by default, and a job summary.
@Suite struct CheckOnActionsTests {
  @Test func theFaultyProvinceGivesOneAnnotationPerError() throws {
    let summary = FileManager.default.temporaryDirectory.appendingPathComponent("htx-summary-\(UUID().uuidString).md")
    defer { try? FileManager.default.removeItem(at: summary) }
    var environment = ProcessInfo.processInfo.environment
    environment["GITHUB_ACTIONS"] = "true"
    environment["GITHUB_STEP_SUMMARY"] = summary.path
    let folder = ProvinceTests.root.appendingPathComponent("province-2017h1/faulty").path
    let run = try CommandLineTests.htx(["check", folder], environment: environment)
    #expect(run.status == 1)
    let lines = String(decoding: run.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
    let errors = lines.filter { $0.hasPrefix("::error ") }
    let json = try #require(
      try JSONSerialization.jsonObject(
        with: CommandLineTests.htx(["check", folder, "--format", "json"]).stdout) as? [String: Any])
    #expect(errors.count == (json["stats"] as? [String: Any])?["errors"] as? Int)
    #expect(errors.count == 11)
    #expect(errors.contains { $0.contains("178_2017H1.xlsx,line=13,col=10,") && $0.contains("DS HTX!J13") })
    #expect(errors.contains { $0.contains("cao-loc.csv,line=14,col=2,") })
    #expect((try? String(contentsOf: summary, encoding: .utf8))?.contains("178\\_2017H1.xlsx") == true)
  }
}
