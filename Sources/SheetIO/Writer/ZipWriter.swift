import CZlib

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A ZIP archive written entry by entry to a file, deflating each entry as it streams in.
///
/// The archive is written to a temporary file beside `path` and renamed onto it by
/// ``finish()``, so the target is either left as it was or replaced by a complete archive.
/// If the writer is cancelled, fails, or is released without `finish()`, the temporary file
/// is removed.
///
/// Memory does not grow with entry size: bytes pass through one zlib stream into one
/// 256 KiB output buffer. Each local header is written with a zero CRC and sizes and patched
/// in place when its entry ends, so the archive has no data descriptors, like Excel's own.
/// ZIP64 is not written: an entry or archive that reaches 4 GiB, or a 65,536th entry, is
/// refused with an error.
///
///     let zip = try ZipWriter(path: "book.xlsx")
///     try zip.beginEntry(name: "xl/worksheets/sheet1.xml")
///     try zip.write("<worksheet>…</worksheet>")
///     try zip.endEntry()
///     try zip.finish()
///
/// A writer is not thread-safe; use it from one thread at a time.
public final class ZipWriter {
  /// How an entry's bytes are stored.
  public enum Method: Sendable {
    /// Raw deflate (method 8) at the writer's compression level.
    case deflate
    /// Stored as-is (method 0).
    case store
  }

  /// Settings for a writer; they cannot change once it is created.
  public struct Options: Sendable {
    /// The zlib level of deflated entries, 1 (fastest) to 9 (smallest), 0 for deflate's own
    /// stored blocks, or -1 for zlib's choice. The default is 6, what Python's `zipfile` (and
    /// so xlsxwriter) uses.
    public var compressionLevel: Int32 = 6
    /// The modification time recorded for every entry. The default is 1980-01-01 00:00:00,
    /// so the same content always gives the same bytes.
    public var modificationTime = ZipTimestamp()
    /// Whether ``ZipWriter/finish()`` flushes the file to disk before renaming it onto the
    /// target. The default is true.
    public var synchronizesBeforeRename = true

    /// Creates the default settings.
    public init() {}
  }

  /// The entry being written.
  private struct OpenEntry {
    var name: String
    var nameBytes: [UInt8]
    var flags: UInt16
    var method: Method
    var headerOffset: UInt64
    var dataOffset: UInt64
    var crc: uLong
    var uncompressedSize: UInt64
  }

  private enum State {
    case writing, finished, closed
  }

  /// The archive's final path.
  public let path: String
  /// The temporary file the archive is written to until ``finish()``.
  public let temporaryPath: String
  /// The settings the writer was created with.
  public let options: Options

  private var descriptor: Int32
  private var temporaryExists = true
  private var state = State.writing
  private let buffer: UnsafeMutablePointer<UInt8>
  private let bufferCapacity = 256 * 1024
  private var bufferCount = 0
  /// Bytes already handed to the file; the archive's current length is this plus `bufferCount`.
  private var flushedCount: UInt64 = 0
  private let stream: UnsafeMutablePointer<z_stream>
  private var streamInitialised = false
  private var current: OpenEntry?
  private var records: [ZipRecords.CentralRecord] = []
  private var names: Set<String> = []

  /// Creates the temporary file beside `path` and starts an empty archive.
  ///
  /// - Throws: ``ZipWriterError/cannotCreate(path:errno:)`` when the folder is missing or
  ///   not writable.
  public init(path: String, options: Options = Options()) throws {
    self.path = path
    self.options = options
    let slash = path.lastIndex(of: "/")
    let folder = slash.map { String(path[...$0]) } ?? ""
    let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
    var created: (path: String, descriptor: Int32)?
    var lastError: Int32 = 0
    for _ in 0..<16 {
      let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
      let candidate = "\(folder).\(base).\(getpid()).\(suffix).tmp"
      let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
      if fd >= 0 {
        created = (candidate, fd)
        break
      }
      lastError = errno
      if lastError != EEXIST { break }
    }
    guard let created else {
      throw ZipWriterError.cannotCreate(path: path, errno: lastError)
    }
    temporaryPath = created.path
    descriptor = created.descriptor
    buffer = .allocate(capacity: bufferCapacity)
    stream = .allocate(capacity: 1)
    stream.initialize(to: z_stream())
  }

  deinit {
    if state != .finished { discard() }
    if streamInitialised { deflateEnd(stream) }
    stream.deinitialize(count: 1)
    stream.deallocate()
    buffer.deallocate()
  }

  /// The number of entries written so far, not counting one still open.
  public var entryCount: Int { records.count }

  /// Starts a new entry; its bytes follow with the `write` calls.
  ///
  /// - Parameters:
  ///   - name: The entry's path inside the archive, with `/` between folders.
  ///   - method: Deflate (the default) or store.
  /// - Throws: ``ZipWriterError`` when an entry is already open, the name is invalid or
  ///   used, the archive is too large, or writing fails.
  public func beginEntry(name: String, method: Method = .deflate) throws {
    try checkWritable()
    if let current { throw ZipWriterError.entryAlreadyOpen(current.name) }
    let nameBytes = Array(name.utf8)
    guard Self.isValid(name: name, byteCount: nameBytes.count) else {
      throw ZipWriterError.invalidEntryName(name)
    }
    guard !names.contains(name) else { throw ZipWriterError.duplicateEntryName(name) }
    guard records.count < ZipRecords.maximumEntries, position <= ZipRecords.maximum32 else {
      throw ZipWriterError.archiveTooLarge
    }
    try failing {
      if method == .deflate { try startDeflate() }
      let flags = nameBytes.contains { $0 >= 0x80 } ? ZipRecords.utf8NameFlag : 0
      let headerOffset = position
      let header = ZipRecords.localHeader(
        name: nameBytes, flags: flags, method: method == .deflate ? 8 : 0,
        time: options.modificationTime)
      try header.withUnsafeBytes { try append($0) }
      names.insert(name)
      current = OpenEntry(
        name: name, nameBytes: nameBytes, flags: flags, method: method,
        headerOffset: headerOffset, dataOffset: position, crc: crc32(0, nil, 0),
        uncompressedSize: 0)
    }
  }

  /// Appends bytes to the open entry.
  ///
  /// - Throws: ``ZipWriterError/noOpenEntry`` with no entry open,
  ///   ``ZipWriterError/entryTooLarge(_:)`` past 4 GiB, or a write or zlib error.
  public func write(_ bytes: UnsafeRawBufferPointer) throws {
    try checkWritable()
    guard var entry = current else { throw ZipWriterError.noOpenEntry }
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
    try failing {
      guard entry.uncompressedSize + UInt64(bytes.count) <= ZipRecords.maximum32 else {
        throw ZipWriterError.entryTooLarge(entry.name)
      }
      // zlib counts in 32 bits: feed at most 1 GiB at a time.
      var offset = 0
      while offset < bytes.count {
        let count = min(bytes.count - offset, 1 << 30)
        let chunk = UnsafeRawBufferPointer(start: base + offset, count: count)
        entry.crc = crc32(
          entry.crc, chunk.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(count))
        switch entry.method {
        case .deflate: try deflateChunk(chunk, flush: Z_NO_FLUSH)
        case .store: try append(chunk)
        }
        offset += count
      }
      entry.uncompressedSize += UInt64(bytes.count)
      current = entry
    }
  }

  /// Appends bytes to the open entry.
  public func write(_ bytes: [UInt8]) throws {
    try bytes.withUnsafeBytes { try write($0) }
  }

  /// Appends the UTF-8 bytes of `text` to the open entry.
  public func write(_ text: String) throws {
    var text = text
    try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
  }

  /// Ends the open entry: finishes its deflate stream and records its CRC-32 and sizes.
  ///
  /// - Throws: ``ZipWriterError/noOpenEntry`` with no entry open, or a write or zlib error.
  public func endEntry() throws {
    try checkWritable()
    guard let entry = current else { throw ZipWriterError.noOpenEntry }
    try failing {
      if entry.method == .deflate {
        try deflateChunk(UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH)
      }
      let compressedSize = position - entry.dataOffset
      guard compressedSize <= ZipRecords.maximum32 else {
        throw ZipWriterError.entryTooLarge(entry.name)
      }
      let record = ZipRecords.CentralRecord(
        name: entry.nameBytes, flags: entry.flags, method: entry.method == .deflate ? 8 : 0,
        crc: UInt32(truncatingIfNeeded: entry.crc), compressedSize: UInt32(compressedSize),
        uncompressedSize: UInt32(entry.uncompressedSize),
        localHeaderOffset: UInt32(entry.headerOffset))
      try patch(
        ZipRecords.sizes(
          crc: record.crc, compressed: record.compressedSize,
          uncompressed: record.uncompressedSize),
        at: entry.headerOffset + ZipRecords.localHeaderCRCOffset)
      records.append(record)
      current = nil
    }
  }

  /// Writes a whole entry: ``beginEntry(name:method:)``, one write, ``endEntry()``.
  public func addEntry(name: String, contents: [UInt8], method: Method = .deflate) throws {
    try beginEntry(name: name, method: method)
    try write(contents)
    try endEntry()
  }

  /// Writes a whole entry from the UTF-8 bytes of `text`.
  public func addEntry(name: String, text: String, method: Method = .deflate) throws {
    try beginEntry(name: name, method: method)
    try write(text)
    try endEntry()
  }

  /// Writes the central directory, closes the file and renames it onto ``path``.
  ///
  /// - Throws: ``ZipWriterError/entryAlreadyOpen(_:)`` while an entry is open, or a write
  ///   or rename error; the temporary file is removed and the target left as it was.
  public func finish() throws {
    try checkWritable()
    if let current { throw ZipWriterError.entryAlreadyOpen(current.name) }
    try failing {
      let directoryOffset = position
      for record in records {
        let header = ZipRecords.centralHeader(record, time: options.modificationTime)
        try header.withUnsafeBytes { try append($0) }
      }
      let directorySize = position - directoryOffset
      guard directoryOffset <= ZipRecords.maximum32, directorySize <= ZipRecords.maximum32
      else { throw ZipWriterError.archiveTooLarge }
      let end = ZipRecords.endOfCentralDirectory(
        entries: records.count, size: UInt32(directorySize), offset: UInt32(directoryOffset))
      try end.withUnsafeBytes { try append($0) }
      try flushBuffer()
      if options.synchronizesBeforeRename && fsync(descriptor) != 0 {
        throw ZipWriterError.writeFailed(path: temporaryPath, errno: errno)
      }
      let closed = close(descriptor)
      descriptor = -1
      if closed != 0 { throw ZipWriterError.writeFailed(path: temporaryPath, errno: errno) }
      if rename(temporaryPath, path) != 0 {
        throw ZipWriterError.renameFailed(from: temporaryPath, to: path, errno: errno)
      }
      temporaryExists = false
      state = .finished
    }
  }

  /// Abandons the archive: removes the temporary file and leaves the target as it was.
  ///
  /// Does nothing after ``finish()`` succeeded or a previous cancel.
  public func cancel() {
    guard state == .writing else { return }
    state = .closed
    discard()
  }

  // MARK: - Internals

  /// The archive's length so far.
  private var position: UInt64 { flushedCount + UInt64(bufferCount) }

  private func checkWritable() throws {
    guard state == .writing else { throw ZipWriterError.notWritable }
  }

  /// Runs `body`; if it throws, the archive is abandoned before the error propagates.
  private func failing(_ body: () throws -> Void) throws {
    do {
      try body()
    } catch {
      if state != .finished {
        state = .closed
        discard()
      }
      throw error
    }
  }

  /// Closes and removes the temporary file.
  private func discard() {
    if descriptor >= 0 {
      close(descriptor)
      descriptor = -1
    }
    if temporaryExists {
      unlink(temporaryPath)
      temporaryExists = false
    }
  }

  private static func isValid(name: String, byteCount: Int) -> Bool {
    guard byteCount > 0, byteCount <= 0xFFFF, !name.hasPrefix("/") else { return false }
    guard !name.contains("\\"), !name.utf8.contains(0) else { return false }
    return !name.split(separator: "/", omittingEmptySubsequences: false).contains("..")
  }

  /// Initialises the raw-deflate stream once, or resets it for a new entry.
  private func startDeflate() throws {
    if streamInitialised {
      let code = deflateReset(stream)
      guard code == Z_OK else { throw ZipWriterError.deflateFailed(code: code) }
      return
    }
    let code = deflateInit2_(
      stream, options.compressionLevel, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
      ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    guard code == Z_OK else { throw ZipWriterError.deflateFailed(code: code) }
    streamInitialised = true
  }

  /// Deflates `input` (at most 4 GiB) straight into the output buffer, flushing it as it fills.
  private func deflateChunk(_ input: UnsafeRawBufferPointer, flush: Int32) throws {
    stream.pointee.next_in = UnsafeMutablePointer(
      mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
    stream.pointee.avail_in = uInt(input.count)
    while true {
      if bufferCount == bufferCapacity { try flushBuffer() }
      let space = bufferCapacity - bufferCount
      stream.pointee.next_out = buffer + bufferCount
      stream.pointee.avail_out = uInt(space)
      let code = deflate(stream, flush)
      bufferCount = bufferCapacity - Int(stream.pointee.avail_out)
      switch code {
      case Z_STREAM_END:
        return
      case Z_OK, Z_BUF_ERROR:
        // Done with Z_NO_FLUSH once zlib took all input and still had room to spare.
        if flush == Z_NO_FLUSH && stream.pointee.avail_in == 0 && stream.pointee.avail_out > 0 {
          return
        }
        if code == Z_BUF_ERROR && stream.pointee.avail_out > 0 {
          throw ZipWriterError.deflateFailed(code: code)
        }
      default:
        throw ZipWriterError.deflateFailed(code: code)
      }
    }
  }

  /// Appends bytes to the output buffer, writing large runs straight to the file.
  private func append(_ bytes: UnsafeRawBufferPointer) throws {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
    if bytes.count > bufferCapacity - bufferCount {
      try flushBuffer()
      if bytes.count >= bufferCapacity {
        try writeFully(base, count: bytes.count)
        flushedCount += UInt64(bytes.count)
        return
      }
    }
    (buffer + bufferCount).update(
      from: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
    bufferCount += bytes.count
  }

  private func flushBuffer() throws {
    guard bufferCount > 0 else { return }
    try writeFully(UnsafeRawPointer(buffer), count: bufferCount)
    flushedCount += UInt64(bufferCount)
    bufferCount = 0
  }

  private func writeFully(_ start: UnsafeRawPointer, count: Int) throws {
    var done = 0
    while done < count {
      let written = systemWrite(descriptor, start + done, count - done)
      if written < 0 {
        if errno == EINTR { continue }
        throw ZipWriterError.writeFailed(path: temporaryPath, errno: errno)
      }
      done += written
    }
  }

  /// Overwrites bytes already appended at archive offset `offset`.
  private func patch(_ bytes: [UInt8], at offset: UInt64) throws {
    if offset >= flushedCount {
      let start = Int(offset - flushedCount)
      for (index, byte) in bytes.enumerated() { buffer[start + index] = byte }
      return
    }
    // Part or all of it is already in the file: write out the buffer, then patch the file.
    try flushBuffer()
    try bytes.withUnsafeBytes { raw in
      guard let base = raw.baseAddress else { return }
      var done = 0
      while done < raw.count {
        let written = pwrite(descriptor, base + done, raw.count - done, off_t(offset) + off_t(done))
        if written < 0 {
          if errno == EINTR { continue }
          throw ZipWriterError.writeFailed(path: temporaryPath, errno: errno)
        }
        done += written
      }
    }
  }
}

/// The C `write`, which the methods named `write` hide inside ``ZipWriter``.
private func systemWrite(_ descriptor: Int32, _ start: UnsafeRawPointer, _ count: Int) -> Int {
  write(descriptor, start, count)
}
