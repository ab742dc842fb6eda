/// Trimming over Unicode scalars without Foundation's `CharacterSet`, which validation
/// would otherwise call for every cell.
enum TextTrimming {
  /// `text` without the leading and trailing scalars `isTrimmed` accepts; `text` itself,
  /// uncopied, when neither its first nor its last scalar is one.
  @inline(__always)
  static func trimmed(_ text: String, _ isTrimmed: (Unicode.Scalar) -> Bool) -> String {
    let scalars = text.unicodeScalars
    guard let first = scalars.first, let last = scalars.last, isTrimmed(first) || isTrimmed(last) else {
      return text
    }
    var start = scalars.startIndex
    var end = scalars.endIndex
    while start < end && isTrimmed(scalars[start]) { scalars.formIndex(after: &start) }
    while start < end {
      let before = scalars.index(before: end)
      guard isTrimmed(scalars[before]) else { break }
      end = before
    }
    return String(scalars[start..<end])
  }

  /// Whether `scalar` is in Foundation's `CharacterSet.whitespaces`: the space
  /// separators (general category Zs), the tab, and (as Foundation has it) U+200B.
  @inline(__always)
  static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value < 0x80 { return value == 0x20 || value == 0x09 }
    return isSpaceSeparator(value)
  }

  /// Whether `scalar` is in Foundation's `CharacterSet.whitespacesAndNewlines`:
  /// ``isWhitespace(_:)``, U+000A–U+000D, U+0085 and the line and paragraph separators.
  @inline(__always)
  static func isWhitespaceOrNewline(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value < 0x80 { return value == 0x20 || (0x09...0x0D).contains(value) }
    return value == 0x85 || value == 0x2028 || value == 0x2029 || isSpaceSeparator(value)
  }

  /// The scalars of general category Zs above ASCII, and the zero width space U+200B,
  /// which Foundation counts as whitespace too (the tests compare every scalar).
  private static func isSpaceSeparator(_ value: UInt32) -> Bool {
    switch value {
    case 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
    default: false
    }
  }
}
