import Testing

@testable import Rules

/// A pack's rule text is parsed, or refused as a syntax error with its place, whatever it
/// holds: texts made at random from the language's tokens and the marks that break them.
@Suite struct HostileRuleTextTests {
  @Test func anyRuleTextParsesOrIsRefused() {
    let pieces = [
      "sum", "(", ")", "list.members", "members", " ", "where", "and", "or", "not", "in", "[", "]", ",", "\"", "'",
      "is blank", "==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "1", "0.5", "1e308", "-", "period.start",
      "count", "avg", "min", "max", "abs", "summary.", ".", "\\", "\n", "\u{301}", "đ", "😀", "when:",
      "9999999999999999999",
    ]
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<20_000 {
      let text = (0..<Int.random(in: 0...10, using: &generator)).map { _ in
        pieces.randomElement(using: &generator) ?? ""
      }
      .joined()
      do {
        _ = try RuleParser.parse(text, file: "pack.yaml", line: 3, column: 12)
      } catch let error as RuleSyntaxError {
        // Refused at a place within the rule: its first line or a later one, an offset in its text.
        #expect(error.file == "pack.yaml" && error.line >= 3 && error.column >= 1, "\(text)")
        #expect(error.offset >= 0 && error.offset <= text.count, "\(text)")
        #expect(!error.message.isEmpty)
      } catch {
        Issue.record("\(text): \(error)")
      }
    }
  }
}
