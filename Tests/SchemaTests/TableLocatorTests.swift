import Foundation
import SheetIO
import Testing

@testable import Schema

/// The locator finds the cooperative list in real layouts: title rows, a two-row merged
/// header, a column-number row; in XLSX with merges and in CSV without.
@Suite struct TableLocatorTests {
  static let corpus = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/corpus")

  /// The cooperative list's columns, with labels as DOMAIN.md lists them.
  static let list = TableSpec(
    id: "htx-list",
    columns: [
      ColumnSpec(id: "stt", labels: ["STT", "Số TT", "TT"]),
      ColumnSpec(id: "name", labels: ["Tên HTX", "Tên hợp tác xã", "Tên đơn vị"], required: true),
      ColumnSpec(id: "tax_code", labels: ["Mã số thuế", "Mã số HTX", "MST"], required: true),
      ColumnSpec(id: "commune", labels: ["Xã/phường/thị trấn", "Địa chỉ"]),
      ColumnSpec(id: "sector", labels: ["Lĩnh vực", "Ngành nghề", "Lĩnh vực hoạt động"]),
      ColumnSpec(id: "founded", labels: ["Ngày thành lập", "Ngày đăng ký"]),
      ColumnSpec(id: "status", labels: ["Tình trạng", "Tình trạng hoạt động"]),
      ColumnSpec(id: "members", labels: ["Số thành viên", "Tổng số thành viên"]),
      ColumnSpec(id: "labour", labels: ["Lao động > Tổng số", "Số lao động", "Lao động thường xuyên"]),
      ColumnSpec(id: "member_labour", labels: ["Lao động > Trong đó: thành viên", "Lao động là thành viên"]),
      ColumnSpec(id: "charter_capital", labels: ["Vốn điều lệ"]),
      ColumnSpec(id: "revenue", labels: ["Doanh thu"]),
      ColumnSpec(id: "profit", labels: ["Lợi nhuận", "Lãi (lỗ)"]),
      ColumnSpec(id: "avg_income", labels: ["Thu nhập bình quân"]),
      ColumnSpec(id: "rating", labels: ["Xếp loại", "Phân loại"]),
    ])

  static func locate(_ path: String, sheet: String? = nil) throws -> LocatedTable? {
    let source = try SpreadsheetFile.open(path: corpus.appendingPathComponent(path).path)
    let index = sheet.flatMap { source.sheetIndex(named: $0) } ?? 0
    return try TableLocator(table: list).locate(in: source, sheet: index)
  }

  @Test(arguments: [
    "xlsx/01-xlsxwriter-shared-strings.xlsx", "xlsx/04-libreoffice.xlsx", "xlsx/11-nfd-text.xlsx",
    "csv/14-utf8-bom-comma.csv", "csv/16-utf16le-tab.txt", "csv/17-cp1258-semicolon.csv",
  ])
  func mergedTwoRowHeaderIsFoundWithEveryColumn(_ path: String) throws {
    let table = try #require(try Self.locate(path, sheet: "Biểu 01"))
    #expect(table.missingColumns.isEmpty, "\(path): missing \(table.missingColumns)")
    #expect(table.matches["labour"]?.column == 9)
    #expect(table.matches["member_labour"]?.column == 10)
    #expect(table.matches["avg_income"]?.unit == "triệu đồng/người/năm")
    #expect(table.columnNumberRow == table.headerRows.upperBound + 1)
    #expect(table.firstDataRow == table.headerRows.upperBound + 2)
  }

  @Test(arguments: [
    ("Lao động > Tổng số", ["Lao động", "Tổng số"]),
    ("Vốn (triệu đồng) > Trong đó > Điều lệ", ["Vốn (triệu đồng)", "Trong đó", "Điều lệ"]),
    ("Tỷ lệ >50%", ["Tỷ lệ >50%"]),
    ("A >> B", ["A >> B"]),
    ("Doanh thu", ["Doanh thu"]),
    (" > Đầu", ["", "Đầu"]),
  ])
  func composedHeadersSplitAtTheirArrows(header: String, parts: [String]) {
    // Split on " > " only: a ">" with no space around it belongs to the text.
    #expect(TableLocator.parts(of: header) == parts)
  }

  @Test func headerRowsOfTheXLSXReturnAreSixAndSeven() throws {
    let table = try #require(try Self.locate("xlsx/01-xlsxwriter-shared-strings.xlsx", sheet: "Biểu 01"))
    #expect(table.headerRows == 6...7)
    #expect(table.firstDataRow == 9)
    #expect(table.extraColumns.isEmpty)
  }

  @Test func aHeaderThatGoesOnAfterALabelIsLabelLike() {
    let locator = TableLocator(table: Self.list)
    // A label's words and more: the row may start a header.
    #expect(locator.isLabelLike("Số thành viên hiện có"))
    #expect(locator.isLabelLike("Tổng số thành viên của HTX"))
    #expect(locator.isLabelLike("Lao động thường xuyên bình quân"))
    // The same first word, another label; a label's words run together; a short label.
    #expect(!locator.isLabelLike("Số hộ tham gia"))
    #expect(!locator.isLabelLike("Số thành viênmới"))
    #expect(!locator.isLabelLike("Hợp tác xã Nông nghiệp Tràng Định"))
  }

  @Test func codeListSharingAFewLabelsIsNotTheTable() {
    let grid: [Int: [Int: String]] = [
      1: [1: "STT", 2: "Lĩnh vực", 3: "Tình trạng", 4: "Xếp loại"], 2: [1: "1", 2: "Nông nghiệp"],
    ]
    #expect(TableLocator(table: Self.list).locate(in: grid) == nil)
  }

  /// A three-row header whose "Lao động" is merged over two rows and two columns (I7:J8),
  /// its children on the third: read alike with the merged ranges and without (a CSV
  /// saved from it), so a read that guesses before the merges are known guesses right.
  @Test func aParentTwoRowsTallReadsAlikeWithOrWithoutItsMerge() throws {
    let labels = [
      "STT", "Tên HTX", "Mã số thuế", "Xã/phường/thị trấn", "Lĩnh vực", "Ngày thành lập", "Tình trạng",
      "Số thành viên", "Lao động", "", "Vốn điều lệ (triệu đồng)",
    ]
    var top: [Int: String] = [:]
    for (index, label) in labels.enumerated() where !label.isEmpty { top[index + 1] = label }
    let grid: [Int: [Int: String]] = [
      4: [1: "DANH SÁCH HỢP TÁC XÃ 6 THÁNG ĐẦU NĂM 2017"], 7: top, 9: [9: "Tổng số", 10: "Trong đó: thành viên"],
      10: Dictionary(uniqueKeysWithValues: (1...11).map { ($0, "(\($0))") }),
      11: [1: "1", 2: "HTX Rau an toàn", 3: "4900055344", 8: "7", 9: "18", 10: "3", 11: "1000"],
    ]
    let tall = (1...11).filter { $0 != 9 && $0 != 10 }.map {
      CellRange(CellRef(row: 7, column: $0), CellRef(row: 9, column: $0))
    }
    let merges = tall + [CellRange(CellRef(row: 7, column: 9), CellRef(row: 8, column: 10))]
    let locator = TableLocator(table: Self.list)
    let merged = try #require(locator.locate(in: grid, merges: merges))
    #expect(merged.headerRows == 7...9)
    #expect(merged.matches["member_labour"]?.column == 10)
    #expect(merged.matches["member_labour"]?.header == "Lao động > Trong đó: thành viên")
    #expect(locator.locate(in: grid) == merged)
  }

  /// "Lao động" over "Tổng số" | "Trong đó", with "thành viên" alone on a third row
  /// under "Trong đó", the other headers merged down the three rows; with and without the
  /// merged ranges, with and without a column-number row after it.
  @Test(arguments: [(true, true), (true, false), (false, true), (false, false)])
  func aThirdHeaderRowHoldingOneCellIsPartOfTheHeader(merged: Bool, numbered: Bool) throws {
    let labels = [
      "STT", "Tên hợp tác xã", "Mã số thuế", "Lĩnh vực", "Ngày thành lập", "Tình trạng", "Số thành viên",
      "Lao động", "", "Vốn điều lệ", "Doanh thu",
    ]
    var top: [Int: String] = [:]
    for (index, label) in labels.enumerated() where !label.isEmpty { top[index + 1] = label }
    var grid: [Int: [Int: String]] = [
      2: [1: "DANH SÁCH HỢP TÁC XÃ 6 THÁNG ĐẦU NĂM 2017"], 4: top, 5: [8: "Tổng số", 9: "Trong đó"],
      6: [9: "thành viên"],
    ]
    let data = [1: "1", 2: "HTX Rau an toàn", 3: "4900055344", 7: "12", 8: "18", 9: "3", 10: "1000", 11: "20"]
    if numbered { grid[7] = Dictionary(uniqueKeysWithValues: (1...11).map { ($0, "(\($0))") }) }
    grid[numbered ? 8 : 7] = data
    let tall = (1...11).filter { $0 != 8 && $0 != 9 }.map {
      CellRange(CellRef(row: 4, column: $0), CellRef(row: 6, column: $0))
    }
    let merges =
      merged
      ? tall + [
        CellRange(CellRef(row: 4, column: 8), CellRef(row: 4, column: 9)),
        CellRange(CellRef(row: 5, column: 8), CellRef(row: 6, column: 8)),
      ] : []
    let located = try #require(TableLocator(table: Self.list).locate(in: grid, merges: merges))
    #expect(located.headerRows == 4...6)
    #expect(located.firstDataRow == (numbered ? 8 : 7))
    #expect(located.columnNumberRow == (numbered ? 7 : nil))
    #expect(located.matches["labour"]?.column == 8)
    #expect(located.matches["member_labour"]?.column == 9)
    #expect(!located.missingColumns.contains("member_labour"))
    #expect(located.extraColumns.isEmpty)
  }

  /// A last header row holding only a note under a column that is no form column changes
  /// no match; the column-number row under it still marks where the header ends.
  @Test func theColumnNumberRowEndsAHeaderWhoseLastRowMatchesNothing() throws {
    let header = Self.listHeader(inserting: "Ghi chú", at: 10)
    let grid: [Int: [Int: String]] = [
      4: header, 5: [11: "(nếu có)"], 6: Dictionary(uniqueKeysWithValues: (1...11).map { ($0, "(\($0))") }),
      7: [1: "1", 2: "HTX Rau an toàn", 3: "4900055344"],
    ]
    let located = try #require(TableLocator(table: Self.list).locate(in: grid))
    #expect(located.headerRows == 4...5)
    #expect(located.columnNumberRow == 6)
    #expect(located.firstDataRow == 7)
  }

  @Test(arguments: [
    "Lao động (người)", "Lao động\n(người)", "Lao động (thường xuyên)", "Lao động thường xuyên", "Số lao động",
  ])
  func aParentWithAUnitOrAnotherNameStillHoldsItsChildren(parent: String) throws {
    let labels = [
      "STT", "Tên HTX", "Mã số thuế", "Lĩnh vực", "Ngày thành lập", "Tình trạng", "Số thành viên", parent, "",
      "Kết quả SXKD (triệu đồng)", "",
    ]
    var top: [Int: String] = [:]
    for (index, label) in labels.enumerated() where !label.isEmpty { top[index + 1] = label }
    let grid: [Int: [Int: String]] = [
      7: top, 8: [8: "Tổng số", 9: "Trong đó: thành viên", 10: "Doanh thu", 11: "Lợi nhuận"],
      9: Dictionary(uniqueKeysWithValues: (1...11).map { ($0, "(\($0))") }),
      10: [1: "1", 2: "HTX Rau an toàn", 3: "4900055344", 7: "7", 8: "18", 9: "3", 10: "1000", 11: "20"],
    ]
    let located = try #require(TableLocator(table: Self.list).locate(in: grid))
    #expect(located.headerRows == 7...8)
    #expect(located.firstDataRow == 10)
    #expect(located.matches["labour"]?.column == 8)
    #expect(located.matches["member_labour"]?.column == 9)
    #expect(located.matches["revenue"]?.unit == "triệu đồng", "a parent's unit reaches its children")
    #expect(located.extraColumns.isEmpty && located.duplicateColumns.isEmpty)
  }

  @Test(arguments: [("TH năm 2017", true), ("Thực hiện năm 2016 (HTX)", true), ("TH năm 17", false), ("TH năm", false)])
  func aYearInALabelIsWrittenN(header: String, matches: Bool) throws {
    let summary = TableSpec(
      id: "summary",
      columns: [
        ColumnSpec(id: "stt", labels: ["STT"]), ColumnSpec(id: "indicator", labels: ["Chỉ tiêu"]),
        ColumnSpec(id: "unit", labels: ["Đơn vị tính"]),
        ColumnSpec(id: "value", labels: ["TH năm N", "Thực hiện năm N"]),
      ])
    let grid: [Int: [Int: String]] = [
      5: [1: "STT", 2: "Chỉ tiêu", 3: "Đơn vị tính", 4: "Kế hoạch năm 2017", 5: header],
      6: [1: "1", 2: "Tổng số hợp tác xã", 3: "HTX", 4: "9", 5: "7"],
    ]
    let located = try #require(TableLocator(table: summary).locate(in: grid))
    #expect((located.matches["value"]?.column == 5) == matches, "\(header)")
    #expect(located.matches["value"]?.column != 4, "a plan column is no result")
  }

  @Test(arguments: [
    (["Thực hiện năm 2016", "Kế hoạch năm 2017", "Ước TH 6 tháng năm 2017"], "BIỂU TỔNG HỢP NĂM 2017", 6),
    (["Thực hiện 6 tháng đầu năm 2016", "Ước thực hiện 6 tháng đầu năm 2017"], "", 5),
    (["TH năm 2016", "Ước TH 6 tháng"], "6 THÁNG ĐẦU NĂM 2017", 5),
    (["Ước TH 6 tháng năm 2017", "Thực hiện năm 2016"], "", 4),
  ])
  func theValueColumnIsTheOneForThePeriod(headers: [String], title: String, column: Int) throws {
    let summary = TableSpec(
      id: "summary",
      columns: [
        ColumnSpec(id: "stt", labels: ["STT"]), ColumnSpec(id: "indicator", labels: ["Chỉ tiêu"]),
        ColumnSpec(id: "unit", labels: ["Đơn vị tính"]),
        ColumnSpec(id: "value", labels: ["Ước TH 6 tháng", "Ước thực hiện", "Thực hiện", "TH năm N"]),
      ])
    var header: [Int: String] = [1: "STT", 2: "Chỉ tiêu", 3: "Đơn vị tính"]
    for (index, text) in headers.enumerated() { header[4 + index] = text }
    let grid: [Int: [Int: String]] = [
      2: [1: title], 5: header, 6: [1: "1", 2: "Tổng số hợp tác xã", 3: "HTX", 4: "9", 5: "7", 6: "8"],
    ]
    let located = try #require(TableLocator(table: summary).locate(in: grid))
    #expect(located.matches["value"]?.column == column, "\(headers)")
    #expect(located.duplicateColumns.isEmpty, "another year's column is no repeat")
  }

  @Test func sheetWithoutTheFormFindsNothing() {
    let grid: [Int: [Int: String]] = [1: [1: "Chỉ tiêu", 2: "Đơn vị tính", 3: "Thực hiện"]]
    #expect(TableLocator(table: Self.list).locate(in: grid) == nil)
  }

  @Test func unknownHeaderIsAnExtraColumnAndAbsentOnesAreMissing() throws {
    let grid: [Int: [Int: String]] = [
      3: [
        1: "STT", 2: "Tên HTX", 3: "Mã số thuế", 4: "Ghi chú", 5: "Số thành viên", 6: "Lĩnh vực",
        8: "Đơn vị tính: triệu đồng",
      ],
      4: [1: "1", 2: "HTX A", 3: "4900123457"],
    ]
    let table = try #require(TableLocator(table: Self.list).locate(in: grid))
    #expect(table.headerRows == 3...3)
    #expect(table.extraColumns == [4: "Ghi chú"], "the unit note beside the header is no column")
    #expect(table.missingColumns.contains("labour") && !table.missingColumns.contains("members"))
    #expect(table.columnNumberRow == nil)
  }

  @Test(arguments: [("(1)", true), ("3", true), ("A", true), ("(5)=(3)+(4)", true), ("STT", false), ("", false)])
  func columnNumberCells(_ text: String, _ expected: Bool) {
    #expect(TableLocator.isColumnNumber(text) == expected)
  }

  /// A header row of the list with `extra` inserted before the column at `index`, and
  /// `replacing` headers swapped in.
  static func listHeader(inserting extra: String? = nil, at index: Int = 0, replacing: [String: String] = [:])
    -> [Int: String]
  {
    var labels = [
      "STT", "Tên hợp tác xã", "Mã số thuế", "Lĩnh vực", "Ngày thành lập", "Tình trạng", "Số thành viên",
      "Số lao động", "Vốn điều lệ", "Doanh thu",
    ].map { replacing[$0] ?? $0 }
    if let extra { labels.insert(extra, at: index) }
    return Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($0.offset + 1, $0.element) })
  }

  @Test(arguments: [
    ("Số thành viên mới kết nạp", 6, "members", 8), ("Vốn điều lệ thực góp", 8, "charter_capital", 10),
    ("Số lao động thời vụ", 7, "labour", 9), ("Số thành viên là pháp nhân", 6, "members", 8),
    ("Doanh thu kế hoạch", 9, "revenue", 11),
  ])
  func aHeaderThatQualifiesALabelLosesToTheLabelItself(qualified: String, at index: Int, field: String, column: Int)
    throws
  {
    let grid = [3: Self.listHeader(inserting: qualified, at: index), 4: [1: "1", 2: "HTX A", 3: "4900123457"]]
    let located = try #require(TableLocator(table: Self.list).locate(in: grid))
    #expect(located.matches[field]?.column == column, "\(qualified)")
    #expect(located.extraColumns == [index + 1: qualified])
    #expect(located.duplicateColumns.isEmpty, "a qualified header repeats no column")
  }

  @Test func seasonalLabourBeforeRegularLabourLeavesLabourToTheRegular() throws {
    let header = Self.listHeader(
      inserting: "Số lao động thời vụ", at: 7, replacing: ["Số lao động": "Số lao động thường xuyên"])
    let located = try #require(TableLocator(table: Self.list).locate(in: [3: header]))
    #expect(located.matches["labour"]?.column == 9)
    #expect(located.extraColumns == [8: "Số lao động thời vụ"])
  }

  @Test(
    arguments: [
      ("Số lao động thời vụ", "Số lao động", "labour", nil),
      ("Số thành viên mới kết nạp trong kỳ", "Số thành viên", "members", nil),
      ("Doanh thu kế hoạch", "Doanh thu", "revenue", nil), ("Số thành viên nữ", "Số thành viên", "members", nil),
      // Words of the column's other labels, their initials, a period or a unit qualify nothing.
      ("Số lao động thường xuyên", "Số lao động", "labour", 8), ("Tình trạng HĐ", "Tình trạng", "status", 6),
      ("Số thành viên đến 30/6/2017", "Số thành viên", "members", 7),
      ("Số thành viên năm 2017", "Số thành viên", "members", 7), ("Doanh thu\nĐVT: đồng", "Doanh thu", "revenue", 10),
      // Other added words still head the label's column when no closer header does.
      ("Vốn điều lệ thực góp", "Vốn điều lệ", "charter_capital", 9),
      ("Vốn điều lệ đăng ký", "Vốn điều lệ", "charter_capital", 9),
      ("Ngày thành lập HTX", "Ngày thành lập", "founded", 5),
      ("Tình trạng hoạt động hiện nay", "Tình trạng", "status", 6), ("Doanh thu thuần", "Doanh thu", "revenue", 10),
    ] as [(String, String, String, Int?)])
  func aLongerHeaderAloneTakesTheFieldOnlyWhenItsExtraWordsQualifyNothing(
    header: String, replacing label: String, field: String, column: Int?
  ) throws {
    let grid = [3: Self.listHeader(replacing: [label: header])]
    let located = try #require(TableLocator(table: Self.list).locate(in: grid))
    #expect(located.matches[field]?.column == column, "\(header)")
    #expect(located.missingColumns.contains(field) == (column == nil), "\(header)")
  }

  @Test(arguments: [false, true])
  func aRowOfUnitsUnderTheHeaderGivesTheColumnsTheirUnits(numbered: Bool) throws {
    let header = Self.listHeader(replacing: ["Vốn điều lệ": "Vốn điều lệ (tỷ đồng)"])
    var grid: [Int: [Int: String]] = [
      3: header, 4: [1: "ĐVT", 7: "người", 8: "(người)", 9: "triệu đồng", 10: "nghìn đồng"],
    ]
    if numbered { grid[5] = Dictionary(uniqueKeysWithValues: (1...10).map { ($0, "(\($0))") }) }
    grid[numbered ? 6 : 5] = [1: "1", 2: "HTX Rau an toàn", 3: "4900055344", 7: "12", 10: "150000"]
    let located = try #require(TableLocator(table: Self.list).locate(in: grid))
    #expect(located.unitRow == 4)
    #expect(located.firstDataRow == (numbered ? 6 : 5))
    #expect(located.matches["revenue"]?.unit == "nghìn đồng")
    #expect(located.matches["revenue"]?.unitRow == 4)
    #expect(located.matches["members"]?.unit == "người" && located.matches["labour"]?.unit == "người")
    #expect(located.matches["charter_capital"]?.unit == "tỷ đồng", "the header's own unit comes first")
    #expect(located.matches["charter_capital"]?.unitRow == nil)
  }

  @Test func aDataRowIsNoRowOfUnits() {
    #expect(UnitRow.units(in: [1: "1", 2: "HTX Rau an toàn", 3: "4900055344", 7: "12", 8: "người"]) == nil)
    #expect(UnitRow.units(in: [1: "ĐVT", 7: "người"]) == nil, "one unit makes no row of units")
    #expect(UnitRow.units(in: [7: "Người", 10: "Tr.đ", 11: "Ghi chú"]) == [7: "Người", 10: "Tr.đ"])
  }

  @Test func unitInParenthesesIsSplitButColumnNumbersAreNot() {
    #expect(HeaderLabel("Vốn điều lệ (triệu đồng)") == HeaderLabel(label: "Vốn điều lệ", unit: "triệu đồng"))
    #expect(HeaderLabel("(3)").unit == nil)
  }

  /// A cell of a sheet's head is split whatever it holds: a colon with no word before it
  /// ("ĐVT:", ": đồng", ":") ended the run once, and any text made of the marks a unit
  /// stands behind is split without a fault, into a label no longer than the text.
  @Test func anyTextSplitsWithoutAFault() {
    #expect(HeaderLabel(":") == HeaderLabel(label: ":", unit: nil))
    #expect(HeaderLabel(": đồng").unit == nil)
    #expect(HeaderLabel("ĐVT:").unit == nil)
    #expect(HeaderLabel("Doanh thu ĐVT: đồng").unit == "đồng")
    let pieces = [
      ":", " ", "(", ")", "[", "]", "-", " - ", ",", ";", "*", "\n", "ĐVT", "đồng", "Doanh", "thu", "(*)", "1", "–",
    ]
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<5_000 {
      let text = (0..<Int.random(in: 0...7, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? ""
      }
      .joined()
      let split = HeaderLabel(text)
      #expect(split.label.count <= text.count, "\(text)")
    }
  }

  @Test(arguments: [
    ("Doanh thu\nĐVT: đồng", "Doanh thu", "đồng"), ("Doanh thu\nĐơn vị tính: đồng", "Doanh thu", "đồng"),
    ("Doanh thu - đồng", "Doanh thu", "đồng"), ("Doanh thu (đồng)*", "Doanh thu", "đồng"),
    ("Doanh thu (đồng) (*)", "Doanh thu", "đồng"), ("Doanh thu [nghìn đồng]", "Doanh thu", "nghìn đồng"),
    ("Doanh thu\nĐơn vị: 1.000đ", "Doanh thu", "1.000đ"), ("Doanh thu (ĐVT: nghìn đồng)", "Doanh thu", "nghìn đồng"),
    ("Doanh thu, ĐVT: triệu đồng", "Doanh thu", "triệu đồng"), ("Doanh thu ĐVT: tỷ đồng", "Doanh thu", "tỷ đồng"),
    ("Doanh thu\nĐVT: USD", "Doanh thu", "USD"), ("Doanh thu\nđồng", "Doanh thu", "đồng"),
  ])
  func aUnitOutsideParenthesesIsSplitOff(text: String, label: String, unit: String) {
    #expect(HeaderLabel(text) == HeaderLabel(label: label, unit: unit), "\(text)")
  }

  @Test(arguments: [
    "Công nghiệp - TTCN", "Lao động > Trong đó: thành viên", "Đơn vị tính: triệu đồng", "Doanh thu\nnăm 2017",
    "Doanh thu (*)", "Tên HTX - Địa chỉ",
  ])
  func wordsThatNameNoUnitStayInTheLabel(text: String) {
    #expect(HeaderLabel(text).unit == nil, "\(text)")
    #expect(HeaderLabel(text).label == text)
  }
}

extension HeaderLabel {
  init(label: String, unit: String?) {
    self.init(label)
    self.label = label
    self.unit = unit
  }
}

/// The locator matches the most promising headers first and skips one that cannot win:
/// it finds what matching every candidate in reading order finds.
@Suite struct PrunedLocateTests {
  /// The first rows of every sheet of every file under `Fixtures`, as the locator reads them.
  static func heads() throws -> [(name: String, grid: [Int: [Int: String]], merges: [CellRange])] {
    let root = TableLocatorTests.corpus.deletingLastPathComponent()
    var heads: [(String, [Int: [Int: String]], [CellRange])] = []
    let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
    for file in files.sorted() where file.hasSuffix(".xlsx") || file.hasSuffix(".csv") {
      guard !file.hasSuffix(".expected.csv"),
        let source = try? SpreadsheetFile.open(path: root.appendingPathComponent(file).path)
      else { continue }
      for sheet in source.sheets {
        var grid: [Int: [Int: String]] = [:]
        guard
          let summary = try? source.readRows(
            sheet: sheet.index,
            { row in
              guard row.number <= 40 else { return }
              for cell in 0..<row.count {
                let text = row.value(at: cell).description
                if !text.isEmpty { grid[row.number, default: [:]][row.column(at: cell)] = text }
              }
            })
        else { continue }
        heads.append(("\(file) › \(sheet.name)", grid, summary.mergedRanges))
      }
    }
    return heads
  }

  @Test func everyFixtureSheetLocatesAsMatchingEveryCandidateDoes() throws {
    let pack = try Pack.load(folder: PackLoadingTests.kttt)
    let locators = pack.forms.map { TableLocator(table: $0.table) } + [TableLocator(table: TableLocatorTests.list)]
    let heads = try Self.heads()
    #expect(heads.count > 50)
    var found = 0
    for head in heads {
      for locator in locators {
        let pruned = locator.locate(in: head.grid, merges: head.merges)
        #expect(pruned == locator.locateMatchingEveryCandidate(in: head.grid, merges: head.merges), "\(head.name)")
        if pruned != nil { found += 1 }
      }
    }
    #expect(found > 40)
  }

  @Test func aHeaderWhoseColumnsMatchByTheirLeadOrChildIsNotSkipped() throws {
    // Seven exact labels over column numbers, then eight columns further down, two of
    // them matched only by a label they start with ("Số lao động năm 2017") or by their
    // last part ("Chỉ tiêu > Vốn điều lệ"): the second header has more columns and wins.
    func row(_ cells: [String]) -> [Int: String] {
      Dictionary(uniqueKeysWithValues: cells.enumerated().map { ($0.offset + 1, $0.element) })
    }
    let grid: [Int: [Int: String]] = [
      1: [1: "DANH SÁCH HTX"],
      3: row(["STT", "Tên HTX", "Mã số thuế", "Xã/phường/thị trấn", "Lĩnh vực", "Ngày thành lập", "Tình trạng"]),
      4: row((1...7).map { "(\($0))" }),
      5: row(["1", "HTX A", "0100109106", "Xã B", "Nông nghiệp", "05/01/2015", "Đang hoạt động"]),
      10: row([
        "STT", "Tên HTX", "Mã số thuế", "Doanh thu", "Lợi nhuận", "Xếp loại", "Số lao động năm 2017",
        "Chỉ tiêu > Vốn điều lệ",
      ]),
      11: row(["1", "HTX A", "0100109106", "120", "12", "Khá", "20", "1500"]),
    ]
    let locator = TableLocator(table: TableLocatorTests.list)
    let located = try #require(locator.locate(in: grid))
    #expect(located.headerRows == 10...10)
    #expect(located.matches["labour"]?.column == 7 && located.matches["charter_capital"]?.column == 8)
    #expect(located == locator.locateMatchingEveryCandidate(in: grid))
  }

  @Test func ofTwoEqualHeadersTheEarlierWins() throws {
    // The same header twice (a second printed page pasted under the first): both score
    // alike, and the first is the table's.
    let header = ["STT", "Tên HTX", "Mã số thuế", "Số thành viên", "Số lao động", "Vốn điều lệ"]
    var grid: [Int: [Int: String]] = [1: [1: "DANH SÁCH HTX"]]
    for row in [3, 9] {
      grid[row] = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($0.offset + 1, $0.element) })
      grid[row + 1] = [1: "1", 2: "HTX A", 3: "0100109106", 4: "12", 5: "20", 6: "1500"]
    }
    let locator = TableLocator(table: TableLocatorTests.list)
    let located = try #require(locator.locate(in: grid))
    #expect(located.headerRows == 3...3)
    #expect(located == locator.locateMatchingEveryCandidate(in: grid))
  }

  /// Heads made at random from the pack's labels as offices garble them (units in every
  /// form, footnote marks, parents over children, case, line breaks, a label's words cut
  /// short) over rows of data: the pruned search, which passes over a header whose words
  /// start no label before making its keys, finds what matching every candidate finds.
  @Test func garbledHeadsLocateAsMatchingEveryCandidateDoes() throws {
    let pack = try Pack.load(folder: PackLoadingTests.kttt)
    let locators = pack.forms.map { TableLocator(table: $0.table) }
    let labels = pack.forms.flatMap { $0.table.columns.flatMap(\.labels) }
    let units = ["", " (đồng)", " (triệu đồng)", "\n(tỷ đồng)", " - người", ", %", " (*)", "*", ": ", " (1)"]
    let data = [
      "1", "Hợp tác xã Bình An", "0100109106", "Đang hoạt động", "12,5", "2017", "ngày 5/1/2017", "-", "ĐVT: đồng",
    ]
    var generator = SystemRandomNumberGenerator()
    func garbled(_ label: String) -> String {
      var text = label
      switch Int.random(in: 0..<6, using: &generator) {
      case 0: text = text.uppercased()
      case 1: text = "  " + text.lowercased() + " "
      case 2: text = text.split(separator: " ").prefix(Int.random(in: 1...3, using: &generator)).joined(separator: " ")
      default: break
      }
      return text + (units.randomElement(using: &generator) ?? "")
    }
    var located = 0
    for _ in 0..<150 {
      var grid: [Int: [Int: String]] = [1: [1: "BÁO CÁO TÌNH HÌNH HTX NĂM 2017"]]
      let top = Int.random(in: 2...6, using: &generator)
      let columns = Int.random(in: 3...14, using: &generator)
      for column in 1...columns {
        grid[top, default: [:]][column] = garbled(labels.randomElement(using: &generator) ?? "")
        if Bool.random(using: &generator) {
          grid[top + 1, default: [:]][column] = garbled(labels.randomElement(using: &generator) ?? "")
        }
        for row in (top + 2)...(top + 8) where Int.random(in: 0..<4, using: &generator) > 0 {
          grid[row, default: [:]][column] = data.randomElement(using: &generator)
        }
      }
      for locator in locators {
        let pruned = locator.locate(in: grid)
        #expect(pruned == locator.locateMatchingEveryCandidate(in: grid), "\(grid)")
        if pruned != nil { located += 1 }
      }
    }
    #expect(located > 20)
  }

  /// A text's first key word, folded on its own, is the first word of its whole key.
  @Test func aFirstWordIsTheKeysFirstWord() {
    let pieces = [
      "Số", "lao", "ĐỘNG", "đ", "(", ")", " ", " > ", ">", "-", "2017", "\u{301}", "e\u{301}", "ợ", "*", "\n", "Ω", "😀",
    ]
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<3_000 {
      let text = (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? ""
      }.joined()
      let key = LabelFolding.key(text)
      guard let word = LabelFolding.firstWord(text[...]) else {
        // Left unknown only past the fast table.
        #expect(LabelFolding.fastKey(text) == nil, "\(text)")
        continue
      }
      #expect(word == String(TableLocator.firstWord(of: key)), "\(text)")
    }
  }
}

extension TableLocator {
  /// ``TableLocator/locate(in:merges:)`` by matching every candidate header in reading
  /// order, as the locator did before it skipped any: the search it must agree with.
  func locateMatchingEveryCandidate(in grid: [Int: [Int: String]], merges: [CellRange] = []) -> LocatedTable? {
    let rows = grid.keys.sorted().filter { $0 <= searchRows }
    let lastColumn = grid.values.flatMap(\.keys).max() ?? 0
    let labelRows = Set(rows.filter { grid[$0]?.values.contains(where: isLabelLike) == true })
    var best: (score: Int, table: LocatedTable)?
    var rowFacts = RowFacts()
    for start in rows where labelRows.contains(start) || labelRows.contains(start + 1) {
      for depth in 1...3 {
        let headerRows = start...(start + depth - 1)
        let headers = composeHeaders(grid, rows: headerRows, lastColumn: lastColumn, merges: merges)
        let (candidate, exact) = match(headers, headerRows: headerRows, grid: grid, rowFacts: &rowFacts)
        let matched = candidate.matches.count
        guard matched >= minimumMatches,
          matched * 5 >= table.columns.count * 2 || requiredIDs.isSubset(of: candidate.matches.keys)
        else { continue }
        let score = matched * 1000 + (candidate.columnNumberRow != nil ? 500 : 0) + exact
        if score > (best?.score ?? 0) { best = (score, candidate) }
      }
    }
    return best?.table
  }
}
