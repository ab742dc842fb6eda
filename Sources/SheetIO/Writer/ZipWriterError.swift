#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a ``ZipWriter`` could not write its archive.
///
/// Every case stops the run: the archive being written is discarded, and the target
/// path keeps whatever it held before.
public enum ZipWriterError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The temporary file beside the target could not be created; carries the path and `errno`.
  case cannotCreate(path: String, errno: Int32)
  /// Writing to the temporary file failed, e.g. the disk is full; carries the path and `errno`.
  case writeFailed(path: String, errno: Int32)
  /// The finished temporary file could not be renamed onto the target; carries both paths
  /// and `errno`.
  case renameFailed(from: String, to: String, errno: Int32)
  /// zlib refused to initialise or to deflate; carries zlib's return code.
  case deflateFailed(code: Int32)
  /// The entry name is empty, absolute, has a `..` component, a backslash or a NUL, or is
  /// longer than 65,535 bytes; carries the name.
  case invalidEntryName(String)
  /// An entry of this name was already written; carries the name.
  case duplicateEntryName(String)
  /// `beginEntry` was called while another entry was open; carries the open entry's name.
  case entryAlreadyOpen(String)
  /// `write` or `endEntry` was called with no entry open.
  case noOpenEntry
  /// An entry reached 4 GiB, which needs ZIP64 (not written); carries the entry's name.
  case entryTooLarge(String)
  /// The archive reached 4 GiB or 65,535 entries, which needs ZIP64 (not written).
  case archiveTooLarge
  /// The writer was already finished or cancelled, or an earlier error left the archive
  /// incomplete.
  case notWritable

  /// The error in English, naming the path, entry or code involved.
  public var description: String {
    switch self {
    case .cannotCreate(let path, let code):
      return "cannot create \(path): \(Self.systemMessage(code))"
    case .writeFailed(let path, let code):
      return "cannot write \(path): \(Self.systemMessage(code))"
    case .renameFailed(let from, let to, let code):
      return "cannot rename \(from) to \(to): \(Self.systemMessage(code))"
    case .deflateFailed(let code):
      return "zlib deflate failed with code \(code)"
    case .invalidEntryName(let name):
      return "invalid ZIP entry name \"\(name)\": expected a relative path without '..'"
    case .duplicateEntryName(let name):
      return "ZIP entry \"\(name)\" was already written"
    case .entryAlreadyOpen(let name):
      return "ZIP entry \"\(name)\" is still open: call endEntry() first"
    case .noOpenEntry:
      return "no ZIP entry is open: call beginEntry(name:) first"
    case .entryTooLarge(let name):
      return "ZIP entry \"\(name)\" reached 4 GiB, which needs ZIP64 (not supported)"
    case .archiveTooLarge:
      return "the archive reached 4 GiB or 65,535 entries, which needs ZIP64 (not supported)"
    case .notWritable:
      return "the ZIP writer is finished, cancelled or failed and cannot write"
    }
  }

  private static func systemMessage(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "errno \(code)" }
    return String(cString: text) + " (errno \(code))"
  }
}
