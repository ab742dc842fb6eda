import Testing

@testable import Schema

/// Numbers typed as text read right in the file's style, and the style is decided from
/// unambiguous texts only.
@Suite struct NumberParsingTests {
  @Test(arguments: [
    ("1.234,5", NumberStyle.vi, ParsedNumber.value(1234.5)), ("1.750", .vi, .value(1750)),
    ("2.273", .vi, .value(2273)), ("24,5", .vi, .value(24.5)), ("1,234.5", .en, .value(1234.5)),
    ("1\u{A0}234\u{A0}567", .vi, .value(1_234_567)), ("  42  ", .vi, .value(42)), ("-", .vi, .dash),
    ("–", .vi, .dash), ("x", .vi, .notApplicable), ("…", .vi, .unknown), ("(1.500)", .vi, .value(-1500)),
    ("12%", .vi, .value(0.12)), ("24.000 đ", .vi, .invalid), ("5.000.000 VNĐ", .vi, .invalid),
    ("1.23.4", .vi, .invalid),
    ("abc", .vi, .invalid), ("24 tỷ", .vi, .invalid), ("-3,5", .vi, .value(-3.5)),
  ])
  func textReadsInStyle(_ text: String, _ style: NumberStyle, _ expected: ParsedNumber) {
    #expect(NumberParser.parse(text, style: style) == expected, "\(text)")
  }

  @Test func styleIsDecidedByUnambiguousTexts() {
    var detector = NumberStyleDetector()
    for text in ["1.750", "2.273", "24,5"] { detector.observe(text) }
    #expect(detector.decide(fallback: .en) == .vi)
    var english = NumberStyleDetector()
    for text in ["1,750", "1,234,567", "0.5"] { english.observe(text) }
    #expect(english.decide() == .en)
  }

  @Test func ambiguousTextsDoNotVote() {
    var detector = NumberStyleDetector()
    for text in ["1.750", "1,234", "12"] { detector.observe(text) }
    #expect(detector.decide(fallback: .en) == .en)
    #expect(detector.decide(fallback: .vi) == .vi)
    #expect(!detector.isMixed)
  }

  @Test func withoutAVoteAmbiguousTextsLeanTowardGroupingThousands() {
    var english = NumberStyleDetector()
    for text in ["1,500", "2,000", "12", "3,050"] { english.observe(text) }
    #expect(english.decide(fallback: .vi) == .en, "an export whose numbers are all 1,500 is not 1.5")
    var vietnamese = NumberStyleDetector()
    vietnamese.observe(utf8: UnsafeRawBufferPointer(start: nil, count: 0))
    for text in ["1.500", "2.273"] { Array(text.utf8).withUnsafeBytes { vietnamese.observe(utf8: $0) } }
    #expect(vietnamese.decide(fallback: .en) == .vi)
    var voted = NumberStyleDetector()
    for text in ["1,500", "2,000", "24,5"] { voted.observe(text) }
    #expect(voted.decide(fallback: .en) == .vi, "one unambiguous text outweighs any lean")
    #expect(NumberStyleDetector.grouping("12,5".utf8) == nil && NumberStyleDetector.grouping("1.234,5".utf8) == nil)
  }

  @Test func mixedStylesAreNoticed() {
    var detector = NumberStyleDetector()
    detector.observe("1.234,5")
    detector.observe("1,234.5")
    #expect(detector.isMixed)
  }
}
