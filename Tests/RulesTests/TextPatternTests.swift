import Foundation
import Testing

@testable import Rules

/// Column patterns match whole texts exactly as NSRegularExpression does, whether the
/// byte matcher or ICU runs them.
@Suite struct TextPatternTests {
  static let patterns = [
    #"^\d{10}(-\d{3})?$"#, #"\d{10}"#, #"^[0-9]{2,4}$"#, #"^[A-Z][a-z]*\.?$"#, #"a|ab"#, #"(a|ab)(c|bcd)"#,
    #"^(?:x|y)+z?$"#, #"^[^0-9 ]+$"#, #"^\w+\s\w+$"#, #"^.{3}$"#, #"^[-+]?\d+(\.\d+)?$"#, #"^\D*$"#, #"^a{2,}$"#,
    #"^[a\-z]$"#, #"^(a*)*$"#, #"^HTX-\d{3}$"#, #"^\bword$"#, #"^a*?b$"#, #"^Xã .+$"#, #"(?i)^abc$"#,
  ]
  static let texts = [
    "", "4900123457", "4900123457-001", "490012345", "4900123457-01", "12", "123", "12345", "Abc", "Abc.", "abc",
    "a", "ab", "abc", "abcd", "xyxyz", "xz", "z", "hello world", "hello  world", "+12.5", "-3", "1.", "aaa", "-",
    "HTX-007", "word", "aab", "b", "Xã Tân Liên", "ABC", "x\ny", "tab\there",
  ]

  @Test(arguments: patterns) func agreesWithNSRegularExpression(pattern: String) throws {
    let compiled = try #require(TextPattern(pattern))
    let regex = try NSRegularExpression(pattern: pattern)
    for text in Self.texts {
      let range = NSRange(text.startIndex..., in: text)
      let expected = regex.firstMatch(in: text, options: [.anchored], range: range)?.range == range
      #expect(compiled.matchesWhole(text) == expected, "\(pattern) on \(text.debugDescription)")
    }
  }

  @Test func theFirstAlternativeThatMatchesDecides() throws {
    // ICU takes `a` before `ab`: the anchored first match of `a|ab` on "ab" is "a".
    let pattern = try #require(TextPattern("a|ab"))
    #expect(!pattern.matchesWhole("ab"))
    #expect(pattern.matchesWhole("a"))
  }

  @Test func commonPatternsRunOnBytesAndTheRestOnICU() throws {
    #expect(try #require(TextPattern(#"^\d{10}(-\d{3})?$"#)).runsOnBytes)
    #expect(try #require(TextPattern(#"^[A-Z]{2}-\d+$"#)).runsOnBytes)
    #expect(try #require(TextPattern(#"^a*?b$"#)).runsOnBytes == false)
    #expect(try #require(TextPattern(#"^\bword$"#)).runsOnBytes == false)
  }

  @Test func anInvalidPatternIsNil() {
    #expect(TextPattern("[0-9") == nil)
  }
}
