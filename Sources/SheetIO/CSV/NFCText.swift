import Foundation

/// Unicode NFC for UTF-8 field text, with a fast path for text that is surely NFC.
public enum NFCText {
  /// Whether `bytes` is NFC by a quick rule: every code point is below U+0300 or in
  /// U+1E00–U+1EFF (precomposed Vietnamese), so nothing can combine or decompose.
  ///
  /// False means "maybe not NFC", not "not NFC".
  @inline(__always)
  public static func isSurelyNormalized(_ bytes: UnsafeRawBufferPointer) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    let count = bytes.count
    var index = 0
    while index < count {
      // ASCII a word at a time; a word with a high bit jumps straight to that byte.
      if index + 8 <= count {
        let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
        let high = word & 0x8080_8080_8080_8080
        if high == 0 {
          index += 8
          continue
        }
        index += high.trailingZeroBitCount >> 3
      }
      let byte = base.load(fromByteOffset: index, as: UInt8.self)
      // ASCII, continuation bytes and the lead bytes of U+0080–U+02FF.
      if byte < 0xCC {
        index += 1
        continue
      }
      // U+1E00–U+1EFF is E1 B8…BB xx.
      guard byte == 0xE1, index + 1 < count else { return false }
      let second = base.load(fromByteOffset: index + 1, as: UInt8.self)
      guard second >= 0xB8 && second <= 0xBB else { return false }
      index += 2
    }
    return true
  }

  /// The NFC form of the UTF-8 text `bytes`.
  static func normalized(_ bytes: UnsafeRawBufferPointer) -> String {
    String(decoding: bytes, as: UTF8.self).precomposedStringWithCanonicalMapping
  }

  /// The NFC form of `text`.
  static func normalized(_ text: String) -> String {
    text.precomposedStringWithCanonicalMapping
  }

  /// The NFC form of `text`: `text` itself when it is surely NFC, without asking Foundation.
  public static func nfc(_ text: String) -> String {
    var text = text
    let surelyNormalized = text.withUTF8 { isSurelyNormalized(UnsafeRawBufferPointer($0)) }
    return surelyNormalized ? text : text.precomposedStringWithCanonicalMapping
  }
}
