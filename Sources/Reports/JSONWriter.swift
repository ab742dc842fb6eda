/// Writes JSON the way `JSONEncoder` does with `.prettyPrinted`, `.sortedKeys` and
/// `.withoutEscapingSlashes`, straight into bytes: a report of a hundred thousand
/// findings took seconds through the encoder's intermediate tree.
///
/// Callers give an object's members in sorted key order.
struct JSONWriter {
  private(set) var bytes: [UInt8] = []

  /// Creates a writer with room for about `capacity` bytes.
  init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

  /// A writer for more elements of the array this one has open, written apart and
  /// joined with ``append(elements:)``; `hasItems` says whether elements come before.
  func continuingArray(hasItems: Bool) -> JSONWriter {
    var writer = JSONWriter()
    writer.started = started
    if !writer.started.isEmpty { writer.started[writer.started.count - 1] = hasItems }
    return writer
  }

  /// Makes room for about `count` more bytes.
  mutating func reserveCapacity(_ count: Int) { bytes.reserveCapacity(bytes.count + count) }

  /// Joins elements written by writers from ``continuingArray(hasItems:)``, in order.
  mutating func append(elements pieces: [JSONWriter]) {
    for piece in pieces where !piece.bytes.isEmpty {
      bytes.append(contentsOf: piece.bytes)
      if !started.isEmpty { started[started.count - 1] = true }
    }
  }
  /// Whether the open container at each depth has a member yet.
  private var started: [Bool] = []

  /// Opens an object as the next value.
  mutating func beginObject() { open(UInt8(ascii: "{")) }

  /// Closes the innermost object.
  mutating func endObject() { close(UInt8(ascii: "}")) }

  /// Opens an array as the next value.
  mutating func beginArray() { open(UInt8(ascii: "[")) }

  /// Closes the innermost array.
  mutating func endArray() { close(UInt8(ascii: "]")) }

  /// Starts an object member: its key (a name of the report's, which needs no escape);
  /// the value is written next.
  mutating func key(_ name: StaticString) {
    nextItem()
    bytes.append(UInt8(ascii: "\""))
    name.withUTF8Buffer { bytes.append(contentsOf: $0) }
    bytes.append(UInt8(ascii: "\""))
    bytes.append(0x20)
    bytes.append(UInt8(ascii: ":"))
    bytes.append(0x20)
  }

  /// Starts an array element; the value is written next.
  mutating func element() { nextItem() }

  /// Writes a string value.
  mutating func string(_ text: String) {
    bytes.append(UInt8(ascii: "\""))
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
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index - 1]))
        runStart = index
        escape(byte)
      }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
    }
    bytes.append(UInt8(ascii: "\""))
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
  private mutating func escape(_ byte: UInt8) {
    let backslash = UInt8(ascii: "\\")
    switch byte {
    case UInt8(ascii: "\""): bytes.append(contentsOf: [backslash, UInt8(ascii: "\"")])
    case backslash: bytes.append(contentsOf: [backslash, backslash])
    case 0x0A: bytes.append(contentsOf: [backslash, UInt8(ascii: "n")])
    case 0x0D: bytes.append(contentsOf: [backslash, UInt8(ascii: "r")])
    case 0x09: bytes.append(contentsOf: [backslash, UInt8(ascii: "t")])
    case 0x08: bytes.append(contentsOf: [backslash, UInt8(ascii: "b")])
    case 0x0C: bytes.append(contentsOf: [backslash, UInt8(ascii: "f")])
    default:
      let hex = Array("0123456789abcdef".utf8)
      bytes.append(contentsOf: Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]])
    }
  }

  /// Writes an integer value, its digits straight into the bytes.
  mutating func integer(_ value: Int) {
    if value < 0 { bytes.append(UInt8(ascii: "-")) }
    var magnitude = value.magnitude
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // up to 20 digits, last first
    var count = 0
    withUnsafeMutableBytes(of: &digits) { buffer in
      repeat {
        buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
        magnitude /= 10
        count += 1
      } while magnitude > 0
      for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
    }
  }

  /// Writes a truth value.
  mutating func bool(_ value: Bool) { bytes.append(contentsOf: (value ? "true" : "false").utf8) }

  /// Writes `key` with a string value, or nothing when the value is nil.
  mutating func member(_ name: StaticString, _ value: String?) {
    guard let value else { return }
    key(name)
    string(value)
  }

  /// Writes `key` with an integer value, or nothing when the value is nil.
  mutating func member(_ name: StaticString, _ value: Int?) {
    guard let value else { return }
    key(name)
    integer(value)
  }

  private mutating func open(_ bracket: UInt8) {
    bytes.append(bracket)
    started.append(false)
  }

  private mutating func close(_ bracket: UInt8) {
    let hadItems = started.removeLast()
    if !hadItems { bytes.append(0x0A) }
    newline(started.count)
    bytes.append(bracket)
  }

  private mutating func nextItem() {
    guard let last = started.indices.last else { return }
    if started[last] { bytes.append(UInt8(ascii: ",")) }
    started[last] = true
    newline(started.count)
  }

  /// A line break and the indentation of `depth`, copied from a line made once a depth.
  private mutating func newline(_ depth: Int) {
    while lineStarts.count <= depth {
      lineStarts.append([0x0A] + Array(repeating: 0x20, count: lineStarts.count * 2))
    }
    bytes.append(contentsOf: lineStarts[depth])
  }
  /// A line break and each depth's indentation, made as they are first needed.
  private var lineStarts: [[UInt8]] = []
}
