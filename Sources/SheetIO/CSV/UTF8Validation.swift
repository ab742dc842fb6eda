import CIntrinsics

/// Strict UTF-8 validation of byte buffers that may be pieces of a longer text.
enum UTF8Validation {
  /// How a validated buffer ends.
  enum Ending: Equatable {
    /// Every byte is valid UTF-8.
    case complete
    /// The bytes from `validCount` on start a sequence the next piece may complete.
    case incomplete
    /// The byte at `validCount` cannot be UTF-8 here.
    case invalid
  }

  /// What ``validate(_:)`` found.
  struct Result: Equatable {
    /// How many leading bytes are complete, valid UTF-8.
    var validCount: Int
    /// Why the valid bytes end.
    var ending: Ending
    /// Whether the valid bytes pass ``NFCText/isSurelyNormalized(_:)``.
    var surelyNFC: Bool
  }

  /// Whether blocks of thirty-two bytes are checked (the processor runs AVX2), rather
  /// than of sixteen.
  static let hasWideBlocks = htx_has_avx2() != 0

  /// How many leading bytes of `bytes` are complete, valid UTF-8, and why it stops.
  ///
  /// Follows Unicode Table 3-7 (no overlong forms, no surrogates, nothing past U+10FFFF).
  /// On the way it applies NFCText's quick rule, which costs a compare per non-ASCII
  /// character here and spares a second pass over every field.
  /// - Complexity: O(n), thirty-two bytes at a time with AVX2 (`htx_utf8_blocks32`, in
  ///   CIntrinsics, a run of blocks a call), else sixteen (`htx_utf8_block`); near the end,
  ///   and in a block with a fault, eight ASCII bytes or one character at a time.
  static func validate(_ bytes: UnsafeRawBufferPointer) -> Result {
    validate(bytes, wide: hasWideBlocks)
  }

  /// ``validate(_:)`` with blocks of thirty-two bytes when `wide` (only where
  /// ``hasWideBlocks`` holds), else of sixteen.
  static func validate(_ bytes: UnsafeRawBufferPointer, wide: Bool) -> Result {
    guard let base = bytes.baseAddress else {
      return Result(validCount: 0, ending: .complete, surelyNFC: true)
    }
    let count = bytes.count
    var index = 0
    var surelyNFC = true
    func stop(_ ending: Ending) -> Result {
      Result(validCount: index, ending: ending, surelyNFC: surelyNFC)
    }
    // Blocks need the three bytes before them, which the character loop read first.
    var blocksFrom = 3
    // Whether `index` may sit inside a character, as it may after a block.
    var inCharacter = false
    while index < count {
      // A block leaves three bytes after it, so a character it ends in is checked here.
      if index >= blocksFrom && wide && index + 35 <= count {
        var unsettled: Int32 = 0
        let checked = htx_utf8_blocks32(base.assumingMemoryBound(to: UInt8.self) + index, count - index, &unsettled)
        if unsettled != 0 { surelyNFC = false }
        if checked > 0 {
          index += checked
          inCharacter = true
          continue
        }
        blocksFrom = index + 32
      } else if index >= blocksFrom && index + 19 <= count {
        let block = htx_utf8_block(base.assumingMemoryBound(to: UInt8.self) + index)
        if block > 0 {
          if block & 2 == 0 { surelyNFC = false }
          index += 16
          inCharacter = true
          continue
        }
        // A block's fault is found, and told apart, a character at a time; without the
        // vector compares, every byte is.
        blocksFrom = block < 0 ? Int.max : index + 16
      }
      if inCharacter {
        // Back to the start of the last character that began before here, which may run
        // past here or be cut short: the blocks left its end unchecked. What they checked
        // is valid, so it starts at most three bytes back.
        index -= 1
        while index > 0 && base.load(fromByteOffset: index, as: UInt8.self) & 0xC0 == 0x80 { index -= 1 }
        inCharacter = false
      }
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
      let lead = base.load(fromByteOffset: index, as: UInt8.self)
      if lead < 0x80 {
        index += 1
        continue
      }
      // Fast path for two- and three-byte characters away from the end (Vietnamese
      // text is mostly these); four-byte ones and the last bytes take the full path.
      if index + 4 <= count {
        let second = base.load(fromByteOffset: index + 1, as: UInt8.self)
        if lead & 0xE0 == 0xC0 {
          guard lead >= 0xC2, second & 0xC0 == 0x80 else { return stop(.invalid) }
          // Below U+0300 (leads C2–CB) is surely NFC.
          if lead >= 0xCC { surelyNFC = false }
          index += 2
          continue
        }
        if lead & 0xF0 == 0xE0 {
          let third = base.load(fromByteOffset: index + 2, as: UInt8.self)
          guard second & 0xC0 == 0x80, third & 0xC0 == 0x80,
            lead != 0xE0 || second >= 0xA0,  // overlong
            lead != 0xED || second <= 0x9F  // surrogate
          else { return stop(.invalid) }
          // U+1E00–U+1EFF (E1 B8…BB xx) is surely NFC; other three-byte ones may not be.
          if lead != 0xE1 || second < 0xB8 || second > 0xBB { surelyNFC = false }
          index += 3
          continue
        }
      }
      let length: Int
      var low: UInt8 = 0x80
      var high: UInt8 = 0xBF
      switch lead {
      case 0xC2...0xDF: length = 2
      case 0xE0:
        length = 3
        low = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED:
        length = 3
        high = 0x9F
      case 0xF0:
        length = 4
        low = 0x90
      case 0xF1...0xF3: length = 4
      case 0xF4:
        length = 4
        high = 0x8F
      default: return stop(.invalid)
      }
      for offset in 1..<length {
        guard index + offset < count else { return stop(.incomplete) }
        let byte = base.load(fromByteOffset: index + offset, as: UInt8.self)
        let range = offset == 1 ? low...high : 0x80...0xBF
        guard range.contains(byte) else { return stop(.invalid) }
      }
      // Below U+0300 (leads C2–CB) or U+1E00–U+1EFF (E1 B8…BB) is surely NFC.
      if lead >= 0xCC && surelyNFC {
        let second = base.load(fromByteOffset: index + 1, as: UInt8.self)
        surelyNFC = lead == 0xE1 && second >= 0xB8 && second <= 0xBB
      }
      index += length
    }
    return Result(validCount: count, ending: .complete, surelyNFC: surelyNFC)
  }

  /// The offset of the first byte of `bytes` at or above 0x80, nil when there is none.
  static func firstNonASCII(_ bytes: UnsafeRawBufferPointer) -> Int? {
    guard let base = bytes.baseAddress else { return nil }
    let count = bytes.count
    var index = 0
    while index + 8 <= count,
      base.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
    {
      index += 8
    }
    while index < count {
      if base.load(fromByteOffset: index, as: UInt8.self) >= 0x80 { return index }
      index += 1
    }
    return nil
  }
}
