import ArgumentParser
import Findings
import Reports
import SheetIO

/// `htx dump`: a sheet's cells as CSV, exactly as read.
struct Dump: ParsableCommand {
  static let configuration = CommandConfiguration(
    // Named here: the default name is made from the type by reflection, ~2 ms at start.
    commandName: "dump",
    abstract: "Write a sheet's cells as CSV, exactly as read.",
    discussion: """
      Every row from 1 to the last non-empty row, every column from A to the last
      non-empty column; numbers as their shortest round-trip text, dates as ISO 8601,
      formulas as their cached value, merged ranges only in their top-left cell.

      Example: htx dump returns/cao-loc.xlsx --sheet "Biểu 01" > cao-loc.csv
      """)

  @Argument(help: "The XLSX or CSV file to read; its bytes, not its name, say which it is.")
  var file: String

  @Option(
    name: .long,
    help: "The sheet to dump, by name or 1-based number. If omitted, the first sheet in tab order.")
  var sheet: String?

  func run() throws {
    let source: any SheetSource
    do {
      source = try SpreadsheetFile.open(path: file)
    } catch let error as SheetReadError {
      report(error.finding(file: file))
      throw ExitCode(1)
    }
    var index = 0
    if let sheet {
      guard let found = source.sheetIndex(named: sheet) else {
        let names = source.sheets.map { "'\($0.name)'" }.joined(separator: ", ")
        report(
          Finding(
            code: .sheetMissing, file: file, sheet: sheet,
            message: "the file has no sheet '\(sheet)'; it has \(names)"))
        throw ExitCode(1)
      }
      index = found
    }
    guard index < source.sheets.count else {
      report(Finding(code: .sheetMissing, file: file, message: "the workbook has no worksheet"))
      throw ExitCode(1)
    }
    let sink = ByteSink()
    do {
      let summary = try SheetDumper.dump(source, sheet: index, to: sink)
      for warning in summary.warnings {
        report(warning.finding(file: file, sheet: source.sheets[index].name))
      }
    } catch let error as SheetReadError {
      try? sink.flush()
      report(error.finding(file: file))
      throw ExitCode(1)
    }
  }

  private func report(_ finding: Finding) {
    StandardError.line(TextReport.line(finding))
  }
}
