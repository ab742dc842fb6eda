import ArgumentParser
import Findings
import Foundation
import Reports
import Validation

/// `htx validate`: checks returns against a pack's forms and reports every finding.
struct Validate: ParsableCommand {
  static let configuration = CommandConfiguration(
    // Named here: the default name is made from the type by reflection, ~2 ms at start.
    commandName: "validate",
    abstract: "Check returns against a pack's forms and report what is wrong, cell by cell.",
    discussion: """
      Each file is read whatever its extension says; a folder is searched for .xlsx,
      .xlsm, .xltx, .csv, .tsv and .txt files, and its .xls, .ods and .xlsb files are
      each a finding that says how to save them. An unreadable file is a finding, and the
      other files are still checked. Exit status: 0 no errors, 1 errors found, 2 the
      command could not run (bad arguments, unreadable schema).

      Example: htx validate returns/ --format json
      """)

  enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, github, junit, sarif

    // Spelled out: the parser's defaults describe a value by reflection, at every start.
    var defaultValueDescription: String { rawValue }
    static var allValueStrings: [String] { allCases.map(\.rawValue) }
  }

  @Argument(help: "Files or folders of returns.")
  var paths: [String]

  @Option(help: "The pack folder. If omitted, the bundled kttt pack.")
  var schema: String?

  @Option(
    help: """
      The output format: text, json, github (workflow annotations, plus a job summary when \
      $GITHUB_STEP_SUMMARY is set), junit or sarif. If omitted, text.
      """)
  var format: OutputFormat = .text

  @OptionGroup var options: ReportOptions

  func run() throws {
    var setup = try ProvinceSetup(paths: paths, schema: schema, language: options.lang)
    var bar = ProgressBar()
    let report = setup.check.run(setup.files, progress: { bar.show($0, of: $1, $2) })
    try options.deliver(report, format: format, pack: setup.pack, inputs: paths + setup.files.map(\.0))
  }
}
