import CYaml

/// Builds a YAML file's one document from libyaml's events, every scalar as text.
///
/// Pack files are small, but the pack loads on every run before the first return is
/// read: events straight into ``YAMLNode``s cost a third of a general library's node
/// tree, whose tags, styles and duplicate-key grouping a pack never reads. A key twice
/// in one mapping, an alias to no anchor, a second document and every syntax error are
/// ``SchemaError``s at their line and column, as before.
enum YAMLComposer {
  /// A list or mapping whose items are still being read.
  private struct Open {
    var isMapping: Bool
    var mark: YAMLMark
    var anchor: String?
    var items: [YAMLNode] = []
    /// A mapping's keys seen, to tell a key written twice.
    var keys: Set<String> = []
  }

  /// The document in `bytes` (UTF-8), read from `file`; nil when the file holds none.
  static func compose(_ bytes: UnsafeRawBufferPointer, file: String) throws -> YAMLNode? {
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else {
      throw SchemaError(SourceLocation(file: file, line: 1, column: 1), "YAML syntax: out of memory")
    }
    defer { yaml_parser_delete(&parser) }
    let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
    // libyaml reads an empty input as an empty stream; it needs an address all the same.
    var empty: UInt8 = 0
    withUnsafeMutablePointer(to: &empty) { empty in
      yaml_parser_set_input_string(&parser, base ?? UnsafePointer(empty), bytes.count)
    }
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)

    var stack: [Open] = []
    var anchors: [String: YAMLNode] = [:]
    var root: YAMLNode?
    var documents = 0
    var event = yaml_event_t()
    while true {
      guard yaml_parser_parse(&parser, &event) == 1 else { throw syntaxError(parser, bytes: bytes, file: file) }
      defer { yaml_event_delete(&event) }
      let mark = YAMLMark(event.start_mark)
      var finished: (node: YAMLNode, anchor: String?)?
      switch event.type {
      case YAML_STREAM_END_EVENT:
        return root
      case YAML_DOCUMENT_START_EVENT:
        documents += 1
        if documents > 1 {
          throw SchemaError(
            SourceLocation(file: file, line: mark.line, column: mark.column),
            "YAML syntax: expected a single document in the stream (but found another document)")
        }
      case YAML_SCALAR_EVENT:
        let scalar = event.data.scalar
        let text =
          scalar.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self) }
          ?? ""
        finished = (.scalar(text, mark), anchor(scalar.anchor))
      case YAML_SEQUENCE_START_EVENT:
        stack.append(Open(isMapping: false, mark: mark, anchor: anchor(event.data.sequence_start.anchor)))
      case YAML_MAPPING_START_EVENT:
        stack.append(Open(isMapping: true, mark: mark, anchor: anchor(event.data.mapping_start.anchor)))
      case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
        guard let open = stack.popLast() else { break }
        if open.isMapping {
          var entries: [(key: YAMLNode, value: YAMLNode)] = []
          entries.reserveCapacity(open.items.count / 2)
          var index = 0
          while index + 1 < open.items.count {
            entries.append((open.items[index], open.items[index + 1]))
            index += 2
          }
          finished = (.mapping(entries, open.mark), open.anchor)
        } else {
          finished = (.sequence(open.items, open.mark), open.anchor)
        }
      case YAML_ALIAS_EVENT:
        let name = anchor(event.data.alias.anchor) ?? ""
        guard let node = anchors[name] else {
          throw SchemaError(
            SourceLocation(file: file, line: mark.line, column: mark.column),
            "YAML syntax: found undefined alias '\(name)'")
        }
        finished = (node, nil)
      default:
        break
      }
      guard let (node, anchor) = finished else { continue }
      if let anchor { anchors[anchor] = node }
      guard !stack.isEmpty else {
        root = node
        continue
      }
      // A mapping's items alternate key and value; a scalar key written twice is an error.
      if stack[stack.count - 1].isMapping && stack[stack.count - 1].items.count % 2 == 0, let key = node.string {
        guard stack[stack.count - 1].keys.insert(key).inserted else {
          throw SchemaError(
            SourceLocation(file: file, line: node.mark.line, column: node.mark.column),
            "the key '\(key)' appears twice")
        }
      }
      stack[stack.count - 1].items.append(node)
    }
  }

  private static func anchor(_ name: UnsafeMutablePointer<yaml_char_t>?) -> String? {
    name.map { String(cString: $0) }
  }

  /// The error libyaml stopped at, at its place: "YAML syntax: " and its problem, with
  /// what it was reading in parentheses.
  private static func syntaxError(_ parser: yaml_parser_t, bytes: UnsafeRawBufferPointer, file: String) -> SchemaError {
    let problem = parser.problem.map { String(cString: $0) } ?? "the file cannot be read"
    var message = "YAML syntax: \(problem)"
    if let context = parser.context { message += " (\(String(cString: context)))" }
    switch parser.error {
    case YAML_SCANNER_ERROR, YAML_PARSER_ERROR, YAML_COMPOSER_ERROR:
      let mark = YAMLMark(parser.problem_mark)
      return SchemaError(SourceLocation(file: file, line: mark.line, column: mark.column), message)
    default:
      // A reading error names a byte offset: its line and column are counted here.
      let offset = min(max(0, Int(parser.problem_offset)), bytes.count)
      var line = 1
      var lineStart = 0
      for index in 0..<offset where bytes[index] == 0x0A {
        line += 1
        lineStart = index + 1
      }
      let column =
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[lineStart..<offset]), as: UTF8.self).count + 1
      return SchemaError(SourceLocation(file: file, line: line, column: column), message)
    }
  }
}
