/// The value of one cell, the same for every reader (XLSX and CSV).
public enum CellValue: Hashable, Sendable, CustomStringConvertible {
  /// No value: a missing cell or one with an empty value.
  case empty
  /// A number, as the double the file stores.
  case number(Double)
  /// Text, exactly as read (XLSX) or decoded and NFC-normalised (CSV).
  case text(String)
  /// A boolean, `TRUE` or `FALSE`.
  case bool(Bool)
  /// A date, date-time or time: a serial with a date format, or an ISO `t="d"` cell.
  case date(CellDate)
  /// An error value such as `#DIV/0!`.
  case error(CellError)

  /// The value as `htx dump` writes it.
  public var description: String {
    switch self {
    case .empty: ""
    case .number(let value): NumberText.ecmaScript(value)
    case .text(let text): text
    case .bool(let flag): flag ? "TRUE" : "FALSE"
    case .date(let date): date.description
    case .error(let error): error.description
    }
  }

  /// Whether the cell holds nothing.
  public var isEmpty: Bool {
    if case .empty = self { return true }
    return false
  }

  /// Whether the cell holds an error value.
  public var isError: Bool {
    if case .error = self { return true }
    return false
  }
}

/// One cell: where it is and what it holds.
public struct Cell: Hashable, Sendable {
  /// The cell's position.
  public var ref: CellRef
  /// The cell's value.
  public var value: CellValue

  /// Creates a cell.
  public init(ref: CellRef, value: CellValue) {
    self.ref = ref
    self.value = value
  }
}

/// The kind of value in a streamed cell, without its payload.
public enum CellKind: UInt8, Sendable {
  case empty, number, text, bool, date, error
}
