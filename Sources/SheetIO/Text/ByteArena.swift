import Foundation

/// A grow-only store of byte strings addressed by offset, such as the shared-string
/// table: one allocation for all strings instead of one `String` each.
///
/// One thread may fill the arena while another reads it (``startLoading(bytes:strings:)``):
/// the store is then reserved up front and never moves, the filler publishes finished
/// strings every so often, and ``range(of:)`` on the reading thread waits until the
/// string asked for is published or the filling has ended.
public final class ByteArena {
  @usableFromInline let storage = ByteBuffer(capacity: 4096)
  /// Start offset of each string as little-endian 32-bit words; string `i` ends where
  /// string `i + 1` starts. 32 bits suffice: the parts an arena is filled from are
  /// capped far below 4 GiB. A raw buffer, not an array, so that a reader never
  /// touches what the filler changes.
  private let offsets = ByteBuffer(capacity: 4096)
  private var offsetCount = 0

  /// Set while another thread fills the arena.
  private var loading: Loading?
  /// How many strings the reading thread knows to be published.
  private var readable = 0
  /// Room reserved for a concurrent fill, which must not outgrow it.
  private var reservedBytes = 0
  private var reservedStrings = 0
  /// Whether a concurrent fill ran out of its reserved room.
  public private(set) var overflowed = false

  /// What the filling thread publishes to the reading one.
  private final class Loading: @unchecked Sendable {
    let condition = NSCondition()
    var published = 0
    var ended = false
  }

  /// Strings per publication during a concurrent fill.
  private static let publishEvery = 1024

  /// Creates an empty arena.
  public init() {
    appendOffset(0)
  }

  /// Reserves room up front, so the store never doubles (and briefly holds two copies).
  ///
  /// Untouched reserved pages cost address space, not memory.
  public func reserve(bytes: Int, strings: Int) {
    storage.reserve(bytes)
    offsets.reserve((strings + 1) * 4)
  }

  /// Reserves room for at most `bytes` bytes in `strings` strings and lets another
  /// thread fill the arena while this one reads it; the filler calls ``endLoading()``.
  /// Past the reserved room the filler's bytes are dropped and ``overflowed`` is set.
  func startLoading(bytes: Int, strings: Int) {
    reserve(bytes: bytes, strings: strings)
    reservedBytes = max(bytes, 0)
    reservedStrings = max(strings, 0)
    loading = Loading()
  }

  /// Publishes the last strings and wakes the reader for good (on the filling thread).
  func endLoading() {
    guard let loading else { return }
    loading.condition.lock()
    loading.published = offsetCount - 1
    loading.ended = true
    loading.condition.broadcast()
    loading.condition.unlock()
  }

  /// Back to a plain arena once the filling thread has been joined (on the reading thread).
  func loadingJoined() {
    loading = nil
  }

  @inline(__always)
  private func appendOffset(_ value: Int) {
    var word = UInt32(truncatingIfNeeded: value).littleEndian
    withUnsafeBytes(of: &word) { offsets.append($0) }
    offsetCount += 1
  }

  @inline(__always)
  private func offset(_ index: Int) -> Int {
    Int(UInt32(littleEndian: UnsafeRawPointer(offsets.base).load(fromByteOffset: index * 4, as: UInt32.self)))
  }

  /// How many strings the arena holds.
  public var count: Int { offsetCount - 1 }

  /// How many bytes the arena holds.
  public var byteCount: Int { storage.count }

  /// Appends bytes to the string being built.
  @inline(__always)
  public func append(_ bytes: UnsafeRawBufferPointer) {
    if loading != nil && storage.count + bytes.count > reservedBytes {
      overflowed = true
      return
    }
    storage.append(bytes)
  }

  /// Appends one byte to the string being built.
  @inline(__always)
  public func append(_ byte: UInt8) {
    if loading != nil && storage.count + 1 > reservedBytes {
      overflowed = true
      return
    }
    storage.append(byte)
  }

  /// Ends the string being built and returns its index.
  @discardableResult
  public func finishString() -> Int {
    if let loading {
      guard offsetCount <= reservedStrings else {
        overflowed = true
        return offsetCount - 1
      }
      appendOffset(storage.count)
      if (offsetCount - 1) % ByteArena.publishEvery == 0 {
        loading.condition.lock()
        loading.published = offsetCount - 1
        loading.condition.broadcast()
        loading.condition.unlock()
      }
      return offsetCount - 2
    }
    appendOffset(storage.count)
    return offsetCount - 2
  }

  /// The byte range of string `index`; nil past the end. While another thread fills
  /// the arena, waits until that string is there or the filling has ended.
  @inline(__always)
  public func range(of index: Int) -> (start: Int, length: Int)? {
    let known: Int
    if let loading {
      if index >= readable { waitFor(index, loading) }
      known = readable
    } else {
      known = offsetCount - 1
    }
    guard index >= 0, index < known else { return nil }
    let start = offset(index)
    return (start, offset(index + 1) - start)
  }

  private func waitFor(_ index: Int, _ loading: Loading) {
    loading.condition.lock()
    while loading.published <= index && !loading.ended { loading.condition.wait() }
    readable = loading.published
    loading.condition.unlock()
  }

  /// Calls `body` with the bytes at `start..<start+length`.
  @inlinable @inline(__always)
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
