import Findings
import Foundation
import Reports
import Rules
import Schema
import SheetIO

/// A table read from a return, with what is known of its file, for callers that merge.
public struct ReadTable: Sendable {
  /// The file path.
  public var file: String
  /// The sheet name (nil for CSV).
  public var sheet: String?
  /// The form the table follows.
  public var form: Form
  /// The data records in sheet order.
  public var records: [TableRecord]
  /// The submitting unit's code, when known.
  public var unit: String?
  /// The period the table is read for: the one configured, else the one the file states.
  public var period: ReportingPeriod?
}

/// What checking one return found.
public struct ReturnResult: Sendable {
  /// The file's report entry.
  public var file: ValidationReport.File
  /// The file's findings.
  public var findings: [Finding]
  /// The form ids of the tables found.
  public var forms: [String] = []
  /// The period the file states (title line, else file name), and where.
  public var statedPeriod: ReportingPeriod?
  /// The title cell that states the period, with its sheet, when a title does.
  public var statedPeriodCell: (sheet: String?, cell: CellRef)?
}

/// Checks one return against every form of a pack: locates its tables, reads them and
/// runs the column, row, totals, table and cross-file checks.
public struct ReturnCheck {
  /// The pack.
  public let pack: Pack
  /// The period every return must be for, when one is set.
  public var period: ReportingPeriod?
  /// The number style every file uses, when one is set.
  public var numberStyle: NumberStyle?
  private let rules: [String: RowRules]
  private let tableRules: [String: TableRules]
  private var folder: [String: FolderUniqueness] = [:]
  private let units: UnitMatcher?

  /// Creates a check for `pack`, with messages in `language` and units from `units`.
  /// - Throws: ``RuleSyntaxError`` for a rule that does not parse.
  public init(pack: Pack, units: UnitList?, language: String = "vi") throws {
    self.pack = pack
    var rules: [String: RowRules] = [:]
    var tableRules: [String: TableRules] = [:]
    for form in pack.forms {
      var row = try RowRules(form: form)
      row.language = language
      rules[form.id] = row
      var table = try TableRules(form: form)
      table.language = language
      tableRules[form.id] = table
      folder[form.id] = FolderUniqueness(form: form)
    }
    self.rules = rules
    self.tableRules = tableRules
    self.units = units.map(UnitMatcher.init)
  }

  /// Checks the file at `path`; `onTable` sees each table read, after its checks.
  public mutating func check(path: String, onTable: ((ReadTable) -> Void)? = nil) -> ReturnResult {
    var result = ReturnResult(file: .init(path: path), findings: [])
    let source: any SheetSource
    do {
      source = try SpreadsheetFile.open(path: path)
    } catch {
      // An unreadable return still names its unit by its file name: it was sent.
      result.file.unit = units?.unit(inFileName: path)?.code
      result.findings.append(
        (error as? SheetReadError)?.finding(file: path)
          ?? Finding(code: .fileUnreadable, file: path, message: "\(error)"))
      return result
    }
    let date1904 = (source as? XLSXWorkbook)?.date1904 ?? false
    let isWorkbook = source is XLSXWorkbook
    let fileNamePeriod = ReportingPeriod.detect(inFileName: path)
    var claimed: Set<Int> = []
    var findings: [Finding] = []
    // The list's records, which the summary's table rules reach as `list.`.
    var listRecords: [TableRecord] = []
    for form in pack.forms {
      let isIndicatorTable = !form.indicators.isEmpty
      for sheet in source.sheets where !claimed.contains(sheet.index) {
        let sheetName = isWorkbook ? sheet.name : nil
        var checks = ColumnChecks(form: form, file: path, sheet: sheetName)
        checks.acrossFilesChecked = true
        var totals = TotalsCheck(form: form)
        var records: [TableRecord] = []
        do {
          var reader = TableReader(form: form, vocabularies: pack.vocabularies)
          reader.fixedStyle = numberStyle
          guard
            let table = try reader.read(
              source, sheet: sheet.index, file: path, date1904: date1904,
              { record in
                findings += checks.check(record)
                totals.add(record)
                records.append(record)
              })
          else { continue }
          if result.statedPeriod == nil, let stated = table.titlePeriod {
            result.statedPeriod = stated
            result.statedPeriodCell = table.periodCell.map { (sheetName, $0) }
          }
          // The rules' period: the one configured, else the one the file states.
          let rulePeriod = period ?? table.titlePeriod ?? fileNamePeriod
          if isIndicatorTable {
            let indicators = IndicatorTable.collect(records, form: form)
            findings +=
              tableRules[form.id]?.check(
                indicators, list: listRecords, period: rulePeriod, file: path, sheet: sheetName) ?? []
          } else {
            listRecords += records
          }
          if result.file.unit == nil, let matcher = units {
            result.file.unit = (matcher.unit(inTitles: table.titles) ?? matcher.unit(inFileName: path))?.code
          }
          for record in records {
            findings += rules[form.id]?.check(record, period: rulePeriod, file: path, sheet: sheetName) ?? []
            findings += folder[form.id]?.check(record, file: path, sheet: sheetName) ?? []
          }
          if let totalsRow = table.totals {
            let unreadable = Set(
              table.findings.filter { $0.code == .typeError && $0.severity == .error }.compactMap(\.field))
            findings += totals.check(totalsRow, file: path, sheet: sheetName, skipping: unreadable)
          }
          claimed.insert(sheet.index)
          result.forms.append(form.id)
          result.file.tables.append(
            .init(
              form: form.id, sheet: sheetName, headerRow: table.located.headerRows.upperBound, rows: table.rowCount))
          findings += table.findings.map { finding in
            var finding = finding
            finding.sheet = sheetName
            return finding
          }
          findings += Self.headerFindings(table.located, form: form, file: path, sheet: sheetName)
          onTable?(
            ReadTable(
              file: path, sheet: sheetName, form: form, records: records, unit: result.file.unit, period: rulePeriod))
        } catch let error as SheetReadError {
          var finding = error.finding(file: path)
          finding.sheet = finding.sheet ?? sheetName
          findings.append(finding)
          result.findings = findings
          return result
        } catch {
          findings.append(Finding(code: .fileUnreadable, file: path, message: "\(error)"))
          result.findings = findings
          return result
        }
      }
    }
    if result.statedPeriod == nil { result.statedPeriod = fileNamePeriod }
    result.file.period = (period ?? result.statedPeriod)?.label
    if let period, let stated = result.statedPeriod, stated != period {
      let place = result.statedPeriodCell
      findings.append(
        Finding(
          code: .periodMismatch, file: path, sheet: place?.sheet, cell: place?.cell.a1, row: place?.cell.row,
          column: place?.cell.column, value: stated.label,
          message: "the return is for \(stated.label) (\(place == nil ? "its file name" : "its title")); "
            + "this folder collects \(period.label)"))
    }
    if !result.file.tables.isEmpty && result.file.unit == nil, let list = units?.list {
      findings.append(
        Finding(
          severity: .warning, code: .unitUnknown, file: path,
          message:
            "no title line or file name names a unit of \(list.id) (for example \"UBND HUYỆN \(list.units.first?.name.uppercased() ?? "")\" or \"\(list.units.first?.code ?? "")_2017H1.xlsx\")"
        ))
    }
    if result.file.tables.isEmpty {
      findings.append(
        Finding(
          code: .headerNotFound, file: path,
          message:
            "no sheet holds a table whose header matches a form of the pack (\(pack.forms.map(\.id).joined(separator: ", ")))"
        ))
    }
    result.findings = findings
    return result
  }

  /// The missing, duplicate and extra columns of a located table.
  static func headerFindings(_ located: LocatedTable, form: Form, file: String, sheet: String?) -> [Finding] {
    var findings: [Finding] = []
    let isIndicatorTable = !form.indicators.isEmpty
    for id in located.missingColumns {
      guard let column = form.columns.first(where: { $0.spec.id == id }) else { continue }
      findings.append(
        Finding(
          severity: column.spec.required ? .error : .warning, code: .missingColumn, file: file,
          sheet: sheet, row: located.headerRows.upperBound, field: id,
          message: "no column labelled '\(column.spec.labels.first ?? id)' was found"))
    }
    for (column, id) in located.duplicateColumns.sorted(by: { $0.key < $1.key }) {
      let ref = CellRef(row: located.headerRows.lowerBound, column: column)
      let first = located.matches[id].map { CellRef(row: located.headerRows.lowerBound, column: $0.column) }
      findings.append(
        Finding(
          code: .duplicateColumn, file: file, sheet: sheet, cell: ref.a1, row: ref.row, column: column, field: id,
          value: located.matches[id]?.header,
          message:
            "a second column is labelled '\(located.matches[id]?.header ?? id)' (the first is column \(first.map { CellRef.columnLetters($0.column) } ?? "?")); only the first is read"
        ))
    }
    // An indicator table's plan and percentage columns are kept, not checked (DOMAIN.md).
    for (column, header) in located.extraColumns.sorted(by: { $0.key < $1.key }) where !isIndicatorTable {
      let ref = CellRef(row: located.headerRows.lowerBound, column: column)
      findings.append(
        Finding(
          severity: .warning, code: .extraColumn, file: file, sheet: sheet, cell: ref.a1, row: ref.row,
          column: column, value: header, message: "the column '\(header)' is not part of the form and was ignored"))
    }
    return findings
  }
}
