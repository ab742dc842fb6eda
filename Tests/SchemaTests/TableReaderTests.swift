import Foundation
import SheetIO
import Testing

@testable import Schema

/// Data rows of real returns read as typed records, up to the totals row and the
/// signature block, with the file's number style.
@Suite struct TableReaderTests {
  static let types: [String: ColumnType] = [
    "stt": .integer, "founded": .date, "members": .integer, "labour": .integer, "member_labour": .integer,
    "charter_capital": .decimal, "revenue": .decimal, "profit": .decimal, "avg_income": .decimal,
  ]

  static let form = Form(
    id: "htx-list", title: "Danh sách HTX",
    columns: TableLocatorTests.list.columns.map { spec in
      FormColumn(
        spec: spec, type: types[spec.id] ?? .text,
        unit: ["charter_capital", "revenue", "profit"].contains(spec.id) ? "triệu đồng" : nil)
    })

  static func read(_ path: String) throws -> (summary: TableReadSummary?, records: [TableRecord]) {
    let source = try SpreadsheetFile.open(path: TableLocatorTests.corpus.appendingPathComponent(path).path)
    let index = source.sheetIndex(named: "Biểu 01") ?? 0
    var records: [TableRecord] = []
    let summary = try TableReader(form: form).read(source, sheet: index, file: path) { records.append($0) }
    return (summary, records)
  }

  @Test(arguments: [
    "xlsx/01-xlsxwriter-shared-strings.xlsx", "xlsx/03-openpyxl.xlsx", "xlsx/05-date1904.xlsx",
    "csv/14-utf8-bom-comma.csv", "csv/15-utf8-semicolon-vi-numbers.csv", "csv/20-nfd.csv",
  ])
  func twelveCooperativesAndATotalsRow(_ path: String) throws {
    let (summary, records) = try Self.read(path)
    let table = try #require(summary)
    #expect(records.count == 12, "\(path)")
    #expect(table.totals != nil, "\(path): totals row")
    #expect(table.findings.filter { $0.severity == .error }.isEmpty, "\(path): \(table.findings.prefix(3))")
    #expect(records.allSatisfy { if case .date = $0.value("founded") { true } else { false } })
  }

  @Test func vietnameseDecimalsKeepTheirTextAsRead() throws {
    // "198,5" is read on its bytes, "1.827,5" by the general path; both keep their text.
    let (_, records) = try Self.read("csv/15-utf8-semicolon-vi-numbers.csv")
    let first = try #require(records.first)
    #expect(first.value("profit") == .number(198.5))
    #expect(first.raw("profit") == "198,5")
    #expect(first.value("charter_capital") == .number(1_827.5))
    #expect(first.raw("charter_capital") == "1.827,5")
    let slot = try #require(first.layout.slot(of: "profit"))
    #expect(first.number(at: slot) == 198.5 && first.withText(at: slot) { _ in true } == nil)
  }

  @Test func aNumberInAnotherUnitKeepsTheNumberAsRead() throws {
    // Capital in đồng, the form's unit triệu đồng: the value is converted, the cell as
    // read stays what the clerk typed.
    let text =
      "STT,Tên HTX,Mã số thuế,Lĩnh vực,Ngày thành lập,Tình trạng,Số thành viên,Vốn điều lệ (đồng)\r\n"
      + "1,HTX A,0100109106,Nông nghiệp,05/01/2015,Đang hoạt động,12,1500000000\r\n"
      + "2,HTX B,0100109106,Nông nghiệp,05/01/2015,Đang hoạt động,12,2500000\r\n"
    let (_, records) = try SheetUnitLineTests.read(text)
    #expect(records.map { $0.value("charter_capital") } == [.number(1_500), .number(2.5)])
    #expect(records.map { $0.raw("charter_capital") } == ["1500000000", "2500000"])
    #expect(records.map { $0.value("members") } == [.number(12), .number(12)])
    #expect(records.map { $0.raw("members") } == ["12", "12"])
  }

  @Test func numbersTypedAsVietnameseTextAreReadInTheFileStyle() throws {
    let (summary, records) = try Self.read("xlsx/09-numbers-as-text.xlsx")
    let table = try #require(summary)
    #expect(table.numberStyle == .vi)
    #expect(records.count == 12, "a founding date typed 'ngày 5 tháng 3 năm 2017' is data, not a signature")
    #expect(records.contains { $0.value("members") == .number(1287) })
  }

  @Test func rowKinds() {
    #expect(RowKind.isTotals("Tổng cộng"))
    #expect(RowKind.isTotals("TOÀN HUYỆN"))
    #expect(RowKind.isTotals("Cộng"))
    #expect(!RowKind.isTotals("1 HTX Tổng hợp Bình Gia"))
    #expect(RowKind.isSignature(["NGƯỜI LẬP BIỂU"]))
    #expect(RowKind.isSignature(["Tràng Định, ngày 05 tháng 7 năm 2017"]))
    #expect(!RowKind.isSignature(["HTX Nông nghiệp Quốc Khánh"]))
    #expect(RowKind.isSectionHeading("II", cells: 2))
    #expect(!RowKind.isSectionHeading("12", cells: 15))
  }
}

/// The sheet's "Đơn vị tính" line gives money columns their unit when headers name none.
@Suite struct SheetUnitLineTests {
  static func read(_ text: String) throws -> (TableReadSummary?, [TableRecord]) {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("htx-unit-\(UUID().uuidString).csv")
    try text.write(to: url, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: url) }
    let source = try SpreadsheetFile.open(path: url.path)
    var records: [TableRecord] = []
    let summary = try TableReader(form: TableReaderTests.form).read(source, sheet: 0, file: url.path) {
      records.append($0)
    }
    return (summary, records)
  }

  static let header = "STT,Tên HTX,Mã số thuế,Lĩnh vực,Ngày thành lập,Tình trạng,Số thành viên,Vốn điều lệ\r\n"
  static let row = "1,HTX A,0100109106,Nông nghiệp,05/01/2015,Đang hoạt động,12,1500000000\r\n"

  @Test func aLineInDongConvertsMoneyColumnsWithoutAHeaderUnit() throws {
    let (summary, records) = try Self.read("DANH SÁCH HTX\r\n,,,,,,Đơn vị tính: đồng\r\n" + Self.header + Self.row)
    #expect(summary?.conversions["charter_capital"] == "đồng → triệu đồng")
    #expect(records.first?.value("charter_capital") == .number(1500))
    #expect(records.first?.value("members") == .number(12), "counts have no money unit")
  }

  @Test func aHeaderUnitHtxCannotConvertIsWarnedAtItsHeader() throws {
    let withHeader = Self.header.replacingOccurrences(of: "Vốn điều lệ", with: "Vốn điều lệ (USD)")
    let (summary, records) = try Self.read("DANH SÁCH HTX\r\n" + withHeader + Self.row)
    let warning = try #require(summary?.findings.first { $0.code == .unitUnknown })
    #expect(warning.cell == "H2" && warning.severity == .warning && warning.field == "charter_capital")
    #expect(records.first?.value("charter_capital") == .number(1_500_000_000))
    let footnote = Self.header.replacingOccurrences(of: "Vốn điều lệ", with: "Vốn điều lệ (*)")
    #expect(try Self.read(footnote + Self.row).0?.findings.isEmpty == true, "a footnote mark is no unit")
  }

  @Test(arguments: ["Ngđ", "Ng.đ", "x1000đ", "ĐVT: nghìn đồng", "đv: ngàn đồng", "Đơn vị tính: nghìn đồng"])
  func aHeaderInNghinDongAsOfficesWriteItConvertsWithoutAWarning(_ unit: String) throws {
    let withHeader = Self.header.replacingOccurrences(of: "Vốn điều lệ", with: "Vốn điều lệ (\(unit))")
    let (summary, records) = try Self.read("DANH SÁCH HTX\r\n" + withHeader + Self.row)
    #expect(summary?.findings.contains { $0.code == .unitUnknown } == false, "\(unit)")
    #expect(records.first?.value("charter_capital") == .number(1_500_000), "\(unit)")
  }

  @Test(arguments: [
    ("Vốn điều lệ\nĐVT: đồng", 1500), ("Vốn điều lệ\nĐơn vị tính: đồng", 1500), ("Vốn điều lệ - đồng", 1500),
    ("Vốn điều lệ (đồng)*", 1500), ("Vốn điều lệ [nghìn đồng]", 1_500_000), ("Vốn điều lệ\nĐơn vị: 1.000đ", 1_500_000),
  ])
  func aHeaderUnitOutsideParenthesesConvertsItsColumn(header: String, capital: Double) throws {
    let withHeader = Self.header.replacingOccurrences(of: "Vốn điều lệ", with: "\"\(header)\"")
    let (summary, records) = try Self.read("DANH SÁCH HTX\r\n" + withHeader + Self.row)
    #expect(records.first?.value("charter_capital") == .number(capital), "\(header)")
    #expect(summary?.findings.isEmpty == true, "\(header)")
  }

  @Test func aUnitNoteHtxCannotConvertIsStillWarned() throws {
    let withHeader = Self.header.replacingOccurrences(of: "Vốn điều lệ", with: "\"Vốn điều lệ\nĐVT: USD\"")
    let (summary, records) = try Self.read("DANH SÁCH HTX\r\n" + withHeader + Self.row)
    #expect(summary?.findings.map(\.code) == [.unitUnknown])
    #expect(records.first?.value("charter_capital") == .number(1_500_000_000))
  }

  @Test func aRowOfUnitsConvertsItsColumnsAndIsNoCooperative() throws {
    let units = ",ĐVT,,,,,người,đồng\r\n"
    let (summary, records) = try Self.read("DANH SÁCH HTX\r\n" + Self.header + units + Self.row)
    #expect(records.count == 1)
    #expect(records.first?.value("charter_capital") == .number(1500))
    #expect(records.first?.value("members") == .number(12))
    #expect(summary?.findings.isEmpty == true)
    #expect(summary?.conversions["charter_capital"] == "đồng → triệu đồng")
  }

  @Test func aHeaderUnitWinsAndNoLineChangesNothing() throws {
    let withHeader = Self.header.replacingOccurrences(of: "Vốn điều lệ", with: "Vốn điều lệ (tỷ đồng)")
    let (_, converted) = try Self.read("ĐVT: đồng\r\n" + withHeader + Self.row)
    #expect(converted.first?.value("charter_capital") == .number(1_500_000_000_000))
    let (plain, records) = try Self.read("DANH SÁCH HTX\r\n" + Self.header + Self.row)
    #expect(plain?.conversions.isEmpty == true)
    #expect(records.first?.value("charter_capital") == .number(1_500_000_000))
  }
}

/// A tax code typed in digit groups or full-width digits reaches the record repaired.
@Suite struct DigitCodeReadTests {
  @Test(arguments: [("4900 453 338", "4900453338"), ("４９00561485", "4900561485")])
  func aTaxCodeInGroupsOrFullWidthIsRepairedInTheRecord(_ typed: String, _ code: String) throws {
    let form = Form(
      id: "htx-list", title: "Danh sách HTX",
      columns: TableReaderTests.form.columns.map { column in
        var column = column
        if column.spec.id == "tax_code" { column.constraints.pattern = #"^\d{10}(-\d{3})?$"# }
        return column
      })
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("htx-tax-\(UUID().uuidString).csv")
    try (SheetUnitLineTests.header + SheetUnitLineTests.row.replacingOccurrences(of: "0100109106", with: typed))
      .write(to: url, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: url) }
    var records: [TableRecord] = []
    let summary = try TableReader(form: form).read(SpreadsheetFile.open(path: url.path), sheet: 0, file: url.path) {
      records.append($0)
    }
    #expect(records.first?.value("tax_code") == .text(code), "\(typed)")
    #expect(summary?.findings.contains { $0.field == "tax_code" && $0.severity == .info } == true, "\(typed)")
  }
}

/// A table of thousands of rows, typed on a second thread, reaches the caller whole,
/// in order, and stops when the caller throws.
@Suite struct LargeTableReadTests {
  /// A copy of a corpus CSV with its twelve data rows repeated `copies` times, on disk.
  static func repeatedReturn(copies: Int) throws -> (path: String, folder: URL) {
    let text = try String(
      contentsOf: TableLocatorTests.corpus.appendingPathComponent("csv/14-utf8-bom-comma.csv"), encoding: .utf8)
    let lines = text.components(separatedBy: "\r\n")
    let data = lines.filter { $0.first?.isNumber == true && !$0.hasPrefix("(") }
    let head = lines.prefix { $0.first?.isNumber != true || $0.hasPrefix("(") }
    let body = (0..<copies).flatMap { _ in data }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("htx-reader-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let path = folder.appendingPathComponent("large.csv").path
    try (head + body).joined(separator: "\r\n").write(toFile: path, atomically: true, encoding: .utf8)
    return (path, folder)
  }

  @Test func aLargeTableReachesTheCallerWholeAndInOrder() throws {
    let (path, folder) = try Self.repeatedReturn(copies: 500)
    defer { try? FileManager.default.removeItem(at: folder) }
    var rows: [Int] = []
    let summary = try TableReader(form: TableReaderTests.form).read(
      try SpreadsheetFile.open(path: path), sheet: 0, file: path
    ) {
      rows.append($0.row)
    }
    #expect(rows.count == 6_000)
    #expect(summary?.rowCount == 6_000)
    #expect(rows == Array(rows.sorted()) && Set(rows).count == rows.count)
  }

  struct Stop: Error {}

  @Test func anErrorFromTheCallerStopsTheReadAndReachesIt() throws {
    let (path, folder) = try Self.repeatedReturn(copies: 500)
    defer { try? FileManager.default.removeItem(at: folder) }
    var seen = 0
    #expect(throws: Stop.self) {
      _ = try TableReader(form: TableReaderTests.form).read(try SpreadsheetFile.open(path: path), sheet: 0, file: path)
      { _ in
        seen += 1
        if seen == 2_500 { throw Stop() }
      }
    }
    #expect(seen == 2_500)
  }

  /// A sheet of `rows` rows of figures with no header, as CSV and as a workbook.
  static func headlessSheets(rows: Int, in folder: URL) throws -> [String] {
    let csv = folder.appendingPathComponent("figures.csv").path
    // Row 300 has a value past Excel's last column, an error for whoever reads that far.
    try (1...rows).map { $0 == 300 ? String(repeating: ",", count: 16_400) + "x" : "\($0),\($0 * 7),\($0 % 13)" }
      .joined(separator: "\r\n")
      .write(toFile: csv, atomically: true, encoding: .utf8)
    let xlsx = folder.appendingPathComponent("figures.xlsx").path
    let writer = try XLSXWriter(path: xlsx)
    try writer.beginSheet("Số liệu")
    for row in 1...rows { try writer.addRow([.number(Double(row)), .number(Double(row * 7)), .text("x\(row)")]) }
    try writer.finish()
    return [csv, xlsx]
  }

  @Test func aSheetWhoseHeadHoldsNoLabelIsNotTheFormsAndReadsNoFurther() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("htx-headless-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for path in try Self.headlessSheets(rows: 500, in: folder) {
      var records = 0
      let summary = try TableReader(form: TableReaderTests.form).read(
        try SpreadsheetFile.open(path: path), sheet: 0, file: path
      ) { _ in records += 1 }
      #expect(summary == nil, "\(path)")
      #expect(records == 0)
    }
  }
}

/// Rows offices add around the data: block headings carrying their block's subtotals,
/// totals labelled after the unit, and lines under the totals row.
@Suite struct BlockAndTotalsRowTests {
  static let header = "STT,Tên HTX,Mã số thuế,Lĩnh vực,Ngày thành lập,Tình trạng,Số thành viên,Vốn điều lệ\r\n"

  static func row(_ stt: Int, _ name: String, members: Int, capital: Int) -> String {
    "\(stt),\(name),0100109106,Nông nghiệp,05/01/2015,Đang hoạt động,\(members),\(capital)\r\n"
  }

  @Test func blockHeadingsWithSubtotalsAreNoCooperatives() throws {
    let text =
      Self.header + "I,NÔNG NGHIỆP,,,,,30,2500\r\n" + Self.row(1, "HTX A", members: 12, capital: 1500)
      + Self.row(2, "HTX B", members: 18, capital: 1000) + ",II. CÔNG NGHIỆP,,,,,9,300\r\n"
      + Self.row(3, "HTX C", members: 9, capital: 300) + "Toàn thành phố,,,,,,39,2800\r\n"
    let (summary, records) = try SheetUnitLineTests.read(text)
    #expect(records.map(\.row) == [3, 4, 6])
    #expect(summary?.totals?.value("members") == .number(39))
    #expect(summary?.findings.isEmpty == true, "\(summary?.findings ?? [])")
  }

  @Test func aLineUnderTheClosingTotalsRowEndsTheData() throws {
    let text =
      Self.header + Self.row(1, "HTX A", members: 12, capital: 1500) + "Cộng toàn huyện,,,,,,12,1500\r\n"
      + "\"Trong đó: HTX thành lập mới\",,,,,,12,\r\n" + "Ghi chú - số liệu ước tính\r\n"
    let (summary, records) = try SheetUnitLineTests.read(text)
    #expect(records.map(\.row) == [2])
    #expect(summary?.totals?.row == 3)
  }

  @Test func totalsRightUnderTheHeaderLeaveTheDataOpen() throws {
    let text =
      Self.header + "Tổng cộng,,,,,,30,2500\r\n" + Self.row(1, "HTX A", members: 12, capital: 1500)
      + Self.row(2, "HTX B", members: 18, capital: 1000)
    let (summary, records) = try SheetUnitLineTests.read(text)
    #expect(records.map(\.row) == [3, 4])
    #expect(summary?.totals?.row == 2)
  }

  @Test func aNoteOrHeadingOnALineOfItsOwnIsNoCooperative() throws {
    let text =
      Self.header + Self.row(1, "HTX A", members: 12, capital: 1500)
      + ",(Không phát sinh HTX thành lập mới)\r\n" + ",DANH SÁCH HTX ĐÃ GIẢI THỂ\r\n"
      + Self.row(2, "HTX B", members: 18, capital: 1000) + ",HTX Nông nghiệp Tân Liên\r\n"
    let (summary, records) = try SheetUnitLineTests.read(text)
    // A name alone is a cooperative whose other cells are missing.
    #expect(records.map(\.row) == [2, 5, 6])
    #expect(summary?.findings.isEmpty == true, "\(summary?.findings ?? [])")
    #expect(RowKind.isNoteOrHeading("(Không phát sinh)"))
    #expect(RowKind.isNoteOrHeading("HTX ĐÃ GIẢI THỂ"))
    #expect(!RowKind.isNoteOrHeading("HTX Nông nghiệp Tân Liên"))
    #expect(!RowKind.isNoteOrHeading("HTX CHÈ GIA CÁT"), "a name in capitals")
    #expect(!RowKind.isNoteOrHeading("(HTX Chè Gia Cát)"))
    #expect(!RowKind.isNoteOrHeading("HTX"), "one word")
  }

  @Test("below a blank line, a name that does not start with HTX is still a cooperative")
  func unusualNamesBelowABlankLineAreCooperatives() throws {
    for name in [
      "Quỹ TDND Đồng Đăng", "QTDND Đồng Đăng", "LH HTX Vận tải Lạng Sơn", "Công ty TNHH Gia Cát", "Mây tre đan",
    ] {
      let text = Self.header + Self.row(1, "HTX A", members: 12, capital: 1500) + "\r\n" + ",\(name),,,Thị trấn\r\n"
      let (_, records) = try SheetUnitLineTests.read(text)
      #expect(records.map(\.row) == [2, 4], "\(name)")
    }
  }

  @Test func aTotalsLabelUnderANameColumnFarRightIsTheTotalsRow() throws {
    let header = "STT,Mã số thuế,Lĩnh vực,Ngày thành lập,Tên HTX,Tình trạng,Số thành viên,Vốn điều lệ\r\n"
    let text =
      header + "1,0100109106,Nông nghiệp,05/01/2015,HTX A,Đang hoạt động,12,1500\r\n"
      + "2,0100109106,Nông nghiệp,05/01/2015,HTX B,Đang hoạt động,18,1000\r\n" + ",,,,Tổng cộng,,30,2500\r\n"
    let (summary, records) = try SheetUnitLineTests.read(text)
    #expect(records.map(\.row) == [2, 3])
    #expect(summary?.totals?.row == 4)
  }

  @Test func titleLinesBelowABlankLineAreNoCooperatives() throws {
    let text =
      Self.header + Self.row(1, "HTX A", members: 12, capital: 1500) + "\r\n"
      + "UBND HUYỆN CAO LỘC,,,,,CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\r\n" + "Biểu số 02\r\n"
      + ",Đơn vị tính: người\r\n" + "\r\n" + ",HTX Nông nghiệp Tân Liên\r\n"
    let (summary, records) = try SheetUnitLineTests.read(text)
    // A name below a blank line is still a cooperative, its other cells missing.
    #expect(records.map(\.row) == [2, 8])
    #expect(summary?.findings.isEmpty == true, "\(summary?.findings ?? [])")
  }

  @Test func aLineBrokenInsideATextCellIsOneLine() throws {
    let text =
      Self.header + "1,\"HTX Nông nghiệp\r\n Tân Liên \",0100109106,Nông nghiệp,05/01/2015,Đang hoạt động,12,1500\r\n"
    let (_, records) = try SheetUnitLineTests.read(text)
    #expect(records.first?.value("name") == .text("HTX Nông nghiệp Tân Liên"))
  }

  @Test(arguments: ["\u{2028}", "\u{2029}", "\u{85}", "\u{0B}", "\u{0C}"])
  func aTextCellHoldingAnyNewlineIsOneLineAsTheGeneralPathReadsIt(newline: String) throws {
    // Not a CSV line break, so the record is on one line; the text still holds a newline.
    let text =
      Self.header + "1,HTX Nông nghiệp\(newline)Tân Liên,0100109106,Nông nghiệp,05/01/2015,Đang hoạt động,12,1500\r\n"
    let (_, records) = try SheetUnitLineTests.read(text)
    #expect(records.first?.value("name") == .text("HTX Nông nghiệp Tân Liên"))
  }

  @Test("a newline is found in a text's bytes, sixteen or eight at a time, as its scalars show it")
  func newlinesAreFoundWordAtATime() {
    var generator = SystemRandomNumberGenerator()
    // Newlines, and their neighbours in UTF-8 (C2 84, C2 A0, E2 80 A7, E2 80 AA, E1 …).
    let pool: [Unicode.Scalar] = [
      "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}", "\t", "\u{0E}", "\u{84}", "\u{A0}",
      "\u{2027}", "\u{202A}", "\u{2013}", "\u{1EE3}", "\u{1E28}", " ",
    ]
    for _ in 0..<4000 {
      var scalars = String.UnicodeScalarView()
      // Long texts too, mostly letters, so that a newline sits anywhere in or after the
      // first sixteen bytes, in the last block that overlaps the one before it.
      let letters = Int.random(in: 0...1, using: &generator) == 0 ? 7 : 95
      for _ in 0..<Int.random(in: 0...60, using: &generator) {
        scalars.append(
          Int.random(in: 0..<100, using: &generator) < letters * (letters == 7 ? 10 : 1)
            ? "a" : pool.randomElement(using: &generator) ?? "a")
      }
      let text = String(scalars)
      let expected = text.unicodeScalars.contains { [0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029].contains($0.value) }
      #expect(Array(text.utf8).withUnsafeBytes(ByteSearch.containsNewline) == expected, "\(text.debugDescription)")
    }
  }

  @Test("a text's bytes hold another's exactly when Foundation finds it")
  func byteSearchAgreesWithFoundation() {
    var generator = SystemRandomNumberGenerator()
    // Few letters, so that parts are often found, and near misses where they are not.
    let pool: [Character] = ["a", "b", " ", "đ", "ơ", "x"]
    func random(_ lengths: ClosedRange<Int>) -> String {
      String((0..<Int.random(in: lengths, using: &generator)).map { _ in pool.randomElement(using: &generator) ?? "a" })
    }
    for _ in 0..<4000 {
      let text = random(0...12)
      let part = random(0...4)
      #expect(
        ByteSearch.contains(part, in: text) == text.contains(part),
        "\(part.debugDescription) in \(text.debugDescription)")
    }
    #expect(ByteSearch.contains(" cao loc ", in: " ubnd huyen cao loc "))
    #expect(!ByteSearch.contains(" cao loc ", in: " ubnd huyen cao loc"), "the last byte is past the end")
  }

  @Test("a code pattern's leading digit count is what the pattern's regex read")
  func aCodePatternsDigitCount() throws {
    let patterns = [
      #"^\d{10}(-\d{3})?$"#, #"\d{8}"#, #"^\d{12}$"#, #"^\d{}$"#, #"^\d{1x}"#, #"^[0-9]{10}$"#, #"^\D{10}"#,
      #"^^\d{10}"#, #"\d{7"#, "", "^", #"^\d{0012}"#, #" ^\d{10}"#,
    ]
    let regex = try NSRegularExpression(pattern: #"^\^?\\d\{(\d+)\}"#)
    for pattern in patterns {
      let match = regex.firstMatch(in: pattern, range: NSRange(location: 0, length: (pattern as NSString).length))
      let expected = match.flatMap { Int((pattern as NSString).substring(with: $0.range(at: 1))) }
      #expect(ValueReader.leadingDigitCount(pattern) == expected, "\(pattern)")
    }
    #expect(ValueReader.leadingDigitCount(#"^\d{10}(-\d{3})?$"#) == 10)
  }

  @Test func aRecordReadsTheTextOfALaterRecordInItsBatch() throws {
    let text =
      Self.header + Self.row(1, "HTX A", members: 12, capital: 1500) + Self.row(2, "HTX B", members: 9, capital: 20)
    let (_, records) = try SheetUnitLineTests.read(text)
    let first = try #require(records.first)
    let name = try #require(first.layout.slot(of: "name"))
    let members = try #require(first.layout.slot(of: "members"))
    #expect(first.withText(ahead: 1, at: name) { String(decoding: $0, as: UTF8.self) } == "HTX B")
    #expect(first.withText(ahead: 0, at: name) { String(decoding: $0, as: UTF8.self) } == "HTX A")
    #expect(first.withText(ahead: 2, at: name) { _ in true } == nil, "past the batch's end")
    #expect(first.withText(ahead: 1, at: members) { _ in true } == nil, "a number has no text")
  }

  @Test func aCellThatCannotBeReadIsMarkedOnItsRecord() throws {
    let text =
      Self.header + Self.row(1, "HTX A", members: 12, capital: 1500) + "2,HTX B,0100109106,Nông nghiệp,"
      + "05/01/2015,Đang hoạt động,chưa báo cáo,1000\r\n"
    let (_, records) = try SheetUnitLineTests.read(text)
    let slot = try #require(records.first?.layout.slot(of: "members"))
    #expect(records.map(\.unreadable) == [0, 1 << UInt64(slot)])
  }

  @Test func headingAndTotalsLabels() {
    #expect(RowKind.isBlockHeading("II"))
    #expect(RowKind.isBlockHeading("IV."))
    #expect(RowKind.isBlockHeading("I. NÔNG NGHIỆP"))
    #expect(!RowKind.isBlockHeading("VI XUÂN"), "a name that starts like a numeral")
    #expect(!RowKind.isBlockHeading("x"), "not applicable")
    #expect(!RowKind.isBlockHeading("HTX Vĩnh Xuân"))
    #expect(RowKind.isTotals("Toàn thành phố"))
    #expect(RowKind.isTotals("Cộng toàn huyện"))
    #expect(RowKind.isTotals("TOÀN THÀNH PHỐ LẠNG SƠN"))
    #expect(!RowKind.isTotals("Toản"))
    #expect(!RowKind.isTotals("Toàn Phát"), "a cooperative's name")
    #expect(!RowKind.isTotals("Toàn Thắng Xanh"))
  }
}

/// A typer that votes the rows it types takes from each cell the number-style evidence a
/// scan of the sheet would take from its text, whatever shortcut read the cell.
@Suite struct TyperVotesTests {
  @Test(arguments: [NumberStyle.en, .vi])
  func theTyperVotesEachCellAsTheScanWould(style: NumberStyle) throws {
    var generator = SystemRandomNumberGenerator()
    // Numbers every way offices write them, and texts that are not numbers.
    let figures = [
      "1500", "3757.6", "3757,6", "1.250", "1,250", "1.234.567", "1,234,567", "12,5", "-84478.7", "0.5", "0,5",
      "1.250,5", "1,250.5", "10.27", "007", "-", "", "abc", "12 500", "2.000", "100.000", "-0", "15.000000001",
      // Three digits after a point: a decimal or a thousands mark ("1.234"), or neither.
      "1.234", "-12.345", "123.456", "1234.567", "0.125",
    ]
    let texts = ["HTX A", "HTX 1.250", "Xã 3,5", "", "0100109106", "0100 109 106", " HTX B "]
    let statuses = ["Đang hoạt động", "Đã giải thể", "tạm ngừng", "1.250", "1,250", "2.500", ""]
    var csv = "DANH SÁCH HTX\r\n" + SheetUnitLineTests.header
    for row in 1...200 {
      let cells = [
        String(row), texts.randomElement(using: &generator) ?? "", texts.randomElement(using: &generator) ?? "",
        "Nông nghiệp", ["05/01/2015", "1.250", ""].randomElement(using: &generator) ?? "",
        statuses.randomElement(using: &generator) ?? "", figures.randomElement(using: &generator) ?? "",
        figures.randomElement(using: &generator) ?? "",
      ]
      csv += cells.map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",") + "\r\n"
    }
    let source = try CSVSource(bytes: Array(csv.utf8), name: "votes.csv")
    // The status an enum whose values read as numbers too, each read once and its
    // evidence remembered.
    let form = Form(
      id: "htx-list", title: "Danh sách HTX",
      columns: TableReaderTests.form.columns.map { column in
        column.spec.id == "status" ? FormColumn(spec: column.spec, type: .enum, vocabulary: "codes") : column
      })
    let codes = Vocabulary(
      id: "codes", values: [("Đang hoạt động", []), ("Đã giải thể", ["tạm ngừng"]), ("1.250", ["1,250"])])
    let reader = TableReader(form: form, vocabularies: ["codes": codes])
    let head = SheetScan(searchRows: reader.locator.searchRows, transform: nil)
    _ = try source.readRows(sheet: 0) { head.observe($0) }
    let located = try #require(reader.locator.locate(in: head.grid))
    let plan = reader.prepare(
      located, style: style, grid: head.grid,
      sheet: SheetContext(source: source, index: 0, file: "votes.csv", date1904: false, transform: nil))
    plan.typer.votesFrom = 1
    // The rows the typer voted, scanned as below the head: every text votes on its bytes.
    let scan = SheetScan(searchRows: 0, transform: nil)
    let batch = RecordBatch(layout: plan.summary.layout)
    var voted = 0
    _ = try source.readRows(sheet: 0) { row in
      _ = plan.typer.type(row, into: batch)
      if plan.typer.votedLast {
        scan.observe(row)
        voted += 1
      }
    }
    #expect(voted == 200)
    var evidence = 0
    for (column, votes) in plan.typer.votesByColumn {
      #expect(votes == scan.evidence(column: column), "column \(column)")
      if votes != NumberStyleDetector() { evidence += 1 }
    }
    #expect(evidence >= 4)
  }
}
