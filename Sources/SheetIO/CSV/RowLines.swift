/// Where the rows of a text file start, kept only where a row's line is not its number:
/// after a record whose quoted field spans lines, or under a `sep=` line.
///
/// A CSV row is numbered as a spreadsheet shows it, one per record; an editor and a CI
/// annotation count lines. The two part only at such records, so a file of a million
/// one-line records keeps nothing.
public struct RowLines: Sendable, Hashable {
  /// The rows from which on (up to the next) row `r` starts on line `r + offset`.
  private var rows: [Int] = []
  private var offsets: [Int] = []

  /// Creates a mapping in which every row starts on the line of its number.
  public init() {}

  /// Whether every row starts on the line of its number.
  public var isEmpty: Bool { rows.isEmpty }

  /// Notes that `row` starts on `line`; rows come in increasing order.
  @inline(__always)
  mutating func note(row: Int, line: Int) {
    let offset = line - row
    guard offset != (offsets.last ?? 0) else { return }
    rows.append(row)
    offsets.append(offset)
  }

  /// The line `row` starts on.
  public func line(ofRow row: Int) -> Int {
    // The last noted row at or before `row`.
    var low = 0
    var high = rows.count
    while low < high {
      let middle = (low + high) / 2
      if rows[middle] <= row { low = middle + 1 } else { high = middle }
    }
    return low == 0 ? row : row + offsets[low - 1]
  }
}
