import Findings

/// Renders a report as JUnit XML, for CI systems that show test results.
///
/// Each file is a `<testsuite>` named by its path. Each table in it gives one `<testcase>`
/// per rule id or code that has findings there (`htx-list › Biểu 01 [tax-code-checksum]`),
/// or one passing case named for the table when it has none; findings about the file
/// rather than a table give `file [code]` cases. A case fails when it holds an error (or,
/// with `strict`, a warning); its `<failure>` lists each finding as `sheet!A1 message`.
/// Findings that do not fail their case go to `<system-out>`. A file in which no table
/// was read (unreadable, or no header matched) is a single failing `file` case. Findings
/// about no file (folder findings) make a last suite named `(folder)`.
///
/// Each suite's `<properties>` carry the file's unit, period, rows read and error and
/// warning counts, so a script can check the totals against the JSON report.
public enum JUnitReport {
  /// One `<testcase>`: its name and findings, and whether it fails.
  struct TestCase {
    var name: String
    var findings: [Finding]
    var fails: Bool
  }

  /// One `<testsuite>`.
  struct TestSuite {
    var name: String
    var properties: [(name: String, value: String)]
    var cases: [TestCase]
  }

  /// The XML text of `report`; `strict` makes warnings fail their test case.
  public static func render(_ report: ValidationReport, strict: Bool = false) -> String {
    let suites = suites(report, strict: strict)
    let tests = suites.map(\.cases.count).reduce(0, +)
    let failures = suites.map { $0.cases.filter(\.fails).count }.reduce(0, +)
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out += "<testsuites name=\"htx validate\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\">\n"
    for suite in suites { out += xml(suite) }
    out += "</testsuites>\n"
    return out
  }

  /// The suites of `report`, one per file and one for folder findings if there are any.
  static func suites(_ report: ValidationReport, strict: Bool) -> [TestSuite] {
    let index = ReportIndex(report)
    var suites: [TestSuite] = []
    for entry in index.files {
      let file = entry.file
      var cases: [TestCase] = []
      if file.tables.isEmpty {
        cases = [TestCase(name: "file", findings: entry.fileLevel, fails: true)]
      } else {
        for table in entry.tables {
          let name = table.table.form + (table.table.sheet.map { " › \($0)" } ?? "")
          let grouped = groups(table.findings, prefix: name, strict: strict)
          cases += grouped.isEmpty ? [TestCase(name: name, findings: [], fails: false)] : grouped
        }
        cases += groups(entry.fileLevel, prefix: "file", strict: strict)
      }
      let findings = entry.findings
      var properties: [(name: String, value: String)] = []
      if let unit = file.unit { properties.append(("unit", unit)) }
      if let period = file.period { properties.append(("period", period)) }
      properties += [
        ("rows", String(file.tables.map(\.rows).reduce(0, +))),
        ("errors", String(findings.filter { $0.severity == .error }.count)),
        ("warnings", String(findings.filter { $0.severity == .warning }.count)),
      ]
      suites.append(TestSuite(name: file.path, properties: properties, cases: cases))
    }
    if !index.unfiled.isEmpty {
      let properties = [
        ("errors", String(index.unfiled.filter { $0.severity == .error }.count)),
        ("warnings", String(index.unfiled.filter { $0.severity == .warning }.count)),
      ]
      suites.append(
        TestSuite(
          name: "(folder)", properties: properties, cases: groups(index.unfiled, prefix: "folder", strict: strict)))
    }
    return suites
  }

  /// One case per rule id or code among `findings`, in order of the id.
  private static func groups(_ findings: [Finding], prefix: String, strict: Bool) -> [TestCase] {
    Dictionary(grouping: findings, by: \.ruleID).sorted { $0.key < $1.key }.map { id, findings in
      TestCase(name: "\(prefix) [\(id)]", findings: findings, fails: findings.contains { fails($0, strict: strict) })
    }
  }

  private static func fails(_ finding: Finding, strict: Bool) -> Bool {
    finding.severity == .error || (strict && finding.severity == .warning)
  }

  private static func xml(_ suite: TestSuite) -> String {
    let name = XMLText.attribute(suite.name)
    var out =
      "  <testsuite name=\"\(name)\" tests=\"\(suite.cases.count)\" "
      + "failures=\"\(suite.cases.filter(\.fails).count)\" errors=\"0\" skipped=\"0\">\n"
    out += "    <properties>\n"
    for property in suite.properties {
      out +=
        "      <property name=\"\(XMLText.attribute(property.name))\" value=\"\(XMLText.attribute(property.value))\"/>\n"
    }
    out += "    </properties>\n"
    for testCase in suite.cases {
      out += "    <testcase name=\"\(XMLText.attribute(testCase.name))\" classname=\"\(name)\""
      let body = testCase.findings.map(line).joined()
      if testCase.fails {
        out += ">\n      <failure message=\"\(XMLText.attribute(failureMessage(testCase)))\""
        if let id = testCase.findings.first?.ruleID { out += " type=\"\(XMLText.attribute(id))\"" }
        out += ">\(XMLText.content(body))</failure>\n    </testcase>\n"
      } else if !body.isEmpty {
        out += ">\n      <system-out>\(XMLText.content(body))</system-out>\n    </testcase>\n"
      } else {
        out += "/>\n"
      }
    }
    out += "  </testsuite>\n"
    return out
  }

  /// The short `message` of a failure: how many errors, and the first one, cut at 160
  /// characters.
  private static func failureMessage(_ testCase: TestCase) -> String {
    let errors = testCase.findings.filter { $0.severity == .error }
    guard let first = errors.first ?? testCase.findings.first else { return "no table of the pack was found" }
    let counted =
      errors.isEmpty
      ? "\(testCase.findings.count) \(testCase.findings.count == 1 ? "warning" : "warnings")"
      : "\(errors.count) \(errors.count == 1 ? "error" : "errors")"
    let text = "\(counted): " + (first.place.isEmpty ? "" : first.place + " ") + first.message
    return text.count <= 160 ? text : String(text.prefix(159)) + "…"
  }

  /// A finding as one line of a failure or output body: `sheet!A1 message`, with the
  /// severity before the message when it is not an error.
  private static func line(_ finding: Finding) -> String {
    let severity = finding.severity == .error ? "" : "\(finding.severity.rawValue): "
    return (finding.place.isEmpty ? "" : finding.place + " ") + severity + finding.message + "\n"
  }
}
