import SheetIO
import Testing

@testable import Schema

/// Cells read as their column's type the way offices type them.
@Suite struct ValueReaderTests {
  static let members = FormColumn(spec: ColumnSpec(id: "members", labels: ["Số thành viên"]), type: .integer)
  static let capital = FormColumn(
    spec: ColumnSpec(id: "charter_capital", labels: ["Vốn điều lệ"]), type: .decimal, unit: "triệu đồng")
  static let founded = FormColumn(spec: ColumnSpec(id: "founded", labels: ["Ngày thành lập"]), type: .date)
  static let taxCode = FormColumn(
    spec: ColumnSpec(id: "tax_code", labels: ["Mã số thuế"]), type: .text,
    constraints: ColumnConstraints(pattern: #"^\d{10}(-\d{3})?$"#))
  static let status = FormColumn(
    spec: ColumnSpec(id: "status", labels: ["Tình trạng"]), type: .enum, vocabulary: "status")
  static let statuses = Vocabulary(
    id: "status",
    values: [
      ("Đang hoạt động", ["hoạt động", "hoạt động cầm chừng"]), ("Đã giải thể", ["giải thể", "phá sản"]),
    ])

  let vi = ValueReader(numberStyle: .vi)

  @Test func vietnameseNumberTextIsANumber() {
    #expect(vi.read(.text("1.287"), column: Self.members).value == .number(1287))
    #expect(vi.read(.text("-"), column: Self.members).value == .number(0))
    #expect(vi.read(.text("x"), column: Self.members).value == .blank)
    #expect(vi.read(.text("24,5"), column: Self.capital).value == .number(24.5))
  }

  @Test func fractionInAnIntegerColumnIsATypeError() {
    let fraction = vi.read(.number(12.5), column: Self.members)
    #expect(fraction.problem?.code == .typeError && fraction.value == .blank, "no rule reads 12.5 members")
    #expect(fraction.problem?.message == "expected a whole number, found 12.5")
    #expect(vi.read(.text("mười"), column: Self.members).problem?.code == .typeError)
  }

  @Test func headerUnitIsConverted() throws {
    let factor = try #require(UnitConversion.factor(from: "đồng", to: "triệu đồng"))
    #expect(vi.read(.number(24_000_000_000), column: Self.capital, unitFactor: factor).value == .number(24_000))
    #expect(UnitConversion.factor(from: "tỷ đồng", to: "triệu đồng") == 1000)
    #expect(UnitConversion.factor(from: "người", to: "triệu đồng") == nil)
  }

  @Test(arguments: [
    ("đ", 1e-6), ("VNĐ", 1e-6), ("1000đ", 1e-3), ("1.000 đồng", 1e-3), ("nghìn đồng", 1e-3), ("Tr.đ", 1),
    ("trđ", 1), ("Tr.đồng", 1), ("TRIỆU ĐỒNG", 1), ("tỷ đồng", 1e3), ("tỷ", 1e3), ("₫", 1e-6), ("Ngđ", 1e-3),
    ("Ng.đ", 1e-3), ("ngđ", 1e-3), ("x1000đ", 1e-3), ("×1.000 đ", 1e-3), ("ĐVT: nghìn đồng", 1e-3),
    ("Đơn vị tính: nghìn đồng", 1e-3), ("đv: ngàn đồng", 1e-3), ("ĐVT: 1.000đ", 1e-3), ("Triệu VNĐ", 1),
    ("Tr.VNĐ", 1), ("đơn vị: triệu đồng", 1), ("ĐVT: đồng", 1e-6), ("tỷ VND", 1e3),
  ])
  func headerUnitsAsOfficesWriteThem(unit: String, factor: Double) {
    #expect(UnitConversion.factor(from: unit, to: "triệu đồng") == factor, "\(unit)")
  }

  @Test(arguments: ["người", "ngày", "ĐVT", "Đơn vị tính", "x", "USD", "ĐVT: USD", "nghìn người", "1000 USD"])
  func wordsThatAreNoMoneyUnitStayUnknown(_ unit: String) {
    #expect(UnitConversion.factor(from: unit, to: "triệu đồng") == nil, "\(unit)")
  }

  @Test func anAmountPerYearIsTheYearsAmountButAMonthlyOrPerPersonRateIsNot() {
    #expect(UnitConversion.factor(from: "triệu đồng/năm", to: "triệu đồng") == 1)
    #expect(UnitConversion.factor(from: "nghìn đồng/năm", to: "triệu đồng") == 1e-3)
    #expect(UnitConversion.factor(from: "triệu đồng/tháng", to: "triệu đồng") == nil, "a month is no year's amount")
    #expect(UnitConversion.factor(from: "triệu đồng/người/năm", to: "triệu đồng") == nil, "per person is a rate")
    #expect(UnitConversion.factor(from: "triệu đồng/năm", to: "triệu đồng/người/năm") == 1, "a rate column reads it")
    #expect(UnitConversion.factor(from: "triệu đồng/tháng", to: "triệu đồng/người/năm") == 12)
  }

  @Test func aMoneyCellThatNamesItsOwnUnitIsATypeErrorSayingWhatItStandsFor() {
    let rounded = vi.read(.text("4,92 tỷ"), column: Self.capital)
    #expect(rounded.value == .blank && rounded.problem?.code == .typeError)
    #expect(
      rounded.problem?.message
        == "expected a number in triệu đồng, found '4,92 tỷ' (4920 triệu đồng): write the figure itself")
    #expect(vi.read(.text("1.500 tr.đ"), column: Self.capital).problem?.message.contains("(1500 triệu đồng)") == true)
    #expect(vi.read(.text("12 người"), column: Self.capital).problem?.message == "expected a number, found '12 người'")
  }

  @Test(arguments: [
    ("1.500.000.000 đồng", "1500"), ("2.000.000.000đ", "2000"), ("800.000 đ", "0.8"), ("1.234 ₫", "0.001234"),
    ("5.000.000 VNĐ", "5"), ("5.000.000 VND", "5"), ("24.000.000 vnđ", "24"),
  ])
  func aMoneyCellInDongIsATypeErrorGivingTheFigureInTheColumnsUnit(text: String, figure: String) {
    let read = vi.read(.text(text), column: Self.capital)
    #expect(read.value == .blank, "not \(text) triệu đồng")
    #expect(read.problem?.code == .typeError)
    #expect(
      read.problem?.message
        == "expected a number in triệu đồng, found '\(text)' (\(figure) triệu đồng): write the figure itself")
    #expect(read.problem?.vietnamese.contains("(\(figure) triệu đồng)") == true)
  }

  @Test func aDongAmountInAColumnWithoutAUnitIsNoNumber() {
    let members = vi.read(.text("24.000 đ"), column: Self.members)
    #expect(members.value == .blank && members.problem?.message == "expected a number, found '24.000 đ'")
  }

  @Test func aFormulaWithoutASavedResultIsATypeErrorInAnyColumn() {
    for column in [Self.members, Self.capital, FormColumn(spec: ColumnSpec(id: "name", labels: ["Tên"]), type: .text)] {
      let outcome = vi.read(.error(.noSavedResult), column: column)
      #expect(outcome.value == .blank && outcome.problem?.code == .typeError)
      #expect(outcome.problem?.message.contains("formula whose result was not saved") == true)
    }
  }

  @Test func aCountMayNameWhatItCounts() {
    let value = FormColumn(spec: ColumnSpec(id: "value", labels: ["Số lượng"]), type: .decimal)
    #expect(vi.read(.text("11 HTX"), column: value).value == .number(11))
    #expect(vi.read(.text("2.273 người"), column: value).value == .number(2273))
    #expect(vi.read(.text("11 ngày"), column: value).problem?.code == .typeError, "not what a count counts")
    #expect(vi.read(.text("2 tỷ"), column: value).problem?.code == .typeError, "money needs the column's unit")
  }

  @Test func ratesConvertBetweenMonthsAndYears() {
    #expect(UnitConversion.factor(from: "triệu đồng/người/tháng", to: "triệu đồng/người/năm") == 12)
    #expect(UnitConversion.factor(from: "nghìn đồng/người/năm", to: "triệu đồng/người/năm") == 1e-3)
    #expect(UnitConversion.factor(from: "triệu đồng/người/tháng", to: "triệu đồng") == nil, "a rate is no amount")
    #expect(UnitConversion.factor(from: "USD", to: "triệu đồng") == nil)
    #expect(!UnitConversion.isMoney("triệu đồng/người/tháng"))
  }

  @Test(arguments: [
    (CellValue.text("30/6/2017"), TypedValue.date(year: 2017, month: 6, day: 30)),
    (.text("ngày 5 tháng 3 năm 2017"), .date(year: 2017, month: 3, day: 5)),
    (.text("2017-06-30"), .date(year: 2017, month: 6, day: 30)),
    (.number(42916), .date(year: 2017, month: 6, day: 30)),
    (.date(CellDate(serial: 42916, date1904: false)), .date(year: 2017, month: 6, day: 30)),
  ])
  func datesReadFromSerialsAndText(_ cell: CellValue, _ expected: TypedValue) {
    #expect(vi.read(cell, column: Self.founded).value == expected)
  }

  @Test(arguments: [CellValue.number(2009), .number(1900), .number(2100), .text("2017"), .text(" 2017 ")])
  func aYearInADateColumnIsATypeErrorAskingForTheFullDate(_ cell: CellValue) {
    let read = vi.read(cell, column: Self.founded)
    #expect(read.value == .blank, "not a serial of 1905")
    #expect(read.problem?.code == .typeError && read.note == nil)
    #expect(read.problem?.message.contains("which looks like a year: write the full date (dd/mm/yyyy)") == true)
    #expect(read.problem?.vietnamese.contains("trông như một năm") == true)
  }

  @Test func aSerialOutsideTheYearsReadsAsADateAndSaysWhichDate() {
    let serial = vi.read(.number(41000), column: Self.founded)
    #expect(serial.value == .date(year: 2012, month: 4, day: 1) && serial.problem == nil)
    #expect(serial.note?.message == "the number 41000 was read as the date 2012-04-01")
    #expect(serial.note?.vietnamese == "số 41000 được đọc thành ngày 2012-04-01")
    #expect(vi.read(.number(2101), column: Self.founded).value == .date(year: 1905, month: 10, day: 1))
    #expect(vi.read(.number(1899), column: Self.founded).problem == nil)
  }

  @Test(arguments: [
    ("Ngày 05/11/2004", TypedValue.date(year: 2004, month: 11, day: 5)),
    ("ngày 20/02/2017", .date(year: 2017, month: 2, day: 20)),
    ("NGÀY 20-02-2017", .date(year: 2017, month: 2, day: 20)),
    ("Nga\u{300}y: 20/02/2017", .date(year: 2017, month: 2, day: 20)),
    ("05/06/2017 08:30", .date(year: 2017, month: 6, day: 5)),
    ("05/06/2017 8:30:15", .date(year: 2017, month: 6, day: 5)),
    ("2017-06-05T08:30:00", .date(year: 2017, month: 6, day: 5)),
    ("5/6/2017 08:30 PM", .date(year: 2017, month: 6, day: 5)),
    ("ngày 05/06/2017 08:30", .date(year: 2017, month: 6, day: 5)),
  ])
  func datesWithALeadingNgayOrATimeAfterThemRead(_ text: String, _ expected: TypedValue) {
    let read = vi.read(.text(text), column: Self.founded)
    #expect(read.value == expected && read.problem == nil, "\(text)")
  }

  @Test(arguments: [
    "05/11/04", "ngày 05/11/04", "05/06/2017 25:00", "05/06/2017 08:61", "2017 8:30", "ngày 5 năm 2017",
    "05/06/2017 (cấp lại 2019)",
  ])
  func datesStillRefused(_ text: String) {
    let read = vi.read(.text(text), column: Self.founded)
    #expect(read.value == .blank && read.problem?.code == .typeError, "\(text)")
    #expect(read.problem?.message == "expected a date (dd/mm/yyyy), found '\(text)'")
  }

  @Test func impossibleDateIsATypeError() {
    #expect(vi.read(.text("31/02/2017"), column: Self.founded).problem?.code == .typeError)
  }

  @Test func taxCodeStoredAsANumberGetsItsZeroBackAndSaysSo() {
    let read = vi.read(.number(100_234_567), column: Self.taxCode)
    #expect(read.value == .text("0100234567"))
    #expect(read.note != nil)
    #expect(vi.read(.text(" 4900123457-001 "), column: Self.taxCode).value == .text("4900123457-001"))
  }

  @Test(arguments: [
    ("4900 453 338", "4900453338", "spaces between digits removed"),
    ("4900\u{A0}453\u{A0}338-001", "4900453338-001", "spaces between digits removed"),
    ("49009\n70713", "4900970713", "spaces between digits removed"),
    ("４９00561485", "4900561485", "full-width digits made ASCII"),
    ("４９00 561 485", "4900561485", "spaces between digits removed and full-width digits made ASCII"),
  ])
  func aTaxCodeTypedInGroupsOrFullWidthIsJoinedAndSaysSo(_ text: String, _ code: String, _ change: String) {
    let read = vi.read(.text(text), column: Self.taxCode)
    #expect(read.value == .text(code) && read.problem == nil)
    #expect(read.note?.message == "'\(text)' read as \(code): \(change)")
    #expect(read.note?.vietnamese.hasPrefix("'\(text)' được đọc thành \(code): đã ") == true)
  }

  @Test(arguments: ["490O 811 350", "MST: 4900 814 785", "4900407236 - 001", "4900000708–001", "4900 453.338"])
  func aTaxCodeWithLettersOrMarksStaysAsTypedForThePattern(_ text: String) {
    let read = vi.read(.text(text), column: Self.taxCode)
    #expect(read.value == .text(text) && read.note == nil)
  }

  @Test func onlyACodeOfDigitsIsJoined() {
    let name = FormColumn(spec: ColumnSpec(id: "name", labels: ["Tên"]), type: .text)
    #expect(vi.read(.text("19 5"), column: name).value == .text("19 5"))
    #expect(vi.read(.text("4900 453 338"), column: name).note == nil)
  }

  @Test func enumTakesSynonymsAndRefusesOthers() {
    #expect(
      vi.read(.text("Hoạt động cầm chừng"), column: Self.status, vocabulary: Self.statuses).value
        == .text("Đang hoạt động"))
    #expect(vi.read(.text("PHÁ SẢN"), column: Self.status, vocabulary: Self.statuses).value == .text("Đã giải thể"))
    #expect(vi.read(.text("Tạm nghỉ"), column: Self.status, vocabulary: Self.statuses).problem?.code == .enumError)
  }

  @Test("a whole number is told apart from a fraction at any size and sign")
  func wholeNumbers() {
    for whole in [0.0, -0.0, 7, -7, 4_503_599_627_370_495, 1e20, -1e300] {
      #expect(ValueReader.isWhole(whole), "\(whole)")
    }
    for part in [0.5, -0.5, 7.000_000_1, 4_503_599_627_370_495.5, Double.nan] {
      #expect(!ValueReader.isWhole(part), "\(part)")
    }
    // An integer column takes 18 members, not 18.5.
    #expect(ValueReader.scaled(18, by: 1, integer: true).whole)
    #expect(!ValueReader.scaled(18.5, by: 1, integer: true).whole)
  }

  @Test("numbers read to the 15 significant digits a spreadsheet shows")
  func numbersToFifteenDigits() {
    #expect(ValueReader.scaled(7.999_999_999_999_999_1, by: 1, integer: false).value == 8)
    #expect(ValueReader.scaled(0.1 + 0.2, by: 1, integer: false).value == 0.3)
    #expect(ValueReader.scaled(30.5 / 12 * 12, by: 1, integer: false).value == 30.5)
    #expect(ValueReader.scaled(2_541.5, by: 0.012, integer: false).value == 30.498)
    // Fifteen digits stay as written; whole numbers are left alone.
    #expect(ValueReader.scaled(1_234_567.890_123_45, by: 1, integer: false).value == 1_234_567.890_123_45)
    #expect(ValueReader.scaled(123_456_789_012_345_678, by: 1, integer: false).value == 123_456_789_012_345_678)
    #expect(
      ValueReader.scaled(-0.000_012_345_678_901_234_56, by: 1, integer: false).value == -0.000_012_345_678_901_234_6)
  }
}
