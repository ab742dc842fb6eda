import Foundation
import Testing

@testable import Schema

/// `htx.yaml` patterns and periods named by file names.
@Suite struct ProjectConfigTests {
  @Test(arguments: [
    ("returns/**/*.xlsx", "returns/a.xlsx", true),
    ("returns/**/*.xlsx", "returns/2017/h1/a.XLSX", true),
    ("returns/**/*.xlsx", "returns/a.csv", false),
    ("returns/*.csv", "returns/sub/a.csv", false),
    ("*_2017H1.csv", "183_2017H1.csv", true),
    ("1??_*.csv", "183_x.csv", true),
    ("1??_*.csv", "1834_x.csv", false),
    ("**/*.csv", "a.csv", true),
    // A name stored decomposed matches the composed pattern, and the other way round.
    ("Bình Gia - báo cáo.xlsx", "Bi\u{0300}nh Gia - ba\u{0301}o ca\u{0301}o.xlsx", true),
    ("Bi\u{0300}nh Gia *.xlsx", "Bình Gia 2017.xlsx", true),
  ])
  func globPatterns(pattern: String, path: String, matches: Bool) {
    #expect(GlobPattern(pattern).matches(path) == matches)
  }

  @Test(arguments: [
    ("returns/183_2017H1.csv", "2017-H1"),
    ("cao-loc-2017-h2.xlsx", "2017-H2"),
    ("bao cao 6 thang dau nam 2018.xlsx", "2018-H1"),
    ("bao-cao-nam-2016.xlsx", "2016"),
  ])
  func periodsInFileNames(name: String, label: String) {
    #expect(ReportingPeriod.detect(inFileName: name)?.label == label)
  }

  @Test func fileNamesWithoutAYearNameNoPeriod() {
    #expect(ReportingPeriod.detect(inFileName: "cao-loc.xlsx") == nil)
    #expect(ReportingPeriod.detect(inFileName: "183_12017.csv") == nil)
  }

  /// The year found on a folded name's bytes is the one the pattern
  /// `(?<![0-9a-z])20\d\d(?![0-9])` finds first, over names made of the pieces that fool it.
  @Test func theYearOfAFileNameIsThePatternsFirstMatch() throws {
    let pattern = try NSRegularExpression(pattern: #"(?<![0-9a-z])20\d\d(?![0-9])"#)
    let pieces = ["20", "2017", "2", "0", "1", "9", "x", "h", "_", "-", " ", ".", "ợ", "đ", "Z", "120", "201"]
    var generator = SystemRandomNumberGenerator()
    var found = 0
    for _ in 0..<5_000 {
      let name = (0..<Int.random(in: 0...8, using: &generator)).map { _ in
        pieces.randomElement(using: &generator) ?? ""
      }.joined()
      let match = pattern.firstMatch(in: name, range: NSRange(name.startIndex..., in: name))
      let expected = match.flatMap { Range($0.range, in: name) }.map { String(name[$0]) }
      let year = ReportingPeriod.firstYear(in: name)
      #expect(year?.year == expected, "\(name)")
      if let year, let match, let range = Range(match.range, in: name) { #expect(year.end == range.upperBound) }
      if expected != nil { found += 1 }
    }
    #expect(found > 300)
  }

  @Test func aConfigIsReadWithItsPlaces() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("htx-\(UUID().uuidString).yaml")
    try "pack: kttt\nperiod: 2017-H1\nunits: lang-son-districts\nfiles: [\"a/*.csv\"]\nnumber_style: vi\n".write(
      to: url, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: url) }
    let config = try ProjectConfig.load(url)
    #expect(config.pack == "kttt" && config.period?.label == "2017-H1" && config.units == "lang-son-districts")
    #expect(config.files == ["a/*.csv"] && config.numberStyle == .vi)
    #expect(config.location(of: "units").line == 3 && config.location(of: "units").column == 8)
  }

  @Test func aBadNumberStyleIsAnErrorAtItsValue() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("htx-\(UUID().uuidString).yaml")
    try "period: 2017\nnumber_style: fr\n".write(to: url, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: url) }
    #expect {
      try ProjectConfig.load(url)
    } throws: { error in
      guard let error = error as? SchemaError else { return false }
      return error.location.line == 2 && error.location.column == 15 && error.message.contains("'fr'")
    }
  }
}
