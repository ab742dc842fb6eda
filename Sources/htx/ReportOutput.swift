import ArgumentParser
import Findings
import Foundation
import Glibc
import Reports
import Schema

/// How `htx validate` renders its report and where it sends it.
enum ReportOutput {
  /// The report in `format` as UTF-8, ending in a line break; `language` picks the rule
  /// summaries SARIF gives for the pack's rules.
  static func render(
    _ report: ValidationReport, format: Validate.OutputFormat, strict: Bool, pack: Pack, language: String,
    colour: Bool = false
  ) throws -> [UInt8] {
    switch format {
    case .text: return TextReport.renderBytes(report, colour: colour)
    case .json:
      // Straight from the writer's bytes: a report of many findings is not made a `String`.
      var bytes = try JSONReport.renderBytes(report, strict: strict)
      bytes.append(0x0A)
      return bytes
    case .github: return Array(GitHubReport.render(report).utf8)
    case .junit: return Array(JUnitReport.render(report, strict: strict).utf8)
    case .sarif:
      let tool = SARIFReport.Tool(version: HTX.configuration.version)
      return Array(
        (try SARIFReport.render(report, tool: tool, rules: ruleDescriptions(pack, language: language)) + "\n").utf8)
    }
  }

  /// Prints `bytes`, or writes them atomically to `output`.
  ///
  /// - Throws: `ExitCode(2)` after saying why on standard error, when `output` is one of
  ///   `inputs` or a folder, or cannot be written; nothing is written then.
  static func send(_ bytes: [UInt8], to output: String?, inputs: [String]) throws {
    guard let output else {
      do {
        try StandardOutput.write(bytes)
      } catch {
        StandardError.line("htx: \(error)")
        throw ExitCode(2)
      }
      return
    }
    let manager = FileManager.default
    var isFolder: ObjCBool = false
    if manager.fileExists(atPath: output, isDirectory: &isFolder) {
      if isFolder.boolValue {
        StandardError.line("htx: --output \(output) is a folder; name a file")
        throw ExitCode(2)
      }
      if let input = inputs.first(where: { isSameFile($0, output) }) {
        StandardError.line("htx: --output \(output) is the input \(input); it would be overwritten")
        throw ExitCode(2)
      }
    }
    do {
      try AtomicFile.write(bytes, to: output)
    } catch {
      StandardError.line("htx: \(error)")
      throw ExitCode(2)
    }
  }

  /// Appends the job summary to the file `$GITHUB_STEP_SUMMARY` names, when it is set.
  ///
  /// A summary that cannot be written is reported on standard error; the exit status
  /// still follows the findings.
  static func appendStepSummary(_ report: ValidationReport, strict: Bool) {
    guard let path = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"], !path.isEmpty else { return }
    let text = GitHubStepSummary.render(report, strict: strict)
    if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
    guard let handle = FileHandle(forWritingAtPath: path) else {
      StandardError.line("htx: cannot open the step summary \(path)")
      return
    }
    defer { try? handle.close() }
    do {
      try handle.seekToEnd()
      try handle.write(contentsOf: Data(text.utf8))
    } catch {
      StandardError.line("htx: cannot write the step summary \(path): \(error)")
    }
  }

  /// Whether two paths name the same existing file (same device and inode, following
  /// links), so links and different spellings of one path are caught.
  private static func isSameFile(_ first: String, _ second: String) -> Bool {
    var a = stat()
    var b = stat()
    guard stat(first, &a) == 0, stat(second, &b) == 0 else { return false }
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino
  }

  /// The SARIF descriptions of the pack's rules: the message in `language` as summary, and
  /// the check, its guard and its place in the schema as details.
  private static func ruleDescriptions(_ pack: Pack, language: String) -> [SARIFReport.RuleDescription] {
    pack.forms.flatMap { form in
      form.rules.map { rule in
        let summary = rule.messages[language] ?? rule.messages["en"] ?? rule.messages.values.first ?? rule.id
        var details = "Form \(form.id), \(rule.scope) rule: \(rule.check)"
        if let guardExpression = rule.when { details += ", when \(guardExpression)" }
        return SARIFReport.RuleDescription(
          id: rule.id, summary: summary, details: details + ".", severity: Severity(rawValue: rule.severity))
      }
    }
  }
}
