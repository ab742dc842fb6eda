import Findings
import Foundation
import Schema

/// The folder rules of one period: every unit of the list has a return, no unit has two
/// of the same form, and the returns are for one period.
public struct SubmissionCheck: Sendable {
  /// The units that must report.
  public var units: UnitList?
  /// The period the folder collects; nil takes the one most returns state.
  public var period: ReportingPeriod?
  /// The place a missing return is reported at (the folder or its `htx.yaml`).
  public var place: String
  /// Whether every unit must have a return (a folder was given), not only the ones named.
  public var expectsEveryUnit: Bool
  /// Whether a unit without a return is an error (the folder declares its units) or a warning.
  public var missingIsError: Bool

  /// Creates the check.
  public init(
    units: UnitList?, period: ReportingPeriod?, place: String, expectsEveryUnit: Bool, missingIsError: Bool
  ) {
    self.units = units
    self.period = period
    self.place = place
    self.expectsEveryUnit = expectsEveryUnit
    self.missingIsError = missingIsError
  }

  /// The folder's findings over the results of its returns, in the order checked.
  public func check(_ results: [ReturnResult]) -> [Finding] {
    var findings: [Finding] = []
    // A period stated differently from the folder's majority, when the folder sets none.
    if period == nil {
      var counts: [ReportingPeriod: Int] = [:]
      for result in results { if let stated = result.statedPeriod { counts[stated, default: 0] += 1 } }
      let ranked = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.label < $1.key.label }
      if ranked.count > 1, let majority = ranked.first {
        // With no majority no period can be taken, and the returns cannot go together.
        let tied = majority.value == ranked[1].value
        let periods = ranked.map(\.key.label).joined(separator: ", ")
        for result in results {
          guard let stated = result.statedPeriod, tied || stated != majority.key else { continue }
          let cell = result.statedPeriodCell
          let reason =
            tied
            ? "the returns are for different periods (\(periods)) and no htx.yaml says which one this folder collects"
            : "\(majority.value) of the \(results.count) returns are for \(majority.key.label)"
          let reasonVI =
            tied
            ? "các báo cáo thuộc các kỳ khác nhau (\(periods)) và không có htx.yaml nói thư mục này thu kỳ nào"
            : "\(majority.value) trong \(results.count) báo cáo là kỳ \(majority.key.label)"
          findings.append(
            Finding(
              code: .periodMismatch, file: result.file.path, sheet: cell?.sheet, cell: cell?.cell.a1,
              row: cell?.cell.row, column: cell?.cell.column, value: stated.label,
              message: "the return is for \(stated.label); \(reason)",
              vietnamese: "báo cáo này là kỳ \(stated.label); \(reasonVI)"))
        }
      }
    }
    // Two returns of one unit holding the same form.
    var firstHolder: [String: String] = [:]
    for result in results {
      guard let unit = result.file.unit else { continue }
      for form in Set(result.forms).sorted() {
        let key = unit + "\u{1}" + form
        if let earlier = firstHolder[key] {
          findings.append(
            Finding(
              code: .duplicateSubmission, file: result.file.path,
              message:
                "\(unitName(unit)) already sent its \(form) in \(earlier); only one return per unit and period is expected",
              vietnamese:
                "\(unitName(unit, vietnamese: true)) đã gửi biểu \(form) trong \(earlier); mỗi đơn vị chỉ gửi một báo cáo mỗi kỳ"
            ))
        } else {
          firstHolder[key] = result.file.path
        }
      }
    }
    if let units, expectsEveryUnit {
      let reported = Set(results.compactMap(\.file.unit))
      for unit in units.units where !reported.contains(unit.code) {
        findings.append(
          Finding(
            severity: missingIsError ? .error : .warning, code: .missingSubmission, file: place,
            value: unit.code,
            message:
              "no return from \(unit.code) \(unit.name)\(period.map { " for \($0.label)" } ?? "") (\(units.id))",
            vietnamese:
              "chưa có báo cáo của \(unit.code) \(unit.name)\(period.map { " kỳ \($0.label)" } ?? "") (\(units.id))"))
      }
    }
    return findings
  }

  private func unitName(_ code: String, vietnamese: Bool = false) -> String {
    guard let unit = units?.units.first(where: { $0.code == code }) else {
      return vietnamese ? "đơn vị \(code)" : "unit \(code)"
    }
    return "\(unit.code) \(unit.name)"
  }
}
