import CLibXML2
import Foundation

/// libxml2's SAX2 push parser, set up for untrusted OOXML parts.
///
/// No DTD is loaded, no entity is ever substituted, nothing is fetched from the
/// network, and a part that declares a DOCTYPE is refused (ECMA-376 Part 2 M1.18
/// forbids DTDs in packages), which disarms "billion laughs" and XXE files.
/// Bytes are fed as they are inflated; nothing is kept but libxml2's own buffers.
final class SAXPushParser {
  private let context: xmlParserCtxtPtr
  private let handler: SAXHandler
  private let partName: String

  /// Creates a parser for the part named `partName` that reports to `handler`.
  init(handler: SAXHandler, partName: String) throws {
    self.handler = handler
    self.partName = partName
    var sax = SAXPushParser.makeHandlerTable()
    let user = Unmanaged.passUnretained(handler).toOpaque()
    guard let context = xmlCreatePushParserCtxt(&sax, user, nil, 0, nil) else {
      throw SheetReadError(
        .fileUnreadable, "libxml2 could not start a parser",
        vietnamese: "libxml2 không khởi động được bộ phân tích XML")
    }
    self.context = context
    handler.parserContext = context
    let options = Int32(bitPattern: XML_PARSE_NONET.rawValue | XML_PARSE_NOWARNING.rawValue)
    xmlCtxtUseOptions(context, options)
  }

  deinit {
    handler.parserContext = nil
    xmlFreeParserCtxt(context)
  }

  /// Parses the next piece of the part.
  func feed(_ bytes: UnsafeRawBufferPointer) throws {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return }
    var offset = 0
    while offset < bytes.count {
      // xmlParseChunk takes an Int32 count.
      let size = min(bytes.count - offset, 1 << 30)
      let status = xmlParseChunk(
        context, (base + offset).assumingMemoryBound(to: CChar.self), Int32(size), 0)
      offset += size
      try check(status)
    }
  }

  /// Ends the part and checks it was well formed.
  func finish() throws {
    let status = xmlParseChunk(context, nil, 0, 1)
    try check(status)
    if context.pointee.wellFormed == 0 {
      throw corrupt(handler.firstParseError ?? "it is not well-formed XML")
    }
  }

  private func check(_ status: Int32) throws {
    if let failure = handler.failure { throw failure }
    if handler.doctypeSeen {
      throw SheetReadError(
        .fileCorrupt,
        "the part '\(partName)' declares a DTD (<!DOCTYPE>), which OOXML forbids; entities were not expanded",
        vietnamese:
          "phần '\(partName)' khai báo DTD (<!DOCTYPE>), điều mà OOXML không cho phép; các thực thể (entity) không được khai triển"
      )
    }
    if status != 0 || context.pointee.wellFormed == 0 {
      throw corrupt(handler.firstParseError ?? "libxml2 error \(status)")
    }
  }

  private func corrupt(_ reason: String) -> SheetReadError {
    SheetReadError(
      .fileCorrupt, "the part '\(partName)' is not well-formed XML: \(reason)",
      vietnamese: "phần '\(partName)' không phải XML hợp lệ: \(reason)")
  }

  /// Parses a whole in-memory part.
  static func parse(_ bytes: [UInt8], partName: String, handler: SAXHandler) throws {
    let parser = try SAXPushParser(handler: handler, partName: partName)
    try bytes.withUnsafeBytes { try parser.feed($0) }
    try parser.finish()
  }

  private static func makeHandlerTable() -> xmlSAXHandler {
    var sax = xmlSAXHandler()
    sax.initialized = XML_SAX2_MAGIC
    sax.startElementNs = startElementCallback
    sax.endElementNs = endElementCallback
    sax.characters = charactersCallback
    sax.cdataBlock = charactersCallback
    sax.internalSubset = internalSubsetCallback
    sax.externalSubset = internalSubsetCallback
    sax.serror = structuredErrorCallback
    return sax
  }
}

/// Runs `body` on the handler behind libxml2's user-data pointer without retaining it:
/// the parser never outlives its handler.
@inline(__always)
private func withHandler(_ user: UnsafeMutableRawPointer?, _ body: (SAXHandler) -> Void) {
  guard let user else { return }
  Unmanaged<SAXHandler>.fromOpaque(user)._withUnsafeGuaranteedRef(body)
}

private let startElementCallback: startElementNsSAX2Func = {
  user, localName, _, uri, _, _, attributeCount, _, attributes in
  guard let localName else { return }
  withHandler(user) { handler in
    handler.startElement(
      localName, uri: uri, attributes: SAXAttributes(base: attributes, count: Int(attributeCount)))
    if handler.failure != nil, let context = handler.parserContext { xmlStopParser(context) }
  }
}

private let endElementCallback: endElementNsSAX2Func = { user, localName, _, uri in
  guard let localName else { return }
  withHandler(user) { handler in
    handler.endElement(localName, uri: uri)
    if handler.failure != nil, let context = handler.parserContext { xmlStopParser(context) }
  }
}

private let charactersCallback: charactersSAXFunc = { user, bytes, length in
  guard let bytes, length > 0 else { return }
  withHandler(user) { handler in
    handler.characters(UnsafeRawBufferPointer(start: bytes, count: Int(length)))
  }
}

private let internalSubsetCallback: internalSubsetSAXFunc = { user, _, _, _ in
  withHandler(user) { handler in
    handler.doctypeSeen = true
    if let context = handler.parserContext { xmlStopParser(context) }
  }
}

private let structuredErrorCallback: xmlStructuredErrorFunc = { user, error in
  guard let error else { return }
  withHandler(user) { handler in
    guard handler.firstParseError == nil else { return }
    let message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
    handler.firstParseError =
      "line \(error.pointee.line): \(message.trimmingCharacters(in: .whitespacesAndNewlines))"
  }
}
