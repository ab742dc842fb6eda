/// The shared-string table of a workbook, held as one byte arena.
///
/// Each `<si>` is the `<t>` it holds or the concatenation of its rich-text runs'
/// `<t>`; phonetic runs (`<rPh>`) are not part of the value. `_xHHHH_` escapes are
/// decoded once here, so cells can point into the arena without copying.
enum SharedStrings {
  /// Reads the shared-strings part into an arena; string `i` is the `i`th `<si>`.
  static func read(from archive: ZipArchive, entry: ZipEntry) throws -> ByteArena {
    let handler = SharedStringsHandler()
    // The part's size bounds its text, and each item takes at least `<si/>`.
    handler.arena.reserve(bytes: entry.uncompressedSize, strings: entry.uncompressedSize / 5)
    let parser = try SAXPushParser(handler: handler, partName: entry.name)
    try archive.stream(entry) { try parser.feed($0) }
    try parser.finish()
    return handler.arena
  }
}

private final class SharedStringsHandler: SAXHandler {
  let arena = ByteArena()
  private var depth = 0
  private var skipDepth = 0
  private var inItem = false
  private var inText = false
  private var buffer: [UInt8] = []
  private var decoded: [UInt8] = []

  override func startElement(
    _ name: UnsafePointer<UInt8>, uri: UnsafePointer<UInt8>?, attributes: SAXAttributes
  ) {
    depth += 1
    if skipDepth > 0 { return }
    guard isSpreadsheetML(uri) else {
      skipDepth = depth
      return
    }
    if XMLName.equals(name, "si") {
      inItem = true
      buffer.removeAll(keepingCapacity: true)
    } else if inItem && XMLName.equals(name, "t") {
      inText = true
    } else if XMLName.equals(name, "rPh") || XMLName.equals(name, "phoneticPr")
      || XMLName.equals(name, "extLst")
    {
      skipDepth = depth
    }
  }

  override func endElement(_ name: UnsafePointer<UInt8>, uri: UnsafePointer<UInt8>?) {
    defer { depth -= 1 }
    if skipDepth > 0 {
      if skipDepth == depth { skipDepth = 0 }
      return
    }
    if XMLName.equals(name, "t") {
      inText = false
    } else if XMLName.equals(name, "si") {
      inItem = false
      buffer.withUnsafeBytes { raw in
        if XString.mayContainEscape(raw) {
          decoded.removeAll(keepingCapacity: true)
          XString.appendDecoded(raw, to: &decoded)
          decoded.withUnsafeBytes { arena.append($0) }
        } else {
          arena.append(raw)
        }
      }
      arena.finishString()
    }
  }

  override func characters(_ bytes: UnsafeRawBufferPointer) {
    if inText && skipDepth == 0 { buffer.append(contentsOf: bytes) }
  }
}
