#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Standard output, written as bytes: a report of many findings goes out as rendered,
/// without becoming a `String` first.
public enum StandardOutput {
  /// Writes `bytes` whole, after whatever `print` has buffered.
  /// - Throws: ``AtomicFileError/writeFailed(path:errno:)`` when the output is closed.
  public static func write(_ bytes: [UInt8]) throws {
    fflush(nil)
    try writeAll(bytes, to: STDOUT_FILENO, path: "standard output")
  }
}
