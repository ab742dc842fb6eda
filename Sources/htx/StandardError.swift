import Glibc

/// Writes diagnostics to standard error (file descriptor 2), never to standard output.
enum StandardError {
  /// Writes `text` and a line break to standard error.
  static func line(_ text: String) { raw(text + "\n") }

  /// Writes `text` as it is to standard error.
  static func raw(_ text: String) {
    let bytes = Array(text.utf8)
    bytes.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count, let base = raw.baseAddress {
        let n = write(2, base + offset, raw.count - offset)
        if n <= 0 { break }
        offset += n
      }
    }
  }
}
