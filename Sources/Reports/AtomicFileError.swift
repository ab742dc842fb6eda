#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why ``AtomicFile`` could not write a file; the target is left as it was.
public enum AtomicFileError: Error, Sendable, Equatable, CustomStringConvertible {
  /// No temporary file could be created beside the target, e.g. its folder is missing or
  /// read-only; carries the target path and `errno`.
  case cannotCreate(path: String, errno: Int32)
  /// Writing or flushing the temporary file failed, e.g. the disk is full; carries its path
  /// and `errno`.
  case writeFailed(path: String, errno: Int32)
  /// The finished temporary file could not be renamed onto the target, e.g. the target is a
  /// folder; carries both paths and `errno`.
  case renameFailed(from: String, to: String, errno: Int32)

  /// The error in English, naming the path and the system's reason.
  public var description: String {
    switch self {
    case .cannotCreate(let path, let code): "cannot create a temporary file beside \(path): \(Self.reason(code))"
    case .writeFailed(let path, let code): "cannot write \(path): \(Self.reason(code))"
    case .renameFailed(let from, let to, let code): "cannot rename \(from) to \(to): \(Self.reason(code))"
    }
  }

  private static func reason(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "errno \(code)" }
    return String(cString: text)
  }
}
