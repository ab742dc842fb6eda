import Testing

@testable import SheetIO

/// Serials become ISO dates the way Excel displays them, in both date systems.
@Suite struct CellDateTests {
  @Test(arguments: [
    (42916.0, false, "2017-06-30"), (42916.5, false, "2017-06-30T12:00:00"), (0.6875, false, "16:30:00"),
    (59.0, false, "1900-02-28"), (61.0, false, "1900-03-01"), (1.0, false, "1900-01-01"),
    (41454.0, true, "2017-06-30"), (0.0, true, "00:00:00"), (2_958_465.0, false, "9999-12-31"),
  ])
  func serialBecomesISOText(_ serial: Double, _ date1904: Bool, _ expected: String) {
    #expect(CellDate(serial: serial, date1904: date1904).description == expected)
  }

  @Test(arguments: [
    ("2017-06-30", "2017-06-30"), ("2017-06-30T08:15:00", "2017-06-30T08:15:00"),
    ("08:15:00", "08:15:00"), ("2017-06-30T00:00:00Z", "2017-06-30"),
  ])
  func isoCellTextRoundTrips(_ text: String, _ expected: String) throws {
    let date = try #require(ISODate.parse(Array(text.utf8)))
    #expect(date.description == expected)
  }

  @Test func malformedISOTextIsNotADate() {
    #expect(ISODate.parse(Array("30/06/2017".utf8)) == nil)
    #expect(ISODate.parse(Array("2017-13-01".utf8)) == nil)
  }

  @Test func civilDaysRoundTrip() {
    for days in stride(from: -800_000, through: 800_000, by: 997) {
      let (year, month, day) = CellDate.civil(fromDays: days)
      #expect(CellDate.days(year: year, month: month, day: day) == days)
    }
  }
}
