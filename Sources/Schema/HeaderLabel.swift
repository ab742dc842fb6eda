import Foundation

/// A header cell's text split into the label and the unit it names: "Vốn điều lệ (triệu
/// đồng)" is the label "Vốn điều lệ" in the unit "triệu đồng".
///
/// Offices write the unit many ways, all read alike: in parentheses or brackets at the
/// end ("Doanh thu (đồng)", "Doanh thu [nghìn đồng]"), before a footnote mark ("Doanh thu
/// (đồng)*"), on a line of its own ("Doanh thu\nĐVT: đồng", "Doanh thu\nĐơn vị: 1.000đ"),
/// after a dash ("Doanh thu - đồng") or after the words for "unit" and a colon ("Doanh thu
/// (ĐVT: nghìn đồng)"). A unit written without those words and outside an enclosure
/// (after a dash, on its own line) must be one ``UnitConversion`` knows, so that "Công
/// nghiệp - TTCN" stays one label.
public struct HeaderLabel: Sendable, Hashable {
  /// The text without the unit.
  public var label: String
  /// The unit the text names, if any.
  public var unit: String?

  /// The splits made so far, by text: a sheet's head and a pack's labels hold few
  /// distinct texts, each split many times while tables are located.
  private static let known = TextMemo<HeaderLabel>(limit: 8192)

  /// Splits `text`; a parenthesised column number such as `(3)` is not a unit.
  public init(_ text: String) {
    self = Self.known.value(for: text) { HeaderLabel(splitting: $0) }
  }

  private init(splitting text: String) {
    let trimmed = TextTrimming.trimmed(text, TextTrimming.isWhitespaceOrNewline)
    // Most headers hold no mark a unit could stand behind: settled by one scan of bytes,
    // as the locator splits every header of a sheet's head, several times.
    guard trimmed.utf8.contains(where: Self.mayIntroduceAUnit) else {
      label = trimmed
      unit = nil
      return
    }
    let body = Self.withoutFootnoteMarks(trimmed)
    if let (label, unit) = Self.unitOnItsLine(body) ?? Self.enclosedUnit(body) ?? Self.unitAfterSeparator(body) {
      self.label = label
      self.unit = unit
    } else {
      label = trimmed
      unit = nil
    }
  }

  /// Whether a byte may be part of what sets a unit apart: a bracket, a dash, a comma, a
  /// colon, a footnote mark, a line break, or the lead byte of an en dash or a line separator.
  static func mayIntroduceAUnit(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x28, 0x29, 0x5B, 0x5D, 0x2D, 0x2C, 0x3B, 0x3A, 0x2A, 0x0A, 0x0B, 0x0C, 0x0D, 0xC2, 0xE2: true
    default: false
    }
  }

  /// The folded words that introduce a unit: "Đơn vị tính", "ĐVT", "Đơn vị", "ĐV".
  private static let unitWords: Set<String> = ["don vi tinh", "dvt", "don vi", "dv"]

  /// The unit a note such as "ĐVT: đồng" or "Đơn vị tính: triệu đồng" names; nil when
  /// `text` is not such a note.
  static func unitNote(_ text: some StringProtocol) -> String? {
    guard let colon = firstColon(in: text), unitWords.contains(LabelFolding.key(String(text[..<colon]))) else {
      return nil
    }
    let unit = trimmed(text[text.index(after: colon)...])
    return unit.isEmpty ? nil : unit
  }

  /// `text` when it is a unit standing alone that ``UnitConversion`` knows, or a note
  /// naming a unit.
  private static func standingUnit(_ text: some StringProtocol) -> String? {
    if let unit = unitNote(text) { return unit }
    let unit = trimmed(text)
    return UnitConversion.size(of: unit) != nil ? unit : nil
  }

  /// The last place `separator` stands in `body`: a scan of characters, as Foundation's
  /// backwards search cost thousands of instructions a header on every sheet's head.
  private static func lastRange(of separator: String, in body: String) -> Range<String.Index>? {
    // Characters that match hold the same bytes: a body without the bytes has no match,
    // found without walking its characters.
    guard let last = separator.last, ByteSearch.contains(separator, in: body) else { return nil }
    let length = separator.count
    var end = body.endIndex
    while let found = body[..<end].lastIndex(of: last) {
      if let start = body.index(found, offsetBy: -(length - 1), limitedBy: body.startIndex),
        body[start...found].elementsEqual(separator)
      {
        return start..<body.index(after: found)
      }
      end = found
    }
    return nil
  }

  /// "Doanh thu\nĐVT: đồng": a last line that names a unit.
  private static func unitOnItsLine(_ body: String) -> (String, String)? {
    // A line break is one of these bytes, or starts with C2 or E2: most headers hold none,
    // settled without walking their characters.
    guard body.utf8.contains(where: { (0x0A...0x0D).contains($0) || $0 == 0xC2 || $0 == 0xE2 }),
      let newline = body.lastIndex(where: { $0.isNewline })
    else { return nil }
    let label = trimmed(body[..<newline])
    guard !label.isEmpty, let unit = standingUnit(body[body.index(after: newline)...]) else { return nil }
    return (label, unit)
  }

  /// "Doanh thu (đồng)", "Doanh thu [nghìn đồng]", "Doanh thu (ĐVT: nghìn đồng)": a unit
  /// in an enclosure at the end; not a column number "(3)".
  private static func enclosedUnit(_ body: String) -> (String, String)? {
    let openers: [Character: Character] = [")": "(", "]": "["]
    guard let close = body.last, let opener = openers[close], let open = body.lastIndex(of: opener) else {
      return nil
    }
    let inner = trimmed(body[body.index(after: open)..<body.index(before: body.endIndex)])
    let label = trimmed(body[..<open])
    guard !label.isEmpty, !inner.isEmpty, !inner.allSatisfy(\.isNumber) else { return nil }
    return (label, unitNote(inner) ?? inner)
  }

  /// "Doanh thu - đồng", "Doanh thu, ĐVT: đồng", "Doanh thu ĐVT: đồng": a unit after a
  /// dash, a comma or the words for "unit".
  private static func unitAfterSeparator(_ body: String) -> (String, String)? {
    for separator in [" - ", " – ", ",", ";"] {
      guard let range = lastRange(of: separator, in: body) else { continue }
      let label = trimmed(body[..<range.lowerBound])
      if !label.isEmpty, let unit = standingUnit(body[range.upperBound...]) { return (label, unit) }
    }
    // The words for "unit" right before the colon, the label before them.
    guard let colon = firstColon(in: body) else { return nil }
    let words = body[..<colon].split(whereSeparator: \.isWhitespace)
    // A colon with one word or none before it ("ĐVT:", ": đồng") has no label before a unit.
    guard words.count > 1 else { return nil }
    for count in 1...min(3, words.count - 1) {
      guard unitWords.contains(LabelFolding.key(words.suffix(count).joined(separator: " "))) else { continue }
      let unit = trimmed(body[body.index(after: colon)...])
      guard !unit.isEmpty else { return nil }
      return (words.dropLast(count).joined(separator: " "), unit)
    }
    return nil
  }

  /// Where the first colon of `text` stands: found among its bytes, a character at a time
  /// only where a byte is one (a colon a mark combines with is no colon).
  private static func firstColon<Text: StringProtocol>(in text: Text) -> Text.Index? {
    var from = text.startIndex
    while let found = text.utf8[from...].firstIndex(of: 0x3A) {
      if text[found] == ":" { return found }
      from = text.utf8.index(after: found)
    }
    return nil
  }

  /// `text` without footnote marks at its end: "Doanh thu (đồng)*", "Doanh thu (đồng) (*)".
  private static func withoutFootnoteMarks(_ text: String) -> String {
    var text = Substring(text)
    while true {
      let before = text
      while text.last == "*" || text.last?.isWhitespace == true { text = text.dropLast() }
      if text.hasSuffix(")"), let open = text.lastIndex(of: "("),
        text[text.index(after: open)..<text.index(before: text.endIndex)].allSatisfy({ $0 == "*" }),
        text.index(after: open) < text.index(before: text.endIndex)
      {
        text = text[..<open]
      }
      if text == before { return String(text) }
    }
  }

  private static func trimmed(_ text: some StringProtocol) -> String {
    TextTrimming.trimmed(String(text), TextTrimming.isWhitespaceOrNewline)
  }
}
