import Testing

@testable import Schema

/// The period a return reports on, read from title lines written the way offices write
/// them: several periods in one line, quarters, spans of years, ranges and closing days.
@Suite struct ReportingPeriodTitleTests {
  @Test(arguments: [
    // An earlier year beside the half-year reported on is a comparison.
    ("TÌNH HÌNH HOẠT ĐỘNG CỦA HTX NĂM 2016 VÀ 6 THÁNG ĐẦU NĂM 2017", "2017-H1"),
    ("SO SÁNH NĂM 2016 VÀ 6 THÁNG ĐẦU NĂM 2017", "2017-H1"),
    ("KẾT QUẢ NĂM 2016, ƯỚC THỰC HIỆN NĂM 2017", "2017"),
    // A period after "so với", "cùng kỳ" is compared with, however late it is stated.
    ("BÁO CÁO SO SÁNH 6 THÁNG ĐẦU NĂM 2017 VỚI NĂM 2016", "2017-H1"),
    ("DANH SÁCH HTX 6 THÁNG ĐẦU NĂM 2017 SO VỚI CÙNG KỲ NĂM 2016", "2017-H1"),
    ("DANH SÁCH HỢP TÁC XÃ 6 THÁNG ĐẦU NĂM 2017 (SO SÁNH VỚI NĂM 2016)", "2017-H1"),
    // A later period that is a plan is not reported on; carrying out a plan is.
    ("KẾT QUẢ NĂM 2017 VÀ KẾ HOẠCH NĂM 2018", "2017"),
    ("BÁO CÁO 6 THÁNG ĐẦU NĂM 2017 VÀ PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2017", "2017-H1"),
    ("BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH NĂM 2017", "2017"),
    // An estimate for the whole year beside the half reported on.
    ("ƯỚC THỰC HIỆN 6 THÁNG ĐẦU NĂM 2017 VÀ ƯỚC CẢ NĂM 2017", "2017-H1"),
    ("THỰC HIỆN 6 THÁNG ĐẦU NĂM 2017 VÀ ƯỚC THỰC HIỆN NĂM 2017", "2017-H1"),
    ("BÁO CÁO ƯỚC THỰC HIỆN NĂM 2017", "2017"),
    // Months with no year of their own take the year named after them.
    ("ĐÁNH GIÁ 6 THÁNG ĐẦU NĂM VÀ DỰ KIẾN CẢ NĂM 2017", "2017-H1"),
    ("Thời điểm báo cáo: 30/6/2017", "2017-H1"),
  ])
  func lineNamingSeveralPeriodsReportsOnTheLatestStated(_ title: String, _ label: String) {
    #expect(ReportingPeriod.detect(inTitles: [title])?.label == label)
  }

  @Test func comparisonLineGivesNoPeriod() {
    #expect(ReportingPeriod.detect(inTitles: ["(Số liệu đầu kỳ tính đến 31/12/2016)"]) == nil)
    let titles = ["BÁO CÁO SO SÁNH VỚI NĂM 2016", "DANH SÁCH HTX 6 THÁNG ĐẦU NĂM 2017"]
    #expect(ReportingPeriod.detect(inTitles: titles)?.label == "2017-H1")
  }

  @Test(arguments: [
    "DANH SÁCH HTX NĂM 2017 - 2018", "BÁO CÁO TÌNH HÌNH KINH TẾ TẬP THỂ GIAI ĐOẠN 2016-2020",
  ])
  func spanOfYearsGivesNoPeriod(_ title: String) {
    #expect(ReportingPeriod.detect(inTitles: [title]) == nil)
  }

  @Test func plannedSpanLeavesTheYearReportedOn() {
    #expect(ReportingPeriod.detect(inTitles: ["KẾT QUẢ NĂM 2017 VÀ KẾ HOẠCH GIAI ĐOẠN 2018 - 2020"])?.label == "2017")
  }

  @Test(arguments: [
    "DANH SÁCH HTX QUÝ II NĂM 2017", "Báo cáo quý 3/2017", "BÁO CÁO TÌNH HÌNH HTX QUÝ IV NĂM 2017",
    "DANH SÁCH HTX Q2 2017",
  ])
  func quarterAfterTheFirstGivesNoPeriod(_ title: String) {
    #expect(ReportingPeriod.detect(inTitles: [title, "Đơn vị tính: triệu đồng"]) == nil)
  }

  @Test func firstQuarterIsTheYearToItsLastDay() throws {
    let period = try #require(ReportingPeriod.detect(inTitles: ["DANH SÁCH HTX QUÝ I NĂM 2017"]))
    #expect(period.label == "2017-03-31")
    #expect(period.start == (2017, 1, 1) && period.end == (2017, 3, 31))
  }

  @Test(arguments: [
    ("Kỳ báo cáo: 01/01/2017 - 30/06/2017", "2017-H1"), ("Kỳ báo cáo: từ 01/01/2017 đến 31/12/2017", "2017"),
    ("Kỳ báo cáo: từ ngày 01/07/2017 đến ngày 31/12/2017", "2017-H2"),
    ("Từ ngày 1 tháng 1 năm 2017 đến ngày 30 tháng 9 năm 2017", "2017-09-30"),
  ])
  func rangeGivesThePeriodItCovers(_ title: String, _ label: String) {
    #expect(ReportingPeriod.detect(inTitles: [title])?.label == label)
  }

  @Test func rangeNotStartingTheYearOrItsSecondHalfGivesNoPeriod() {
    // April to June closes on 30 June, but is no first half.
    #expect(ReportingPeriod.detect(inTitles: ["Kỳ báo cáo: từ 01/04/2017 đến 30/06/2017"]) == nil)
    #expect(ReportingPeriod.detect(inTitles: ["Kỳ báo cáo: 01/07/2016 - 30/06/2017"]) == nil)
  }

  @Test(arguments: [
    ("DANH SÁCH HTX (số liệu đến 30/6/2017)", "2017-H1"), ("Số liệu đến hết ngày 31/12/2016", "2016"),
    ("DANH SÁCH HTX (số liệu đến 15/3/2018)", "2018-03-15"),
  ])
  func closingDayWithoutNgayGivesThePeriodItCloses(_ title: String, _ label: String) {
    #expect(ReportingPeriod.detect(inTitles: [title])?.label == label)
  }

  @Test(arguments: [
    ("BÁO CÁO 9 THÁNG ĐẦU NĂM 2017", "2017-09-30"),
    ("DANH SÁCH HTX 6 THÁNG ĐẦU NĂM 2017 - Cao Lộc, ngày 05 tháng 7 năm 2017", "2017-H1"),
  ])
  func monthsAndDatesAreNotReadAsTheWholeYear(_ title: String, _ label: String) {
    #expect(ReportingPeriod.detect(inTitles: [title])?.label == label)
  }

  @Test func signatureDateGivesNoPeriod() {
    #expect(ReportingPeriod.detect(inTitles: ["BÁO CÁO", "Cao Lộc, ngày 05 tháng 7 năm 2017"]) == nil)
  }
}
