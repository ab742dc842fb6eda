import CLibXML2

/// Receives the events of one XML part from ``SAXPushParser``.
///
/// Subclasses override the three events; names and text arrive as raw UTF-8 bytes
/// owned by libxml2 and valid only during the call. A subclass stops the parse by
/// setting ``failure``.
class SAXHandler {
  /// Set to stop the parse; ``SAXPushParser`` throws it.
  var failure: (any Error)?
  /// The parser context driving this handler, so callbacks can stop it.
  var parserContext: xmlParserCtxtPtr?
  /// Whether the part declared a DTD, which stops the parse.
  var doctypeSeen = false
  /// libxml2's first error message, with its line.
  var firstParseError: String?
  private var lastURI: UnsafePointer<UInt8>?
  private var lastURIIsMain = false

  /// Whether `uri` is SpreadsheetML's main namespace; libxml2 hands out one pointer
  /// per namespace in scope, so the answer is cached by pointer.
  @inline(__always)
  final func isSpreadsheetML(_ uri: UnsafePointer<UInt8>?) -> Bool {
    if uri == lastURI { return lastURIIsMain }
    lastURI = uri
    lastURIIsMain = SpreadsheetNamespace.isMain(uri)
    return lastURIIsMain
  }

  /// An element starts. `uri` is its namespace (nil for none).
  func startElement(
    _ name: UnsafePointer<UInt8>, uri: UnsafePointer<UInt8>?, attributes: SAXAttributes
  ) {}

  /// An element ends.
  func endElement(_ name: UnsafePointer<UInt8>, uri: UnsafePointer<UInt8>?) {}

  /// A piece of text; one text node may arrive in several pieces.
  func characters(_ bytes: UnsafeRawBufferPointer) {}
}

/// The attributes of a starting element, as libxml2's SAX2 hands them over.
struct SAXAttributes {
  let base: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
  let count: Int

  /// The local name of attribute `index`.
  @inline(__always) func name(_ index: Int) -> UnsafePointer<UInt8>? { base?[index * 5] }

  /// The namespace of attribute `index` (nil for none).
  @inline(__always) func uri(_ index: Int) -> UnsafePointer<UInt8>? { base?[index * 5 + 2] }

  /// The raw value bytes of attribute `index` (character references not yet decoded).
  @inline(__always) func value(_ index: Int) -> UnsafeRawBufferPointer {
    guard let base, let start = base[index * 5 + 3], let end = base[index * 5 + 4] else {
      return UnsafeRawBufferPointer(start: nil, count: 0)
    }
    return UnsafeRawBufferPointer(start: start, count: end - start)
  }

  /// The raw value of the attribute with this local name and no namespace, if present.
  @inline(__always) func value(named name: StaticString) -> UnsafeRawBufferPointer? {
    for index in 0..<count where uri(index) == nil {
      if let local = self.name(index), XMLName.equals(local, name) { return value(index) }
    }
    return nil
  }

  /// The decoded value of attribute `index` as a `String`.
  func string(_ index: Int) -> String { XMLName.decodeAttribute(value(index)) }
}

/// Byte-level helpers for XML names and attribute values.
enum XMLName {
  /// Whether the NUL-terminated `name` equals `literal`.
  @inline(__always)
  static func equals(_ name: UnsafePointer<UInt8>, _ literal: StaticString) -> Bool {
    let count = literal.utf8CodeUnitCount
    let bytes = literal.utf8Start
    for index in 0..<count where name[index] != bytes[index] { return false }
    return name[count] == 0
  }

  /// The NUL-terminated bytes as a `String`.
  static func string(_ name: UnsafePointer<UInt8>?) -> String {
    guard let name else { return "" }
    return String(cString: name)
  }

  /// Decodes the references libxml2 leaves in SAX2 attribute values (`&#38;`, `&amp;`…).
  static func decodeAttribute(_ raw: UnsafeRawBufferPointer) -> String {
    guard raw.contains(UInt8(ascii: "&")) else { return String(decoding: raw, as: UTF8.self) }
    var out: [UInt8] = []
    out.reserveCapacity(raw.count)
    var index = 0
    while index < raw.count {
      let byte = raw[index]
      guard byte == UInt8(ascii: "&"), let semicolon = raw[index...].firstIndex(of: UInt8(ascii: ";"))
      else {
        out.append(byte)
        index += 1
        continue
      }
      let entity = String(decoding: raw[(index + 1)..<semicolon], as: UTF8.self)
      var scalar: Unicode.Scalar?
      switch entity {
      case "amp": scalar = "&"
      case "lt": scalar = "<"
      case "gt": scalar = ">"
      case "quot": scalar = "\""
      case "apos": scalar = "'"
      default:
        if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
          scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
        } else if entity.hasPrefix("#") {
          scalar = UInt32(entity.dropFirst(1)).flatMap(Unicode.Scalar.init)
        }
      }
      if let scalar {
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
        index = semicolon + 1
      } else {
        out.append(byte)
        index += 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}

/// The namespaces of SpreadsheetML, transitional and Strict.
enum SpreadsheetNamespace {
  static let transitional = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  static let strict = "http://purl.oclc.org/ooxml/spreadsheetml/main"

  /// Whether `uri` is the SpreadsheetML main namespace in either conformance class.
  static func isMain(_ uri: UnsafePointer<UInt8>?) -> Bool {
    guard let uri else { return false }
    return strcmp(uri, transitional) || strcmp(uri, strict)
  }

  private static func strcmp(_ a: UnsafePointer<UInt8>, _ b: String) -> Bool {
    var index = 0
    for byte in b.utf8 {
      if a[index] != byte { return false }
      index += 1
    }
    return a[index] == 0
  }
}
