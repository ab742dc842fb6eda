import SheetIO

/// A file pattern of `htx.yaml`: `*` within a name, `?` one character, `**` any folders.
public struct GlobPattern: Sendable, Hashable {
  /// The pattern as written.
  public let text: String
  private let segments: [String]

  /// Creates a pattern.
  public init(_ text: String) {
    self.text = text
    segments = text.split(separator: "/", omittingEmptySubsequences: true).map(String.init).filter { $0 != "." }
  }

  /// Whether `path`, relative and `/`-separated, matches; names compare case-insensitively
  /// and in NFC, so a name stored decomposed (as macOS and some ZIP tools store them)
  /// matches the composed pattern.
  public func matches(_ path: String) -> Bool {
    let parts = path.split(separator: "/").map { NFCText.nfc(String($0)).lowercased() }
    return Self.match(segments.map { NFCText.nfc($0).lowercased() }[...], parts[...])
  }

  private static func match(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
    guard let head = pattern.first else { return path.isEmpty }
    if head == "**" {
      var rest = path
      while true {
        if match(pattern.dropFirst(), rest) { return true }
        guard !rest.isEmpty else { return false }
        rest = rest.dropFirst()
      }
    }
    guard let name = path.first, matchName(Array(head.unicodeScalars)[...], Array(name.unicodeScalars)[...]) else {
      return false
    }
    return match(pattern.dropFirst(), path.dropFirst())
  }

  private static func matchName(_ pattern: ArraySlice<Unicode.Scalar>, _ name: ArraySlice<Unicode.Scalar>) -> Bool {
    guard let head = pattern.first else { return name.isEmpty }
    switch head {
    case "*":
      var rest = name
      while true {
        if matchName(pattern.dropFirst(), rest) { return true }
        guard !rest.isEmpty else { return false }
        rest = rest.dropFirst()
      }
    case "?":
      return !name.isEmpty && matchName(pattern.dropFirst(), name.dropFirst())
    default:
      return name.first == head && matchName(pattern.dropFirst(), name.dropFirst())
    }
  }
}
