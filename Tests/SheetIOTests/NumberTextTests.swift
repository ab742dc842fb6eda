import Testing

@testable import SheetIO

/// `htx dump` writes numbers as ECMAScript's Number.prototype.toString does.
@Suite struct NumberTextTests {
  @Test(arguments: [
    (0.1, "0.1"), (1_234_567, "1234567"), (0.1 + 0.2, "0.30000000000000004"), (1e21, "1e+21"),
    (1e-7, "1e-7"), (0.000001, "0.000001"), (-0.0, "0"), (123_456_789_012_345_678, "123456789012345680"),
    (1.7976931348623157e308, "1.7976931348623157e+308"), (0.3333333333333333, "0.3333333333333333"),
    (1931.5, "1931.5"), (-999.9, "-999.9"), (24_000.25, "24000.25"), (1e20, "100000000000000000000"),
    (-1.5e-9, "-1.5e-9"), (0.0015, "0.0015"), (5e-324, "5e-324"), (2.5e15, "2500000000000000"),
    (123.456789, "123.456789"), (0.1234567, "0.1234567"),
  ])
  func writesShortestRoundTripText(_ value: Double, _ expected: String) {
    #expect(NumberText.ecmaScript(value) == expected)
  }

  @Test func everyDecimalOfTheFastPathParsesBackToItsValue() {
    // The fast path for money-like decimals must agree with the shortest round trip.
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<20_000 {
      let value = Double(Int.random(in: -10_000_000...10_000_000, using: &generator)) / 100
      let text = NumberText.ecmaScript(value)
      #expect(Double(text) == value, "\(value) → \(text)")
      #expect(text.count <= "\(value)".count, "\(value) → \(text) is not the shortest")
    }
  }

  @Test func cellTextParsesAsStrtodDoes() {
    // WorksheetHandler.parseDouble skips strtod for short plain decimals; it must give
    // the same double as strtod (Double(String) rounds the same way) for every form.
    var generator = SystemRandomNumberGenerator()
    var texts = [
      "0", "-0", "0.0", "-0.0", "1.", ".5", "-.5", "007.50", "0.1", "9007199254740993",
      "123456789012345", "1234567890123456", "99999999999999.9", "0.000000000000001", "-3757.6",
      "1e5", "+5", ".", "-", "1.2.3", "1,5", " 1", "12345678901234.5",
    ]
    for _ in 0..<20_000 {
      let digits = Int.random(in: 1...17, using: &generator)
      var text = Int.random(in: 0...1, using: &generator) == 0 ? "" : "-"
      let point = Int.random(in: 0...digits, using: &generator)
      for index in 0..<digits {
        if index == point { text += "." }
        text += String(Int.random(in: 0...9, using: &generator))
      }
      texts.append(text)
    }
    let buffer = ByteBuffer(capacity: 64)
    for text in texts {
      buffer.removeAll()
      Array(text.utf8).withUnsafeBytes { buffer.append($0) }
      let parsed = WorksheetHandler.parseDouble(buffer)
      let valid = text.allSatisfy { "0123456789.-+eE".contains($0) }
      let expected = valid ? Double(text) : nil
      #expect(parsed?.bitPattern == expected?.bitPattern || (parsed == nil && expected == nil), "\(text)")
    }
  }
}
