/// An error value stored in a cell, such as the result of a division by zero.
public enum CellError: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
  /// Excel shows this as `#NULL!`.
  case null = "#NULL!"
  /// Excel shows this as `#DIV/0!`.
  case divisionByZero = "#DIV/0!"
  /// Excel shows this as `#VALUE!`.
  case value = "#VALUE!"
  /// Excel shows this as `#REF!`.
  case reference = "#REF!"
  /// Excel shows this as `#NAME?`.
  case name = "#NAME?"
  /// Excel shows this as `#NUM!`.
  case number = "#NUM!"
  /// Excel shows this as `#N/A`.
  case notAvailable = "#N/A"
  /// Excel shows this as `#GETTING_DATA`.
  case gettingData = "#GETTING_DATA"
  /// Excel shows this as `#SPILL!`.
  case spill = "#SPILL!"
  /// Excel shows this as `#CALC!`.
  case calc = "#CALC!"
  /// Excel shows this as `#FIELD!`.
  case field = "#FIELD!"
  /// Excel shows this as `#BLOCKED!`.
  case blocked = "#BLOCKED!"
  /// Excel shows this as `#UNKNOWN!`.
  case unknown = "#UNKNOWN!"
  /// Not Excel's: a formula cell whose result the writer did not save (htx's own mark).
  case noSavedResult = "=?"

  /// Excel's text for the error; nothing for a formula without a saved result, which
  /// a spreadsheet program shows blank until it computes it.
  public var description: String { self == .noSavedResult ? "" : rawValue }
}
