import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file written through a temporary file beside its target and renamed onto it on
/// ``commit()``: the target is either left as it was or replaced whole. Released
/// without `commit()`, the temporary file is removed.
public final class AtomicFileOutput {
  /// The target path.
  public let path: String
  /// The temporary file being written.
  public let temporaryPath: String
  private var descriptor: Int32
  private var buffer: [UInt8] = []
  private var committed = false

  /// Opens a temporary file beside `path`.
  /// - Throws: ``ZipWriterError/cannotCreate(path:errno:)`` when the folder cannot take it.
  public init(path: String) throws {
    self.path = path
    let folder = (path as NSString).deletingLastPathComponent
    let name = (path as NSString).lastPathComponent
    var template = Array(((folder.isEmpty ? "." : folder) + "/.\(name).tmp-XXXXXX").utf8CString)
    descriptor = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
    guard descriptor >= 0 else {
      throw ZipWriterError.cannotCreate(path: path, errno: errno)
    }
    temporaryPath = String(cString: template)
    // mkstemp makes the file private; give it the mode a new file would have.
    let mask = umask(0)
    umask(mask)
    fchmod(descriptor, 0o666 & ~mask)
    buffer.reserveCapacity(1 << 16)
  }

  deinit {
    if !committed {
      if descriptor >= 0 { close(descriptor) }
      unlink(temporaryPath)
    }
  }

  /// Appends `text` as UTF-8.
  public func write(_ text: String) throws {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= 1 << 16 { try flush() }
  }

  /// Appends `bytes`.
  public func write(_ bytes: [UInt8]) throws {
    buffer.append(contentsOf: bytes)
    if buffer.count >= 1 << 16 { try flush() }
  }

  private func flush() throws {
    try buffer.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count, let base = raw.baseAddress {
        let n = Glibc.write(descriptor, base + offset, raw.count - offset)
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { throw ZipWriterError.writeFailed(path: temporaryPath, errno: errno) }
        offset += n
      }
    }
    buffer.removeAll(keepingCapacity: true)
  }

  /// Writes what is buffered, syncs, and renames the file onto its target.
  public func commit() throws {
    try flush()
    fsync(descriptor)
    close(descriptor)
    descriptor = -1
    guard rename(temporaryPath, path) == 0 else {
      throw ZipWriterError.renameFailed(from: temporaryPath, to: path, errno: errno)
    }
    committed = true
  }
}
