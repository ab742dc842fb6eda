/// A mistake in a rule expression, printed like a compiler error: the place, the
/// source line, a caret under the spot, and what was expected.
public struct RuleSyntaxError: Error, Sendable, CustomStringConvertible {
  /// The schema file.
  public var file: String
  /// The line in the schema file.
  public var line: Int
  /// The column in the schema file.
  public var column: Int
  /// What is wrong.
  public var message: String
  /// The expression's text.
  public var source: String
  /// Where in `source` the mistake is (0-based, in characters).
  public var offset: Int

  /// `file:line:col: error: message`, the expression and a caret.
  public var description: String {
    "\(file):\(line):\(column): error: \(message)\n    \(source)\n    \(String(repeating: " ", count: offset))^"
  }
}
