import SheetIO

/// What a first look at a sheet's rows collects for reading a table from it: the head
/// rows as text, for the locator, and each column's number-style votes from every row.
///
/// Used by one thread at a time; like ``RowTyper`` its stored properties opt out of
/// run-time exclusivity checks, which cost a call per cell.
final class SheetScan: @unchecked Sendable {
  /// The head rows' cells as text, by row and column.
  @exclusivity(unchecked) private(set) var grid: [Int: [Int: String]] = [:]
  /// How many leading rows make the head.
  let searchRows: Int
  /// Evidence per column: the form's columns decide (with no evidence there, the
  /// fallback), so a percentage column typed the other way does not turn "1.750" into
  /// 1.75 in a Vietnamese-style file.
  @exclusivity(unchecked) private var detectors: [NumberStyleDetector] = []
  private let transform: ((String) -> String?)?

  /// Creates a scan of a sheet whose head is its first `searchRows` rows, its texts
  /// decoded by `transform` (nil: unchanged).
  init(searchRows: Int, transform: ((String) -> String?)?) {
    self.searchRows = searchRows
    self.transform = transform
  }

  /// Takes in one row.
  func observe(_ row: RowBuffer) {
    let inHead = row.number <= searchRows
    for cell in 0..<row.count {
      guard row.kind(at: cell) == .text else { continue }
      let column = row.column(at: cell)
      if column >= detectors.count {
        detectors.append(contentsOf: repeatElement(NumberStyleDetector(), count: column - detectors.count + 1))
      }
      // Below the head a text only votes: on its bytes, without making a String of it.
      if !inHead && transform == nil {
        row.withTextBytes(at: cell) { detectors[column].observe(utf8: $0) }
        continue
      }
      let raw = row.text(at: cell)
      let text = transform?(raw) ?? raw
      if inHead { grid[row.number, default: [:]][column] = text }
      detectors[column].observe(text)
    }
    if inHead {
      for cell in 0..<row.count where row.kind(at: cell) != .text {
        grid[row.number, default: [:]][row.column(at: cell)] = row.value(at: cell).description
      }
    }
  }

  /// The evidence column `column`'s texts gave.
  func evidence(column: Int) -> NumberStyleDetector {
    column < detectors.count ? detectors[column] : NumberStyleDetector()
  }

  /// Adds evidence taken elsewhere (by a typer that voted its rows) to column `column`'s.
  func absorb(_ votes: NumberStyleDetector, column: Int) {
    if column >= detectors.count {
      detectors.append(contentsOf: repeatElement(NumberStyleDetector(), count: column - detectors.count + 1))
    }
    detectors[column].merge(votes)
  }

  /// The style the texts seen so far in the columns of a table at `located` show;
  /// `fallback` when they show none.
  func style(of located: LocatedTable, fallback: NumberStyle) -> NumberStyle {
    var detector = NumberStyleDetector()
    for match in located.matches.values where match.column < detectors.count { detector.merge(detectors[match.column]) }
    return detector.decide(fallback: fallback)
  }
}
