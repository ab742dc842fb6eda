import Foundation

/// Folds labels and names so that the ways offices type the same words compare equal.
///
/// Case, spacing, punctuation and Vietnamese diacritics are ignored (`đ` = `d`), and
/// NFC and NFD spellings fold alike: "Lao động > Trong đó: thành viên" and
/// "LAO DONG>trong do thanh vien" give the same key. Digits are kept, so column
/// numbers such as `(3)` still differ from `(4)`.
public enum LabelFolding {
  /// The comparison key of `text`: lowercase ASCII letters and digits, words joined by
  /// single spaces, and `>` kept between the parts of a joined header.
  public static func key(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    var pendingSpace = false
    for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
      let value = scalar.value
      // Combining marks (tone marks, circumflex, breve, horn) carry no meaning here.
      if (0x0300...0x036F).contains(value) { continue }
      var folded: Character?
      switch scalar {
      case "đ", "Đ": folded = "d"
      case "ð", "Ð": folded = "d"
      case ">": folded = ">"
      default:
        if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
          folded = Character(String(scalar).lowercased())
        }
      }
      if let folded {
        if folded == ">" {
          out += out.isEmpty ? ">" : " >"
          pendingSpace = true
          continue
        }
        if pendingSpace && !out.isEmpty { out.append(" ") }
        pendingSpace = false
        out.append(folded)
      } else {
        pendingSpace = true
      }
    }
    return out
  }

  /// Whether two labels fold to the same key.
  public static func matches(_ a: String, _ b: String) -> Bool { key(a) == key(b) }
}
