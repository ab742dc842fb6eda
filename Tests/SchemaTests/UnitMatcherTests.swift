import Testing

@testable import Schema

/// A return's unit comes from its title line, else from its file name; its period from
/// the title.
@Suite struct UnitMatcherTests {
  static let matcher = UnitMatcher(
    list: UnitList(
      id: "lang-son-districts", provinceCode: "20", provinceName: "Lạng Sơn",
      units: [
        SubmittingUnit(code: "178", name: "Thành phố Lạng Sơn", aliases: ["TP Lạng Sơn"]),
        SubmittingUnit(code: "183", name: "Cao Lộc", aliases: ["Huyện Cao Lộc"]),
        SubmittingUnit(code: "180", name: "Tràng Định"),
      ]))

  @Test(arguments: [
    (["UBND HUYỆN CAO LỘC", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], "183"),
    (["UBND THÀNH PHỐ LẠNG SƠN"], "178"), (["Ủy ban nhân dân huyện Tràng Định"], "180"),
    // The province's own name is no unit; the district named after its kind word wins.
    (["UBND TỈNH LẠNG SƠN", "DANH SÁCH HỢP TÁC XÃ TRÊN ĐỊA BÀN HUYỆN CAO LỘC 6 THÁNG ĐẦU NĂM 2017"], "183"),
  ])
  func titleNamesTheUnit(_ titles: [String], _ code: String) {
    #expect(Self.matcher.unit(inTitles: titles)?.code == code)
  }

  @Test func titleWithoutAUnitNamesNone() {
    #expect(Self.matcher.unit(inTitles: ["DANH SÁCH HỢP TÁC XÃ", "Đơn vị tính: triệu đồng"]) == nil)
    #expect(Self.matcher.unit(inTitles: ["UBND TỈNH LẠNG SƠN", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ"]) == nil)
  }

  @Test(arguments: [
    ("returns/cao-loc.xlsx", "183"), ("183_2017H1.csv", "183"), ("Trang_Dinh 2017.xlsx", "180"),
    ("BC 183.csv", "183"), ("tong hop 180.csv", "180"), ("HTX Lang Son - huyen Cao Loc.xlsx", "183"),
    ("TP Lạng Sơn.csv", "178"), ("Thành phố Lạng Sơn 2017.xlsx", "178"),
  ])
  func fileNameNamesTheUnit(_ name: String, _ code: String) {
    #expect(Self.matcher.unit(inFileName: name)?.code == code)
  }

  @Test func unrelatedFileNameNamesNone() {
    #expect(Self.matcher.unit(inFileName: "bao-cao-tong-hop.xlsx") == nil)
  }

  @Test(arguments: [
    ("DANH SÁCH HỢP TÁC XÃ 6 THÁNG ĐẦU NĂM 2017", "2017-H1"), ("BÁO CÁO 6 tháng cuối năm 2016", "2016-H2"),
    ("BÁO CÁO TÌNH HÌNH KINH TẾ TẬP THỂ NĂM 2018", "2018"), ("BÁO CÁO KINH TẾ TẬP THỂ 6 THÁNG NĂM 2017", "2017-H1"),
    ("DANH SÁCH HỢP TÁC XÃ (TÍNH ĐẾN NGÀY 30/6/2017)", "2017-H1"),
    ("Danh sách HTX đến ngày 31 tháng 12 năm 2016", "2016"), ("BÁO CÁO 9 THÁNG NĂM 2017", "2017-09-30"),
    ("Số liệu tại thời điểm 15/3/2018", "2018-03-15"),
  ])
  func titleNamesThePeriod(_ title: String, _ label: String) {
    #expect(ReportingPeriod.detect(inTitles: [title])?.label == label)
  }

  @Test func periodBounds() throws {
    let half = try #require(ReportingPeriod("2017-H1"))
    #expect(half.end == (2017, 6, 30) && half.start == (2017, 1, 1))
    let toDay = try #require(ReportingPeriod("2017-12-14"))
    #expect(toDay.end == (2017, 12, 14))
    #expect(ReportingPeriod("2017-H3") == nil)
  }
}
