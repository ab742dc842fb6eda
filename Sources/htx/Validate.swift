import ArgumentParser
import Findings
import Foundation
import Reports
import Rules
import Schema
import SheetIO

/// `htx validate`: checks returns against a pack's forms and reports every finding.
struct Validate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check returns against a pack's forms and report what is wrong, cell by cell.",
    discussion: """
      Each file is read whatever its extension says; a folder is searched for .xlsx,
      .xlsm, .xltx, .csv, .tsv and .txt files. An unreadable file is a finding, and the
      other files are still checked. Exit status: 0 no errors, 1 errors found, 2 the
      command could not run (bad arguments, unreadable schema).

      Example: htx validate returns/ --format json
      """)

  enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, github, junit, sarif
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

  @Option(help: "A file to write the report to, replaced atomically; never an input. If omitted, standard output.")
  var output: String?

  @Flag(help: "Count warnings as failures for the exit status.")
  var strict = false

  @Option(help: "The language of messages, vi or en. If omitted, vi.")
  var lang: String = "vi"

  func validate() throws {
    guard lang == "vi" || lang == "en" else { throw ValidationError("--lang must be vi or en.") }
  }

  func run() throws {
    let pack: Pack
    do {
      pack = try Pack.load(folder: try PackLocation.resolve(schema))
    } catch let error as SchemaError {
      StandardError.line("htx: \(error)")
      throw ExitCode(2)
    }
    var compiled: [String: RowRules] = [:]
    var compiledTables: [String: TableRules] = [:]
    do {
      for form in pack.forms {
        var rules = try RowRules(form: form)
        rules.language = lang
        compiled[form.id] = rules
        var tableRules = try TableRules(form: form)
        tableRules.language = lang
        compiledTables[form.id] = tableRules
      }
    } catch let error as RuleSyntaxError {
      StandardError.line("htx: \(error)")
      throw ExitCode(2)
    }
    let files = ReturnFiles.find(paths)
    var validation = FileValidation(pack: pack, rules: compiled, tableRules: compiledTables)
    var report = ValidationReport()
    for (path, problem) in files {
      if let problem {
        report.files.append(.init(path: path))
        report.findings.append(problem)
        continue
      }
      let result = validation.validate(path: path)
      report.files.append(result.file)
      report.findings += result.findings
    }
    let text = try ReportOutput.render(report, format: format, strict: strict, pack: pack, language: lang)
    try ReportOutput.send(text, to: output, inputs: paths + files.map(\.0))
    if format == .github { ReportOutput.appendStepSummary(report, strict: strict) }
    if !report.passes(strict: strict) { throw ExitCode(1) }
  }
}

/// Finds the return files named on the command line.
enum ReturnFiles {
  static let extensions: Set<String> = ["xlsx", "xlsm", "xltx", "csv", "tsv", "txt"]

  /// Each file given, and each return file under each folder given, in order; a path
  /// that does not exist comes with its finding.
  static func find(_ paths: [String]) -> [(String, Finding?)] {
    var found: [(String, Finding?)] = []
    let manager = FileManager.default
    for path in paths {
      var isFolder: ObjCBool = false
      guard manager.fileExists(atPath: path, isDirectory: &isFolder) else {
        found.append((path, Finding(code: .fileUnreadable, file: path, message: "no such file or folder")))
        continue
      }
      guard isFolder.boolValue else {
        found.append((path, nil))
        continue
      }
      let enumerator = manager.enumerator(atPath: path)
      var inFolder: [String] = []
      while let relative = enumerator?.nextObject() as? String {
        let name = relative.split(separator: "/").last.map(String.init) ?? relative
        guard !name.hasPrefix("."), !name.hasPrefix("~$"),
          let dot = name.lastIndex(of: "."), extensions.contains(name[name.index(after: dot)...].lowercased())
        else { continue }
        inFolder.append((path as NSString).appendingPathComponent(relative))
      }
      found += inFolder.sorted().map { ($0, nil) }
    }
    return found
  }
}

/// Where the pack is: the folder given, or the bundled `Schemas/kttt`.
enum PackLocation {
  /// The pack folder for `--schema`, or the bundled one found beside the working
  /// directory or above the executable.
  static func resolve(_ given: String?) throws -> URL {
    if let given { return URL(fileURLWithPath: given) }
    let manager = FileManager.default
    var candidates = [URL(fileURLWithPath: manager.currentDirectoryPath)]
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<5 {
      candidates.append(directory)
      directory = directory.deletingLastPathComponent()
    }
    for base in candidates {
      let pack = base.appendingPathComponent("Schemas/kttt")
      if manager.fileExists(atPath: pack.appendingPathComponent("pack.yaml").path) { return pack }
    }
    return URL(fileURLWithPath: "Schemas/kttt")
  }
}

/// Validates one file against every form of a pack.
struct FileValidation {
  let pack: Pack
  let rules: [String: RowRules]
  let tableRules: [String: TableRules]
  private var folder: [String: FolderUniqueness] = [:]
  /// The pack's unit list, when it has one.
  private let units: UnitMatcher?

  init(pack: Pack, rules: [String: RowRules], tableRules: [String: TableRules]) {
    self.pack = pack
    self.rules = rules
    self.tableRules = tableRules
    for form in pack.forms { folder[form.id] = FolderUniqueness(form: form) }
    units = pack.unitLists.values.sorted { $0.id < $1.id }.first.map(UnitMatcher.init)
  }

  /// The file's entry and findings.
  mutating func validate(path: String) -> (file: ValidationReport.File, findings: [Finding]) {
    var entry = ValidationReport.File(path: path)
    var findings: [Finding] = []
    let source: any SheetSource
    do {
      source = try SpreadsheetFile.open(path: path)
    } catch let error as SheetReadError {
      return (entry, [error.finding(file: path)])
    } catch {
      return (entry, [Finding(code: .fileUnreadable, file: path, message: "\(error)")])
    }
    let date1904 = (source as? XLSXWorkbook)?.date1904 ?? false
    let isWorkbook = source is XLSXWorkbook
    var claimed: Set<Int> = []
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
          let reader = TableReader(form: form, vocabularies: pack.vocabularies)
          guard
            let table = try reader.read(
              source, sheet: sheet.index, file: path, date1904: date1904,
              { record in
                findings += checks.check(record)
                totals.add(record)
                records.append(record)
              })
          else { continue }
          if entry.period == nil { entry.period = table.titlePeriod?.label }
          if isIndicatorTable {
            let indicators = IndicatorTable.collect(records, form: form)
            findings +=
              tableRules[form.id]?.check(
                indicators, list: listRecords, period: table.titlePeriod, file: path, sheet: sheetName) ?? []
          } else {
            listRecords += records
          }
          if entry.unit == nil, let matcher = units {
            entry.unit = (matcher.unit(inTitles: table.titles) ?? matcher.unit(inFileName: path))?.code
          }
          for record in records {
            findings += rules[form.id]?.check(record, period: table.titlePeriod, file: path, sheet: sheetName) ?? []
            findings += folder[form.id]?.check(record, file: path, sheet: sheetName) ?? []
          }
          if let totalsRow = table.totals {
            let unreadable = Set(
              table.findings.filter { $0.code == .typeError && $0.severity == .error }.compactMap(\.field))
            findings += totals.check(totalsRow, file: path, sheet: sheetName, skipping: unreadable)
          }
          claimed.insert(sheet.index)
          entry.tables.append(
            .init(
              form: form.id, sheet: sheetName, headerRow: table.located.headerRows.upperBound, rows: table.rowCount))
          findings += table.findings.map { finding in
            var finding = finding
            finding.sheet = sheetName
            return finding
          }
          for id in table.located.missingColumns {
            guard let column = form.columns.first(where: { $0.spec.id == id }) else { continue }
            findings.append(
              Finding(
                severity: column.spec.required ? .error : .warning, code: .missingColumn, file: path,
                sheet: sheetName, row: table.located.headerRows.upperBound, field: id,
                message: "no column labelled '\(column.spec.labels.first ?? id)' was found"))
          }
          // An indicator table's plan and percentage columns are kept, not checked (DOMAIN.md).
          for (column, header) in table.located.extraColumns.sorted(by: { $0.key < $1.key }) where !isIndicatorTable {
            let ref = CellRef(row: table.located.headerRows.lowerBound, column: column)
            findings.append(
              Finding(
                severity: .warning, code: .extraColumn, file: path, sheet: sheetName, cell: ref.a1, row: ref.row,
                column: column, value: header, message: "the column '\(header)' is not part of the form and was ignored"
              ))
          }
        } catch let error as SheetReadError {
          var finding = error.finding(file: path)
          finding.sheet = finding.sheet ?? sheetName
          findings.append(finding)
          return (entry, findings)
        } catch {
          findings.append(Finding(code: .fileUnreadable, file: path, message: "\(error)"))
          return (entry, findings)
        }
      }
    }
    if !entry.tables.isEmpty && entry.unit == nil, let list = units?.list {
      findings.append(
        Finding(
          severity: .warning, code: .unitUnknown, file: path,
          message:
            "no title line or file name names a unit of \(list.id) (for example \"UBND HUYỆN \(list.units.first?.name.uppercased() ?? "")\" or \"\(list.units.first?.code ?? "")_2017H1.xlsx\")"
        ))
    }
    if entry.tables.isEmpty {
      findings.append(
        Finding(
          code: .headerNotFound, file: path,
          message:
            "no sheet holds a table whose header matches a form of the pack (\(pack.forms.map(\.id).joined(separator: ", ")))"
        ))
    }
    return (entry, findings)
  }
}
