import Foundation
import Testing

@testable import Schema

/// Every reading of a cell's or a title's text takes any text without a fault: texts are
/// made at random from the pieces real returns hold (numbers in both styles, dates,
/// periods, units, district names) and the marks that break them (colons, brackets,
/// combining marks, line breaks, other scripts). A fault would end the whole run: each
/// reading returns, and what it returns is a date, a period or a unit that can be.
@Suite struct HostileTextTests {
  static let pieces = [
    "1", "23", "0", "-", ".", ",", " ", "  ", "/", ":", "(", ")", "[", "]", "%", "*", "+", "e", "E", "\n", "\r\n",
    "\t", "\u{A0}", "\u{2013}", "\u{2028}", "\u{301}", "\u{323}", "ngày", "tháng", "năm", "quý", "6 tháng", "đầu",
    "cuối", "I", "II", "IV", "đồng", "triệu", "tỷ", "nghìn", "ĐVT", "người", "/tháng", "N", "UBND", "HUYỆN", "huyện",
    "Cao Lộc", "Văn Lãng", "xã", "Số", "lao động", ">", "2017", "2025", "30/6/2017", "1.234,5", "1,234.5", "12/13/2020",
    "31/02/2019", "99999999999999999999", "0x", "١٢", "２０", "😀", "Ω", "TP", "thành phố", "kỳ", "báo cáo", "số",
  ]

  static func texts(_ count: Int, longest: Int = 8) -> [String] {
    var generator = SystemRandomNumberGenerator()
    return (0..<count).map { _ in
      (0..<Int.random(in: 0...longest, using: &generator)).map { _ in
        pieces.randomElement(using: &generator) ?? ""
      }.joined()
    }
  }

  @Test func numbersDatesAndUnitsReadAnyText() {
    for text in Self.texts(20_000) {
      for style in NumberStyle.allCases {
        _ = NumberParser.parse(text, style: style)
        _ = NumberParser.parsePlain(text, style: style)
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { raw in
          let bytes = UnsafeRawBufferPointer(raw)
          _ = NumberParser.canonicalNumber(bytes, style: style)
          _ = NumberParser.parsePlain(bytes, style: style)
          _ = NumberParser.parseCanonical(bytes, style: style)
          _ = NumberStyleDetector.evidence(utf8: bytes)
          _ = NumberStyleDetector.evidence(ofCanonical: bytes)
          _ = DateText.parseDigits(bytes)
        }
      }
      if let (year, month, day) = DateText.parse(text) {
        #expect((1...12).contains(month) && (1...31).contains(day) && year > 0, "\(text)")
      }
      if let size = UnitConversion.size(of: text) { #expect(size.dong > 0 && size.dong.isFinite, "\(text)") }
      _ = TableLocator.isColumnNumber(text)
      _ = HeaderLabel(text)
      _ = LabelTail.changesMeaning(Substring(LabelFolding.key(text)))
      _ = LabelTail.isNeutral(Substring(LabelFolding.key(text)), ownWords: ["so", "lao", "dong"])
    }
  }

  @Test func periodsAndUnitsAreFoundInAnyTitle() throws {
    let pack = try Pack.load(folder: PackLoadingTests.kttt)
    let matchers = pack.unitLists.values.map { UnitMatcher(list: $0) }
    let texts = Self.texts(6_000, longest: 12)
    for (index, text) in texts.enumerated() {
      let titles = [text, texts[(index + 1) % texts.count]]
      for period in [ReportingPeriod.detect(inTitles: titles), ReportingPeriod.detect(inFileName: text + ".xlsx")] {
        guard let period else { continue }
        #expect(period.start <= period.end && (1...12).contains(period.end.month), "\(titles)")
      }
      _ = TitlePeriods.reported(inKey: LabelFolding.key(text))
      _ = UnitRow.units(in: [1: text, 2: "người", 3: titles[1]])
      for matcher in matchers {
        _ = matcher.unit(inTitles: titles)
        _ = matcher.unit(inFileName: text + ".csv")
      }
    }
  }

  @Test func patternsCompileAndMatchAnyText() {
    let patterns =
      Self.texts(3_000, longest: 5).map { $0.replacingOccurrences(of: "ngày", with: "[0-9]{2,3}") }
      + ["^[0-9]{10}(-[0-9]{3})?$", "(", ")", "[", "a{3,1}", "\\", "a**", "[z-a]", "^$", "(a|)+", "{2}"]
    let texts = Self.texts(50)
    for pattern in patterns {
      guard let compiled = TextPattern.compiled(pattern) else { continue }
      for text in texts { _ = compiled.matchesWhole(text) }
    }
  }
}
