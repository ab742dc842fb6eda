/// An element of a small XML part, with its attributes decoded to strings.
struct XMLElementEvent {
  /// The element's local name.
  var name: String
  /// The element's namespace URI ("" for none).
  var uri: String
  /// How deep it sits: the root element is 1.
  var depth: Int
  /// Attributes as (local name, namespace URI or "", value).
  var attributes: [(name: String, uri: String, value: String)]

  /// The value of the attribute with this local name and no namespace.
  func attribute(_ name: String) -> String? {
    attributes.first { $0.name == name && $0.uri.isEmpty }?.value
  }
}

/// Collects the start elements of a small part (relationships, workbook, content
/// types) as strings: convenient, and cheap enough for parts of a few kilobytes.
final class ElementCollector: SAXHandler {
  private(set) var elements: [XMLElementEvent] = []
  private var depth = 0

  /// Parses `bytes` and returns its elements in document order.
  static func elements(of bytes: [UInt8], partName: String) throws -> [XMLElementEvent] {
    let collector = ElementCollector()
    try SAXPushParser.parse(bytes, partName: partName, handler: collector)
    return collector.elements
  }

  override func startElement(
    _ name: UnsafePointer<UInt8>, uri: UnsafePointer<UInt8>?, attributes: SAXAttributes
  ) {
    depth += 1
    var collected: [(name: String, uri: String, value: String)] = []
    for index in 0..<attributes.count {
      collected.append(
        (
          XMLName.string(attributes.name(index)), XMLName.string(attributes.uri(index)),
          attributes.string(index)
        ))
    }
    elements.append(
      XMLElementEvent(
        name: XMLName.string(name), uri: XMLName.string(uri), depth: depth, attributes: collected))
  }

  override func endElement(_ name: UnsafePointer<UInt8>, uri: UnsafePointer<UInt8>?) {
    depth -= 1
  }
}
