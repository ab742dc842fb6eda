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

  /// Starts an object member: its key; the value is written next.
  mutating func key(_ name: String) {
    nextItem()
    string(name)
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
      // Runs that need no escape are copied whole.
      var runStart = 0
      for index in 0..<utf8.count {
        let byte = utf8[index]
        guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
        runStart = index + 1
        escape(byte)
      }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
    }
    bytes.append(UInt8(ascii: "\""))
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

  /// Writes an integer value.
  mutating func integer(_ value: Int) { bytes.append(contentsOf: String(value).utf8) }

  /// Writes a truth value.
  mutating func bool(_ value: Bool) { bytes.append(contentsOf: (value ? "true" : "false").utf8) }

  /// Writes `key` with a string value, or nothing when the value is nil.
  mutating func member(_ name: String, _ value: String?) {
    guard let value else { return }
    key(name)
    string(value)
  }

  /// Writes `key` with an integer value, or nothing when the value is nil.
  mutating func member(_ name: String, _ value: Int?) {
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
    bytes.append(0x0A)
    if !hadItems { bytes.append(0x0A) }
    indent(started.count)
    bytes.append(bracket)
  }

  private mutating func nextItem() {
    guard let last = started.indices.last else { return }
    if started[last] { bytes.append(UInt8(ascii: ",")) }
    started[last] = true
    bytes.append(0x0A)
    indent(started.count)
  }

  private mutating func indent(_ depth: Int) {
    bytes.append(contentsOf: repeatElement(0x20, count: depth * 2))
  }
}
