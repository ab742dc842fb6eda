/// The position of a cell: a 1-based row and column, printable as an A1 reference.
public struct CellRef: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The row as a spreadsheet shows it, from 1.
  public var row: Int
  /// The column, from 1 (A).
  public var column: Int

  /// Creates a reference from a 1-based row and column.
  public init(row: Int, column: Int) {
    self.row = row
    self.column = column
  }

  /// The A1 form, such as `J12`.
  public var a1: String { CellRef.columnLetters(column) + String(row) }

  public var description: String { a1 }

  public static func < (lhs: CellRef, rhs: CellRef) -> Bool {
    (lhs.row, lhs.column) < (rhs.row, rhs.column)
  }

  /// The letters of a 1-based column number: 1 → `A`, 27 → `AA`.
  public static func columnLetters(_ column: Int) -> String {
    guard column > 0 else { return "?" }
    // Written from the right into the string's own storage: a reversed array's letters
    // took a dynamic cast and an allocation, about 3,000 instructions a finding.
    var length = 0
    var rest = column
    while rest > 0 {
      length += 1
      rest = (rest - 1) / 26
    }
    return String(unsafeUninitializedCapacity: length) { letters in
      var rest = column
      var index = length
      while rest > 0 {
        index -= 1
        letters[index] = UInt8(65 + (rest - 1) % 26)
        rest = (rest - 1) / 26
      }
      return length
    }
  }
}

/// The size limits of a worksheet, as Excel sets them.
public enum SheetLimits {
  /// The last row Excel can hold.
  public static let maxRows = 1_048_576
  /// The last column Excel can hold (XFD).
  public static let maxColumns = 16_384
  /// The longest text Excel keeps in one cell, in characters.
  public static let maxCellCharacters = 32_767
}
