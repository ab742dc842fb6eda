import Foundation

/// Rows handed from the thread that parses a sheet to one thread that reads them, in
/// encoded chunks (at most a few waiting, through a ``BatchPipe``), so a parse and what
/// follows it run side by side. Each chunk also goes to a ``RowSpill`` when one is kept,
/// so the rows can be read again without parsing them again.
///
/// Until ``open()`` the chunks go to the spill only: the reader is started once the
/// producer knows what it will do with the rows.
public final class RowRelay: @unchecked Sendable {
  /// The rows kept to be read again; nil when the source is read again instead.
  public let spill: RowSpill?
  private let pipe: BatchPipe<ByteBuffer>
  private let chunkSize: Int
  // The producer's side, touched only by its thread.
  private var current: ByteBuffer
  private var rowsInChunk = 0
  private var relaying = false
  /// The store shared texts point into, set from the first row before any chunk moves
  /// (the pipe's lock orders it before the reader's first chunk).
  private var arena: ByteArena?

  /// Creates a relay of chunks of about `chunkSize` bytes, at most `depth` waiting,
  /// keeping every row in `spill` too when one is given.
  public init(spill: RowSpill?, depth: Int = 4, chunkSize: Int = 1 << 16) {
    self.spill = spill
    pipe = BatchPipe(depth: depth)
    self.chunkSize = chunkSize
    current = ByteBuffer(capacity: chunkSize + (16 << 10))
  }

  /// From now on the chunks also go to the reader (producer side).
  public func open() { relaying = true }

  /// Adds a copy of `row` (producer side); false once the reader cancelled.
  /// - Throws: ``SheetReadError`` when the spill's temporary file cannot be written.
  public func send(_ row: RowBuffer) throws -> Bool {
    if arena == nil { arena = row.arena }
    row.store(into: current)
    rowsInChunk += 1
    guard current.count >= chunkSize else { return true }
    return try flush()
  }

  private func flush() throws -> Bool {
    guard rowsInChunk > 0 else { return true }
    try spill?.appendStored(current.bytes, rows: rowsInChunk, arena: arena)
    rowsInChunk = 0
    guard relaying else {
      current.removeAll()
      return true
    }
    guard pipe.put([current]) else {
      current.removeAll()
      return false
    }
    current = ByteBuffer(capacity: chunkSize + (16 << 10))
    return true
  }

  /// Hands on the last rows and says the producer is done, with the error that stopped
  /// it, if any (producer side).
  public func finish(_ error: (any Error)?) {
    var error = error
    if error == nil {
      do { _ = try flush() } catch let failed { error = failed }
    }
    pipe.finish(error)
  }

  /// Calls `body` with each row relayed, in order, in one reused ``RowBuffer``, until the
  /// producer finishes (reader side).
  /// - Throws: the producer's error, or what `body` throws (after which the producer's
  ///   sends return false).
  public func receive(_ body: (RowBuffer) throws -> Void) throws {
    let row = RowBuffer()
    while let chunks = pipe.take() {
      row.attach(arena: arena)
      for chunk in chunks {
        do {
          try RowSpill.forEachStored(in: chunk.bytes, row: row, body)
        } catch {
          pipe.cancel()
          throw error
        }
      }
    }
    if let error = pipe.error { throw error }
  }

  /// Tells the producer to stop: its sends return false from now on.
  public func cancel() { pipe.cancel() }
}
