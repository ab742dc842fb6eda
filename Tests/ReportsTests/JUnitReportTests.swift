import Findings
import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

@testable import Reports

/// The JUnit report is well-formed XML whose counts agree with its test cases, with one
/// case per table and rule, and text escaped so any message survives.
@Suite struct JUnitReportTests {
  /// What Foundation's XMLParser read from a JUnit document.
  struct Parsed {
    struct Case {
      var suite: String
      var name: String
      var failure: [String: String]?
      var failureText = ""
      var output = ""
    }
    var root: [String: String] = [:]
    var suites: [[String: String]] = []
    var properties: [String: [String: String]] = [:]
    var cases: [Case] = []

    func cases(in suite: String) -> [Case] { cases.filter { $0.suite == suite } }
  }

  /// Collects the elements of a JUnit document as the parser reports them.
  final class Collector: NSObject, XMLParserDelegate {
    var parsed = Parsed()
    private var text = ""

    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      text = ""
      switch name {
      case "testsuites": parsed.root = attributes
      case "testsuite": parsed.suites.append(attributes)
      case "property":
        let suite = parsed.suites.last?["name"] ?? ""
        parsed.properties[suite, default: [:]][attributes["name"] ?? ""] = attributes["value"]
      case "testcase":
        parsed.cases.append(.init(suite: parsed.suites.last?["name"] ?? "", name: attributes["name"] ?? ""))
      case "failure": parsed.cases[parsed.cases.count - 1].failure = attributes
      default: break
      }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
      if name == "failure" { parsed.cases[parsed.cases.count - 1].failureText = text }
      if name == "system-out" { parsed.cases[parsed.cases.count - 1].output = text }
    }
  }

  /// Parses `xml`, failing the test if it is not well-formed.
  static func parse(_ xml: String) throws -> Parsed {
    let parser = XMLParser(data: Data(xml.utf8))
    let collector = Collector()
    parser.delegate = collector
    let parsed = parser.parse()
    #expect(parsed, "XML error: \(String(describing: parser.parserError))")
    try #require(parsed)
    return collector.parsed
  }

  @Test func countsAgreeWithTheCasesAndFailures() throws {
    let parsed = try Self.parse(JUnitReport.render(SampleReport.report))
    #expect(parsed.root["tests"] == String(parsed.cases.count))
    #expect(parsed.root["failures"] == String(parsed.cases.filter { $0.failure != nil }.count))
    #expect(parsed.root["tests"] == "8" && parsed.root["failures"] == "5")
    for suite in parsed.suites {
      let cases = parsed.cases(in: suite["name"] ?? "")
      #expect(suite["tests"] == String(cases.count), "\(suite)")
      #expect(suite["failures"] == String(cases.filter { $0.failure != nil }.count), "\(suite)")
    }
    #expect(
      parsed.suites.compactMap { $0["name"] } == [
        SampleReport.workbook, SampleReport.csv, SampleReport.unreadable, SampleReport.clean, "(folder)",
      ])
  }

  @Test func oneCasePerTableAndRuleFailingOnlyOnErrors() throws {
    let parsed = try Self.parse(JUnitReport.render(SampleReport.report))
    let cases = parsed.cases(in: SampleReport.workbook)
    #expect(
      cases.map(\.name) == [
        "htx-list › Biểu 01 [min-members]", "htx-list › Biểu 01 [tax-code-checksum]",
        "kttt-summary › Biểu 02 [totals-mismatch]", "file [unit-unknown]",
      ])
    #expect(cases.map { $0.failure != nil } == [false, true, true, false])
    let checksum = cases[1]
    #expect(checksum.failure?["type"] == "tax-code-checksum")
    #expect(checksum.failure?["message"] == "2 errors: Biểu 01!C9 Mã số thuế 0101234567 sai chữ số kiểm tra")
    #expect(
      checksum.failureText
        == "Biểu 01!C9 Mã số thuế 0101234567 sai chữ số kiểm tra\nBiểu 01!C11 Mã số thuế 0101234568 sai chữ số kiểm tra\n"
    )
    #expect(cases[0].output == "Biểu 01!H10 warning: ít hơn 7 thành viên\n")
  }

  @Test func strictMakesWarningsFail() throws {
    let parsed = try Self.parse(JUnitReport.render(SampleReport.report, strict: true))
    let failing = parsed.cases(in: SampleReport.workbook).filter { $0.failure != nil }.map(\.name)
    #expect(failing.contains("htx-list › Biểu 01 [min-members]") && failing.contains("file [unit-unknown]"))
    #expect(parsed.root["failures"] == "7")
  }

  @Test func unreadableFileIsOneFailingCaseAndCleanTableOnePassingCase() throws {
    let parsed = try Self.parse(JUnitReport.render(SampleReport.report))
    let unreadable = parsed.cases(in: SampleReport.unreadable)
    #expect(unreadable.map(\.name) == ["file"])
    #expect(unreadable.first?.failure?["type"] == "file-format")
    #expect(unreadable.first?.failureText == "a legacy .xls workbook\n")
    let clean = parsed.cases(in: SampleReport.clean)
    #expect(clean.map(\.name) == ["htx-list › DS HTX"] && clean.first?.failure == nil)
    #expect(parsed.cases(in: "(folder)").map(\.name) == ["folder [missing-submission]"])
  }

  @Test func propertiesCarryTheFileTotals() throws {
    let parsed = try Self.parse(JUnitReport.render(SampleReport.report))
    #expect(
      parsed.properties[SampleReport.workbook] == [
        "unit": "183", "period": "2017-H1", "rows": "22", "errors": "3", "warnings": "2",
      ])
    let errors = parsed.properties.values.compactMap { $0["errors"].flatMap(Int.init) }.reduce(0, +)
    #expect(errors == SampleReport.report.errorCount)
  }

  @Test func anyTextSurvivesAsWellFormedXML() throws {
    let nasty = "a<b>&c\"d'e]]>f\u{1}g\u{B}h\u{1F}i\u{FFFE}j\tk\r\nl"
    let report = ValidationReport(
      files: [.init(path: "x&<\"y\u{7}.csv", tables: [.init(form: "htx-list", sheet: nil, headerRow: 1, rows: 1)])],
      findings: [Finding(code: .typeError, file: "x&<\"y\u{7}.csv", cell: "A2", row: 2, column: 1, message: nasty)])
    let parsed = try Self.parse(JUnitReport.render(report))
    let expected = "a<b>&c\"d'e]]>f\u{2401}g\u{240B}h\u{241F}i\u{FFFD}j\tk\r\nl"
    #expect(parsed.suites.first?["name"] == "x&<\"y\u{2407}.csv")
    #expect(parsed.cases.first?.failureText == "A2 \(expected)\n")
    #expect(parsed.cases.first?.failure?["message"] == "1 error: A2 \(expected)")
  }
}
