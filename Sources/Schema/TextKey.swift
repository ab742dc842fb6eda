import Glibc

/// A text as a dictionary key compared and hashed by its UTF-8 bytes, for the caches of
/// texts read from sheets: hashing a `String` of Vietnamese normalises it first, which
/// cost more than the lookups saved. Two spellings of one text in different normal forms
/// are two keys, each read on its own, to the same result.
package struct TextKey: Hashable, Sendable {
  let text: String

  /// The key of `text`.
  package init(_ text: String) { self.text = text }

  package static func == (lhs: TextKey, rhs: TextKey) -> Bool {
    var (left, right) = (lhs.text, rhs.text)
    return left.withUTF8 { a in
      right.withUTF8 { b in
        guard a.count == b.count else { return false }
        guard let x = a.baseAddress, let y = b.baseAddress else { return true }
        return memcmp(x, y, a.count) == 0
      }
    }
  }

  package func hash(into hasher: inout Hasher) {
    var text = text
    text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
  }
}
