import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `htx validate --format junit|sarif|github` and `--output` on real files: each report
/// parses and agrees with the JSON report, and `--output` never overwrites an input.
@Suite struct ReportFormatCommandTests {
  static let corpus = ValidateCommandTests.corpus
  static let pack = ValidateCommandTests.pack
  /// A clean workbook, an unreadable file, a workbook with a type error and an info note,
  /// and a CSV file with a missing value.
  static let inputs = [
    "xlsx/04-libreoffice.xlsx", "bad/21-legacy-xls.xlsx", "xlsx/09-numbers-as-text.xlsx",
    "csv/19-quoted-multiline-crlf.csv",
  ].map { corpus.appendingPathComponent($0).path }

  /// A new empty folder, removed by the caller.
  static func folder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("htx-output-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  static func validate(_ format: String, _ more: [String] = [], environment: [String: String] = [:]) throws
    -> CommandLineTests.Run
  {
    try CommandLineTests.htx(
      ["validate", "--schema", pack, "--format", format] + more + inputs, environment: environment)
  }

  /// The JSON report of the same inputs.
  static func json() throws -> [String: Any] {
    let run = try validate("json")
    return try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
  }

  /// Each `<testsuite>`'s attributes and properties, as Foundation's XMLParser reads them.
  final class SuiteCollector: NSObject, XMLParserDelegate {
    var root: [String: String] = [:]
    var suites: [(attributes: [String: String], properties: [String: String], cases: Int, failures: Int)] = []

    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      switch name {
      case "testsuites": root = attributes
      case "testsuite": suites.append((attributes, [:], 0, 0))
      case "property": suites[suites.count - 1].properties[attributes["name"] ?? ""] = attributes["value"]
      case "testcase": suites[suites.count - 1].cases += 1
      case "failure": suites[suites.count - 1].failures += 1
      default: break
      }
    }
  }

  @Test func junitSuitesAgreeWithTheJSONReport() throws {
    let run = try Self.validate("junit")
    #expect(run.status == 1)
    let parser = XMLParser(data: run.stdout)
    let collector = SuiteCollector()
    parser.delegate = collector
    #expect(parser.parse(), "\(String(describing: parser.parserError))")
    let json = try Self.json()
    let stats = try #require(json["stats"] as? [String: Int])
    let files = try #require(json["files"] as? [[String: Any]])
    #expect(collector.suites.map { $0.attributes["name"] } == files.map { $0["path"] as? String })
    #expect(collector.suites.map { $0.failures > 0 } == files.map { $0["valid"] as? Bool == false })
    #expect(collector.suites.compactMap { $0.properties["errors"].flatMap(Int.init) }.reduce(0, +) == stats["errors"])
    #expect(collector.suites.compactMap { $0.properties["rows"].flatMap(Int.init) }.reduce(0, +) == stats["rows"])
    #expect(collector.root["tests"] == String(collector.suites.map(\.cases).reduce(0, +)))
    #expect(collector.root["failures"] == String(collector.suites.map(\.failures).reduce(0, +)))
  }

  @Test func sarifResultsAgreeWithTheJSONFindings() throws {
    let run = try Self.validate("sarif")
    #expect(run.status == 1)
    let log = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
    #expect(log["version"] as? String == "2.1.0")
    let sarifRun = try #require((log["runs"] as? [[String: Any]])?.first)
    let driver = try #require((sarifRun["tool"] as? [String: Any])?["driver"] as? [String: Any])
    #expect(driver["name"] as? String == "htx" && driver["version"] as? String == "0.1.0")
    let results = try #require(sarifRun["results"] as? [[String: Any]])
    let findings = try #require(try Self.json()["findings"] as? [[String: Any]])
    #expect(results.count == findings.count)
    for (result, finding) in zip(results, findings) {
      #expect((result["message"] as? [String: Any])?["text"] as? String == finding["message"] as? String)
      let region = ((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"]
      // A text file's line where its record starts, else the row.
      #expect((region as? [String: Int])?["startLine"] == (finding["line"] ?? finding["row"]) as? Int)
      #expect((region as? [String: Int])?["startColumn"] == finding["column"] as? Int)
    }
    // A pack rule's entry is described from the pack, in the report's language.
    let checksumRun = try CommandLineTests.htx([
      "validate", "--schema", Self.pack, "--format", "sarif", "--lang", "en",
      ProvinceTests.root.appendingPathComponent("province-2017h1/faulty/181_2017H1.xlsx").path,
    ])
    let checksumLog = try #require(try JSONSerialization.jsonObject(with: checksumRun.stdout) as? [String: Any])
    let rules =
      (((checksumLog["runs"] as? [[String: Any]])?.first?["tool"] as? [String: Any])?["driver"]
      as? [String: Any])?["rules"] as? [[String: Any]]
    let checksum = try #require(rules?.first { $0["id"] as? String == "tax-code-checksum" })
    #expect(
      (checksum["shortDescription"] as? [String: String])?["text"] == "Tax code {tax_code} has a wrong check digit")
  }

  /// The findings of a JSON report of the inputs, with `more` arguments.
  static func findings(_ more: [String]) throws -> [[String: Any]] {
    let run = try validate("json", more)
    let report = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
    return try #require(report["findings"] as? [[String: Any]])
  }

  @Test("a CSV finding under records that span lines gives the line its record starts on")
  func csvFindingNamesItsLine() throws {
    let findings = try Self.findings([])
    let missing = try #require(findings.first { $0["code"] as? String == "missing-value" })
    #expect(missing["cell"] as? String == "G13")
    #expect(missing["row"] as? Int == 13)
    #expect(missing["line"] as? Int == 15)
    // A workbook's findings have rows only.
    #expect(findings.filter { ($0["file"] as? String)?.hasSuffix(".xlsx") == true }.allSatisfy { $0["line"] == nil })
  }

  @Test("htx's own messages are Vietnamese by default and English with --lang en")
  func messagesFollowTheLanguage() throws {
    let vietnamese = try Self.findings([])
    let english = try Self.findings(["--lang", "en"])
    #expect(vietnamese.count == 4)
    #expect(vietnamese.map { $0["code"] as? String } == english.map { $0["code"] as? String })
    #expect(vietnamese.map { $0["cell"] as? String } == english.map { $0["cell"] as? String })
    let pairs = zip(vietnamese.compactMap { $0["message"] as? String }, english.compactMap { $0["message"] as? String })
    for (vi, en) in pairs {
      #expect(vi != en)
      #expect(!vi.contains("expected") && !vi.contains("found") && !vi.contains("required"), "\(vi)")
    }
    let missing = try #require(vietnamese.first { $0["code"] as? String == "missing-value" })
    #expect(missing["message"] as? String == "Tình trạng hoạt động không được để trống")
    let englishMissing = try #require(english.first { $0["code"] as? String == "missing-value" })
    #expect(englishMissing["message"] as? String == "Tình trạng hoạt động is required but empty")
  }

  @Test func githubPrintsAnnotationsAndAppendsTheStepSummary() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let summary = folder.appendingPathComponent("summary.md")
    try "earlier step\n".write(to: summary, atomically: false, encoding: .utf8)
    let run = try Self.validate("github", environment: ["GITHUB_STEP_SUMMARY": summary.path])
    #expect(run.status == 1)
    let lines = String(decoding: run.stdout, as: UTF8.self).split(separator: "\n")
    let workbook = Self.inputs[2]
    #expect(
      lines.contains(
        "::error file=\(workbook),line=17,col=11,title=htx-list › Biểu 01!K17 [type-error]::cần một số tính bằng triệu đồng, nhưng ô ghi '4,92 tỷ' (4920 triệu đồng): hãy ghi chính con số"
      ))
    #expect(lines.contains { $0.hasPrefix("::notice file=\(workbook),line=13,col=3,") })
    // The CSV's record 13 starts on line 15: two records above it hold a line break.
    #expect(lines.contains { $0.hasPrefix("::error file=\(Self.inputs[3]),line=15,col=7,") && $0.contains("G13") })
    #expect(lines.filter { $0.hasPrefix("::error ") }.count == 3)
    let written = try String(contentsOf: summary, encoding: .utf8)
    #expect(written.hasPrefix("earlier step\n### htx validate: ❌ failed\n"))
    #expect(written.contains(" | ❌ | 1 | 0 | 23 |\n"))
  }

  @Test func outputWritesTheReportThereAndNothingToStandardOutput() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let output = folder.appendingPathComponent("report.sarif")
    try "stale".write(to: output, atomically: false, encoding: .utf8)
    let run = try Self.validate("sarif", ["--output", output.path])
    #expect(run.status == 1)
    #expect(run.stdout.isEmpty)
    let log = try JSONSerialization.jsonObject(with: try Data(contentsOf: output)) as? [String: Any]
    #expect(log?["version"] as? String == "2.1.0")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.sarif"])
  }

  @Test func outputThatIsAnInputIsRefusedAndTheInputKept() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent("return.csv")
    try FileManager.default.copyItem(at: Self.corpus.appendingPathComponent("csv/14-utf8-bom-comma.csv"), to: input)
    let before = try Data(contentsOf: input)
    // The same file, named directly, by another spelling, and found inside a folder given.
    let attempts = [
      [input.path, "--output", input.path], [input.path, "--output", folder.path + "/./return.csv"],
      [folder.path, "--output", input.path],
    ]
    for arguments in attempts {
      let run = try CommandLineTests.htx(["validate", "--schema", Self.pack, "--format", "junit"] + arguments)
      #expect(run.status == 2, "\(arguments)")
      #expect(run.stdout.isEmpty)
      #expect(run.stderr.contains("is the input"), "\(run.stderr)")
      #expect(try Data(contentsOf: input) == before)
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["return.csv"])
  }

  @Test func outputThatCannotBeWrittenExitsTwo() throws {
    let run = try Self.validate("junit", ["--output", "/nonexistent-htx-folder/report.xml"])
    #expect(run.status == 2)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.contains("cannot create a temporary file beside /nonexistent-htx-folder/report.xml"))
  }
}
