import Findings
import Foundation
import SheetIO
import Testing

@testable import Schema

/// A guessing read (records start on a guess made from the head, while the sheet is
/// still parsed) gives exactly what a read of two passes gives, restarting when the
/// whole sheet proves the guess wrong.
@Suite struct GuessingReadTests {
  /// What a read delivered, in a form that compares.
  struct Outcome: Equatable {
    var located: LocatedTable?
    var style: NumberStyle?
    var rowCount = 0
    var rows: [Int] = []
    var values: [[TypedValue]] = []
    var cells: [[CellValue]] = []
    var totals: [TypedValue]?
    var findings: [Finding] = []
    var titles: [String] = []
    var conversions: [String: String] = [:]
  }

  /// Reads sheet `sheet` of `path` for `form`, guessing or in two passes; how many times
  /// it restarted and how many times the table was located come with it.
  static func read(
    _ path: String, sheet: Int = 0, form: Form = TableReaderTests.form, vocabularies: [String: Vocabulary] = [:],
    guessing: Bool
  ) throws -> (Outcome, restarts: Int, located: Int) {
    let source = try SpreadsheetFile.open(path: path)
    var outcome = Outcome()
    var restarts = 0
    var located = 0
    let summary = try TableReader(form: form, vocabularies: vocabularies).read(
      source, sheet: sheet, file: path, guessing: guessing,
      restart: {
        restarts += 1
        outcome = Outcome()
      },
      located: { _ in located += 1 }
    ) { record in
      outcome.rows.append(record.row)
      outcome.values.append(record.values)
      outcome.cells.append(record.read)
    }
    outcome.located = summary?.located
    outcome.style = summary?.numberStyle
    outcome.rowCount = summary?.rowCount ?? 0
    outcome.totals = summary?.totals?.values
    outcome.findings = summary?.findings ?? []
    outcome.titles = summary?.titles ?? []
    outcome.conversions = summary?.conversions ?? [:]
    return (outcome, restarts, located)
  }

  /// A new empty folder under the temporary directory; the caller removes it.
  static func scratchFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("htx-guess-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  static let corpusFiles: [String] = {
    let manager = FileManager.default
    return ["csv", "xlsx", "bad"].flatMap { folder in
      let url = TableLocatorTests.corpus.appendingPathComponent(folder)
      let names = (try? manager.contentsOfDirectory(atPath: url.path)) ?? []
      return names.filter { !$0.hasSuffix(".expected.csv") }.sorted().map { url.appendingPathComponent($0).path }
    }
  }()

  @Test func everyCorpusSheetReadsTheSameGuessingOrNot() throws {
    #expect(Self.corpusFiles.count >= 20)
    var tables = 0
    for path in Self.corpusFiles {
      guard let source = try? SpreadsheetFile.open(path: path) else { continue }
      for sheet in source.sheets.indices {
        let twoPasses = Result { try Self.read(path, sheet: sheet, guessing: false) }
        let guessing = Result { try Self.read(path, sheet: sheet, guessing: true) }
        switch (twoPasses, guessing) {
        case (.success(let a), .success(let b)):
          #expect(a.0 == b.0, "\(path) sheet \(sheet)")
          #expect(a.restarts == 0)
          if a.0.located != nil { tables += 1 }
        case (.failure(let a), .failure(let b)):
          // A sheet that cannot be read fails alike.
          #expect("\(a)" == "\(b)", "\(path) sheet \(sheet)")
        default:
          Issue.record("\(path) sheet \(sheet): \(twoPasses) but guessing \(guessing)")
        }
      }
    }
    #expect(tables >= 10)
  }

  @Test func aLargeTableReadsTheSameGuessingOrNot() throws {
    let (path, folder) = try LargeTableReadTests.repeatedReturn(copies: 300)
    defer { try? FileManager.default.removeItem(at: folder) }
    let twoPasses = try Self.read(path, guessing: false)
    let guessing = try Self.read(path, guessing: true)
    #expect(twoPasses.0.rowCount == 3_600)
    #expect(guessing.0 == twoPasses.0)
    #expect(guessing.restarts == 0 && guessing.located == 1)
  }

  /// A CSV list whose first 45 revenues (`1.500`) show no number style and whose later
  /// ones (`2.5`) show English style.
  static func lateStyleCSV(in folder: URL) throws -> String {
    var lines = ["DANH SÁCH HỢP TÁC XÃ", "", "STT,Tên HTX,Mã số thuế,Số thành viên,Doanh thu (triệu đồng)"]
    for n in 1...90 {
      lines.append("\(n),HTX số \(n),\(4_900_000_000 + n),\(n % 40 + 7),\(n <= 45 ? "1.500" : "2.5")")
    }
    let path = folder.appendingPathComponent("late-style.csv").path
    try lines.joined(separator: "\r\n").write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func aStyleOnlyLaterRowsShowRestartsTheReadWithIt() throws {
    let folder = try Self.scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try Self.lateStyleCSV(in: folder)
    let twoPasses = try Self.read(path, guessing: false)
    let guessing = try Self.read(path, guessing: true)
    #expect(guessing.restarts == 1)
    #expect(guessing.located == 2)
    #expect(guessing.0 == twoPasses.0)
    #expect(guessing.0.style == .en)
    #expect(guessing.0.rows.count == 90)
    let revenue = try #require(guessing.0.located?.matches["revenue"]).column
    let slot = try #require(
      TableReaderTests.form.columns.filter { guessing.0.located?.matches[$0.spec.id] != nil }
        .firstIndex { $0.spec.id == "revenue" })
    #expect(revenue == 5)
    #expect(guessing.0.values.first?[slot] == .number(1.5))
  }

  /// A workbook whose name header is merged over two columns (B3:C3); the merge, which
  /// only the end of the sheet part gives, makes C a second name column. With
  /// `brokenRow`, that row's XML is not closed: the part cannot be parsed past it.
  static func mergedHeaderWorkbook(in folder: URL, brokenRow: Int? = nil) throws -> String {
    func text(_ ref: String, _ value: String) -> String {
      "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(value)</t></is></c>"
    }
    var rows = ["<row r=\"1\">\(text("A1", "DANH SÁCH HỢP TÁC XÃ"))</row>"]
    rows.append(
      "<row r=\"3\">\(text("A3", "STT"))\(text("B3", "Tên HTX"))\(text("D3", "Mã số thuế"))\(text("E3", "Số thành viên"))</row>"
    )
    for n in 1...60 {
      let r = n + 3
      if r == brokenRow {
        rows.append("<row r=\"\(r)\"><c r=\"A\(r)\"><v>\(n)</v></row>")
        continue
      }
      rows.append(
        "<row r=\"\(r)\"><c r=\"A\(r)\"><v>\(n)</v></c>\(text("B\(r)", "HTX số \(n)"))\(text("D\(r)", "49000\(10000 + n)"))<c r=\"E\(r)\"><v>\(n + 6)</v></c></row>"
      )
    }
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    let sheet =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"\(main)\"><sheetData>\(rows.joined())</sheetData>"
      + "<mergeCells count=\"1\"><mergeCell ref=\"B3:C3\"/></mergeCells></worksheet>"
    let path = folder.appendingPathComponent(brokenRow == nil ? "merged-header.xlsx" : "broken.xlsx").path
    let zip = try ZipWriter(path: path)
    try zip.addEntry(
      name: "[Content_Types].xml",
      text:
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>"
    )
    try zip.addEntry(
      name: "_rels/.rels",
      text:
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"\(relationships)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
    )
    try zip.addEntry(
      name: "xl/workbook.xml",
      text: "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"\(main)\" xmlns:r=\"\(relationships)\">"
        + "<sheets><sheet name=\"Biểu 01\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>")
    try zip.addEntry(
      name: "xl/_rels/workbook.xml.rels",
      text:
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"\(relationships)/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"
    )
    try zip.addEntry(name: "xl/worksheets/sheet1.xml", text: sheet)
    try zip.finish()
    return path
  }

  @Test func mergedRangesAtTheEndOfASheetThatChangeTheHeaderRestartTheRead() throws {
    let folder = try Self.scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try Self.mergedHeaderWorkbook(in: folder)
    let twoPasses = try Self.read(path, guessing: false)
    let guessing = try Self.read(path, guessing: true)
    #expect(twoPasses.0.located?.duplicateColumns == [3: "name"])
    #expect(twoPasses.0.rows.count == 60)
    #expect(guessing.restarts == 1)
    #expect(guessing.located == 2)
    #expect(guessing.0 == twoPasses.0)
  }

  @Test func aSheetThatCannotBeParsedPastItsHeadFailsAfterForgettingItsRecords() throws {
    let folder = try Self.scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try Self.mergedHeaderWorkbook(in: folder, brokenRow: 58)
    #expect(throws: SheetReadError.self) { _ = try Self.read(path, guessing: false) }
    var restarts = 0
    var records = 0
    #expect(throws: SheetReadError.self) {
      _ = try TableReader(form: TableReaderTests.form).read(
        try SpreadsheetFile.open(path: path), sheet: 0, file: path, guessing: true,
        restart: {
          restarts += 1
          records = 0
        }
      ) { _ in records += 1 }
    }
    // Records of the head went out before the part broke; the caller was told to forget them.
    #expect(restarts == 1)
    #expect(records == 0)
  }

  struct Stop: Error {}

  @Test func anErrorFromTheCallerStopsAGuessingReadOfEitherKind() throws {
    let folder = try Self.scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let (csv, csvFolder) = try LargeTableReadTests.repeatedReturn(copies: 500)
    defer { try? FileManager.default.removeItem(at: csvFolder) }
    for path in [csv, try Self.mergedHeaderWorkbook(in: folder)] {
      var seen = 0
      #expect(throws: Stop.self) {
        _ = try TableReader(form: TableReaderTests.form).read(
          try SpreadsheetFile.open(path: path), sheet: 0, file: path, guessing: true
        ) { _ in
          seen += 1
          if seen == 30 { throw Stop() }
        }
      }
      #expect(seen == 30)
      // From the located callback too, before any record.
      #expect(throws: Stop.self) {
        _ = try TableReader(form: TableReaderTests.form).read(
          try SpreadsheetFile.open(path: path), sheet: 0, file: path, guessing: true, located: { _ in throw Stop() }
        ) { _ in Issue.record("no record after located threw") }
      }
    }
  }
}
