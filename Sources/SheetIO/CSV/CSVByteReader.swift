#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where the raw bytes of a CSV file come from.
enum CSVByteOrigin: Sendable {
  /// A file, opened anew for each pass.
  case file(path: String)
  /// Bytes in memory (tests, or data already read).
  case memory([UInt8])

  /// The number of bytes, or 0 when the file cannot be asked.
  var byteCount: Int {
    switch self {
    case .memory(let bytes): return bytes.count
    case .file(let path):
      var info = stat()
      return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }
  }
}

/// Reads the raw bytes of a CSV file front to back, in pieces the caller sizes.
final class CSVByteReader {
  private let origin: CSVByteOrigin
  private var descriptor: Int32 = -1
  private var offset = 0

  /// Opens the origin at its first byte.
  /// - Throws: ``SheetReadError`` `file-unreadable` when the file cannot be opened.
  init(_ origin: CSVByteOrigin) throws(SheetReadError) {
    self.origin = origin
    if case .file(let path) = origin {
      let opened = open(path, O_RDONLY | O_CLOEXEC)
      guard opened >= 0 else {
        let reason = CSVByteReader.lastError()
        throw SheetReadError(
          .fileUnreadable, "cannot open \(path): \(reason)", vietnamese: "không mở được tệp \(path): \(reason)")
      }
      descriptor = opened
    }
  }

  deinit {
    if descriptor >= 0 { close(descriptor) }
  }

  /// Fills `buffer` as far as the data allows and returns how many bytes it wrote;
  /// fewer than asked only at the end of the data, 0 once it has ended.
  /// - Throws: ``SheetReadError`` `file-unreadable` when reading fails.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws(SheetReadError) -> Int {
    guard let base = buffer.baseAddress, !buffer.isEmpty else { return 0 }
    switch origin {
    case .memory(let bytes):
      let count = min(buffer.count, bytes.count - offset)
      guard count > 0 else { return 0 }
      bytes.withUnsafeBytes { all in
        base.copyMemory(from: all.baseAddress.unsafelyUnwrapped + offset, byteCount: count)
      }
      offset += count
      return count
    case .file(let path):
      var filled = 0
      while filled < buffer.count {
        let got = CSVByteReader.systemRead(descriptor, base + filled, buffer.count - filled)
        if got < 0 {
          if errno == EINTR { continue }
          let reason = CSVByteReader.lastError()
          throw SheetReadError(
            .fileUnreadable, "cannot read \(path): \(reason)", vietnamese: "không đọc được tệp \(path): \(reason)")
        }
        if got == 0 { break }
        filled += got
      }
      offset += filled
      return filled
    }
  }

  private static func lastError() -> String { String(cString: strerror(errno)) }

  private static func systemRead(_ file: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int)
    -> Int
  {
    #if canImport(Glibc)
      Glibc.read(file, buffer, count)
    #else
      Darwin.read(file, buffer, count)
    #endif
  }
}
