/// A growing byte buffer for generated XML and CSV text, with fast number formatting.
///
/// The generators append a row at a time and hand the bytes on with ``drain(into:)`` once
/// ``isFull`` says the buffer passed its threshold, so it never holds more than about
/// `threshold` plus one row.
struct GeneratedText {
  /// The bytes not yet handed on.
  private(set) var bytes: [UInt8] = []
  /// Bytes handed on so far.
  private(set) var drainedCount: Int64 = 0
  /// How many bytes to gather before ``isFull`` turns true.
  let threshold: Int

  init(threshold: Int = 1 << 20) {
    self.threshold = threshold
    bytes.reserveCapacity(threshold + 64 * 1024)
  }

  /// Whether the buffer passed its threshold and should be drained.
  var isFull: Bool { bytes.count >= threshold }

  /// All bytes appended so far, drained or not.
  var totalCount: Int64 { drainedCount + Int64(bytes.count) }

  /// Hands the buffered bytes to `consumer` and empties the buffer.
  mutating func drain(into consumer: (UnsafeRawBufferPointer) throws -> Void) rethrows {
    try bytes.withUnsafeBytes { try consumer($0) }
    drainedCount += Int64(bytes.count)
    bytes.removeAll(keepingCapacity: true)
  }

  mutating func append(_ text: StaticString) {
    bytes.append(
      contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
  }

  mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }

  mutating func append(byte: UInt8) { bytes.append(byte) }

  /// Appends a decimal integer.
  mutating func append(int value: Int) {
    if value < 0 { bytes.append(UInt8(ascii: "-")) }
    var magnitude = value.magnitude
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
      var index = 20
      repeat {
        index -= 1
        digits[index] = UInt8(truncatingIfNeeded: 48 + magnitude % 10)
        magnitude /= 10
      } while magnitude > 0
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[index...]))
    }
  }

  /// Appends an integer zero-padded to `width` digits.
  mutating func append(int value: Int, width: Int) {
    var power = 1
    for _ in 1..<width { power *= 10 }
    var remaining = value
    while power > 0 {
      bytes.append(UInt8(48 + remaining / power % 10))
      remaining %= power
      power /= 10
    }
  }

  /// Appends `scaled / 10^places` with trailing fraction zeros dropped, the way Excel and
  /// xlsxwriter write a double (`1234.5`, `-12`, `7.25`).
  mutating func append(scaled: Int, places: Int) {
    var divisor = 1
    for _ in 0..<places { divisor *= 10 }
    if scaled < 0 { bytes.append(UInt8(ascii: "-")) }
    let magnitude = Int(scaled.magnitude)
    append(int: magnitude / divisor)
    var fraction = magnitude % divisor
    guard fraction != 0 else { return }
    bytes.append(UInt8(ascii: "."))
    var digits = places
    while fraction % 10 == 0 {
      fraction /= 10
      digits -= 1
    }
    append(int: fraction, width: digits)
  }
}
