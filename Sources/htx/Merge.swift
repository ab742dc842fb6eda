import ArgumentParser
import Consolidate
import Findings
import Foundation
import Reports
import Rules
import Schema
import SheetIO
import Validation

/// `htx merge`: validates returns and merges the clean ones into the provincial workbook
/// and datasets.
struct Merge: ParsableCommand {
  static let configuration = CommandConfiguration(
    // Named here: the default name is made from the type by reflection, ~2 ms at start.
    commandName: "merge",
    abstract: "Validate returns and merge the clean ones into the provincial workbook and datasets.",
    discussion: """
      The workbook has the sheets Summary (one row per unit, then the province), Cooperatives
      (every row with its unit and source) and Findings. A file with errors is left out and
      listed, unless --include-invalid is given. Every output is written beside its target and
      renamed, so a failed run leaves the previous file. Exit status: 0 merged, 1 merged with
      files left out, 2 the command could not run.

      Example: htx merge returns/ --out province.xlsx --sqlite province.sqlite
      """)

  @Argument(help: "Files or folders of returns.")
  var paths: [String]

  @Option(help: "The provincial workbook to write.")
  var out: String

  @Option(help: "Also write the cooperatives as CSV (UTF-8 with BOM).")
  var csv: String?

  @Option(help: "Also write the cooperatives as JSON Lines.")
  var jsonl: String?

  @Option(help: "Also write a SQLite file with the tables units, cooperatives, summary, findings.")
  var sqlite: String?

  @Option(help: "The pack folder. If omitted, the one htx.yaml names, else the bundled kttt pack.")
  var schema: String?

  @Option(help: "The language of messages, vi or en. If omitted, vi.")
  var lang: String = "vi"

  @Flag(help: "Merge files with errors too, marking their rows' findings.")
  var includeInvalid = false

  func validate() throws {
    guard lang == "vi" || lang == "en" else { throw ValidationError("--lang must be vi or en.") }
  }

  func run() throws {
    var setup = try ProvinceSetup(paths: paths, schema: schema, language: lang)
    // An earlier run's outputs, found again in the folder searched, are outputs, not returns.
    let outputKeys = Set([out, csv, jsonl, sqlite].compactMap { $0 }.map(Self.key))
    let named = Set(paths.map(Self.key))
    setup.files.removeAll { outputKeys.contains(Self.key($0.0)) && !named.contains(Self.key($0.0)) }
    try refuseOverwritingInputs(setup.files.map(\.0))
    guard let spec = setup.pack.consolidation,
      let listForm = setup.pack.forms.first(where: { $0.id == spec.listForm })
    else {
      StandardError.line("htx: the pack \(setup.pack.id) does not say how to merge (no 'consolidate:' in pack.yaml)")
      throw ExitCode(2)
    }
    var summary: ProvinceSummary
    do {
      summary = try ProvinceSummary(spec: spec)
    } catch let error as RuleSyntaxError {
      StandardError.line("htx: \(error)")
      throw ExitCode(2)
    }
    // Pass 1: validate, folding each file's figures for the summary as its rows stream by.
    var perFile: [String: [String: [Double?]]] = [:]
    var bar = ProgressBar()
    let folding = summary
    func fold(_ values: [Double?], file: String, unit: String?) {
      var current = perFile[file, default: [:]][unit ?? ""] ?? Array(repeating: nil, count: values.count)
      for (index, value) in values.enumerated() {
        guard let value else { continue }
        current[index] = (current[index] ?? 0) + value
      }
      perFile[file, default: [:]][unit ?? ""] = current
    }
    // Rows are kept from pass 1 while they are few (small returns are then read once);
    // past the cap, the files are read again in pass 2 and memory stays flat.
    let columns = CooperativeColumns(form: listForm)
    var kept: [String: [CooperativeRow]] = [:]
    // Each return's list indicators, folded per unit as its rows stream by.
    var listFolds: [String: [String: (fold: ListAggregates, period: ReportingPeriod?)]] = [:]
    var keptCount = 0
    var keepingStopped = false
    let report = setup.check.run(
      setup.files, progress: { bar.show($0, of: $1, $2) },
      onRecord: { read in
        guard read.form.id == spec.listForm else { return }
        let unit = read.unit ?? ""
        if listFolds[read.file]?[unit] == nil {
          listFolds[read.file, default: [:]][unit] = (folding.listFold(), read.period)
        }
        listFolds[read.file]?[unit]?.fold.add(read.record, period: read.period)
        guard !keepingStopped else { return }
        guard keptCount < Self.keptRowLimit else {
          keepingStopped = true
          kept.removeAll()
          return
        }
        kept[read.file, default: []].append(
          CooperativeRow(
            unitCode: read.unit, unitName: nil, period: read.period?.label, file: read.file, sheet: read.sheet,
            row: read.record.row, values: columns.values(of: read.record)))
        keptCount += 1
      },
      onIndicators: { table in
        guard table.form.id == spec.summaryForm else { return }
        fold(folding.figures(of: table), file: table.file, unit: table.unit)
      })
    for (file, units) in listFolds {
      for (unit, entry) in units {
        fold(folding.figures(of: entry.fold, period: entry.period), file: file, unit: unit.isEmpty ? nil : unit)
      }
    }
    listFolds.removeAll()
    let errorCounts = Dictionary(grouping: report.findings.filter { $0.severity == .error }, by: { $0.file ?? "" })
      .mapValues(\.count)
    var included: [String] = []
    var excluded: [(path: String, errors: Int)] = []
    // Files with no table and no error: warned as no return (a README, an earlier output).
    var skipped: [String] = []
    // A unit's second return is never merged, with errors or not: its rows would count twice.
    let secondReturns = Set(
      report.findings.filter { $0.code == .duplicateSubmission && $0.severity == .error }.compactMap(\.file))
    for file in report.files {
      let errors = errorCounts[file.path] ?? 0
      if !file.tables.isEmpty && (errors == 0 || (includeInvalid && !secondReturns.contains(file.path))) {
        included.append(file.path)
      } else if errors > 0 {
        excluded.append((file.path, errors))
      } else {
        skipped.append(file.path)
      }
    }
    var filesPerUnit: [String: Int] = [:]
    let unitOfFile = Dictionary(report.files.map { ($0.path, $0.unit) }, uniquingKeysWith: { first, _ in first })
    for path in included {
      for (unit, values) in perFile[path] ?? [:] { summary.add(values, unit: unit) }
      if let unit = unitOfFile[path] ?? nil { filesPerUnit[unit, default: 0] += 1 }
    }
    let rows = summary.rows(units: setup.units)
    let names = Dictionary((setup.units?.units ?? []).map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })

    // Pass 2: stream the included files' rows into every output.
    let sinks: Sinks
    do {
      sinks = try Sinks(
        workbook: ProvinceWorkbook(
          path: out, summary: rows, indicators: summary.indicators, columns: columns, marksFindings: includeInvalid,
          notes: Self.notes(
            units: setup.units, unitOfFile: unitOfFile, excluded: excluded, merged: filesPerUnit, language: lang)),
        csv: try csv.map { try CooperativeCSV(path: $0, columns: columns, marksFindings: includeInvalid) },
        jsonl: try jsonl.map { try CooperativeJSONL(path: $0, columns: columns) },
        database: try sqlite.map { try ProvinceDatabase(path: $0, columns: columns) })
    } catch {
      StandardError.line("htx: cannot write the outputs: \(error)")
      throw ExitCode(2)
    }
    var rowFindings: [String: [String]] = [:]
    if includeInvalid {
      for finding in report.findings where finding.row != nil && finding.severity != .info {
        let key = "\(finding.file ?? "")\u{1}\(finding.sheet ?? "")\u{1}\(finding.row ?? 0)"
        rowFindings[key, default: []].append(finding.rule ?? finding.code.rawValue)
      }
    }
    var reader = try ReturnCheck(pack: setup.pack, units: setup.units, language: lang)
    reader.period = setup.config?.period
    reader.numberStyle = setup.config?.numberStyle
    // Pass 2 only reads: its checks were made, and pass 1's state (every tax code seen) can go.
    reader.checksRecords = false
    setup.check.returns = reader
    var merged = 0
    var failure: Error?
    for path in included where failure == nil {
      if !keepingStopped {
        for var row in kept[path] ?? [] where failure == nil {
          row.unitName = row.unitCode.flatMap { names[$0] }
          row.findings = rowFindings["\(row.file)\u{1}\(row.sheet ?? "")\u{1}\(row.row)"] ?? []
          do {
            try sinks.add(row)
            merged += 1
          } catch {
            failure = error
          }
        }
        continue
      }
      _ = reader.check(
        path: path,
        onRecord: { read in
          guard read.form.id == spec.listForm, failure == nil else { return }
          var row = CooperativeRow(
            unitCode: read.unit, unitName: read.unit.flatMap { names[$0] }, period: read.period?.label,
            file: read.file, sheet: read.sheet, row: read.record.row, values: columns.values(of: read.record))
          row.findings = rowFindings["\(read.file)\u{1}\(read.sheet ?? "")\u{1}\(read.record.row)"] ?? []
          do {
            try sinks.add(row)
            merged += 1
          } catch {
            failure = error
          }
        })
    }
    do {
      if let failure { throw failure }
      let unitRows = (setup.units?.units ?? []).map { ($0.code, $0.name, filesPerUnit[$0.code] ?? 0) }
      try sinks.finish(
        findings: report.findings, excluded: excluded, summary: rows, indicators: summary.indicators, units: unitRows,
        language: lang)
    } catch {
      StandardError.line("htx: the merge was not written: \(error)")
      throw ExitCode(2)
    }
    StandardError.line("htx: merged \(merged) rows from \(included.count) files into \(out)")
    for file in excluded {
      StandardError.line("htx: left out \(file.path): \(file.errors) error\(file.errors == 1 ? "" : "s")")
    }
    for path in skipped { StandardError.line("htx: skipped \(path): no return (see its warning)") }
    if !excluded.isEmpty { throw ExitCode(1) }
  }

  /// The Summary sheet's note for each unit whose figures are missing or partial: no
  /// return, or returns left out for their errors.
  static func notes(
    units: UnitList?, unitOfFile: [String: String?], excluded: [(path: String, errors: Int)], merged: [String: Int],
    language: String = "vi"
  ) -> [String: String] {
    let english = language == "en"
    var notes: [String: String] = [:]
    var left: [String: [String]] = [:]
    for file in excluded {
      guard let unit = unitOfFile[file.path] ?? nil else { continue }
      let name = (file.path as NSString).lastPathComponent
      left[unit, default: []].append(
        english ? "\(name) (\(file.errors) error\(file.errors == 1 ? "" : "s"))" : "\(name) (\(file.errors) lỗi)")
    }
    for unit in units?.units ?? [] {
      if let files = left[unit.code] {
        notes[unit.code] = (english ? "not merged: " : "không tổng hợp: ") + files.joined(separator: ", ")
      } else if merged[unit.code] == nil {
        notes[unit.code] = english ? "no return" : "không có báo cáo"
      }
    }
    return notes
  }

  /// How many rows pass 1 keeps for pass 2 before it falls back to reading files again
  /// (`HTX_MERGE_KEEP_ROWS` overrides it, so tests can take either path).
  static let keptRowLimit = ProcessInfo.processInfo.environment["HTX_MERGE_KEEP_ROWS"].flatMap { Int($0) } ?? 20_000

  /// Exit 2 when an output would overwrite an input or another output.
  private func refuseOverwritingInputs(_ inputs: [String]) throws {
    let outputs = [out, csv, jsonl, sqlite].compactMap { $0 }
    let inputKeys = Set(inputs.map(Self.key))
    var seen: Set<String> = []
    for output in outputs {
      let key = Self.key(output)
      if inputKeys.contains(key) {
        StandardError.line("htx: \(output) is one of the inputs; merge never overwrites a return")
        throw ExitCode(2)
      }
      guard seen.insert(key).inserted else {
        StandardError.line("htx: \(output) is named for two outputs")
        throw ExitCode(2)
      }
    }
  }

  private static func key(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
  }
}

/// The outputs a merge writes to, each finished only when all rows are in.
private struct Sinks {
  let workbook: ProvinceWorkbook
  let csv: CooperativeCSV?
  let jsonl: CooperativeJSONL?
  let database: ProvinceDatabase?

  func add(_ row: CooperativeRow) throws {
    try workbook.add(row)
    try csv?.add(row)
    try jsonl?.add(row)
    try database?.add(row)
  }

  func finish(
    findings: [Finding], excluded: [(path: String, errors: Int)], summary: [ProvinceSummary.Row],
    indicators: [ConsolidationSpec.Indicator], units: [(String, String, Int)], language: String
  ) throws {
    if let database {
      try database.addUnits(units.map { (code: $0.0, name: $0.1, files: $0.2) })
      try database.addSummary(summary, indicators: indicators)
      try database.addFindings(findings)
    }
    try workbook.finish(findings: findings, excluded: excluded, language: language)
    try csv?.finish()
    try jsonl?.finish()
    try database?.finish()
  }
}
