/// Escapes text for XML 1.0 attribute values and character data.
///
/// Markup characters become entity references. Tab, CR and LF inside attributes become
/// character references, so a parser's attribute normalisation keeps them; CR in
/// character data does too, so line-end normalisation keeps it. Characters XML 1.0 does not
/// allow at all (C0 controls other than tab, LF and CR, and U+FFFE, U+FFFF) cannot be
/// written even as references: a control is replaced by its Control Pictures symbol
/// (U+0001 becomes `␁`), so a reader still sees which byte was there, and U+FFFE and
/// U+FFFF by U+FFFD.
enum XMLText {
  /// `text` escaped for an attribute value in double quotes.
  static func attribute(_ text: String) -> String { escape(text, inAttribute: true) }

  /// `text` escaped for character data between tags.
  static func content(_ text: String) -> String { escape(text, inAttribute: false) }

  private static func escape(_ text: String, inAttribute: Bool) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x26: out += "&amp;"
      case 0x3C: out += "&lt;"
      case 0x3E: out += "&gt;"
      case 0x22 where inAttribute: out += "&quot;"
      case 0x09 where inAttribute: out += "&#9;"
      case 0x0A where inAttribute: out += "&#10;"
      case 0x0D: out += "&#13;"
      case 0x09, 0x0A: out.unicodeScalars.append(scalar)
      case 0x00...0x1F:
        out.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value) ?? "\u{FFFD}")
      case 0xFFFE, 0xFFFF: out += "\u{FFFD}"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
