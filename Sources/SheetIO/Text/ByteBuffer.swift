/// A growable byte buffer for hot loops: no copy-on-write checks, reused across cells.
@usableFromInline final class ByteBuffer {
  @usableFromInline private(set) var base: UnsafeMutablePointer<UInt8>
  @exclusivity(unchecked) private(set) var count = 0
  @exclusivity(unchecked) private var capacity: Int

  /// Bytes allocated past ``capacity``, so that a word of eight bytes may be loaded from
  /// any byte held (see `RowBuffer.ownTextWord(at:)`).
  static let slack = 8
  /// Whether the bytes no append has written yet are zero (see ``init(capacity:zeroed:)``).
  private let zeroed: Bool

  /// Creates a buffer with room for `capacity` bytes. A `zeroed` buffer keeps every byte
  /// past those written zero, so a word loaded across the end of its bytes reads no memory
  /// that was never written; any other zeroes only its slack (a buffer of a large output,
  /// made anew for each chunk, is not written twice).
  init(capacity: Int = 1024, zeroed: Bool = false) {
    self.capacity = max(capacity, 16)
    self.zeroed = zeroed
    base = .allocate(capacity: self.capacity + Self.slack)
    if zeroed {
      base.initialize(repeating: 0, count: self.capacity + Self.slack)
    } else {
      (base + self.capacity).initialize(repeating: 0, count: Self.slack)
    }
  }

  deinit { base.deallocate() }

  var isEmpty: Bool { count == 0 }

  /// The bytes held, valid until the next change.
  @inline(__always) var bytes: UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: base, count: count)
  }

  @inline(__always) func removeAll() { count = 0 }

  @inline(__always) func append(_ bytes: UnsafeRawBufferPointer) {
    guard let source = bytes.baseAddress, bytes.count > 0 else { return }
    if count + bytes.count > capacity { grow(to: count + bytes.count) }
    (base + count).initialize(
      from: source.assumingMemoryBound(to: UInt8.self), count: bytes.count)
    count += bytes.count
  }

  /// ``append(_:)`` for a cell's bytes, copied by words (see ``FlatStorage/copyBytes(from:to:count:)``).
  @inline(__always) func appendCell(_ bytes: UnsafeRawBufferPointer) {
    guard let source = bytes.baseAddress, bytes.count > 0 else { return }
    if count + bytes.count > capacity { grow(to: count + bytes.count) }
    FlatStorage.copyBytes(from: source, to: UnsafeMutableRawPointer(base + count), count: bytes.count)
    count += bytes.count
  }

  @inline(__always) func append(_ byte: UInt8) {
    if count == capacity { grow(to: count + 1) }
    base[count] = byte
    count += 1
  }

  /// Appends `count` copies of `byte`.
  @inline(__always) func append(repeating byte: UInt8, count added: Int) {
    guard added > 0 else { return }
    if count + added > capacity { grow(to: count + added) }
    // A loop, not memset: the runs here are a few bytes (commas, a record header).
    for offset in 0..<added { base[count + offset] = byte }
    count += added
  }

  /// Appends what `body` writes at the end, at most `maximum` bytes; `body` returns
  /// how many it wrote.
  @inline(__always) func append(upTo maximum: Int, _ body: (UnsafeMutableRawPointer) -> Int) {
    if count + maximum > capacity { grow(to: count + maximum) }
    let written = body(UnsafeMutableRawPointer(base + count))
    precondition(written >= 0 && written <= maximum)
    count += written
  }

  /// Appends `count` zero bytes (room for a header written later).
  @inline(__always) func appendZeros(_ added: Int) { append(repeating: 0, count: added) }

  /// Overwrites four bytes at `offset` (below ``count``) with `value`, little-endian.
  @inline(__always) func storeUInt32(_ value: UInt32, at offset: Int) {
    precondition(offset >= 0 && offset + 4 <= count)
    UnsafeMutableRawPointer(base).storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt32.self)
  }

  /// Exchanges contents (bytes, count and capacity) with `other`, without copying.
  func swapStorage(with other: ByteBuffer) {
    swap(&base, &other.base)
    swap(&count, &other.count)
    swap(&capacity, &other.capacity)
  }

  /// Makes room for `capacity` bytes in all without growing again.
  func reserve(_ capacity: Int) {
    if capacity > self.capacity { grow(to: capacity, exactly: true) }
  }

  /// Drops bytes from `length` on.
  func truncate(to length: Int) { count = min(count, max(0, length)) }

  private func grow(to needed: Int, exactly: Bool = false) {
    let newCapacity = exactly ? max(needed, capacity) : FlatStorage.doubled(capacity, toHold: needed)
    base = FlatStorage.move(base, count: count, toCapacity: newCapacity + Self.slack)
    let fresh = zeroed ? count : newCapacity
    (base + fresh).initialize(repeating: 0, count: newCapacity + Self.slack - fresh)
    capacity = newCapacity
  }
}
