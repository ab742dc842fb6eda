import ArgumentParser
import Foundation
import Reports
import Schema
import Validation

/// `htx check`: validates a data folder as its `htx.yaml` describes, for CI.
struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
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

  @Option(help: "Write the report to this file (atomically) instead of standard output.")
  var output: String?

  @Flag(help: "Count warnings as failures for the exit status.")
  var strict = false

  @Option(help: "The language of messages, vi or en. If omitted, vi.")
  var lang: String = "vi"

  func validate() throws {
    guard lang == "vi" || lang == "en" else { throw ValidationError("--lang must be vi or en.") }
  }

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
    var setup = try ProvinceSetup(paths: [directory], schema: nil, language: lang, config: config)
    var bar = ProgressBar()
    let report = setup.check.run(setup.files, progress: { bar.show($0, of: $1, $2) })
    // On GitHub Actions the default is annotations on the very cells, and a job summary.
    let onActions = ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true"
    let chosen = format ?? (onActions ? .github : .text)
    let text = try ReportOutput.render(
      report, format: chosen, strict: strict, pack: setup.pack, language: lang,
      colour: output == nil && Terminal.colours(fileDescriptor: 1))
    try ReportOutput.send(text, to: output, inputs: setup.files.map(\.0))
    if chosen == .github || (onActions && format == nil) { ReportOutput.appendStepSummary(report, strict: strict) }
    if !report.passes(strict: strict) { throw ExitCode(1) }
  }
}
