import Foundation
import Testing

@testable import SheetIO

/// Workbooks htx writes read back, cell by cell, with htx's own reader and with openpyxl.
@Suite struct XLSXWriterTests {
  static func temporaryPath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("htx-write-\(UUID().uuidString).xlsx").path
  }

  static func write(_ path: String, rows: Int = 500, sharedStringLimit: Int = 65_536) throws {
    let writer = try XLSXWriter(path: path)
    writer.sharedStringLimit = sharedStringLimit
    try writer.beginSheet("Tổng hợp")
    try writer.addRow(
      [.text("Đơn vị"), .text("Số HTX"), .text("Vốn (triệu đồng)")], styles: [.header, .header, .header])
    try writer.addRow([.text("Cao Lộc"), .number(14), .number(24_000.5)], styles: [.plain, .integer, .money])
    try writer.beginSheet("Danh sách")
    try writer.addRow([.text("Tên"), .text("Ghi chú"), .text("Ngày"), .text("Có")])
    for row in 1...rows {
      try writer.addRow([
        .text("HTX số \(row)"), .text(row % 2 == 0 ? "=SUM(A1:A9)" : "@dịch vụ\r\n_x000D_ & <b>"),
        .date(year: 2017, month: 6, day: row % 28 + 1), .bool(row % 3 == 0),
      ])
    }
    try writer.finish()
  }

  /// With a small shared-string limit most texts are written inline; they read the same.
  @Test(arguments: [65_536, 5])
  func writtenWorkbookReadsBackCellByCell(sharedStringLimit: Int) throws {
    let path = Self.temporaryPath()
    defer { unlink(path) }
    try Self.write(path, sharedStringLimit: sharedStringLimit)
    let book = try XLSXWorkbook(path: path)
    #expect(book.sheets.map(\.name) == ["Tổng hợp", "Danh sách"])
    var summary: [Int: [CellValue]] = [:]
    _ = try book.readRows(sheet: 0) { row in summary[row.number] = (0..<row.count).map { row.value(at: $0) } }
    #expect(summary[2] == [.text("Cao Lộc"), .number(14), .number(24_000.5)])
    var list: [Int: [CellValue]] = [:]
    let read = try book.readRows(sheet: 1) { row in list[row.number] = (0..<row.count).map { row.value(at: $0) } }
    #expect(read.lastRow == 501)
    #expect(
      list[3] == [
        .text("HTX số 2"), .text("=SUM(A1:A9)"),
        .date(CellDate(days: Double(CellDate.days(year: 2017, month: 6, day: 3) + 25_569), form: .date)), .bool(false),
      ])
    #expect(list[2]?[1] == .text("@dịch vụ\r\n_x000D_ & <b>"))
    #expect(list[4]?[3] == .bool(true))
  }

  @Test func formulaLookingTextIsNeverAFormula() throws {
    let path = Self.temporaryPath()
    defer { unlink(path) }
    try Self.write(path, rows: 4)
    let unzip = Process()
    unzip.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
    unzip.arguments = ["-p", path, "xl/worksheets/sheet2.xml"]
    let pipe = Pipe()
    unzip.standardOutput = pipe
    guard (try? unzip.run()) != nil else { return }
    let xml = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    unzip.waitUntilExit()
    #expect(!xml.contains("<f>"))
    #expect(xml.contains(#"<pane ySplit="1""#) && xml.contains("<autoFilter"))
  }

  @Test func openpyxlReadsTheSameCells() throws {
    let path = Self.temporaryPath()
    defer { unlink(path) }
    try Self.write(path, rows: 3)
    let python = Process()
    python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    python.arguments = [
      "python3", "-c",
      """
      import sys
      try:
          import openpyxl
      except ImportError:
          print("SKIP"); sys.exit(0)
      wb = openpyxl.load_workbook(sys.argv[1])
      ws = wb["Danh sách"]
      print(repr([[c.value for c in row] for row in ws.iter_rows(min_row=2, max_row=3)]))
      print(wb["Tổng hợp"]["C2"].number_format, ws.freeze_panes, ws.auto_filter.ref)
      """,
      path,
    ]
    let pipe = Pipe()
    python.standardOutput = pipe
    guard (try? python.run()) != nil else { return }
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    python.waitUntilExit()
    guard !output.hasPrefix("SKIP"), python.terminationStatus == 0 else { return }
    #expect(output.contains("'HTX số 1', '@dịch vụ\\r\\n_x000D_ & <b>', datetime.datetime(2017, 6, 2, 0, 0), False"))
    #expect(output.contains("'HTX số 2', '=SUM(A1:A9)'"))
    #expect(output.contains("#,##0.0 A2 A1:D4"))
  }
}

/// Past the shared-string limit, texts go inline and stay text.
@Suite struct XLSXWriterInlineTests {
  @Test func textsPastTheLimitAreInlineAndNeverFormulas() throws {
    let path = XLSXWriterTests.temporaryPath()
    defer { unlink(path) }
    try XLSXWriterTests.write(path, rows: 40, sharedStringLimit: 5)
    let unzip = Process()
    unzip.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
    unzip.arguments = ["-p", path, "xl/worksheets/sheet2.xml", "xl/sharedStrings.xml"]
    let pipe = Pipe()
    unzip.standardOutput = pipe
    guard (try? unzip.run()) != nil else { return }
    let xml = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    unzip.waitUntilExit()
    #expect(xml.contains(#"t="inlineStr"><is><t>HTX số 40</t></is>"#))
    #expect(xml.contains(#"uniqueCount="5""#))
    #expect(!xml.contains("<f>"))
  }
}
