/// A token of the rule language.
struct RuleToken: Sendable {
  enum Kind: Sendable { case number, string, word, symbol, end }

  var kind: Kind
  var text: String
  var number: Double = 0
  /// Where it starts in the expression, in characters.
  var offset: Int

  struct ScanFailure: Error {
    var message: String
    var offset: Int
  }

  /// Splits `text` into tokens, ending with an `.end` token.
  static func scan(_ text: String) throws -> [RuleToken] {
    let characters = Array(text)
    var tokens: [RuleToken] = []
    var index = 0
    while index < characters.count {
      let character = characters[index]
      let start = index
      if character.isWhitespace {
        index += 1
      } else if character.isNumber {
        var digits = ""
        while index < characters.count,
          characters[index].isNumber || characters[index] == "." || characters[index] == "_"
        {
          if characters[index] != "_" { digits.append(characters[index]) }
          index += 1
        }
        guard let value = Double(digits) else {
          throw ScanFailure(message: "'\(digits)' is not a number", offset: start)
        }
        tokens.append(RuleToken(kind: .number, text: digits, number: value, offset: start))
      } else if character == "\"" {
        index += 1
        var value = ""
        var closed = false
        while index < characters.count {
          let next = characters[index]
          index += 1
          if next == "\\", index < characters.count {
            value.append(characters[index])
            index += 1
          } else if next == "\"" {
            closed = true
            break
          } else {
            value.append(next)
          }
        }
        guard closed else { throw ScanFailure(message: "this text has no closing '\"'", offset: start) }
        tokens.append(RuleToken(kind: .string, text: value, offset: start))
      } else if character.isLetter || character == "_" {
        var word = ""
        while index < characters.count,
          characters[index].isLetter || characters[index].isNumber || characters[index] == "_"
            || characters[index] == "."
        {
          word.append(characters[index])
          index += 1
        }
        tokens.append(RuleToken(kind: .word, text: word, offset: start))
      } else {
        let pair = index + 1 < characters.count ? String([character, characters[index + 1]]) : ""
        if ["==", "!=", "<=", ">="].contains(pair) {
          tokens.append(RuleToken(kind: .symbol, text: pair, offset: start))
          index += 2
        } else if "+-*/<>()[],".contains(character) {
          tokens.append(RuleToken(kind: .symbol, text: String(character), offset: start))
          index += 1
        } else if character == "=" {
          throw ScanFailure(message: "'=' alone is not an operator; compare with '=='", offset: start)
        } else {
          throw ScanFailure(message: "unexpected character '\(character)'", offset: start)
        }
      }
    }
    tokens.append(RuleToken(kind: .end, text: "", offset: characters.count))
    return tokens
  }
}
