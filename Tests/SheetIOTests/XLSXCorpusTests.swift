import Findings
import Foundation
import Glibc
import Testing

@testable import SheetIO

/// Every workbook of the corpus, written by xlsxwriter, openpyxl, LibreOffice or edited by
/// hand, dumps exactly as its independent expectation.
@Suite struct XLSXCorpusTests {
  static let workbooks = Fixtures.corpus.filter {
    $0.path.hasPrefix("xlsx/") && $0.expected.hasSuffix(".csv")
  }

  @Test func corpusListsEveryWorkbook() {
    #expect(Self.workbooks.count == 14)
  }

  @Test(arguments: workbooks)
  func workbookDumpsAsExpected(_ file: Fixtures.CorpusFile) throws {
    let (bytes, _) = try Fixtures.dump(path: Fixtures.path(file.path), sheet: file.sheet)
    let expected = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(file.expected))))
    #expect(bytes == expected, "\(file.path): \(Fixtures.firstDifference(bytes, expected) ?? "")")
  }

  @Test func aFormulaWithoutASavedResultIsMarkedNotEmpty() throws {
    // openpyxl writes the totals row's SUM formulas with no result; a number beside them
    // has one.
    let source = try SpreadsheetFile.open(path: Fixtures.path("xlsx/03-openpyxl.xlsx"))
    var totals: [Int: CellValue] = [:]
    _ = try source.readRows(sheet: 0) { row in
      guard row.number == 21 else { return }
      for cell in 0..<row.count { totals[row.column(at: cell)] = row.value(at: cell) }
    }
    #expect(totals[8] == .error(.noSavedResult) && totals[13] == .error(.noSavedResult))
    #expect(totals[1] == .text("Tổng cộng"))
    #expect(CellValue.error(.noSavedResult).description.isEmpty, "dumped blank, as a spreadsheet shows it")
  }

  @Test func hiddenFirstSheetIsListedWithItsVisibility() throws {
    let source = try SpreadsheetFile.open(
      path: Fixtures.path("xlsx/12-absolute-rels-hidden-sheet.xlsx"))
    #expect(source.sheets.map(\.name) == ["DM", "Biểu 01", "Biểu 02"])
    #expect(source.sheets.map(\.visibility) == [.hidden, .visible, .visible])
  }

  @Test func mergedRangesAreReportedAndCoveredCellsBlanked() throws {
    let (bytes, summary) = try Fixtures.dump(
      path: Fixtures.path("xlsx/31-merged-covered-values.xlsx"), sheet: "Biểu 01")
    #expect(summary.mergedRanges.count > 0)
    // The covered cell J6 holds a value in the file; the dump must not show it.
    let source = try SpreadsheetFile.open(path: Fixtures.path("xlsx/31-merged-covered-values.xlsx"))
    var rawJ6: CellValue = .empty
    _ = try source.readRows(sheet: 0) { row in
      guard row.number == 6 else { return }
      for index in 0..<row.count where row.column(at: index) == 10 { rawJ6 = row.value(at: index) }
    }
    #expect(!rawJ6.isEmpty, "the reader itself delivers covered values; only the dump blanks them")
    let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
    let row6 = Fixtures.parseFields(lines[5])
    #expect(row6.count >= 10 && row6[9] == "")
  }

  @Test func date1904IsReadFromWorkbookProperties() throws {
    let mac = try #require(
      try SpreadsheetFile.open(path: Fixtures.path("xlsx/05-date1904.xlsx")) as? XLSXWorkbook)
    let windows = try #require(
      try SpreadsheetFile.open(path: Fixtures.path("xlsx/04-libreoffice.xlsx")) as? XLSXWorkbook)
    #expect(mac.date1904)
    #expect(!windows.date1904)
  }

  @Test func strictNamespacesReadLikeTransitional() throws {
    let (strict, _) = try Fixtures.dump(path: Fixtures.path("xlsx/06-strict-ooxml.xlsx"))
    let (transitional, _) = try Fixtures.dump(path: Fixtures.path("xlsx/01-xlsxwriter-shared-strings.xlsx"))
    #expect(!strict.isEmpty)
    #expect(strict == transitional)
  }
}

extension Fixtures {
  /// Splits one CSV line into fields (quotes honoured, no line breaks inside).
  static func parseFields(_ line: String) -> [String] {
    var fields: [String] = []
    var field = ""
    var quoted = false
    var characters = Array(line)[...]
    while let character = characters.popFirst() {
      if quoted {
        if character == "\"" {
          if characters.first == "\"" {
            field.append("\"")
            characters.removeFirst()
          } else {
            quoted = false
          }
        } else {
          field.append(character)
        }
      } else if character == "\"" {
        quoted = true
      } else if character == "," {
        fields.append(field)
        field = ""
      } else {
        field.append(character)
      }
    }
    fields.append(field)
    return fields
  }
}

/// Edge layouts of the dump.
@Suite struct DumpLayoutTests {
  @Test func emptyRowOfAOneColumnSheetIsAQuotedEmptyField() throws {
    let source = try CSVSource(bytes: Array("\n\nx\n".utf8), name: "one.csv")
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("htx-one-\(UUID().uuidString).csv")
    let descriptor = open(output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    defer { unlink(output.path) }
    _ = try SheetDumper.dump(source, sheet: 0, to: ByteSink(descriptor: descriptor))
    close(descriptor)
    #expect(try String(contentsOf: output, encoding: .utf8) == "\"\"\r\n\"\"\r\nx\r\n")
  }
}

/// Every corpus CSV dumps, through the same command path as workbooks, exactly as expected.
@Suite struct CSVDumpTests {
  static let files = Fixtures.corpus.filter { $0.path.hasPrefix("csv/") }

  @Test(arguments: files)
  func csvDumpsAsExpected(_ file: Fixtures.CorpusFile) throws {
    let (bytes, _) = try Fixtures.dump(path: Fixtures.path(file.path))
    let expected = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(file.expected))))
    #expect(bytes == expected, "\(file.path): \(Fixtures.firstDifference(bytes, expected) ?? "")")
  }

  @Test func utf8AndUTF16RecordsDumpAlike() throws {
    // The same records in two encodings, with blank rows inside and at the end.
    let records = "a,b\r\n\r\n,,c\r\n\r\n\r\n"
    let utf8 = try CSVSource(bytes: Array(records.utf8), name: "x.csv")
    let utf16 = try CSVSource(
      bytes: [0xFF, 0xFE] + records.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }, name: "x.csv")
    func dump(_ source: CSVSource) throws -> String {
      let path = FileManager.default.temporaryDirectory.appendingPathComponent("htx-\(UUID().uuidString)").path
      let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
      defer { unlink(path) }
      _ = try SheetDumper.dump(source, sheet: 0, to: ByteSink(descriptor: descriptor))
      close(descriptor)
      return try String(contentsOfFile: path, encoding: .utf8)
    }
    #expect(try dump(utf8) == "a,b,\r\n,,\r\n,,c\r\n")
    #expect(try dump(utf16) == dump(utf8))
  }
}
