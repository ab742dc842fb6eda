/// A grow-only store of byte strings addressed by offset, such as the shared-string
/// table: one allocation for all strings instead of one `String` each.
public final class ByteArena {
  @usableFromInline let storage = ByteBuffer(capacity: 4096)
  /// Start offset of each string; string `i` ends where string `i + 1` starts.
  /// 32 bits suffice: the parts an arena is filled from are capped far below 4 GiB.
  @usableFromInline var offsets: [UInt32] = [0]

  /// Creates an empty arena.
  public init() {}

  /// Reserves room up front, so the store never doubles (and briefly holds two copies).
  ///
  /// Untouched reserved pages cost address space, not memory.
  public func reserve(bytes: Int, strings: Int) {
    storage.reserve(bytes)
    offsets.reserveCapacity(strings + 1)
  }

  /// How many strings the arena holds.
  public var count: Int { offsets.count - 1 }

  /// How many bytes the arena holds.
  public var byteCount: Int { storage.count }

  /// Appends bytes to the string being built.
  @inline(__always)
  public func append(_ bytes: UnsafeRawBufferPointer) { storage.append(bytes) }

  /// Appends one byte to the string being built.
  @inline(__always)
  public func append(_ byte: UInt8) { storage.append(byte) }

  /// Ends the string being built and returns its index.
  @discardableResult
  public func finishString() -> Int {
    offsets.append(UInt32(truncatingIfNeeded: storage.count))
    return offsets.count - 2
  }

  /// The byte range of string `index`; nil past the end.
  @inline(__always)
  public func range(of index: Int) -> (start: Int, length: Int)? {
    guard index >= 0, index + 1 < offsets.count else { return nil }
    let start = Int(offsets[index])
    return (start, Int(offsets[index + 1]) - start)
  }

  /// Calls `body` with the bytes at `start..<start+length`.
  @inline(__always)
  public func withBytes<R>(start: Int, length: Int, _ body: (UnsafeRawBufferPointer) throws -> R)
    rethrows -> R
  {
    try body(UnsafeRawBufferPointer(start: storage.base + start, count: length))
  }

  /// String `index` as a `String`; nil past the end.
  public func string(at index: Int) -> String? {
    guard let (start, length) = range(of: index) else { return nil }
    return withBytes(start: start, length: length) { String(decoding: $0, as: UTF8.self) }
  }
}
