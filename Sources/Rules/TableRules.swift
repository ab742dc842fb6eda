import Findings
import Foundation
import Schema
import SheetIO

/// The values of a vertical indicator table (`kttt-summary`), by indicator id, with
/// the cell each came from.
public struct IndicatorTable: Sendable {
  /// Each indicator's value.
  public var values: [String: TypedValue] = [:]
  /// Each indicator's value cell.
  public var cells: [String: CellRef] = [:]
  /// Each indicator's value as read.
  public var raw: [String: String] = [:]

  /// Creates an empty table.
  public init() {}

  /// Reads the indicator rows out of a located table's records: the row's `indicator`
  /// text names an indicator by one of its labels, with its numbering ("1.1.", "a)"), a
  /// "Trong đó:" and a unit in parentheses aside, abbreviations spelled out (HTX, THT),
  /// and a few more words allowed ("Số HTX thành lập mới trong kỳ"): the label that
  /// leaves the fewest words over wins. A money indicator stated in another unit (its
  /// unit column or label says "tỷ đồng") is converted to the indicator's.
  public static func collect(_ records: [TableRecord], form: Form) -> IndicatorTable {
    var table = IndicatorTable()
    let labels = form.indicators.flatMap { indicator in indicator.labels.map { (indicator.id, words(of: $0)) } }
    let units = Dictionary(
      form.indicators.compactMap { indicator in indicator.unit.map { (indicator.id, $0) } },
      uniquingKeysWith: { first, _ in first })
    for record in records {
      guard case .text(let text)? = record.value("indicator") else { continue }
      var texts = [words(of: text)]
      let bare = HeaderLabel(text).label
      if bare != text { texts.append(words(of: bare)) }
      var best: (id: String, extra: Int)?
      for words in texts {
        for (id, label) in labels {
          guard let extra = Self.extraWords(words, over: label), extra <= 3 else { continue }
          if best.map({ extra < $0.extra }) ?? true { best = (id, extra) }
        }
      }
      guard let id = best?.id, table.values[id] == nil else { continue }
      var value = record.value("value") ?? .blank
      // "Tổng vốn điều lệ (tỷ đồng)", or "Tỷ đồng" in the unit column: in the indicator's unit.
      if let unit = units[id], case .number(let number) = value,
        let stated = HeaderLabel(text).unit ?? record.value("unit").map(\.description),
        let factor = UnitConversion.factor(from: stated, to: unit)
      {
        value = .number(number * factor)
      }
      table.values[id] = value
      table.cells[id] = record.cell("value")
      table.raw[id] = record.raw("value")
    }
    return table
  }

  /// The folded words of an indicator text, its numbering and "Trong đó" left out and
  /// the usual abbreviations spelled out.
  static func words(of text: String) -> [Substring] {
    // The pack's indicator labels and the texts of a summary's rows recur file after file:
    // each is split once.
    splitTexts.value(for: text, workedOutWords(of:))
  }

  /// The words of the texts split so far.
  private static let splitTexts = TextMemo<[Substring]>()

  /// ``words(of:)`` worked out.
  private static func workedOutWords(of text: String) -> [Substring] {
    // A folded key splits at its spaces' bytes as at its characters (see ``LabelTail``).
    var words = LabelTail.words(of: Substring(LabelFolding.key(text)))
    // "1", "1 1", "a", "ii": numbering before the name.
    while let first = words.first, words.count > 1,
      first.allSatisfy({ $0.isNumber }) || (first.count == 1 && first.first?.isLetter == true)
        || first.allSatisfy({ "ivx".contains($0) })
    {
      words.removeFirst()
    }
    for prefix in Self.leadWords where words.starts(with: prefix) {
      words.removeFirst(2)
    }
    return words.flatMap { Self.spelled[$0] ?? [$0] }
  }

  /// Words before a part's name that are no part of it: "Trong đó", "Chia ra", "Trong số".
  private static let leadWords: [[Substring]] = [["trong", "do"], ["chia", "ra"], ["trong", "so"]]

  /// The abbreviations indicator texts use, spelled out.
  private static let spelled: [Substring: [Substring]] = [
    "htx": ["hop", "tac", "xa"], "tht": ["to", "hop", "tac"], "lhhtx": ["lien", "hiep", "hop", "tac", "xa"],
  ]

  /// How many words of `text` are over `label`'s, when `label`'s words appear in it in
  /// order; nil when they do not.
  static func extraWords(_ text: [Substring], over label: [Substring]) -> Int? {
    guard !label.isEmpty, text.count >= label.count else { return nil }
    var index = 0
    for word in text where index < label.count && word == label[index] { index += 1 }
    return index == label.count ? text.count - label.count : nil
  }
}

/// A form's table rules (scope `table`), checked once per file against its indicator
/// table and the records of the list form.
public struct TableRules {
  private struct Compiled {
    var spec: RuleSpec
    var check: RuleNode
  }

  private let rules: [Compiled]
  /// The form's indicators, each with its first label.
  private let indicators: [String: String]
  /// The report's language, `vi` or `en`.
  public var language = "vi"

  /// Compiles the table rules of `form`.
  /// - Throws: ``RuleSyntaxError`` at the rule's place in its schema file.
  public init(form: Form) throws {
    indicators = Dictionary(
      form.indicators.map { ($0.id, $0.labels.first ?? $0.id) }, uniquingKeysWith: { first, _ in first })
    rules = try form.rules.filter { $0.scope == "table" }.map { spec in
      let location = spec.location
      return Compiled(
        spec: spec,
        check: try RuleParser.parse(spec.check, file: location.file, line: location.line, column: location.column))
    }
  }

  /// An empty fold of the list aggregates these rules use, to add list records to as they stream.
  public func listAggregates() -> ListAggregates { ListAggregates(rules: rules.map(\.check)) }

  /// The findings of every rule that fails; `list` holds the records rules reach as `list.`.
  public func check(
    _ table: IndicatorTable, list: [TableRecord], period: ReportingPeriod?, file: String, sheet: String?
  ) -> [Finding] {
    var fold = listAggregates()
    for record in list { fold.add(record, period: period) }
    return check(table, list: fold, period: period, file: file, sheet: sheet)
  }

  /// The findings of every rule that fails; `list` holds the folded aggregates of the
  /// records rules reach as `list.`.
  public func check(
    _ table: IndicatorTable, list: ListAggregates, period: ReportingPeriod?, file: String, sheet: String?
  ) -> [Finding] {
    var findings: [Finding] = []
    // A file without the list cannot be compared with it, and a rule on the period's
    // days needs a period: those rules wait.
    for (index, rule) in rules.enumerated()
    where (list.rows > 0 || !Self.reaches("list", rule.check)) && (period != nil || !Self.readsPeriod(rule.check)) {
      let context = IndicatorContext(table: table, period: period, folded: list.values(rule: index))
      let outcome = RuleEvaluator.evaluate(rule.check, in: context)
      let field = RowRules.firstField(rule.check)
      let ref = field.flatMap { table.cells[$0] }
      // No row names the indicator the rule checks: say so, rather than check nothing.
      if let field, let label = indicators[field], table.cells[field] == nil {
        findings.append(
          Finding(
            severity: .warning, code: .missingColumn, rule: rule.spec.id, file: file, sheet: sheet, field: field,
            message:
              "no row of the summary names the indicator '\(label)' (\(field)), so \(rule.spec.id) was not checked",
            vietnamese:
              "không dòng nào của biểu tổng hợp ghi chỉ tiêu '\(label)' (\(field)), nên quy tắc \(rule.spec.id) chưa được kiểm tra"
          ))
        continue
      }
      // An indicator row left blank cannot be compared with the list: say so at its cell,
      // not nothing. A cell holding a figure that could not be read ("2,3625 tỷ") has its
      // type error already: once is enough. "x" or "…" is no figure, and is reported here.
      // A rule on the summary's own figures passes a blank one: the value column's
      // required check reports an empty cell.
      if outcome == .blank, Self.reaches("list", rule.check), let field, let ref,
        (table.values[field] ?? .blank) == .blank,
        !(table.raw[field] ?? "").contains(where: \.isNumber)
      {
        let expected = Self.expectedValue(rule.check, in: context)
        findings.append(
          Finding(
            severity: Severity(rawValue: rule.spec.severity) ?? .error, code: .missingValue, rule: rule.spec.id,
            file: file, sheet: sheet, cell: ref.a1, row: ref.row, column: ref.column, field: field, value: "",
            message: "the summary gives no value for \(field)"
              + (expected.isEmpty ? "" : "; the list gives \(expected)"),
            vietnamese: "biểu tổng hợp không ghi số liệu chỉ tiêu \(indicators[field].map { "'\($0)'" } ?? field)"
              + (expected.isEmpty ? "" : "; theo danh sách là \(expected)")))
        continue
      }
      guard outcome == .bool(false) else { continue }
      // The list's figure is unknown where its cells could not be read (their type errors
      // say so): the summary is not wrong for differing from what could be read.
      let unknown = list.unreadable(rule: index)
      if unknown > 0 {
        findings.append(
          Finding(
            severity: .warning, code: .ruleError, rule: rule.spec.id, file: file, sheet: sheet, cell: ref?.a1,
            row: ref?.row, column: ref?.column, field: field,
            message:
              "\(rule.spec.id) was not checked: the list has \(unknown) row\(unknown == 1 ? "" : "s") with a cell it reads that could not be read (see the type errors)",
            vietnamese:
              "quy tắc \(rule.spec.id) chưa được kiểm tra: \(unknown) dòng của danh sách có ô cần cho quy tắc nhưng không đọc được (xem các lỗi sai kiểu dữ liệu)"
          ))
        continue
      }
      let template = rule.spec.messages[language] ?? rule.spec.messages["en"] ?? "rule \(rule.spec.id) failed"
      let expected = Self.expectedValue(rule.check, in: context)
      let record = TableRecord(
        row: ref?.row ?? 0, values: table.values, cells: table.cells,
        raw: table.raw.merging(["expected": expected], uniquingKeysWith: { $1 }))
      findings.append(
        Finding(
          severity: Severity(rawValue: rule.spec.severity) ?? .error, code: .ruleError, rule: rule.spec.id, file: file,
          sheet: sheet, cell: ref?.a1, row: ref?.row, column: ref?.column, field: field,
          value: field.flatMap { table.raw[$0] }, message: RowRules.fill(template, record: record, period: period)))
    }
    return findings
  }

  /// Whether an expression reads from `table`.
  static func reaches(_ table: String, _ node: RuleNode) -> Bool {
    switch node {
    case .field(_, let name, _): return name == table
    case .negate(let inner), .not(let inner), .isBlank(let inner, _): return reaches(table, inner)
    case .inList(let inner, let items, _): return reaches(table, inner) || items.contains { reaches(table, $0) }
    case .binary(_, let left, let right): return reaches(table, left) || reaches(table, right)
    case .call(_, let arguments, let name, let filter, _):
      return name == table || arguments.contains { reaches(table, $0) } || filter.map { reaches(table, $0) } == true
    case .literal, .period: return false
    }
  }

  /// Whether an expression reads `period.start` or `period.end`.
  static func readsPeriod(_ node: RuleNode) -> Bool {
    switch node {
    case .period: return true
    case .field, .literal: return false
    case .negate(let inner), .not(let inner), .isBlank(let inner, _): return readsPeriod(inner)
    case .inList(let inner, let items, _): return readsPeriod(inner) || items.contains(where: readsPeriod)
    case .binary(_, let left, let right): return readsPeriod(left) || readsPeriod(right)
    case .call(_, let arguments, _, let filter, _):
      return arguments.contains(where: readsPeriod) || filter.map(readsPeriod) == true
    }
  }

  /// The right-hand side of a comparison, as text, for the `{expected}` placeholder.
  static func expectedValue(_ node: RuleNode, in context: any RuleContext) -> String {
    if case .binary(let op, let left, let right) = node, ["==", "!=", "<=", ">=", "<", ">"].contains(op) {
      if case .call(let name, let arguments, _, _, _) = left, name == "abs",
        case .binary("-", _, let inner)? =
          arguments.first
      {
        return RuleEvaluator.evaluate(inner, in: context).description
      }
      return RuleEvaluator.evaluate(right, in: context).description
    }
    return ""
  }
}

/// An indicator table as rules see it: its indicators as fields, and the aggregates over
/// `list` folded beforehand (``ListAggregates``).
struct IndicatorContext: RuleContext {
  let table: IndicatorTable
  let reportingPeriod: ReportingPeriod?
  let foldedValues: [Int: RuleValue]

  init(table: IndicatorTable, period: ReportingPeriod?, folded: [Int: RuleValue] = [:]) {
    self.table = table
    reportingPeriod = period
    foldedValues = folded
  }

  func folded(_ offset: Int) -> RuleValue? { foldedValues[offset] }

  var period: (start: RuleValue, end: RuleValue) {
    RuleValue.bounds(of: reportingPeriod)
  }

  func value(of field: String, table name: String?) -> RuleValue {
    guard name == nil || name == "summary", let value = table.values[field] else { return .blank }
    return RuleValue(value)
  }

  /// The list's rows are never kept: its aggregates come folded.
  func rows(of name: String?) -> [any RuleContext] { [] }
}
