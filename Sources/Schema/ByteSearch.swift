import CIntrinsics
import Glibc

/// Searches of a text's bytes eight at a time, for the checks every cell passes.
enum ByteSearch {
  /// Whether `text` holds `part`, compared as UTF-8 bytes (both NFC, such as folded keys),
  /// without Foundation's bridging. An empty part is in no text, as Foundation has it.
  static func contains(_ part: String, in text: String) -> Bool {
    var part = part
    var text = text
    return part.withUTF8 { needle in
      text.withUTF8 { haystack in
        guard let needleBase = needle.baseAddress, !needle.isEmpty else { return false }
        guard let haystackBase = haystack.baseAddress, haystack.count >= needle.count else { return false }
        // Each place the first byte is found, the rest compared.
        let first = Int32(needleBase.pointee)
        var start = 0
        let lastStart = haystack.count - needle.count
        while start <= lastStart {
          guard let found = memchr(haystackBase + start, first, lastStart - start + 1) else { return false }
          let offset = haystackBase.distance(to: found.assumingMemoryBound(to: UInt8.self))
          if memcmp(haystackBase + offset, needleBase, needle.count) == 0 { return true }
          start = offset + 1
        }
        return false
      }
    }
  }

  /// Whether `bytes` hold `first` or `second`.
  @inline(__always)
  static func contains(_ first: UInt8, or second: UInt8, in bytes: UnsafeRawBufferPointer) -> Bool {
    guard let base = bytes.baseAddress else { return false }
    let count = bytes.count
    var index = 0
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    while index + 8 <= count {
      let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
      // A byte of `word ^ pattern` is zero where `word` has the pattern's byte.
      let a = word ^ (ones &* UInt64(first))
      let b = word ^ (ones &* UInt64(second))
      if ((a &- ones) & ~a & highs) | ((b &- ones) & ~b & highs) != 0 { return true }
      index += 8
    }
    while index < count {
      let byte = base.load(fromByteOffset: index, as: UInt8.self)
      if byte == first || byte == second { return true }
      index += 1
    }
    return false
  }

  /// Whether UTF-8 `bytes` hold a character that `Character.isNewline` calls one: U+000A
  /// to U+000D, U+0085, U+2028 or U+2029. Sixteen bytes or more are let through at once
  /// when no byte may start one; else eight bytes at a time, a word is let through
  /// when it has no byte below 0x0E and no lead byte 0xC2 or 0xE2; the rare other word is
  /// looked at byte by byte.
  static func containsNewline(_ bytes: UnsafeRawBufferPointer) -> Bool {
    guard let base = bytes.baseAddress else { return false }
    let count = bytes.count
    if count >= 16 && htx_no_line_break_lead(base.assumingMemoryBound(to: UInt8.self), count) != 0 { return false }
    guard count >= 8 else {
      // A short text is one word, padded with spaces (which hold no newline).
      return mayHoldNewline(shortWord(base, count: count)) && newlineByByte(base, from: 0, count: count)
    }
    var index = 0
    while true {
      // The last word overlaps the one before it, so no byte is left for a slow loop.
      let at = min(index, count - 8)
      if mayHoldNewline(UInt64(littleEndian: base.loadUnaligned(fromByteOffset: at, as: UInt64.self))) {
        // Every byte before `at` was let through, so no character started there.
        return newlineByByte(base, from: at, count: count)
      }
      if at == count - 8 { return false }
      index += 8
    }
  }

  /// The `count` bytes at `base` (fewer than eight) as a little-endian word, the rest
  /// read as spaces; nothing past them is loaded.
  @inline(__always)
  static func shortWord(_ base: UnsafeRawPointer, count: Int) -> UInt64 {
    precondition(count < 8, "a short word holds fewer than eight bytes")
    let spaces: UInt64 = 0x2020_2020_2020_2020
    guard count > 0 else { return spaces }
    let kept = UInt64(8 * count)
    // Two loads of four (or two) bytes that overlap in the middle: the bytes they share
    // are the same, so OR-ing them is exact.
    let low: UInt64
    let high: UInt64
    let shift: UInt64
    if count >= 4 {
      low = UInt64(UInt32(littleEndian: base.loadUnaligned(as: UInt32.self)))
      high = UInt64(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)))
      shift = UInt64(8 * (count - 4))
    } else if count >= 2 {
      low = UInt64(UInt16(littleEndian: base.loadUnaligned(as: UInt16.self)))
      high = UInt64(UInt16(littleEndian: base.loadUnaligned(fromByteOffset: count - 2, as: UInt16.self)))
      shift = UInt64(8 * (count - 2))
    } else {
      low = UInt64(base.load(as: UInt8.self))
      high = 0
      shift = 0
    }
    return low | (high << shift) | (spaces << kept)
  }

  /// Whether the `count` bytes at `first` and at `second` are the same, compared a word at
  /// a time (the last word overlapping), without a call to `memcmp` for a short text.
  @inline(__always)
  static func same(_ first: UnsafeRawPointer, _ second: UnsafeRawPointer, count: Int) -> Bool {
    guard count >= 8 else { return shortWord(first, count: count) == shortWord(second, count: count) }
    var offset = 0
    while offset + 8 < count {
      guard
        first.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
          == second.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      else { return false }
      offset += 8
    }
    return first.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
      == second.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
  }

  /// Whether a word has a byte below 0x0E (an ASCII one, so its high bit is clear) or a
  /// C2 or E2 lead: only then may it hold part of a newline.
  @inline(__always)
  private static func mayHoldNewline(_ word: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    let low = (word &- ones &* 0x0E) & ~word & highs
    let c2 = word ^ (ones &* 0xC2)
    let e2 = word ^ (ones &* 0xE2)
    return low | ((c2 &- ones) & ~c2 & highs) | ((e2 &- ones) & ~e2 & highs) != 0
  }

  /// Whether the bytes from `index` to `count` hold a newline, looked at one by one.
  private static func newlineByByte(_ base: UnsafeRawPointer, from start: Int, count: Int) -> Bool {
    var index = start
    while index < count {
      let byte = base.load(fromByteOffset: index, as: UInt8.self)
      switch byte {
      case 0x0A...0x0D: return true
      case 0xC2:
        if index + 1 < count && base.load(fromByteOffset: index + 1, as: UInt8.self) == 0x85 { return true }
      case 0xE2:
        if index + 2 < count && base.load(fromByteOffset: index + 1, as: UInt8.self) == 0x80 {
          let third = base.load(fromByteOffset: index + 2, as: UInt8.self)
          if third == 0xA8 || third == 0xA9 { return true }
        }
      default: break
      }
      index += 1
    }
    return false
  }

}
