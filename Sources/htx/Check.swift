import ArgumentParser
import Foundation
import Reports
import Schema
import Validation

/// `htx check`: validates a data folder as its `htx.yaml` describes, for CI.
struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    // Named here: the default name is made from the type by reflection, ~2 ms at start.
    commandName: "check",
    abstract: "Check a data folder as its htx.yaml describes (pack, period, units, files); for CI.",
    discussion: """
      DIR/htx.yaml is required:
        pack: kttt
        period: 2017-H1
        units: lang-son-districts
        files: ["returns/**/*.xlsx", "returns/**/*.csv"]
        number_style: auto
      Exit status: 0 no errors, 1 errors found, 2 htx.yaml or the pack could not be read.

      Example: htx check data/
      """)

  @Argument(help: "The data folder. If omitted, the working directory.")
  var directory: String = "."

  @Option(help: "The output format: text, json, github, junit or sarif. If omitted, text (github on GitHub Actions).")
  var format: Validate.OutputFormat?

  @OptionGroup var options: ReportOptions

  func run() throws {
    let file = URL(fileURLWithPath: directory).appendingPathComponent(ProjectConfig.fileName)
    guard FileManager.default.fileExists(atPath: file.path) else {
      StandardError.line(
        "htx: \(file.path):1:1: error: no htx.yaml in \(directory); check needs one (see htx check --help)")
      throw ExitCode(2)
    }
    let config: ProjectConfig
    do {
      config = try ProjectConfig.load(file)
    } catch let error as SchemaError {
      StandardError.line("htx: \(error)")
      throw ExitCode(2)
    }
    var setup = try ProvinceSetup(paths: [directory], schema: nil, language: options.lang, config: config)
    var bar = ProgressBar()
    let report = setup.check.run(setup.files, progress: { bar.show($0, of: $1, $2) })
    // On GitHub Actions the default is annotations on the very cells, and a job summary.
    let onActions = ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true"
    let chosen = format ?? (onActions ? .github : .text)
    try options.deliver(
      report, format: chosen, pack: setup.pack, inputs: setup.files.map(\.0),
      summary: onActions && format == nil)
  }
}
