import Findings
import Foundation
import Reports
import Rules
import Schema
import SheetIO

/// One data record of a list table as it is read, with what is known of its file.
public struct ReadRecord: Sendable {
  /// The file path.
  public var file: String
  /// The sheet name (nil for CSV).
  public var sheet: String?
  /// The form the table follows.
  public var form: Form
  /// The record.
  public var record: TableRecord
  /// The submitting unit's code, when known.
  public var unit: String?
  /// The period the table is read for: the one configured, else the one the file states.
  public var period: ReportingPeriod?
}

/// An indicator table read from a return, with what is known of its file.
public struct ReadTable: Sendable {
  /// The file path.
  public var file: String
  /// The sheet name (nil for CSV).
  public var sheet: String?
  /// The form the table follows.
  public var form: Form
  /// The indicator rows in sheet order.
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
  /// The language of the messages, `vi` or `en`.
  public let language: String
  /// Whether records are checked; when false, files are only read (a merge's second pass).
  public var checksRecords = true
  private let rules: [String: RowRules]
  private let readers: [String: TableReader]
  private let tableRules: [String: TableRules]
  private var folder: [String: FolderUniqueness] = [:]
  /// Each unit's list aggregates, by indicator form, from the files read so far.
  private var unitFolds: [String: [String: ListAggregates]] = [:]
  /// Indicator tables that came without a list in their file (a summary CSV), checked
  /// against their unit's list once every file is read.
  private var pending:
    [(table: IndicatorTable, form: String, unit: String, period: ReportingPeriod?, file: String, sheet: String?)] = []
  private let units: UnitMatcher?

  /// What a check makes of a pack's forms before its first file, whatever the language
  /// and units: their rules and their tables' readers.
  public struct Parts: @unchecked Sendable {
    let rules: [String: RowRules]
    let tableRules: [String: TableRules]
    let readers: [String: TableReader]

    /// Makes the parts of `pack`'s forms.
    /// - Throws: ``RuleSyntaxError`` for a rule that does not parse.
    public init(pack: Pack) throws {
      var rules: [String: RowRules] = [:]
      var tableRules: [String: TableRules] = [:]
      for form in pack.forms {
        rules[form.id] = try RowRules(form: form)
        tableRules[form.id] = try TableRules(form: form)
        // The columns' patterns are compiled here, once, as the pack loads: a first
        // compile costs about a third of a millisecond before the first table is read.
        for pattern in form.columns.compactMap(\.constraints.pattern) { _ = TextPattern.compiled(pattern) }
      }
      self.rules = rules
      self.tableRules = tableRules
      // Each form's locator is made once: a form's table is another's neighbour.
      let alone = pack.forms.map { TableReader(form: $0, vocabularies: pack.vocabularies) }
      readers = Dictionary(
        alone.map { reader in
          var reader = reader
          reader.expect(neighbours: alone.filter { $0.form.id != reader.form.id })
          return (reader.form.id, reader)
        },
        uniquingKeysWith: { a, _ in a })
    }
  }

  /// Creates a check for `pack`, with messages in `language` and units from `units`.
  /// - Throws: ``RuleSyntaxError`` for a rule that does not parse.
  public init(pack: Pack, units: UnitList?, language: String = "vi") throws {
    self.init(pack: pack, parts: try Parts(pack: pack), units: units, language: language)
  }

  /// Creates a check for `pack` from its parts, made already (see ``PackPreload``).
  public init(pack: Pack, parts: Parts, units: UnitList?, language: String = "vi") {
    self.pack = pack
    self.language = language
    rules = parts.rules.mapValues { rules in
      var rules = rules
      rules.language = language
      return rules
    }
    tableRules = parts.tableRules.mapValues { rules in
      var rules = rules
      rules.language = language
      return rules
    }
    readers = parts.readers
    for form in pack.forms { folder[form.id] = FolderUniqueness(form: form) }
    self.units = units.map(UnitMatcher.init)
  }

  /// Opens the file at `path` now, for its check to take (call it while the pack loads: a
  /// text file's encoding and delimiter are learned then, a workbook's parts listed).
  /// What opening it threw is thrown when the check takes it.
  public static func open(path: String) {
    opened.keep(Result { try opening(path: path) }, for: path)
  }

  /// The file at `path` opened, and whether an earlier merge wrote it.
  private static func opening(path: String) throws -> (any SheetSource, Bool) {
    let source = try SpreadsheetFile.open(path: path)
    let isOutput =
      (source as? XLSXWorkbook)?.isHTXOutput == true || (source as? CSVSource).map(Self.isMergeOutput) == true
    return (source, isOutput)
  }

  /// The returns opened ahead of their checks.
  private static let opened = OpenedReturns()

  /// Checks the file at `path`; `onRecord` sees each list record as it is read, and
  /// `onIndicators` each indicator table once it is read.
  public mutating func check(
    path: String, onRecord: ((ReadRecord) -> Void)? = nil, onIndicators: ((ReadTable) -> Void)? = nil
  ) -> ReturnResult {
    var result = ReturnResult(file: .init(path: path), findings: [])
    let source: any SheetSource
    let isOutput: Bool
    do {
      (source, isOutput) = try Self.opened.take(path) ?? Self.opening(path: path)
    } catch {
      // An unreadable return still names its unit by its file name: it was sent.
      result.file.unit = units?.unit(inFileName: path)?.code
      result.findings.append(
        (error as? SheetReadError)?.finding(file: path)
          ?? Finding(
            code: .fileUnreadable, file: path, message: "\(error)",
            vietnamese: "\(FindingCode.fileUnreadable.vietnameseTitle): \(error)"))
      return result
    }
    // A provincial workbook an earlier merge wrote into the folder is no return.
    if isOutput {
      result.findings.append(
        Finding(
          severity: .warning, code: .fileFormat, file: path,
          message:
            "this file was written by htx merge (the province's merged data), not sent by a unit; it was not checked",
          vietnamese:
            "tệp này do htx merge tạo ra (số liệu tổng hợp của tỉnh), không phải báo cáo của đơn vị; không kiểm tra"
        ))
      return result
    }
    let date1904 = (source as? XLSXWorkbook)?.date1904 ?? false
    let isWorkbook = source is XLSXWorkbook
    let fileNamePeriod = ReportingPeriod.detect(inFileName: path)
    var claimed: Set<Int> = []
    // Rows of a claimed sheet where another form's header stands (a summary above or
    // under the list), with the form whose table showed them.
    var windows: [(sheet: Int, rows: ClosedRange<Int>, owner: String)] = []
    var findings: [Finding] = []
    // A text file's rows start on other lines than their numbers below a record that spans lines.
    var rowLines = RowLines()
    // The list's aggregates that each indicator form's table rules reach as `list.`,
    // folded as the list's records stream by.
    var listFolds: [String: ListAggregates] = [:]
    for form in pack.forms where !form.indicators.isEmpty {
      listFolds[form.id] = tableRules[form.id]?.listAggregates()
    }
    // Each record is added to every fold: by position, without hashing the form ids.
    let foldIndices = Array(listFolds.values.indices)
    // A workbook typed in TCVN3 fonts (.VnTime) whose header is not found is read again
    // with its text converted: "Hîp t¸c x·" is "Hợp tác xã".
    var decodings: [((String) -> String?)?] = [nil]
    var decoded = false
    if let tcvn3 = TCVN3Text.retry(for: source) { decodings.append({ tcvn3.decode($0) }) }
    for decoding in decodings {
      if decoding != nil {
        guard result.file.tables.isEmpty else { break }
        decoded = true
      }
      for form in pack.forms {
        let isIndicatorTable = !form.indicators.isEmpty
        // The return is what the clerk sees: a hidden sheet (last year's list kept out of
        // sight) is read for a form only when no visible sheet holds it.
        var foundVisible = false
        // Whole sheets first, then the rows around another form's table on a sheet, the
        // visible before the hidden; those rows only when no sheet held the form.
        let sheets = source.sheets.filter { !claimed.contains($0.index) }
        let around = windows.filter { $0.owner != form.id }.compactMap { window in
          source.sheets.first { $0.index == window.sheet }.map { ($0, Optional(window.rows)) }
        }
        let targets: [(sheet: SheetInfo, rows: ClosedRange<Int>?)] =
          sheets.filter { $0.visibility == .visible }.map { ($0, nil) } + around.filter { $0.0.visibility == .visible }
          + sheets.filter { $0.visibility != .visible }.map { ($0, nil) }
          + around.filter { $0.0.visibility != .visible }
        var found = false
        for (sheet, window) in targets {
          if window != nil && found { continue }
          let sheetName = isWorkbook ? sheet.name : nil
          let isHidden = sheet.visibility != .visible
          var checks = ColumnChecks(form: form, file: path, sheet: sheetName)
          checks.acrossFilesChecked = true
          var totals = TotalsCheck(form: form)
          // Only an indicator table's records are kept: a few dozen rows.
          var indicatorRecords: [TableRecord] = []
          // The rules' period: the one configured, else the one the file states.
          var rulePeriod = period ?? fileNamePeriod
          var rowRules = rules[form.id]
          // Without a caller who takes the records as they come, the table may be read
          // on a guess of its header and style, and what its records did undone if the
          // guess proves wrong.
          let guessing = onRecord == nil
          let before = (findings: findings.count, folds: listFolds, unit: result.file.unit)
          // Taken out of the dictionary while the table is read, so a record does not
          // look it up by the form's id, and put back, kept, whatever happens.
          var unique = folder.removeValue(forKey: form.id)
          if guessing { unique?.beginTentative() }
          defer {
            unique?.keep()
            folder[form.id] = unique
          }
          do {
            var reader = readers[form.id] ?? TableReader(form: form, vocabularies: pack.vocabularies)
            reader.fixedStyle = numberStyle
            guard
              let table = try reader.read(
                source, sheet: sheet.index, file: path, date1904: date1904, decoding: decoding, guessing: guessing,
                rows: window,
                restart: {
                  findings.removeSubrange(before.findings...)
                  listFolds = before.folds
                  result.file.unit = before.unit
                  unique?.forget()
                  checks = ColumnChecks(form: form, file: path, sheet: sheetName)
                  checks.acrossFilesChecked = true
                  totals = TotalsCheck(form: form)
                  indicatorRecords = []
                },
                located: { located in
                  if isHidden && foundVisible { throw HiddenCopy(header: located.located.headerRows.lowerBound) }
                  checks.headers = located.located.matches.mapValues(\.header)
                  // A table under another on its sheet has the sheet's title above that one.
                  rulePeriod = period ?? located.titlePeriod ?? result.statedPeriod ?? fileNamePeriod
                  rowRules = rules[form.id]?.applying(to: rulePeriod)
                  rowRules?.bind(to: located.layout)
                  for index in foldIndices { listFolds.values[index].use(period: rulePeriod) }
                  if result.file.unit == nil, let matcher = units {
                    result.file.unit = (matcher.unit(inTitles: located.titles) ?? matcher.unit(inFileName: path))?.code
                  }
                },
                { record in
                  if checksRecords {
                    let cellFindings = checks.check(record)
                    // Most records add no finding: an empty array is not appended.
                    if !cellFindings.isEmpty { findings += cellFindings }
                    totals.add(record)
                    if !isIndicatorTable {
                      // A cell already wrong is reported once: rules reading it wait.
                      let wrong: Set<String> =
                        cellFindings.isEmpty
                        ? [] : Set(cellFindings.lazy.filter { $0.severity == .error }.compactMap(\.field))
                      if let ruleFindings = rowRules?.check(record, file: path, sheet: sheetName, skipping: wrong),
                        !ruleFindings.isEmpty
                      {
                        findings += ruleFindings
                      }
                      if let repeats = unique?.check(record, file: path, sheet: sheetName, unit: result.file.unit),
                        !repeats.isEmpty
                      {
                        findings += repeats
                      }
                      for index in foldIndices { listFolds.values[index].add(record) }
                    }
                  }
                  guard !isIndicatorTable else {
                    indicatorRecords.append(record)
                    return
                  }
                  onRecord?(
                    ReadRecord(
                      file: path, sheet: sheetName, form: form, record: record, unit: result.file.unit,
                      period: rulePeriod))
                })
            else { continue }
            if result.statedPeriod == nil, let stated = table.titlePeriod {
              result.statedPeriod = stated
              result.statedPeriodCell = table.periodCell.map { (sheetName, $0) }
            }
            if isIndicatorTable, let fold = listFolds[form.id] {
              if checksRecords {
                findings += PartsCheck.check(
                  indicatorRecords, headings: table.splitHeadings, file: path, sheet: sheetName)
              }
              let indicators = IndicatorTable.collect(indicatorRecords, form: form)
              if fold.rows == 0, let unit = result.file.unit {
                pending.append((indicators, form.id, unit, rulePeriod, path, sheetName))
              } else {
                findings +=
                  tableRules[form.id]?.check(indicators, list: fold, period: rulePeriod, file: path, sheet: sheetName)
                  ?? []
              }
            }
            if !table.rowLines.isEmpty { rowLines = table.rowLines }
            findings += table.sheetWarnings.map { $0.finding(file: path, sheet: sheetName) }
            if let totalsRow = table.totals {
              let unreadable = Set(
                table.findings.filter { $0.code == .typeError && $0.severity == .error }.compactMap(\.field))
              findings += totals.check(totalsRow, file: path, sheet: sheetName, skipping: unreadable)
            }
            claimed.insert(sheet.index)
            found = true
            if !isHidden { foundVisible = true }
            windows.removeAll { $0.sheet == sheet.index && $0.rows == window }
            let top = table.located.headerRows.lowerBound
            for row in table.neighbourRows {
              let rows =
                row < top
                ? (window?.lowerBound ?? 1)...(top - 1)
                : (max(table.lastRow, table.located.headerRows.upperBound) + 1)...(window?.upperBound ?? Int.max)
              if !rows.isEmpty, !windows.contains(where: { $0.sheet == sheet.index && $0.rows == rows }) {
                windows.append((sheet.index, rows, form.id))
              }
            }
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
            if isIndicatorTable {
              onIndicators?(
                ReadTable(
                  file: path, sheet: sheetName, form: form, records: indicatorRecords, unit: result.file.unit,
                  period: rulePeriod))
            }
          } catch let hidden as HiddenCopy {
            findings.append(
              Finding(
                severity: .warning, code: .duplicateSubmission, file: path, sheet: sheetName, row: hidden.header,
                message:
                  "the hidden sheet '\(sheet.name)' holds another \(form.id) table (an old copy?); it was not read, as a visible sheet holds the return's",
                vietnamese:
                  "trang tính ẩn '\(sheet.name)' có thêm một bảng \(form.id) (bản cũ?); bảng này không được đọc, vì bảng của báo cáo nằm ở trang tính đang hiện"
              ))
          } catch let error as SheetReadError {
            var finding = error.finding(file: path)
            finding.sheet = finding.sheet ?? sheetName
            findings.append(finding)
            result.findings = findings
            return result
          } catch {
            findings.append(
              Finding(
                code: .fileUnreadable, file: path, message: "\(error)",
                vietnamese: "\(FindingCode.fileUnreadable.vietnameseTitle): \(error)"))
            result.findings = findings
            return result
          }
        }
      }
    }
    if let unit = result.file.unit {
      // A unit's second list is a duplicate-submission: its separate summary is compared
      // with the first list alone, not with the two added up.
      for (id, fold) in listFolds where fold.rows > 0 && unitFolds[unit]?[id] == nil {
        unitFolds[unit, default: [:]][id] = fold
      }
    }
    if result.statedPeriod == nil { result.statedPeriod = fileNamePeriod }
    result.file.period = (period ?? result.statedPeriod)?.label
    findings += wholeFileFindings(result, source: source, decoded: decoded, path: path)
    if !rowLines.isEmpty {
      for index in findings.indices {
        guard let row = findings[index].row, findings[index].file == path, findings[index].line == nil else { continue }
        let line = rowLines.line(ofRow: row)
        if line != row { findings[index].line = line }
      }
    }
    result.findings = findings
    return result
  }

  /// The findings about the file as a whole once its tables are read: text converted
  /// from TCVN3, a period other than the folder's, no unit named, no table found.
  private func wholeFileFindings(_ result: ReturnResult, source: any SheetSource, decoded: Bool, path: String)
    -> [Finding]
  {
    var findings: [Finding] = []
    if decoded && !result.file.tables.isEmpty {
      findings.append(
        Finding(
          severity: .warning, code: .encodingError, file: path,
          message:
            "the workbook's text was typed in TCVN3 fonts (.VnTime) and was converted to Unicode to be read; check the names, and send Unicode next time",
          vietnamese:
            "chữ trong sổ tính được gõ bằng phông TCVN3 (.VnTime) và đã được chuyển sang Unicode để đọc; hãy kiểm tra lại các tên, và lần sau gửi bản Unicode"
        ))
    }
    if let period, let stated = result.statedPeriod, stated != period {
      let place = result.statedPeriodCell
      findings.append(
        Finding(
          code: .periodMismatch, file: path, sheet: place?.sheet, cell: place?.cell.a1, row: place?.cell.row,
          column: place?.cell.column, value: stated.label,
          message: "the return is for \(stated.label) (\(place == nil ? "its file name" : "its title")); "
            + "this folder collects \(period.label)",
          vietnamese: "báo cáo này là kỳ \(stated.label) (theo \(place == nil ? "tên tệp" : "dòng tiêu đề")); "
            + "thư mục này thu báo cáo kỳ \(period.label)"))
    }
    if period == nil && result.statedPeriod == nil && !result.file.tables.isEmpty {
      findings.append(
        Finding(
          severity: .warning, code: .periodMismatch, file: path,
          message:
            "no title line or file name states the period of the return (for example \"6 THÁNG ĐẦU NĂM 2017\" or \"183_2017H1.xlsx\"), and no htx.yaml sets one: the rules that need it (a founding date inside the period, the period's new cooperatives, the members a law asks for) were not checked",
          vietnamese:
            "dòng tiêu đề và tên tệp không ghi kỳ báo cáo (ví dụ \"6 THÁNG ĐẦU NĂM 2017\" hoặc \"183_2017H1.xlsx\"), và không có htx.yaml đặt kỳ: các quy tắc cần kỳ báo cáo (ngày thành lập trong kỳ, HTX thành lập mới trong kỳ, số thành viên theo luật) chưa được kiểm tra"
        ))
    }
    if !result.file.tables.isEmpty && result.file.unit == nil, let list = units?.list {
      findings.append(
        Finding(
          severity: .warning, code: .unitUnknown, file: path,
          message:
            "no title line or file name names a unit of \(list.id) (for example \"UBND HUYỆN \(list.units.first?.name.uppercased() ?? "")\" or \"\(list.units.first?.code ?? "")_2017H1.xlsx\")",
          vietnamese:
            "dòng tiêu đề và tên tệp không ghi đơn vị nào của \(list.id) (ví dụ \"UBND HUYỆN \(list.units.first?.name.uppercased() ?? "")\" hoặc \"\(list.units.first?.code ?? "")_2017H1.xlsx\")"
        ))
    }
    if result.file.tables.isEmpty, let book = source as? XLSXWorkbook,
      let fonts = try? book.legacyVietnameseFonts(), !fonts.isEmpty
    {
      findings.append(
        Finding(
          code: .encodingError, file: path,
          message:
            "no form's header was found, and the workbook uses the pre-Unicode Vietnamese fonts \(fonts.joined(separator: ", ")): its text is in TCVN3 or VNI, which htx does not convert; convert it to Unicode (for example with Unikey's converter) and send it again",
          vietnamese:
            "không tìm thấy dòng tiêu đề của biểu nào, và sổ tính dùng phông tiếng Việt cũ \(fonts.joined(separator: ", ")): chữ được gõ theo TCVN3 hoặc VNI, htx không chuyển đổi được; hãy chuyển sang Unicode (ví dụ bằng công cụ chuyển mã của Unikey) rồi gửi lại"
        ))
    } else if result.file.tables.isEmpty {
      // A file that names no unit or period either (a README, notes) is likely no return.
      let named = units?.unit(inFileName: path) != nil || result.statedPeriod != nil
      findings.append(
        Finding(
          severity: named || units == nil ? .error : .warning, code: .headerNotFound, file: path,
          message:
            "no sheet holds a table whose header matches a form of the pack (\(pack.forms.map(\.id).joined(separator: ", ")))"
            + (named || units == nil ? "" : "; it names no unit or period either, so it may not be a return"),
          vietnamese:
            "không trang tính nào có bảng với dòng tiêu đề khớp một biểu của bộ biểu (\(pack.forms.map(\.id).joined(separator: ", ")))"
            + (named || units == nil
              ? "" : "; tệp cũng không ghi đơn vị hay kỳ báo cáo, nên có thể không phải là báo cáo")
        ))
    }
    return findings
  }

  /// Whether a CSV file is one `htx merge --csv` wrote: its first row is that file's
  /// header (`unit_code,unit_name,period,…,source_file,source_sheet,source_row`).
  static func isMergeOutput(_ source: CSVSource) -> Bool {
    let first = source.firstRowTexts()
    return first.starts(with: ["unit_code", "unit_name", "period"]) && first.contains("source_file")
      && first.contains("source_row")
  }

  /// The sheets with the visible ones first, each group in tab order.
  static func visibleFirst(_ sheets: [SheetInfo]) -> [SheetInfo] {
    sheets.filter { $0.visibility == .visible } + sheets.filter { $0.visibility != .visible }
  }

  /// Checks the indicator tables that came without their list against the list their
  /// unit sent in another file; call once every file is read.
  public mutating func finish() -> [Finding] {
    var findings: [Finding] = []
    for summary in pending {
      guard let fold = unitFolds[summary.unit]?[summary.form], fold.rows > 0 else {
        // A unit that sent its summary but no list: the summary cannot be compared.
        findings.append(
          Finding(
            severity: .warning, code: .missingSubmission, file: summary.file, sheet: summary.sheet,
            value: summary.unit,
            message:
              "no cooperative list of \(summary.unit) came with this summary, so its figures were not compared with one",
            vietnamese:
              "không có danh sách HTX của \(summary.unit) đi kèm biểu tổng hợp này, nên số liệu chưa được đối chiếu"
          ))
        continue
      }
      findings +=
        tableRules[summary.form]?.check(
          summary.table, list: fold, period: summary.period, file: summary.file, sheet: summary.sheet) ?? []
    }
    pending.removeAll()
    return findings
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
          message: "no column labelled '\(column.spec.labels.first ?? id)' was found",
          vietnamese: "không tìm thấy cột '\(column.spec.labels.first ?? id)'"))
    }
    for (column, id) in located.duplicateColumns.sorted(by: { $0.key < $1.key }) {
      let ref = CellRef(row: located.headerRows.lowerBound, column: column)
      let first = located.matches[id].map { CellRef(row: located.headerRows.lowerBound, column: $0.column) }
      findings.append(
        Finding(
          code: .duplicateColumn, file: file, sheet: sheet, cell: ref.a1, row: ref.row, column: column, field: id,
          value: located.matches[id]?.header,
          message:
            "a second column is labelled '\(located.matches[id]?.header ?? id)' (the first is column \(first.map { CellRef.columnLetters($0.column) } ?? "?")); only the first is read",
          vietnamese:
            "có cột thứ hai cũng mang tên '\(located.matches[id]?.header ?? id)' (cột đầu là cột \(first.map { CellRef.columnLetters($0.column) } ?? "?")); chỉ đọc cột đầu"
        ))
    }
    // An indicator table's plan and percentage columns are kept, not checked (DOMAIN.md).
    for (column, header) in located.extraColumns.sorted(by: { $0.key < $1.key }) where !isIndicatorTable {
      let ref = CellRef(row: located.headerRows.lowerBound, column: column)
      findings.append(
        Finding(
          severity: .warning, code: .extraColumn, file: file, sheet: sheet, cell: ref.a1, row: ref.row,
          column: column, value: header, message: "the column '\(header)' is not part of the form and was ignored",
          vietnamese: "cột '\(header)' không thuộc biểu nên được bỏ qua"))
    }
    return findings
  }
}

/// Stops reading a hidden sheet's table of a form a visible sheet already holds.
private struct HiddenCopy: Error {
  /// The first row of its header.
  var header: Int
}

/// Returns opened before their checks, by path, each taken once.
private final class OpenedReturns: @unchecked Sendable {
  private var opened: [String: Result<(any SheetSource, Bool), any Error>] = [:]
  private let lock = NSLock()

  /// Keeps what opening `path` gave.
  func keep(_ opening: Result<(any SheetSource, Bool), any Error>, for path: String) {
    lock.withLock { opened[path] = opening }
  }

  /// The source opened for `path`, and whether a merge wrote it, once; nil when none was.
  /// - Throws: What opening it threw.
  func take(_ path: String) throws -> (any SheetSource, Bool)? {
    let opening = lock.withLock { opened.removeValue(forKey: path) }
    return try opening?.get()
  }
}
