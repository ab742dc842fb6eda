import Dispatch
import Foundation

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

  /// Starts reading the shared-strings part on a second thread and returns its arena at
  /// once: ``ByteArena/range(of:)`` waits for each string, so a sheet can be parsed
  /// while its strings are (sheets mostly use them in table order). `join` waits for the
  /// reader and throws its error.
  static func readConcurrently(from archive: ZipArchive, entry: ZipEntry) -> (
    arena: ByteArena, join: () throws -> Void
  ) {
    let handler = SharedStringsHandler()
    let arena = handler.arena
    // Text is at most the part's bytes, half as many again if libxml2 turns UTF-16 into
    // UTF-8; each item takes at least `<si/>`. Reserved pages cost address space only.
    arena.startLoading(bytes: entry.uncompressedSize / 2 * 3 + 64, strings: entry.uncompressedSize / 5 + 1)
    let job = LoadJob(archive: archive, handler: handler)
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      do {
        let parser = try SAXPushParser(handler: job.handler, partName: entry.name)
        // Inflated on this thread: a pipeline would add a third thread and its buffers.
        try job.archive.streamHere(entry) { try parser.feed($0) }
        try parser.finish()
        if job.handler.arena.overflowed {
          throw SheetReadError(
            .fileCorrupt, "the part '\(entry.name)' holds more text than its size allows",
            vietnamese: "phần '\(entry.name)' chứa nhiều văn bản hơn mức kích thước của nó cho phép")
        }
      } catch {
        job.error = error
      }
      job.handler.arena.endLoading()
      done.signal()
    }
    thread.stackSize = 1 << 20
    thread.start()
    return (
      arena,
      {
        done.wait()
        arena.loadingJoined()
        if let error = job.error { throw error }
      }
    )
  }
}

/// What the shared-strings thread works on; only it touches them until it is joined.
private final class LoadJob: @unchecked Sendable {
  let archive: ZipArchive
  let handler: SharedStringsHandler
  var error: (any Error)?

  init(archive: ZipArchive, handler: SharedStringsHandler) {
    self.archive = archive
    self.handler = handler
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
