/// A parsed rule expression: a tree of nodes, each knowing where it started.
public indirect enum RuleNode: Sendable {
  case literal(RuleValue)
  /// A field of the current row or table, or of another table (`list.members`).
  case field(name: String, table: String?, offset: Int)
  /// `period.start` or `period.end`.
  case period(end: Bool)
  case negate(RuleNode)
  case not(RuleNode)
  case binary(String, RuleNode, RuleNode)
  case isBlank(RuleNode, negated: Bool)
  case inList(RuleNode, [RuleNode], negated: Bool)
  /// A function or an aggregate: `abs(x)`, `sum(members where status != "Đã giải thể")`;
  /// `table` is the table an aggregate runs over (`count(list where …)`).
  case call(name: String, arguments: [RuleNode], table: String?, filter: RuleNode?, offset: Int)
}

/// Parses rule expressions (SPEC §3) into ``RuleNode`` trees.
///
/// Precedence from loosest: `or`, `and`, `not`, comparisons (`== != < <= > >=`, `in`,
/// `is blank`), `+ -`, `* /`, unary minus, then literals, fields, calls and parentheses.
public struct RuleParser {
  /// Names that are functions of values.
  static let functions: Set<String> = ["abs", "round", "len", "year", "date", "tax_code_valid", "min", "max"]
  /// Names that aggregate over rows.
  static let aggregates: Set<String> = ["sum", "count", "avg", "min", "max"]

  private var tokens: [RuleToken] = []
  private var index = 0
  private let source: String
  private let origin: (file: String, line: Int, column: Int)

  /// Parses `text`, which starts at `line`:`column` of `file`.
  public static func parse(_ text: String, file: String, line: Int, column: Int) throws -> RuleNode {
    var parser = try RuleParser(text, origin: (file, line, column))
    let node = try parser.expression()
    guard parser.index == parser.tokens.count - 1 else {
      throw parser.error("expected an operator or the end of the expression", at: parser.current.offset)
    }
    return node
  }

  private init(_ text: String, origin: (file: String, line: Int, column: Int)) throws {
    source = text
    self.origin = origin
    do {
      tokens = try RuleToken.scan(text)
    } catch let failure as RuleToken.ScanFailure {
      throw RuleSyntaxError(
        file: origin.file, line: origin.line, column: origin.column + failure.offset, message: failure.message,
        source: text, offset: failure.offset)
    }
  }

  private var current: RuleToken { tokens[index] }

  private func error(_ message: String, at offset: Int) -> RuleSyntaxError {
    RuleSyntaxError(
      file: origin.file, line: origin.line, column: origin.column + offset, message: message, source: source,
      offset: offset)
  }

  private mutating func take(_ text: String) -> Bool {
    guard current.kind == .symbol || current.kind == .word, current.text == text else { return false }
    index += 1
    return true
  }

  private mutating func expect(_ text: String, _ what: String) throws {
    guard take(text) else { throw error("expected '\(text)' \(what)", at: current.offset) }
  }

  mutating func expression() throws -> RuleNode { try orExpression() }

  private mutating func orExpression() throws -> RuleNode {
    var node = try andExpression()
    while take("or") { node = .binary("or", node, try andExpression()) }
    return node
  }

  private mutating func andExpression() throws -> RuleNode {
    var node = try notExpression()
    while take("and") { node = .binary("and", node, try notExpression()) }
    return node
  }

  private mutating func notExpression() throws -> RuleNode {
    if take("not") { return .not(try notExpression()) }
    return try comparison()
  }

  private mutating func comparison() throws -> RuleNode {
    let node = try additive()
    for op in ["==", "!=", "<=", ">=", "<", ">"] where take(op) {
      return .binary(op, node, try additive())
    }
    if take("is") {
      let negated = take("not")
      try expect("blank", "after 'is'")
      return .isBlank(node, negated: negated)
    }
    let negated = current.text == "not" && tokens[index + 1].text == "in"
    if negated { index += 1 }
    if take("in") {
      try expect("[", "to start the list after 'in'")
      var items: [RuleNode] = []
      if !take("]") {
        repeat { items.append(try additive()) } while take(",")
        try expect("]", "to end the list")
      }
      return .inList(node, items, negated: negated)
    }
    return node
  }

  private mutating func additive() throws -> RuleNode {
    var node = try multiplicative()
    while true {
      if take("+") {
        node = .binary("+", node, try multiplicative())
      } else if take("-") {
        node = .binary("-", node, try multiplicative())
      } else {
        return node
      }
    }
  }

  private mutating func multiplicative() throws -> RuleNode {
    var node = try unary()
    while true {
      if take("*") {
        node = .binary("*", node, try unary())
      } else if take("/") {
        node = .binary("/", node, try unary())
      } else {
        return node
      }
    }
  }

  private mutating func unary() throws -> RuleNode {
    if take("-") { return .negate(try unary()) }
    return try primary()
  }

  private mutating func primary() throws -> RuleNode {
    let token = current
    switch token.kind {
    case .number:
      index += 1
      return .literal(.number(token.number))
    case .string:
      index += 1
      return .literal(.text(token.text))
    case .end:
      throw error("expected a value, a field or '(' but the expression ends", at: token.offset)
    case .symbol:
      if take("(") {
        let node = try expression()
        try expect(")", "to close '('")
        return node
      }
      throw error("expected a value, a field or '(' but found '\(token.text)'", at: token.offset)
    case .word:
      index += 1
      switch token.text {
      case "true": return .literal(.bool(true))
      case "false": return .literal(.bool(false))
      case "blank": return .literal(.blank)
      case "and", "or", "in", "is", "where":
        throw error("expected a value or a field but found '\(token.text)'", at: token.offset)
      default: break
      }
      if take("(") { return try call(token) }
      let parts = token.text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
      if parts.count == 2 && parts[0] == "period" {
        guard parts[1] == "start" || parts[1] == "end" else {
          throw error("the period has 'start' and 'end', not '\(parts[1])'", at: token.offset)
        }
        return .period(end: parts[1] == "end")
      }
      if parts.count == 2 { return .field(name: parts[1], table: parts[0], offset: token.offset) }
      if parts.count == 1 { return .field(name: parts[0], table: nil, offset: token.offset) }
      throw error("a field is 'name' or 'table.name'", at: token.offset)
    }
  }

  private mutating func call(_ name: RuleToken) throws -> RuleNode {
    let isAggregate = Self.aggregates.contains(name.text)
    guard isAggregate || Self.functions.contains(name.text) else {
      let known = Self.functions.union(Self.aggregates).sorted()
      throw error("unknown function '\(name.text)'; known: \(known.joined(separator: ", "))", at: name.offset)
    }
    var arguments: [RuleNode] = []
    var table: String?
    var filter: RuleNode?
    if isAggregate, current.kind == .word, !current.text.contains("."),
      tokens[index + 1].text == "where"
        || (tokens[index + 1].text == ")" && name.text == "count")
    {
      table = current.text
      index += 1
    }
    if !take(")") {
      if !(isAggregate && current.text == "where") {
        repeat { arguments.append(try expression()) } while take(",")
      }
      if take("where") {
        guard isAggregate else { throw error("only an aggregate takes 'where'", at: tokens[index - 1].offset) }
        filter = try expression()
      }
      try expect(")", "after the arguments of \(name.text)(")
    }
    if name.text == "date" {
      guard arguments.count == 1, case .literal(.text(let text)) = arguments[0], let date = RuleValue.date(iso: text)
      else { throw error("date(…) takes one \"yyyy-mm-dd\" text", at: name.offset) }
      return .literal(date)
    }
    return .call(name: name.text, arguments: arguments, table: table, filter: filter, offset: name.offset)
  }
}
