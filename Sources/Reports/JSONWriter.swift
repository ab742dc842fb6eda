/// Writes JSON the way `JSONEncoder` does with `.prettyPrinted`, `.sortedKeys` and
/// `.withoutEscapingSlashes`, straight into bytes: a report of a hundred thousand
/// findings took seconds through the encoder's intermediate tree.
///
/// Callers give an object's members in sorted key order. The bytes are kept in storage of
/// the writer's own, appended to without an array's uniqueness and capacity checks (a few
/// dozen appends make a finding); one writer has one owner.
final class JSONWriter {
  @exclusivity(unchecked) private var base: UnsafeMutablePointer<UInt8>
  /// How many bytes are written.
  @exclusivity(unchecked) private(set) var count = 0
  @exclusivity(unchecked) private var capacity: Int

  /// Creates a writer with room for about `capacity` bytes.
  init(capacity: Int = 0) {
    self.capacity = max(capacity, 64)
    base = .allocate(capacity: self.capacity)
  }

  deinit { base.deallocate() }

  /// Calls `body` with the bytes written, without copying them.
  func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    try body(UnsafeBufferPointer(start: base, count: count))
  }

  /// A writer for more elements of the array this one has open, written apart and
  /// joined with this one's bytes (see ``noteElements(_:)``); `hasItems` says whether
  /// elements come before.
  func continuingArray(hasItems: Bool) -> JSONWriter {
    let writer = JSONWriter()
    writer.depth = depth
    writer.started = started
    writer.setStarted(hasItems)
    return writer
  }

  /// Makes room for about `count` more bytes.
  func reserveCapacity(_ added: Int) { reserve(added) }

  /// Takes note of elements written by writers from ``continuingArray(hasItems:)``,
  /// which the caller places here (at this writer's ``count`` now) when it joins the bytes.
  func noteElements(_ pieces: [JSONWriter]) {
    if pieces.contains(where: { $0.count > 0 }) { setStarted(true) }
  }

  /// Makes room for `added` more bytes, doubling the storage when it must grow.
  @inline(__always)
  private func reserve(_ added: Int) {
    guard count + added > capacity else { return }
    let grown = max(capacity * 2, count + added)
    let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
    moved.moveInitialize(from: base, count: count)
    base.deallocate()
    base = moved
    capacity = grown
  }

  @inline(__always)
  private func append(_ byte: UInt8) {
    reserve(1)
    base[count] = byte
    count += 1
  }

  @inline(__always)
  private func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let source = bytes.baseAddress, bytes.count > 0 else { return }
    reserve(bytes.count)
    (base + count).initialize(from: source, count: bytes.count)
    count += bytes.count
  }

  /// Whether the open container at each depth has a member yet.
  /// How many containers are open, and whether each has a member yet, a bit a depth
  /// (the report nests a few deep).
  @exclusivity(unchecked) private var depth = 0
  @exclusivity(unchecked) private var started: UInt64 = 0

  /// Marks the innermost open container as having members or not.
  @inline(__always)
  private func setStarted(_ has: Bool) {
    guard depth > 0 else { return }
    let bit: UInt64 = 1 << UInt64(depth - 1)
    started = has ? started | bit : started & ~bit
  }

  /// Opens an object as the next value.
  func beginObject() { open(UInt8(ascii: "{")) }

  /// Closes the innermost object.
  func endObject() { close(UInt8(ascii: "}")) }

  /// Opens an array as the next value.
  func beginArray() { open(UInt8(ascii: "[")) }

  /// Closes the innermost array.
  func endArray() { close(UInt8(ascii: "]")) }

  /// Starts an object member: its key (a name of the report's, which needs no escape);
  /// the value is written next.
  func key(_ name: StaticString) {
    // One reservation for the separator, the line's start, the quoted name and ` : `.
    let length = name.utf8CodeUnitCount
    reserve(2 + 2 * depth + Self.spaceSlack + length + 5)
    nextItem()
    var end = base + count
    end.pointee = UInt8(ascii: "\"")
    end += 1
    name.withUTF8Buffer { name in
      if let start = name.baseAddress { end.initialize(from: start, count: name.count) }
    }
    end += length
    // `" : ` as one little-endian word.
    UnsafeMutableRawPointer(end).storeBytes(of: UInt32(0x203A_2022).littleEndian, as: UInt32.self)
    count = end + 4 - base
  }

  /// Starts an array element; the value is written next.
  func element() { nextItem() }

  /// Writes a string value.
  func string(_ text: String) {
    append(UInt8(ascii: "\""))
    var text = text
    text.withUTF8 { utf8 in
      // Runs that need no escape are copied whole; they are found eight bytes at a time.
      var runStart = 0
      var index = 0
      while index < utf8.count {
        if index + 8 <= utf8.count, let base = utf8.baseAddress,
          !Self.mayNeedEscape(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
        {
          index += 8
          continue
        }
        let byte = utf8[index]
        index += 1
        guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
        append(UnsafeBufferPointer(rebasing: utf8[runStart..<index - 1]))
        runStart = index
        escape(byte)
      }
      append(UnsafeBufferPointer(rebasing: utf8[runStart...]))
    }
    append(UInt8(ascii: "\""))
  }

  /// Whether a word of text holds a byte below 0x20, a quote or a backslash.
  @inline(__always)
  private static func mayNeedEscape(_ word: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    let word = UInt64(littleEndian: word)
    let control = (word &- ones &* 0x20) & ~word & highs
    let quote = word ^ (ones &* 0x22)
    let backslash = word ^ (ones &* 0x5C)
    return control | ((quote &- ones) & ~quote & highs) | ((backslash &- ones) & ~backslash & highs) != 0
  }

  /// Appends the escape of a quote, a backslash or a control byte.
  private func escape(_ byte: UInt8) {
    let backslash = UInt8(ascii: "\\")
    // The letter of a short escape, else the four hex digits of `\u00XX`.
    let letter: UInt8? =
      switch byte {
      case UInt8(ascii: "\""), backslash: byte
      case 0x0A: UInt8(ascii: "n")
      case 0x0D: UInt8(ascii: "r")
      case 0x09: UInt8(ascii: "t")
      case 0x08: UInt8(ascii: "b")
      case 0x0C: UInt8(ascii: "f")
      default: nil
      }
    append(backslash)
    if let letter {
      append(letter)
    } else {
      let hex = Array("0123456789abcdef".utf8)
      for byte in Array("u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]] { append(byte) }
    }
  }

  /// Writes an integer value, its digits straight into the bytes.
  func integer(_ value: Int) {
    if value < 0 { append(UInt8(ascii: "-")) }
    var magnitude = value.magnitude
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // up to 20 digits, last first
    var digitCount = 0
    withUnsafeMutableBytes(of: &digits) { buffer in
      repeat {
        buffer[digitCount] = UInt8(ascii: "0") + UInt8(magnitude % 10)
        magnitude /= 10
        digitCount += 1
      } while magnitude > 0
      for index in stride(from: digitCount - 1, through: 0, by: -1) { append(buffer[index]) }
    }
  }

  /// Writes a truth value.
  func bool(_ value: Bool) { for byte in (value ? "true" : "false").utf8 { append(byte) } }

  /// Writes `key` with a string value, or nothing when the value is nil.
  func member(_ name: StaticString, _ value: String?) {
    guard let value else { return }
    key(name)
    string(value)
  }

  /// Writes `key` with an integer value, or nothing when the value is nil.
  func member(_ name: StaticString, _ value: Int?) {
    guard let value else { return }
    key(name)
    integer(value)
  }

  private func open(_ bracket: UInt8) {
    append(bracket)
    precondition(depth < 64, "the report nests fewer than 64 deep")
    depth += 1
    setStarted(false)
  }

  private func close(_ bracket: UInt8) {
    let hadItems = started & (1 << UInt64(depth - 1)) != 0
    depth -= 1
    if !hadItems { append(0x0A) }
    newline(depth)
    append(bracket)
  }

  @inline(__always)
  private func nextItem() {
    guard depth > 0 else { return }
    reserve(2 + 2 * depth + Self.spaceSlack)
    if started & (1 << UInt64(depth - 1)) != 0 {
      base[count] = UInt8(ascii: ",")
      count += 1
    }
    setStarted(true)
    newline(depth)
  }

  /// Bytes past an indentation that writing it in words may touch: room kept for them.
  private static var spaceSlack: Int { 8 }

  /// A line break and the indentation of `depth`, its spaces written a word at a time
  /// (the words may run past the indentation into room reserved, later overwritten).
  @inline(__always)
  private func newline(_ depth: Int) {
    reserve(1 + 2 * depth + Self.spaceSlack)
    base[count] = 0x0A
    let spaces = UnsafeMutableRawPointer(base + count + 1)
    var written = 0
    while written < 2 * depth {
      spaces.storeBytes(of: 0x2020_2020_2020_2020 as UInt64, toByteOffset: written, as: UInt64.self)
      written += 8
    }
    count += 1 + 2 * depth
  }
}
