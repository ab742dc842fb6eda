import Foundation

/// A YAML node with the file it came from, read strictly: every key is checked and
/// every wrong value is a ``SchemaError`` at its line and column.
struct YAMLValue {
  let node: YAMLNode
  let file: String

  /// Parses `url` into its root node.
  static func load(_ url: URL) throws -> YAMLValue {
    let file = url.path
    guard let data = FileManager.default.contents(atPath: file) else {
      throw SchemaError(SourceLocation(file: file, line: 1, column: 1), "cannot read the file")
    }
    // Bytes that are not UTF-8 read as U+FFFD, as the file's text shows them.
    var text = String(decoding: data, as: UTF8.self)
    let root = try text.withUTF8 { try YAMLComposer.compose(UnsafeRawBufferPointer($0), file: file) }
    guard let root else {
      throw SchemaError(SourceLocation(file: file, line: 1, column: 1), "the file is empty")
    }
    return YAMLValue(node: root, file: file)
  }

  /// Where this node starts.
  var location: SourceLocation {
    SourceLocation(file: file, line: node.mark.line, column: node.mark.column)
  }

  func error(_ message: String) -> SchemaError { SchemaError(location, message) }

  /// The node's entries, after checking that every key is one of `allowed`.
  func mapping(allowed: [String]) throws -> [String: YAMLValue] {
    guard let mapping = node.mapping else {
      throw error("expected a mapping of keys (\(allowed.joined(separator: ", ")))")
    }
    var entries: [String: YAMLValue] = [:]
    for (key, value) in mapping {
      let name = key.string ?? ""
      let keyValue = YAMLValue(node: key, file: file)
      guard allowed.contains(name) else {
        let suggestion = Suggestion.closest(to: name, among: allowed).map { "; did you mean '\($0)'?" } ?? ""
        throw keyValue.error("unknown key '\(name)'; allowed here: \(allowed.joined(separator: ", "))\(suggestion)")
      }
      guard entries[name] == nil else { throw keyValue.error("the key '\(name)' appears twice") }
      entries[name] = YAMLValue(node: value, file: file)
    }
    return entries
  }

  /// The node as a string.
  func string() throws -> String {
    guard let text = node.string else { throw error("expected a single value, not a list or mapping") }
    return text
  }

  /// The node as a list of nodes.
  func list() throws -> [YAMLValue] {
    guard let sequence = node.sequence else { throw error("expected a list") }
    return sequence.map { YAMLValue(node: $0, file: file) }
  }

  /// The node as a list of strings (a single string counts as a list of one).
  func strings() throws -> [String] {
    if node.string != nil { return [try string()] }
    return try list().map { try $0.string() }
  }

  /// The node as a number.
  func number() throws -> Double {
    let text = try string()
    guard let value = Double(text.replacingOccurrences(of: "_", with: "")) else {
      throw error("expected a number, found '\(text)'")
    }
    return value
  }

  /// The node as a boolean.
  func bool() throws -> Bool {
    switch try string().lowercased() {
    case "true", "yes": return true
    case "false", "no": return false
    case let other: throw error("expected true or false, found '\(other)'")
    }
  }
}

/// Suggests the nearest allowed word for a mistyped one.
enum Suggestion {
  /// The word of `words` within two edits of `word`, if any.
  static func closest(to word: String, among words: [String]) -> String? {
    words.map { ($0, distance(word, $0)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
  }

  /// The Levenshtein distance.
  static func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
      var current = [i] + Array(repeating: 0, count: b.count)
      for j in 1...b.count {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      previous = current
    }
    return previous[b.count]
  }
}
