import ArgumentParser
import Findings
import Reports
import Foundation
import Schema
import SheetIO

/// `htx inspect`: what a file is and what its sheets hold.
struct Inspect: ParsableCommand {
  static let configuration = CommandConfiguration(
    // Named here: the default name is made from the type by reflection, ~2 ms at start.
    commandName: "inspect",
    abstract: "Show a file's sheets, or a CSV file's encoding and delimiter.",
    discussion: """
      Reads every sheet to the end, so the row and column counts are the real ones,
      not what the file's <dimension> claims. A file that cannot be read is reported
      as a finding and the command exits 1.

      Example: htx inspect returns/cao-loc.xlsx --format json
      """)

  enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
  }

  @Argument(help: "The XLSX or CSV file to inspect; its bytes, not its name, say which it is.")
  var file: String

  @Option(help: "The output format, text or json. If omitted, text.")
  var format: OutputFormat = .text

  @Option(help: "The pack whose forms are looked for. If omitted, the bundled kttt pack.")
  var schema: String?

  @Option(help: "The language of messages, vi or en. If omitted, vi.")
  var lang: String = "vi"

  func run() throws {
    guard lang == "vi" || lang == "en" else { throw ValidationError("--lang must be vi or en.") }
    var pack: Pack?
    if let schema {
      do {
        pack = try Pack.load(folder: URL(fileURLWithPath: schema))
      } catch {
        StandardError.line("htx: \(error)")
        throw ExitCode(2)
      }
    }
    var report = FileReport.inspect(path: file, pack: pack)
    report.findings = report.findings.map { $0.localized(to: lang) }
    switch format {
    case .text: print(report.text, terminator: "")
    case .json: print(try report.json())
    }
    if report.findings.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
  }
}

/// What `inspect` learned about one file.
struct FileReport: Encodable {
  struct Sheet: Encodable {
    var name: String
    var visibility: String
    var rows: Int
    var columns: Int
    var cells: Int
    var mergedRanges: Int
  }

  /// A form's table found in a sheet, as the locator read it.
  struct Table: Encodable {
    struct Column: Encodable {
      var field: String
      var column: String
      var header: String
      var label: String
      var unit: String?
    }
    var form: String
    var sheet: String
    var headerRows: String
    var firstDataRow: Int
    var rows: Int
    var totalsRow: Int?
    var numberStyle: String
    var unit: String?
    var period: String?
    var columns: [Column]
    var unitsConverted: [String: String]
    var missingColumns: [String]
    var extraColumns: [String]
    var duplicateColumns: [String] = []
  }

  var file: String
  var format: String?
  var details: [String: String] = [:]
  var sheets: [Sheet] = []
  var tables: [Table] = []
  var findings: [Finding] = []

  /// Opens the file, reads each sheet to the end and collects findings.
  static func inspect(path: String, pack: Pack? = nil) -> FileReport {
    var report = FileReport(file: path)
    let source: any SheetSource
    do {
      source = try SpreadsheetFile.open(path: path)
    } catch let error as SheetReadError {
      report.findings.append(error.finding(file: path))
      return report
    } catch {
      report.findings.append(Finding(code: .fileUnreadable, file: path, message: "\(error)"))
      return report
    }
    report.describe(source)
    for sheet in source.sheets {
      do {
        let summary = try source.readRows(sheet: sheet.index) { _ in }
        report.sheets.append(
          Sheet(
            name: sheet.name, visibility: sheet.visibility.rawValue, rows: summary.lastRow,
            columns: summary.lastColumn, cells: summary.cellCount,
            mergedRanges: summary.mergedRanges.count))
        report.findings += summary.warnings.map { $0.finding(file: path, sheet: sheet.name) }
      } catch let error as SheetReadError {
        var finding = error.finding(file: path)
        finding.sheet = finding.sheet ?? sheet.name
        report.findings.append(finding)
      } catch {
        report.findings.append(
          Finding(code: .fileUnreadable, file: path, sheet: sheet.name, message: "\(error)"))
      }
    }
    report.locateTables(in: source, path: path, pack: pack)
    return report
  }

  /// Finds the forms of `pack` (else the bundled pack's, when it can be loaded) in the sheets.
  private mutating func locateTables(in source: any SheetSource, path: String, pack given: Pack?) {
    guard findings.allSatisfy({ $0.severity != .error }),
      let pack = given ?? (try? Pack.load(folder: PackLocation.resolve(nil)))
    else { return }
    let units = pack.unitLists.values.sorted { $0.id < $1.id }.first.map(UnitMatcher.init)
    var claimed: Set<Int> = []
    // As validate does: a workbook typed in TCVN3 fonts whose header is not found is
    // read again with its text converted.
    var decodings: [((String) -> String?)?] = [nil]
    if let tcvn3 = TCVN3Text.retry(for: source) { decodings.append({ tcvn3.decode($0) }) }
    for decoding in decodings where decoding == nil || tables.isEmpty {
      if decoding != nil {
        findings.append(
          Finding(
            severity: .warning, code: .encodingError, file: path,
            message: "no header was found until the workbook's TCVN3 text (.VnTime) was converted to Unicode"))
      }
      locateTables(in: source, path: path, pack: pack, units: units, decoding: decoding, claimed: &claimed)
    }
  }

  /// Finds the forms of `pack` in the sheets not yet claimed, reading text through `decoding`.
  private mutating func locateTables(
    in source: any SheetSource, path: String, pack: Pack, units: UnitMatcher?, decoding: ((String) -> String?)?,
    claimed: inout Set<Int>
  ) {
    for form in pack.forms {
      for sheet in source.sheets where !claimed.contains(sheet.index) {
        let reader = TableReader(form: form, vocabularies: pack.vocabularies)
        let date1904 = (source as? XLSXWorkbook)?.date1904 ?? false
        guard
          let table = try? reader.read(
            source, sheet: sheet.index, file: path, date1904: date1904, decoding: decoding, { _ in })
        else { continue }
        claimed.insert(sheet.index)
        let located = table.located
        let columns = located.matches.sorted { $0.value.column < $1.value.column }.map { field, match in
          Table.Column(
            field: field, column: CellRef.columnLetters(match.column), header: match.header, label: match.label,
            unit: match.unit)
        }
        tables.append(
          Table(
            form: form.id, sheet: sheet.name,
            headerRows: "\(located.headerRows.lowerBound)–\(located.headerRows.upperBound)",
            firstDataRow: located.firstDataRow, rows: table.rowCount, totalsRow: table.totals?.row,
            numberStyle: table.numberStyle.rawValue,
            unit: (units?.unit(inTitles: table.titles) ?? units?.unit(inFileName: path)).map {
              "\($0.code) \($0.name)"
            },
            period: table.titlePeriod?.label, columns: columns, unitsConverted: table.conversions,
            missingColumns: located.missingColumns,
            extraColumns: located.extraColumns.sorted { $0.key < $1.key }.map {
              "\(CellRef.columnLetters($0.key)): \($0.value)"
            },
            duplicateColumns: located.duplicateColumns.sorted { $0.key < $1.key }.map {
              "\(CellRef.columnLetters($0.key)): \($0.value)"
            }
          ))
      }
    }
  }

  private mutating func describe(_ source: any SheetSource) {
    if let workbook = source as? XLSXWorkbook {
      format = "xlsx"
      details["date_system"] = workbook.date1904 ? "1904" : "1900"
      if let application = workbook.applicationName { details["application"] = application }
    } else if let csv = source as? CSVSource {
      format = "csv"
      details["encoding"] = csv.encodingDescription
      details["delimiter"] = Self.delimiterName(csv.delimiter)
    }
  }

  private static func delimiterName(_ byte: UInt8) -> String {
    switch byte {
    case UInt8(ascii: ","): "comma"
    case UInt8(ascii: ";"): "semicolon"
    case 9: "tab"
    case UInt8(ascii: "|"): "pipe"
    default: String(UnicodeScalar(byte))
    }
  }

  /// The report as indented text.
  var text: String {
    var out = "\(file)\n"
    if let format { out += "  format: \(format)\n" }
    for key in details.keys.sorted() {
      out += "  \(key.replacingOccurrences(of: "_", with: " ")): \(details[key] ?? "")\n"
    }
    if !sheets.isEmpty { out += "  sheets:\n" }
    for (number, sheet) in sheets.enumerated() {
      let hidden = sheet.visibility == "visible" ? "" : " (\(sheet.visibility))"
      out +=
        "    \(number + 1). \(sheet.name)\(hidden): \(sheet.rows) rows × \(sheet.columns) columns, \(sheet.cells) cells, \(sheet.mergedRanges) merged ranges\n"
    }
    for table in tables {
      out +=
        "  table \(table.form) in \(table.sheet): header rows \(table.headerRows), data from row \(table.firstDataRow), "
      out +=
        "\(table.rows) rows, totals row \(table.totalsRow.map(String.init) ?? "none"), numbers \(table.numberStyle)"
      out += ", unit \(table.unit ?? "unknown"), period \(table.period ?? "unknown")\n"
      for column in table.columns {
        let unit = column.unit.map { " (\($0))" } ?? ""
        out += "    \(column.column) \(column.field) ← \"\(column.header)\" matched \"\(column.label)\"\(unit)\n"
      }
      for (field, conversion) in table.unitsConverted.sorted(by: { $0.key < $1.key }) {
        out += "    \(field): converted \(conversion)\n"
      }
      if !table.missingColumns.isEmpty { out += "    missing: \(table.missingColumns.joined(separator: ", "))\n" }
      if !table.extraColumns.isEmpty { out += "    ignored: \(table.extraColumns.joined(separator: "; "))\n" }
      if !table.duplicateColumns.isEmpty {
        out += "    repeated (not read): \(table.duplicateColumns.joined(separator: "; "))\n"
      }
    }
    for finding in findings { out += "  \(TextReport.line(finding))\n" }
    return out
  }

  /// The report as JSON, with a SPEC §4 `findings` array.
  func json() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    return String(decoding: try encoder.encode(self), as: UTF8.self)
  }
}
