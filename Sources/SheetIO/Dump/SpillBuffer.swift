import Dispatch
import Foundation
import Glibc

/// A write-once, read-back byte store that stays in memory while small and moves to
/// an anonymous temporary file when it grows, so memory does not follow row count.
///
/// Writers fill ``block`` in place and call ``recordEnded()`` after each record. Writing
/// to the file is the kernel copying every byte once more, so it happens on a second
/// thread: a full block is handed to the writer and filling goes on in the other of two
/// blocks, which the writer has finished with by then.
final class SpillBuffer {
  /// The block being filled; append to it, then call ``recordEnded()``. It stays the
  /// same object (its bytes move to the writer), so fillers may keep a reference.
  let block: ByteBuffer
  /// The bytes last handed to the writer; reused once their write is done.
  private let inFlight: ByteBuffer
  private let blockSize: Int
  private var writer: SpillWriter?

  /// Creates a buffer that moves to a file in blocks of about `blockSize` bytes.
  init(blockSize: Int = 1 << 19) {
    self.blockSize = blockSize
    block = ByteBuffer(capacity: blockSize + (16 << 10))
    inFlight = ByteBuffer(capacity: 16)
  }

  /// Appends bytes as a record of their own.
  func append(_ bytes: UnsafeRawBufferPointer) throws {
    block.append(bytes)
    try recordEnded()
  }

  /// Hands the block to the file when it is full, so records never straddle two blocks.
  @inline(__always)
  func recordEnded() throws {
    if block.count >= blockSize { try handOff() }
  }

  private func handOff() throws {
    if writer == nil { writer = try SpillWriter() }
    guard let writer else { return }
    // Once the previous write is done its bytes are free to fill again.
    try writer.waitUntilIdle()
    block.swapStorage(with: inFlight)
    block.removeAll()
    writer.write(inFlight)
  }

  /// Reads everything back in order, in chunks, calling `body` for each.
  func readBack(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
    if let writer {
      let written = try writer.finish()
      let chunkSize = 1 << 20
      let chunk = UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: 16)
      defer { chunk.deallocate() }
      var offset = 0
      while offset < written {
        let n = pread(writer.descriptor, chunk, min(chunkSize, written - offset), off_t(offset))
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else {
          throw SheetReadError(
            .fileUnreadable, "cannot read a temporary file back", vietnamese: "không đọc lại được tệp tạm")
        }
        try body(UnsafeRawBufferPointer(start: chunk, count: n))
        offset += n
      }
    }
    try body(block.bytes)
  }
}

/// A block on its way to the writing thread, which alone touches it until the write ends.
private struct BlockHandoff: @unchecked Sendable {
  let block: ByteBuffer
}

/// Writes spilled blocks to an unlinked temporary file on its own serial queue.
private final class SpillWriter: @unchecked Sendable {
  let descriptor: Int32
  private let queue = DispatchQueue(label: "htx.spill")
  private let inFlight = DispatchSemaphore(value: 0)
  private var written = 0
  private var failure: SheetReadError?
  private let lock = NSLock()

  init() throws {
    let folder = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
    var template = Array("\(folder)/htx-spill-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
      guard let base = buffer.baseAddress else { return -1 }
      return mkstemp(base)
    }
    guard fd >= 0 else {
      throw SheetReadError(
        .fileUnreadable, "cannot create a temporary file in \(folder)",
        vietnamese: "không tạo được tệp tạm trong thư mục \(folder)")
    }
    template.withUnsafeBufferPointer { buffer in
      if let base = buffer.baseAddress { unlink(base) }
    }
    descriptor = fd
    inFlight.signal()
  }

  deinit { close(descriptor) }

  /// Waits until the last block queued is written; throws if a write failed.
  func waitUntilIdle() throws {
    inFlight.wait()
    if let failure = currentFailure {
      inFlight.signal()
      throw failure
    }
  }

  /// Queues a block; call ``waitUntilIdle()`` first, and leave the block alone until
  /// that returns again.
  func write(_ block: ByteBuffer) {
    let handoff = BlockHandoff(block: block)
    queue.async { [self] in
      let raw = handoff.block.bytes
      var ok = true
      var offset = 0
      while offset < raw.count, let base = raw.baseAddress {
        let n = Glibc.write(descriptor, base + offset, raw.count - offset)
        if n < 0 && errno == EINTR { continue }
        if n <= 0 {
          ok = false
          break
        }
        offset += n
      }
      lock.lock()
      if ok {
        written += raw.count
      } else {
        failure = SheetReadError(
          .fileUnreadable, "cannot write a temporary file: disk full?",
          vietnamese: "không ghi được tệp tạm: ổ đĩa đã đầy?")
      }
      lock.unlock()
      inFlight.signal()
    }
  }

  private var currentFailure: SheetReadError? {
    lock.lock()
    defer { lock.unlock() }
    return failure
  }

  /// Waits for the last block and returns how many bytes the file holds.
  func finish() throws -> Int {
    inFlight.wait()
    defer { inFlight.signal() }
    lock.lock()
    defer { lock.unlock() }
    if let failure { throw failure }
    return written
  }
}
