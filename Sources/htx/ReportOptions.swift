import ArgumentParser
import Glibc
import Reports
import Schema

/// The options `validate` and `check` share: where the report goes, strictness, language.
struct ReportOptions: ParsableArguments {
  @Option(help: "A file to write the report to, replaced atomically; never an input. If omitted, standard output.")
  var output: String?

  @Flag(help: "Count warnings as failures for the exit status.")
  var strict = false

  @Option(help: "The language of messages, vi or en. If omitted, vi.")
  var lang: String = "vi"

  func validate() throws {
    guard lang == "vi" || lang == "en" else { throw ValidationError("--lang must be vi or en.") }
  }

  /// Renders `report` in `format`, sends it where ``output`` says, appends the job summary
  /// for the github format, and ends the process: status 1 when the report does not pass,
  /// else 0.
  func deliver(
    _ report: ValidationReport, format: Validate.OutputFormat, pack: Pack, inputs: [String], summary: Bool = false
  ) throws -> Never {
    let bytes = try ReportOutput.render(
      report, format: format, strict: strict, pack: pack, language: lang,
      colour: output == nil && Terminal.colours(fileDescriptor: 1))
    try ReportOutput.send(bytes, to: output, inputs: inputs)
    if format == .github || summary { ReportOutput.appendStepSummary(report, strict: strict) }
    // The report is out: the process ends here, without first freeing what the run built
    // (the maps and records of a large return take milliseconds to free, for nothing).
    fflush(nil)
    Glibc.exit(report.passes(strict: strict) ? 0 : 1)
  }
}
