/// Resolves relationship targets to part names inside an OPC package.
enum PartName {
  /// The folder of a part: `xl/workbook.xml` → `xl`.
  static func folder(of part: String) -> String {
    guard let slash = part.lastIndex(of: "/") else { return "" }
    return String(part[..<slash])
  }

  /// The relationships part of a part: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`.
  static func relationships(of part: String) -> String {
    let folder = folder(of: part)
    let file = part.split(separator: "/").last.map(String.init) ?? part
    return folder.isEmpty ? "_rels/\(file).rels" : "\(folder)/_rels/\(file).rels"
  }

  /// Resolves `target` against the folder of `source` (ECMA-376 Part 2): backslashes
  /// are slashes, a leading `/` starts from the package root, `..` climbs and stops
  /// at the root, and a `#fragment` or `?query` is dropped.
  static func resolve(_ target: String, from source: String) -> String {
    var text = target.replacingOccurrencesOfBackslash()
    if let cut = text.firstIndex(where: { $0 == "#" || $0 == "?" }) { text = String(text[..<cut]) }
    text = text.removingPercentEscapes()
    var segments: [Substring] = []
    if !text.hasPrefix("/") {
      segments = folder(of: source).split(separator: "/")
    }
    for segment in text.split(separator: "/") {
      switch segment {
      case ".": continue
      case "..": if !segments.isEmpty { segments.removeLast() }
      default: segments.append(segment)
      }
    }
    return segments.joined(separator: "/")
  }
}

extension String {
  /// The string with `%HH` escapes decoded (as URIs in relationship targets have them).
  func removingPercentEscapes() -> String {
    guard utf8.contains(UInt8(ascii: "%")) else { return self }
    var out: [UInt8] = []
    let bytes = Array(utf8)
    var index = 0
    while index < bytes.count {
      if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
        let value = UInt8(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
      {
        out.append(value)
        index += 3
      } else {
        out.append(bytes[index])
        index += 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
