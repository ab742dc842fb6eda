/// Decides whether a CSV field must be quoted, eight bytes at a time.
enum CSVQuoting {
  private static let ones: UInt64 = 0x0101_0101_0101_0101
  private static let highs: UInt64 = 0x8080_8080_8080_8080

  /// Whether some byte of `word` equals `byte` (the classic "has zero byte" test).
  @inline(__always)
  private static func contains(_ word: UInt64, _ byte: UInt8) -> Bool {
    let x = word ^ (ones &* UInt64(byte))
    return (x &- ones) & ~x & highs != 0
  }

  /// Whether `bytes` hold a comma, a double quote, CR or LF (RFC 4180's reasons).
  @inline(__always)
  static func needsQuotes(_ bytes: UnsafeRawBufferPointer) -> Bool {
    var index = 0
    let count = bytes.count
    while index + 8 <= count {
      let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
      if contains(word, 0x2C) || contains(word, 0x22) || contains(word, 0x0A) || contains(word, 0x0D) {
        return true
      }
      index += 8
    }
    while index < count {
      let byte = bytes[index]
      if byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D { return true }
      index += 1
    }
    return false
  }
}
