#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a whole file so that readers see either the old file or the complete new one.
///
/// The bytes go to a hidden temporary file in the target's folder, which is flushed to disk
/// and then renamed onto the target; rename within one folder replaces atomically. If
/// anything fails, the temporary file is removed and the target keeps what it held.
public enum AtomicFile {
  /// Replaces the file at `path` with `text` encoded as UTF-8.
  ///
  /// - Throws: ``AtomicFileError`` when the temporary file cannot be created or written,
  ///   or cannot be renamed onto `path` (for example when `path` is a folder).
  public static func write(_ text: String, to path: String) throws {
    try write(Array(text.utf8), to: path)
  }

  /// Replaces the file at `path` with `bytes`.
  ///
  /// - Throws: ``AtomicFileError``, as for text.
  public static func write(_ bytes: [UInt8], to path: String) throws {
    let (temporary, descriptor) = try createTemporary(beside: path)
    do {
      try writeAll(bytes, to: descriptor, path: temporary)
      guard fsync(descriptor) == 0 else { throw AtomicFileError.writeFailed(path: temporary, errno: errno) }
    } catch {
      close(descriptor)
      unlink(temporary)
      throw error
    }
    guard close(descriptor) == 0 else {
      let code = errno
      unlink(temporary)
      throw AtomicFileError.writeFailed(path: temporary, errno: code)
    }
    guard rename(temporary, path) == 0 else {
      let code = errno
      unlink(temporary)
      throw AtomicFileError.renameFailed(from: temporary, to: path, errno: code)
    }
  }

  /// Creates `.NAME.PID.RANDOM.tmp` in the folder of `path`, retrying on a name clash.
  static func createTemporary(beside path: String) throws -> (path: String, descriptor: Int32) {
    let slash = path.lastIndex(of: "/")
    let folder = slash.map { String(path[...$0]) } ?? ""
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    var code: Int32 = EEXIST
    for _ in 0..<8 where code == EEXIST {
      let candidate = "\(folder).\(name).\(getpid()).\(String(UInt32.random(in: .min ... .max), radix: 36)).tmp"
      let descriptor = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
      if descriptor >= 0 { return (candidate, descriptor) }
      code = errno
    }
    throw AtomicFileError.cannotCreate(path: path, errno: code)
  }
}

/// Writes all of `bytes` to `descriptor`, retrying short and interrupted writes.
func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws {
  try bytes.withUnsafeBytes { raw in
    var offset = 0
    while offset < raw.count, let base = raw.baseAddress {
      let written = write(descriptor, base + offset, raw.count - offset)
      if written < 0 && errno == EINTR { continue }
      guard written > 0 else { throw AtomicFileError.writeFailed(path: path, errno: errno) }
      offset += written
    }
  }
}
