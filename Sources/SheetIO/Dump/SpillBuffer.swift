import Dispatch
import Foundation
import Glibc

/// A write-once, read-back byte store that stays in memory while small and moves to
/// an anonymous temporary file when it grows, so memory does not follow row count.
///
/// Writing to the file is the kernel copying every byte once more, so it happens on a
/// second thread: a full block is handed to the writer and filling goes on in another.
final class SpillBuffer {
  private var block: [UInt8] = []
  private let blockSize: Int
  private var writer: SpillWriter?

  /// Creates a buffer that moves to a file in blocks of `blockSize` bytes.
  init(blockSize: Int = 1 << 20) {
    self.blockSize = blockSize
    block.reserveCapacity(blockSize)
  }

  /// Appends bytes.
  @inline(__always)
  func append(_ bytes: UnsafeRawBufferPointer) throws {
    block.append(contentsOf: bytes)
    if block.count >= blockSize { try handOff() }
  }

  private func handOff() throws {
    if writer == nil { writer = try SpillWriter() }
    guard let writer else { return }
    var full: [UInt8] = []
    full.reserveCapacity(blockSize)
    swap(&full, &block)
    try writer.write(full)
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
        guard n > 0 else { throw SheetReadError(.fileUnreadable, "cannot read a temporary file back") }
        try body(UnsafeRawBufferPointer(start: chunk, count: n))
        offset += n
      }
    }
    try block.withUnsafeBytes { try body($0) }
  }
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
    guard fd >= 0 else { throw SheetReadError(.fileUnreadable, "cannot create a temporary file in \(folder)") }
    template.withUnsafeBufferPointer { buffer in
      if let base = buffer.baseAddress { unlink(base) }
    }
    descriptor = fd
    inFlight.signal()
  }

  deinit { close(descriptor) }

  /// Queues a block; waits while the previous one is still being written.
  func write(_ bytes: [UInt8]) throws {
    inFlight.wait()
    if let failure = currentFailure { throw failure }
    queue.async { [self] in
      let ok = bytes.withUnsafeBytes { raw -> Bool in
        var offset = 0
        while offset < raw.count, let base = raw.baseAddress {
          let n = Glibc.write(descriptor, base + offset, raw.count - offset)
          if n < 0 && errno == EINTR { continue }
          if n <= 0 { return false }
          offset += n
        }
        return true
      }
      lock.lock()
      if ok {
        written += bytes.count
      } else {
        failure = SheetReadError(.fileUnreadable, "cannot write a temporary file: disk full?")
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
