/// A mistake in a schema file, pointing at its file, line and column like a compiler.
public struct SchemaError: Error, Sendable, CustomStringConvertible {
  /// Where the mistake is.
  public var location: SourceLocation
  /// What is wrong, and what was expected.
  public var message: String

  /// Creates an error.
  public init(_ location: SourceLocation, _ message: String) {
    self.location = location
    self.message = message
  }

  /// `file:line:column: error: message`.
  public var description: String { "\(location): error: \(message)" }
}
