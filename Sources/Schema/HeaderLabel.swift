import Foundation

/// A header cell's text split into the label and the unit it names in parentheses:
/// "Vốn điều lệ (triệu đồng)" is the label "Vốn điều lệ" in the unit "triệu đồng".
public struct HeaderLabel: Sendable, Hashable {
  /// The text without the unit.
  public var label: String
  /// The unit named in parentheses at the end, if any.
  public var unit: String?

  /// Splits `text`; a parenthesised column number such as `(3)` is not a unit.
  public init(_ text: String) {
    let trimmed = TextTrimming.trimmed(text, TextTrimming.isWhitespaceOrNewline)
    if trimmed.hasSuffix(")"), let open = trimmed.lastIndex(of: "(") {
      let inner = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
      let innerTrimmed = TextTrimming.trimmed(String(inner), TextTrimming.isWhitespace)
      let before = TextTrimming.trimmed(String(trimmed[..<open]), TextTrimming.isWhitespace)
      if !before.isEmpty, !innerTrimmed.isEmpty, !innerTrimmed.allSatisfy(\.isNumber) {
        label = before
        unit = innerTrimmed
        return
      }
    }
    label = trimmed
    unit = nil
  }
}
