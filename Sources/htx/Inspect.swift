import ArgumentParser
import Findings
import Reports
import Foundation
import SheetIO

/// `htx inspect`: what a file is and what its sheets hold.
struct Inspect: ParsableCommand {
  static let configuration = CommandConfiguration(
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

  func run() throws {
    let report = FileReport.inspect(path: file)
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

  var file: String
  var format: String?
  var details: [String: String] = [:]
  var sheets: [Sheet] = []
  var findings: [Finding] = []

  /// Opens the file, reads each sheet to the end and collects findings.
  static func inspect(path: String) -> FileReport {
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
    return report
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
