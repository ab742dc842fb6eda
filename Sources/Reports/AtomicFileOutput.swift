#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file written piece by piece, like ``AtomicFile``: to a temporary file beside the
/// target, renamed onto it by ``commit()``. Released without `commit()`, the temporary
/// file is removed and the target keeps what it held.
public final class AtomicFileOutput {
  /// The target path.
  public let path: String
  private let temporaryPath: String
  private var descriptor: Int32
  private var buffer: [UInt8] = []
  private var committed = false

  /// Opens a temporary file beside `path`.
  /// - Throws: ``AtomicFileError/cannotCreate(path:errno:)`` when the folder cannot take it.
  public init(path: String) throws {
    self.path = path
    (temporaryPath, descriptor) = try AtomicFile.createTemporary(beside: path)
    buffer.reserveCapacity(1 << 16)
  }

  deinit {
    guard !committed else { return }
    if descriptor >= 0 { close(descriptor) }
    unlink(temporaryPath)
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
    try writeAll(buffer, to: descriptor, path: temporaryPath)
    buffer.removeAll(keepingCapacity: true)
  }

  /// Writes what is buffered, syncs, and renames the file onto its target.
  /// - Throws: ``AtomicFileError``; the target then keeps what it held.
  public func commit() throws {
    try flush()
    guard fsync(descriptor) == 0, close(descriptor) == 0 else {
      throw AtomicFileError.writeFailed(path: temporaryPath, errno: errno)
    }
    descriptor = -1
    guard rename(temporaryPath, path) == 0 else {
      throw AtomicFileError.renameFailed(from: temporaryPath, to: path, errno: errno)
    }
    committed = true
  }
}
