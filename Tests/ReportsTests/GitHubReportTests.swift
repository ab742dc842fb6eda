import Findings
import Foundation
import Testing

@testable import Reports

/// GitHub annotations: one parseable workflow command per finding, escaped so that the
/// runner's unescaping gives back the exact path, title and message.
@Suite struct GitHubReportTests {
  /// One workflow command as the Actions runner reads it.
  struct Command {
    var name: String
    var properties: [String: String]
    var message: String
  }

  /// Parses `line` as `::name key=value,key=value::message` and undoes the runner's escapes.
  static func parse(_ line: Substring) throws -> Command {
    let pattern = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/
    let match = try #require(try pattern.wholeMatch(in: line), "not a workflow command: \(line)")
    var properties: [String: String] = [:]
    for pair in (match.output.2 ?? "").split(separator: ",") {
      let parts = pair.split(separator: "=", maxSplits: 1)
      try #require(parts.count == 2, "bad property: \(pair)")
      properties[String(parts[0])] = unescape(String(parts[1]), property: true)
    }
    return Command(name: String(match.output.1), properties: properties, message: unescape(String(match.output.3)))
  }

  /// The runner's unescaping: `%0D`, `%0A` (and in properties `%3A`, `%2C`), then `%25`.
  static func unescape(_ text: String, property: Bool = false) -> String {
    var text = text.replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%0A", with: "\n")
    if property {
      text = text.replacingOccurrences(of: "%3A", with: ":").replacingOccurrences(of: "%2C", with: ",")
    }
    return text.replacingOccurrences(of: "%25", with: "%")
  }

  static func commands() throws -> [Command] {
    let text = GitHubReport.render(SampleReport.report)
    #expect(text.hasSuffix("\n"))
    return try text.split(separator: "\n").map(parse)
  }

  @Test func oneCommandPerFindingWithItsSeverity() throws {
    let commands = try Self.commands()
    #expect(commands.count == SampleReport.report.findings.count)
    #expect(
      commands.map(\.name)
        == SampleReport.report.findings.map {
          switch $0.severity {
          case .error: "error"
          case .warning: "warning"
          case .info: "notice"
          }
        })
  }

  @Test func escapingRoundTripsMessageAndPath() throws {
    let command = try #require(try Self.commands().first { $0.properties["file"] == SampleReport.csv })
    #expect(command.message == SampleReport.awkwardMessage)
    #expect(command.properties["title"] == "htx-list › E7 [type-error]")
    #expect(command.properties["line"] == "7" && command.properties["col"] == "5")
  }

  @Test func workbookFindingNamesFormSheetCellAndRule() throws {
    let first = try #require(try Self.commands().first)
    #expect(
      first.properties == [
        "file": SampleReport.workbook, "line": "9", "col": "3", "title": "htx-list › Biểu 01!C9 [tax-code-checksum]",
      ])
    let line = GitHubReport.line(
      Finding(
        code: .ruleError, rule: "r", file: "a.xlsx", sheet: "DS HTX", cell: "E7", row: 7, column: 5, message: "m"),
      form: "htx-list")
    #expect(line == "::error file=a.xlsx,line=7,col=5,title=htx-list › DS HTX!E7 [r]::m")
  }

  @Test func findingsWithoutRowOmitLineAndColumn() throws {
    let commands = try Self.commands()
    let unit = try #require(commands.first { $0.properties["title"]?.hasSuffix("[unit-unknown]") == true })
    #expect(unit.properties == ["file": SampleReport.workbook, "title": "Unknown submitting unit [unit-unknown]"])
    let folder = try #require(commands.last)
    #expect(folder.properties == ["title": "Missing submission [missing-submission]"])
    #expect(folder.message == "Văn Lãng sent no return")
  }
}

/// The job summary: totals, a row per file, and the first findings, as Markdown tables
/// that text from the files cannot break.
@Suite struct GitHubStepSummaryTests {
  /// The cells of a Markdown table row, split at pipes that are not backslash-escaped.
  static func cells(_ row: Substring) -> [String] {
    var cells: [String] = []
    var cell = ""
    var escaped = false
    for character in row {
      if escaped {
        cell.append(character)
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else if character == "|" {
        cells.append(cell.trimmingCharacters(in: .whitespaces))
        cell = ""
      } else {
        cell.append(character)
      }
    }
    return Array(cells.dropFirst())
  }

  @Test func filesTableHasEachFileWithItsCounts() {
    let lines = GitHubStepSummary.render(SampleReport.report).split(separator: "\n")
    #expect(lines.first == "### htx validate: ❌ failed")
    #expect(lines.contains("4 files, 35 rows: 6 errors, 2 warnings"))
    let rows = lines.filter { $0.hasPrefix("| returns/") }.map(Self.cells)
    #expect(
      rows.prefix(4) == [
        ["returns/cao-loc.xlsx", "❌", "3", "2", "22"], ["returns/bac son, 2017: v2.csv", "❌", "1", "0", "9"],
        ["returns/old.xls", "❌", "1", "0", "0"], ["returns/dinh-lap.xlsx", "✅", "0", "0", "4"],
      ])
    #expect(lines.contains("| (folder) | ❌ | 1 | 0 | |"))
  }

  @Test func findingsAreCutAtTheLimitAndEscaped() {
    var report = SampleReport.report
    report.findings[0].message = "a | b *c* <d>\nnext"
    let lines = GitHubStepSummary.render(report, limit: 2).split(separator: "\n")
    #expect(lines.contains("#### The first 2 of 9 findings"))
    let findingRows = lines.drop { !$0.hasPrefix("| Severity") }.dropFirst(2).map(Self.cells)
    #expect(findingRows.count == 2)
    #expect(
      findingRows.first == ["error", "returns/cao-loc.xlsx", "Biểu 01!C9", "tax-code-checksum", "a | b *c* <d> next"])
    #expect(lines.contains { $0.contains("a \\| b \\*c\\* \\<d\\> next") })
  }

  @Test func strictFailsOnWarnings() {
    let warningsOnly = ValidationReport(
      files: [SampleReport.report.files[0]], findings: [SampleReport.report.findings[4]])
    #expect(GitHubStepSummary.render(warningsOnly).hasPrefix("### htx validate: ✅ passed"))
    #expect(GitHubStepSummary.render(warningsOnly, strict: true).hasPrefix("### htx validate: ❌ failed"))
  }
}
