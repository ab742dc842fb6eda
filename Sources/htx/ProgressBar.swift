import Foundation
import Glibc

/// Whether a stream is a terminal that takes colours.
enum Terminal {
  /// Whether descriptor `fd` is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`.
  static func colours(fileDescriptor fd: Int32) -> Bool {
    let environment = ProcessInfo.processInfo.environment
    return isatty(fd) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
  }
}

/// A one-line progress bar on standard error, drawn only when it is a terminal.
struct ProgressBar {
  private let enabled = isatty(2) == 1
  private var drawn = false

  /// Shows that `done` of `total` files are read and `current` is next; clears the line at the end.
  mutating func show(_ done: Int, of total: Int, _ current: String) {
    guard enabled, total > 1 else { return }
    if done >= total {
      if drawn { StandardError.raw("\r\u{1B}[2K") }
      return
    }
    let width = 24
    let filled = width * done / total
    let name = (current as NSString).lastPathComponent
    StandardError.raw(
      "\r\u{1B}[2K[\(String(repeating: "#", count: filled))\(String(repeating: " ", count: width - filled))] "
        + "\(done)/\(total) \(name.prefix(48))")
    drawn = true
  }
}
