import CYaml

/// A YAML node: what a pack file holds, every value read as text.
enum YAMLNode {
  case scalar(String, YAMLMark)
  case sequence([YAMLNode], YAMLMark)
  case mapping([(key: YAMLNode, value: YAMLNode)], YAMLMark)

  /// Where the node starts.
  var mark: YAMLMark {
    switch self {
    case .scalar(_, let mark), .sequence(_, let mark), .mapping(_, let mark): mark
    }
  }

  /// The text of a scalar; nil for a list or a mapping.
  var string: String? {
    if case .scalar(let text, _) = self { text } else { nil }
  }

  /// The items of a list; nil for another node.
  var sequence: [YAMLNode]? {
    if case .sequence(let items, _) = self { items } else { nil }
  }

  /// The entries of a mapping, in the file's order; nil for another node.
  var mapping: [(key: YAMLNode, value: YAMLNode)]? {
    if case .mapping(let entries, _) = self { entries } else { nil }
  }
}

/// A place in a YAML file, from 1.
struct YAMLMark {
  var line: Int
  var column: Int

  init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  /// The place libyaml gives from 0.
  init(_ mark: yaml_mark_t) {
    self.init(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
  }
}
