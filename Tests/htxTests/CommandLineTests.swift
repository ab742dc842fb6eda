import Foundation
import Testing

/// Runs the real `htx` binary, as users and scripts do, and checks output and exit codes.
@Suite struct CommandLineTests {
  static let fixtures = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/corpus")

  /// The `htx` executable built beside the test bundle.
  static var executable: URL {
    var directory = Bundle.main.bundleURL
    for _ in 0..<3 {
      let candidate = directory.appendingPathComponent("htx")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      directory = directory.deletingLastPathComponent()
    }
    return Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("htx")
  }

  struct Run {
    var status: Int32
    var stdout: Data
    var stderr: String
  }

  /// Runs `htx` with `arguments`, in this process's environment with `environment` added.
  static func htx(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if !environment.isEmpty {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(status: process.terminationStatus, stdout: stdout, stderr: String(decoding: stderr, as: UTF8.self))
  }

  /// Splits one CSV line into fields (quotes honoured, no line breaks inside).
  static func splitCSV(_ line: String) -> [String] {
    var fields: [String] = []
    var field = ""
    var quoted = false
    for character in line {
      if character == "\"" {
        quoted.toggle()
      } else if character == "," && !quoted {
        fields.append(field)
        field = ""
      } else {
        field.append(character)
      }
    }
    return fields + [field]
  }

  @Test func dumpWritesTheExpectedCSVAndExitsZero() throws {
    let run = try Self.htx([
      "dump", Self.fixtures.appendingPathComponent("xlsx/10-errors-booleans-edge-numbers.xlsx").path,
      "--sheet", "Biểu 02",
    ])
    let expected = try Data(
      contentsOf: Self.fixtures.appendingPathComponent("xlsx/10-errors-booleans-edge-numbers.expected.csv"))
    #expect(run.status == 0)
    #expect(run.stdout == expected)
    #expect(run.stderr.isEmpty)
  }

  @Test func dumpOfAMissingSheetNamesTheSheetsThereAre() throws {
    let run = try Self.htx([
      "dump", Self.fixtures.appendingPathComponent("xlsx/01-xlsxwriter-shared-strings.xlsx").path,
      "--sheet", "Biểu 09",
    ])
    #expect(run.status == 1)
    #expect(run.stderr.contains("sheet-missing"))
    #expect(run.stderr.contains("'Biểu 01'"))
  }

  @Test func inspectJSONCarriesTheFindingOfABadFile() throws {
    let run = try Self.htx([
      "inspect", "--format", "json", Self.fixtures.appendingPathComponent("bad/28-xxe.xlsx").path,
    ])
    #expect(run.status == 1)
    let json = try #require(JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
    let findings = try #require(json["findings"] as? [[String: Any]])
    #expect(findings.count == 1)
    #expect(findings.first?["code"] as? String == "file-corrupt")
    #expect(findings.first?["severity"] as? String == "error")
    #expect(!String(decoding: run.stdout, as: UTF8.self).contains("root:"))
  }

  @Test func inspectListsSheetsWithVisibilityAndSize() throws {
    let run = try Self.htx([
      "inspect", "--format", "json",
      Self.fixtures.appendingPathComponent("xlsx/12-absolute-rels-hidden-sheet.xlsx").path,
    ])
    #expect(run.status == 0)
    let json = try #require(JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
    let sheets = try #require(json["sheets"] as? [[String: Any]])
    #expect(sheets.map { $0["name"] as? String } == ["DM", "Biểu 01", "Biểu 02"])
    #expect(sheets.first?["visibility"] as? String == "hidden")
    #expect((sheets[1]["columns"] as? Int) == 15)
    #expect((json["findings"] as? [Any])?.isEmpty == true)
  }

  @Test func inspectSpeaksVietnameseUnlessAskedForEnglish() throws {
    let legacy = Self.fixtures.appendingPathComponent("bad/21-legacy-xls.xlsx").path
    func message(_ more: [String]) throws -> String? {
      let run = try Self.htx(["inspect", "--format", "json"] + more + [legacy])
      let json = try #require(JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
      return (json["findings"] as? [[String: Any]])?.first?["message"] as? String
    }
    #expect(try message([])?.hasPrefix("đây là sổ tính Excel 97–2003") == true)
    #expect(try message(["--lang", "en"])?.hasPrefix("this is a legacy Excel 97–2003 workbook") == true)
  }

  @Test func inspectReadsAWorkbookTypedInTCVN3FontsAsValidateDoes() throws {
    let legacy = Self.fixtures.deletingLastPathComponent().appendingPathComponent("legacy/tcvn3-vntime.xlsx")
    let run = try Self.htx(["inspect", "--format", "json", legacy.path])
    let json = try #require(JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
    let tables = try #require(json["tables"] as? [[String: Any]])
    #expect(tables.compactMap { $0["form"] as? String } == ["htx-list"])
    #expect(tables.first?["unit"] as? String == "183 Cao Lộc")
    let findings = try #require(json["findings"] as? [[String: Any]])
    #expect(findings.map { $0["code"] as? String } == ["encoding-error"])
  }

  @Test func inspectShowsEachLocatedTableAndItsColumnMapping() throws {
    let run = try Self.htx([
      "inspect", "--format", "json",
      Self.fixtures.appendingPathComponent("xlsx/01-xlsxwriter-shared-strings.xlsx").path,
    ])
    let json = try #require(JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
    let tables = try #require(json["tables"] as? [[String: Any]])
    #expect(tables.compactMap { $0["form"] as? String } == ["htx-list", "kttt-summary"])
    let list = try #require(tables.first)
    #expect(list["header_rows"] as? String == "6–7" && list["totals_row"] as? Int == 21 && list["rows"] as? Int == 12)
    #expect(list["unit"] as? String == "180 Tràng Định" && list["period"] as? String == "2017-H1")
    let columns = try #require(list["columns"] as? [[String: Any]])
    let labour = try #require(columns.first { $0["field"] as? String == "member_labour" })
    #expect(labour["column"] as? String == "J" && labour["header"] as? String == "Lao động > Trong đó: thành viên")
    #expect((tables.last?["extra_columns"] as? [String])?.count == 2)
  }

  @Test func inspectTakesThePackAsValidateDoes() throws {
    let workbook = Self.fixtures.appendingPathComponent("xlsx/01-xlsxwriter-shared-strings.xlsx").path
    let run = try Self.htx(["inspect", "--schema", ValidateCommandTests.pack, "--format", "json", workbook])
    let json = try #require(JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
    #expect((json["tables"] as? [[String: Any]])?.count == 2)
    let missing = FileManager.default.temporaryDirectory.appendingPathComponent("htx-no-pack-\(UUID().uuidString)")
    let bad = try Self.htx(["inspect", "--schema", missing.path, workbook])
    #expect(bad.status == 2 && bad.stderr.contains("pack.yaml"), "\(bad.stderr)")
  }

  @Test func unreadablePathIsAFindingNotACrash() throws {
    let run = try Self.htx(["inspect", "--format", "json", "/nonexistent/return.xlsx"])
    #expect(run.status == 1)
    let json = try #require(JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
    let findings = try #require(json["findings"] as? [[String: Any]])
    #expect(findings.first?["code"] as? String == "file-unreadable")
  }
}
