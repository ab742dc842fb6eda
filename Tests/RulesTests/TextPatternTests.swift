import Foundation
import Testing

@testable import Rules
@testable import Schema

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
    // Digits of another script, which ICU's `\d` takes and a byte table cannot judge.
    "٤٩٠٠١٢٣٤٥٧", "4900١23457", "x٤٩",
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

  @Test func patternsAnchoredAtBothEndsRunAsAnAutomaton() throws {
    #expect(try #require(TextPattern(#"^\d{10}(-\d{3})?$"#)).runsAsAutomaton)
    #expect(try #require(TextPattern(#"^(a*)*$"#)).runsAsAutomaton)
    // A tax code's few sets of positions make a table: a lookup a byte.
    #expect(try #require(TextPattern(#"^\d{10}(-\d{3})?$"#)).runsAsTable)
    // First-match order decides without `$`, and 65 positions do not fit.
    #expect(try #require(TextPattern(#"^a|ab"#)).runsAsAutomaton == false)
    #expect(try #require(TextPattern(#"^\d{65}$"#)).runsAsAutomaton == false)
  }

  /// Random anchored patterns of the byte matcher's syntax, on random short texts of
  /// their alphabet, agree with ICU.
  @Test(arguments: [11, 12, 13]) func randomAnchoredPatternsAgreeWithICU(seed: UInt64) throws {
    var state = seed
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    func atom(_ depth: Int) -> String {
      switch next(depth > 0 ? 7 : 5) {
      case 0: return "a"
      case 1: return "b"
      case 2: return "[ab]"
      case 3: return #"\d"#
      case 4: return "."
      case 5: return "(\(piece(depth - 1))|\(piece(depth - 1)))"
      default: return "(?:\(piece(depth - 1)))"
      }
    }
    func piece(_ depth: Int) -> String {
      (0..<(1 + next(3))).map { _ in atom(depth) + ["", "?", "*", "+", "{2}", "{1,3}", "{0,2}"][next(7)] }.joined()
    }
    var automata = 0
    for _ in 0..<60 {
      let pattern = "^" + piece(2) + "$"
      let compiled = try #require(TextPattern(pattern))
      if compiled.runsAsAutomaton { automata += 1 }
      let regex = try NSRegularExpression(pattern: pattern)
      for _ in 0..<40 {
        let text = String((0..<next(7)).map { _ in ["a", "b", "1", "-"][next(4)] as Character })
        let range = NSRange(text.startIndex..., in: text)
        let expected = regex.firstMatch(in: text, options: [.anchored], range: range)?.range == range
        #expect(compiled.matchesWhole(text) == expected, "\(pattern) on \(text.debugDescription)")
      }
    }
    #expect(automata > 40)
  }

  @Test func anInvalidPatternIsNil() {
    #expect(TextPattern("[0-9") == nil)
  }

  @Test("a pattern is valid when the byte matcher reads it or else ICU compiles it")
  func validityWithOrWithoutICU() {
    // Read by the byte matcher, ICU not asked; ICU only; neither.
    for pattern in [#"^\d{10}(-\d{3})?$"#, #"^[A-Z]{2}-\d+$"#, #"^\p{L}+$"#, #"(?i)^abc$"#, #"^a*?b$"#] {
      #expect(TextPattern.isValid(pattern), "\(pattern)")
      #expect(TextPattern(pattern) != nil, "\(pattern)")
    }
    for pattern in [#"^(\d"#, "[z-a]", "a{3,1}", "*a", "[0-9", #"\p{Nope}"#] {
      #expect(!TextPattern.isValid(pattern), "\(pattern)")
      #expect(TextPattern(pattern) == nil, "\(pattern)")
    }
  }

  @Test("a pattern the byte matcher reads still meets a non-ASCII text through ICU")
  func nonASCIITextGoesToICUCompiledLate() throws {
    let pattern = try #require(TextPattern(#"^\w+ \d{2}$"#))
    #expect(pattern.runsOnBytes)
    #expect(pattern.matchesWhole("Xã 12"))
    #expect(!pattern.matchesWhole("Xã 123"))
    #expect(pattern.matchesWhole("Xa 12"))
  }

  @Test("a pattern of digits, literals and optional parts is said in words")
  func patternsInWords() throws {
    let taxCode = try #require(TextPattern(#"^\d{10}(-\d{3})?$"#))
    #expect(taxCode.wording(vietnamese: false) == "10 digits, optionally followed by '-' and 3 digits")
    #expect(taxCode.wording(vietnamese: true) == "10 chữ số, có thể thêm '-' và 3 chữ số")
    #expect(TextPattern(#"^\d{2,4}$"#)?.wording(vietnamese: false) == "2 to 4 digits")
    #expect(TextPattern(#"^\d+$"#)?.wording(vietnamese: true) == "từ 1 chữ số trở lên")
    // Classes, alternatives and repeated groups are left as written.
    #expect(TextPattern(#"^[A-Z]{2}\d+$"#)?.wording(vietnamese: false) == nil)
    #expect(TextPattern(#"^(\d{3}|\d{5})$"#)?.wording(vietnamese: false) == nil)
  }
}
