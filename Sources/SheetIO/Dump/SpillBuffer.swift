import Glibc

/// A write-once, read-back byte store that stays in memory while small and moves to
/// an anonymous temporary file when it grows, so memory does not follow row count.
final class SpillBuffer {
  private var memory: [UInt8] = []
  private var descriptor: Int32 = -1
  private var written = 0
  private let memoryLimit: Int

  /// Creates a buffer that keeps up to `memoryLimit` bytes in memory.
  init(memoryLimit: Int = 8 << 20) {
    self.memoryLimit = memoryLimit
    memory.reserveCapacity(min(memoryLimit, 1 << 20))
  }

  deinit { if descriptor >= 0 { close(descriptor) } }

  /// Appends bytes.
  @inline(__always)
  func append(_ bytes: [UInt8]) throws {
    memory.append(contentsOf: bytes)
    if memory.count >= memoryLimit { try flushToFile() }
  }

  private func flushToFile() throws {
    if descriptor < 0 {
      let folder = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
      var template = Array("\(folder)/htx-spill-XXXXXX".utf8CString)
      let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
        guard let base = buffer.baseAddress else { return -1 }
        return mkstemp(base)
      }
      guard fd >= 0 else {
        throw SheetReadError(.fileUnreadable, "cannot create a temporary file in \(folder)")
      }
      template.withUnsafeBufferPointer { buffer in
        if let base = buffer.baseAddress { unlink(base) }
      }
      descriptor = fd
    }
    try memory.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        guard let base = raw.baseAddress else { break }
        let n = write(descriptor, base + offset, raw.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          throw SheetReadError(.fileUnreadable, "cannot write a temporary file: disk full?")
        }
        offset += n
      }
    }
    written += memory.count
    memory.removeAll(keepingCapacity: true)
  }

  /// Reads everything back in order, in chunks, calling `body` for each.
  func readBack(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
    if descriptor >= 0 {
      let chunkSize = 1 << 20
      let chunk = UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: 16)
      defer { chunk.deallocate() }
      var offset = 0
      while offset < written {
        let n = pread(descriptor, chunk, min(chunkSize, written - offset), off_t(offset))
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { throw SheetReadError(.fileUnreadable, "cannot read a temporary file back") }
        try body(UnsafeRawBufferPointer(start: chunk, count: n))
        offset += n
      }
    }
    try memory.withUnsafeBytes { try body($0) }
  }
}
