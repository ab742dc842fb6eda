/// Searches of a text's bytes eight at a time, for the checks every cell passes.
enum ByteSearch {
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
}
