import Glibc

/// A buffered writer of bytes to a file descriptor (standard output by default).
public final class ByteSink {
  private let descriptor: Int32
  private let buffer: ByteBuffer
  private let capacity: Int

  /// Creates a sink writing to `descriptor`, flushing every `capacity` bytes.
  public init(descriptor: Int32 = 1, capacity: Int = 256 << 10) {
    self.descriptor = descriptor
    self.capacity = capacity
    buffer = ByteBuffer(capacity: capacity + 4096)
  }

  /// Appends bytes, flushing when the buffer is full.
  @inline(__always)
  public func write(_ bytes: UnsafeRawBufferPointer) throws {
    buffer.append(bytes)
    if buffer.count >= capacity { try flush() }
  }

  /// Appends bytes, flushing when the buffer is full.
  @inline(__always)
  public func write(_ bytes: [UInt8]) throws {
    try bytes.withUnsafeBytes { try write($0) }
  }

  /// Writes out what is buffered.
  public func flush() throws {
    let raw = buffer.bytes
    var offset = 0
    while offset < raw.count, let base = raw.baseAddress {
      let n = Glibc.write(descriptor, base + offset, raw.count - offset)
      if n < 0 {
        if errno == EINTR { continue }
        let reason = String(cString: strerror(errno))
        throw SheetReadError(
          .fileUnreadable, "cannot write the output: \(reason)", vietnamese: "không ghi được dữ liệu đầu ra: \(reason)")
      }
      offset += n
    }
    buffer.removeAll()
  }
}
