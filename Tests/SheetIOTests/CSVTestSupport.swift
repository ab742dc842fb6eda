import Foundation
import Testing

@testable import SheetIO

/// Helpers shared by the CSV tests: fixtures, an independent RFC 4180 parser, dump grids.
enum CSVTestSupport {
  /// The package's `Fixtures/corpus` folder, found from this file's path.
  static let corpus = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // SheetIOTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // package root
    .appendingPathComponent("Fixtures/corpus")

  /// The bytes of a corpus file.
  static func bytes(_ relativePath: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: corpus.appendingPathComponent(relativePath)))
  }

  /// Parses RFC 4180 text (as the corpus's expected files are written) into records.
  ///
  /// Written apart from ``CSVCore`` on purpose: CR LF ends a record, quotes are doubled
  /// inside quoted fields, and line breaks inside quotes are kept as they are.
  static func parseRFC4180(_ bytes: [UInt8]) -> [[String]] {
    var records: [[String]] = []
    var record: [String] = []
    var field: [UInt8] = []
    var index = 0
    var inQuotes = false
    func endField() {
      record.append(String(decoding: field, as: UTF8.self))
      field.removeAll()
    }
    while index < bytes.count {
      let byte = bytes[index]
      if inQuotes {
        if byte == 0x22 {
          if index + 1 < bytes.count && bytes[index + 1] == 0x22 {
            field.append(0x22)
            index += 1
          } else {
            inQuotes = false
          }
        } else {
          field.append(byte)
        }
      } else if byte == 0x22 {
        inQuotes = true
      } else if byte == UInt8(ascii: ",") {
        endField()
      } else if byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A {
        endField()
        records.append(record)
        record = []
        index += 1
      } else {
        field.append(byte)
      }
      index += 1
    }
    if !field.isEmpty || !record.isEmpty {
      endField()
      records.append(record)
    }
    return records
  }

  /// What a read delivered: the dump grid and the summary.
  struct Read {
    /// Rows 1…lastRow by columns 1…lastColumn; empty cells are empty strings.
    var grid: [[String]]
    var summary: SheetSummary
    /// The row numbers delivered to the callback, in order.
    var deliveredRows: [Int]
  }

  /// Reads every row of `source` into a dump grid, checking that each delivered row is
  /// in order and that every cell is a non-empty text.
  static func read(_ source: CSVSource) throws -> Read {
    var cells: [Int: [Int: String]] = [:]
    var delivered: [Int] = []
    let summary = try source.readRows(sheet: 0) { row in
      delivered.append(row.number)
      var previousColumn = 0
      for index in 0..<row.count {
        #expect(row.kind(at: index) == .text)
        #expect(row.column(at: index) > previousColumn)
        previousColumn = row.column(at: index)
        let text = row.text(at: index)
        #expect(!text.isEmpty)
        cells[row.number, default: [:]][row.column(at: index)] = text
      }
    }
    var grid: [[String]] = []
    if summary.lastRow > 0 {
      for rowNumber in 1...summary.lastRow {
        grid.append((1...summary.lastColumn).map { cells[rowNumber]?[$0] ?? "" })
      }
    }
    return Read(grid: grid, summary: summary, deliveredRows: delivered)
  }

  /// The first difference between two grids as `A1: expected … got …`, nil when equal.
  static func firstDifference(expected: [[String]], actual: [[String]]) -> String? {
    for rowIndex in 0..<max(expected.count, actual.count) {
      guard rowIndex < expected.count else {
        return "row \(rowIndex + 1) is extra: \(actual[rowIndex])"
      }
      guard rowIndex < actual.count else {
        return "row \(rowIndex + 1) is missing: \(expected[rowIndex])"
      }
      let want = expected[rowIndex]
      let got = actual[rowIndex]
      for columnIndex in 0..<max(want.count, got.count) {
        let wanted = columnIndex < want.count ? want[columnIndex] : "<no field>"
        let found = columnIndex < got.count ? got[columnIndex] : "<no field>"
        // Bytes, not String ==, which would call NFD and NFC text equal.
        if !wanted.utf8.elementsEqual(found.utf8) {
          let ref = CellRef(row: rowIndex + 1, column: columnIndex + 1)
          return "\(ref.a1): expected \(wanted.debugDescription), got \(found.debugDescription)"
        }
      }
    }
    return nil
  }

  /// Records as the dump shows them: padded to the widest, trailing empty rows and
  /// columns removed (the grid a spreadsheet would show for these records).
  static func dumpGrid(of records: [[String]]) -> [[String]] {
    var lastRow = 0
    var lastColumn = 0
    for (rowIndex, record) in records.enumerated() {
      for (columnIndex, field) in record.enumerated() where !field.isEmpty {
        lastRow = rowIndex + 1
        lastColumn = max(lastColumn, columnIndex + 1)
      }
    }
    return records.prefix(lastRow).map { record in
      (0..<lastColumn).map { $0 < record.count ? record[$0] : "" }
    }
  }
}
