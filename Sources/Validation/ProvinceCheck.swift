import Findings
import Foundation
import Reports
import Schema

/// Checks a set of returns of one period: each file, then the folder rules.
public struct ProvinceCheck {
  /// The per-file check, which also carries the cross-file uniqueness state.
  public var returns: ReturnCheck
  /// The folder rules.
  public var submissions: SubmissionCheck

  /// Creates the check from its parts.
  public init(returns: ReturnCheck, submissions: SubmissionCheck) {
    self.returns = returns
    self.submissions = submissions
  }

  /// Checks `files` (paths, each with the finding that already stops it, if any);
  /// `progress` hears of each file before it is read; `onRecord` sees each list record
  /// and `onIndicators` each indicator table as they are read.
  public mutating func run(
    _ files: [(String, Finding?)], progress: ((Int, Int, String) -> Void)? = nil,
    onRecord: ((ReadRecord) -> Void)? = nil, onIndicators: ((ReadTable) -> Void)? = nil
  ) -> ValidationReport {
    var report = ValidationReport()
    var results: [ReturnResult] = []
    for (index, (path, problem)) in files.enumerated() {
      progress?(index, files.count, path)
      if let problem {
        report.files.append(.init(path: path))
        report.findings.append(problem)
        continue
      }
      let result = returns.check(path: path, onRecord: onRecord, onIndicators: onIndicators)
      report.files.append(result.file)
      report.findings += result.findings
      results.append(result)
    }
    progress?(files.count, files.count, "")
    report.findings += returns.finish()
    report.findings += submissions.check(results)
    // htx's own messages come in English and Vietnamese; the pack's are in the language already.
    // In place: a copy of every finding, to change the message of some, cost the tail a millisecond.
    for index in report.findings.indices { report.findings[index].localize(to: returns.language) }
    return report
  }
}
