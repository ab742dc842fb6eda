/// Rows kept in memory as they are held, to be read again on another thread: the rows of
/// one batch whose typing the thread that parsed them hands on.
///
/// Used by one thread at a time: the one appending, then the one reading back, with a
/// lock or a pipe between them.
public final class RowStore: @unchecked Sendable {
  private let buffer = ByteBuffer(capacity: 1 << 14)
  /// The store shared texts point into, taken from the first row.
  private var arena: ByteArena?
  /// The row read back into, kept for the next read.
  private let row = RowBuffer()
  /// How many rows it holds.
  public private(set) var count = 0

  /// Creates an empty store.
  public init() {}

  /// Stores a copy of `row`.
  public func append(_ row: RowBuffer) {
    if arena == nil { arena = row.arena }
    row.snapshot(into: buffer)
    count += 1
  }

  /// Calls `body` with each row in order, loaded into one reused ``RowBuffer``.
  public func forEach(_ body: (RowBuffer) throws -> Void) rethrows {
    row.attach(arena: arena)
    let held = buffer.bytes
    var offset = 0
    for _ in 0..<count {
      offset += row.restore(from: UnsafeRawBufferPointer(rebasing: held[offset...]))
      try body(row)
    }
  }

  /// Forgets the rows, keeping the memory for the next ones.
  public func removeAll() {
    buffer.removeAll()
    count = 0
  }
}
