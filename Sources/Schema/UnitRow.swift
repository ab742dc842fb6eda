import Synchronization

/// A row of units right under a header ("người", "triệu đồng", "nghìn đồng/tháng" in
/// the columns' cells): part of the header, giving each column its unit.
///
/// A row is one when at least two of its cells, and more than half of those that are
/// not the row's own caption ("ĐVT", "Đơn vị tính"), name a unit: a money unit or rate
/// ``UnitConversion`` knows, a count unit such as "người" or "HTX", or a note "ĐVT: …";
/// parentheses around a unit are allowed. A data row, with its names, codes and numbers,
/// never is.
enum UnitRow {
  /// Folded units that count rather than measure money.
  static let countUnits: Set<String> = ["nguoi", "ho", "htx", "ha", "tan", "kg", "m2", "lan", "luot", "to"]

  /// The words a unit row's caption cell holds.
  static let captions: Set<String> = ["dvt", "don vi tinh", "don vi", "dv"]

  /// The unit each column of `cells` names, by column, when `cells` is a unit row; nil
  /// when it is not one.
  static func units(in cells: [Int: String]) -> [Int: String]? {
    var units: [Int: String] = [:]
    var others = 0
    for (column, text) in cells {
      let trimmed = TextTrimming.trimmed(text, TextTrimming.isWhitespaceOrNewline)
      if trimmed.isEmpty || captions.contains(LabelFolding.key(trimmed)) { continue }
      // Every unit but "%" has a letter: a number, code or date is settled on its bytes.
      let mayBeAUnit = trimmed == "%" || trimmed.utf8.contains { (0x61...0x7A).contains($0 | 0x20) || $0 >= 0x80 }
      if mayBeAUnit, let unit = unit(trimmed) {
        units[column] = unit
      } else {
        others += 1
        // Units can no longer outnumber the rest (a data row): no need to read on.
        if others * 2 >= cells.count { return nil }
      }
    }
    return units.count >= 2 && units.count > others ? units : nil
  }

  /// The readings of the texts seen so far: a sheet's head holds few distinct texts,
  /// and the returns of a folder the same headers, each looked at for every candidate
  /// header above it.
  private static let known = Mutex<[TextKey: String?]>([:])

  /// The unit `text` names, without parentheses and the words for "unit".
  static func unit(_ text: String) -> String? {
    let key = TextKey(text)
    if let reading = known.withLock({ $0[key] }) { return reading }
    let reading = reading(text)
    known.withLock { known in
      if known.count >= 8192 { known.removeAll() }
      known[key] = .some(reading)
    }
    return reading
  }

  /// ``unit(_:)`` worked out.
  private static func reading(_ text: String) -> String? {
    var text = Substring(text)
    if let first = text.first, let last = text.last, "([".contains(first), ")]".contains(last), text.count > 2 {
      text = text.dropFirst().dropLast()
    }
    let unit = HeaderLabel.unitNote(text) ?? TextTrimming.trimmed(String(text), TextTrimming.isWhitespace)
    let key = LabelFolding.key(unit)
    guard !key.isEmpty else { return nil }
    return countUnits.contains(key) || unit == "%" || UnitConversion.size(of: unit) != nil ? unit : nil
  }
}
