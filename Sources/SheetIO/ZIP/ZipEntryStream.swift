import CZlib
import Foundation

extension ZipArchive {
  /// Streams an entry's inflated bytes to `consume` in chunks of up to 256 KiB.
  ///
  /// Inflation never runs past the entry's declared size (which ``checkBudget(_:)``
  /// has bounded), and the size and CRC are checked at the end, so a lying header is
  /// `file-corrupt` rather than an unbounded read.
  func stream(
    _ entry: ZipEntry, chunkSize: Int = 1 << 18,
    _ consume: (UnsafeRawBufferPointer) throws -> Void
  ) throws {
    // Large parts inflate on a second thread while this one parses.
    if entry.uncompressedSize >= 4 << 20 && ProcessInfo.processInfo.activeProcessorCount > 1 {
      try checkBudget(entry)
      let archive = UncheckedArchive(archive: self)
      try InflatePipeline().run(
        produce: { emit in
          try archive.archive.streamHere(entry, chunkSize: chunkSize) { chunk in
            if !emit(chunk) { throw CancellationError() }
          }
        }, consume: consume)
      return
    }
    try streamHere(entry, chunkSize: chunkSize, consume)
  }

  /// Streams on the calling thread.
  func streamHere(
    _ entry: ZipEntry, chunkSize: Int = 1 << 18,
    _ consume: (UnsafeRawBufferPointer) throws -> Void
  ) throws {
    try checkBudget(entry)
    let start = try dataOffset(of: entry)
    let input = UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: 16)
    defer { input.deallocate() }
    var crc = crc32(0, nil, 0)
    var produced = 0
    switch entry.method {
    case 0:
      var remaining = entry.compressedSize
      var offset = start
      while remaining > 0 {
        let n = try file.read(into: input, count: min(chunkSize, remaining), at: offset)
        guard n > 0 else {
          throw SheetReadError(
            .fileCorrupt, "'\(entry.name)' is cut short", vietnamese: "phần '\(entry.name)' bị cắt cụt")
        }
        crc = crc32(crc, input.assumingMemoryBound(to: Bytef.self), uInt(n))
        try consume(UnsafeRawBufferPointer(start: input, count: n))
        remaining -= n
        offset += n
        produced += n
      }
    case 8:
      produced = try inflate(entry, from: start, input: input, chunkSize: chunkSize, crc: &crc, consume)
    default:
      throw SheetReadError(
        .fileFormat,
        "the part '\(entry.name)' uses ZIP compression method \(entry.method), which no spreadsheet writer uses",
        vietnamese:
          "phần '\(entry.name)' dùng kiểu nén ZIP số \(entry.method), kiểu mà không chương trình bảng tính nào dùng")
    }
    guard produced == entry.uncompressedSize else {
      throw SheetReadError(
        .fileCorrupt,
        "the part '\(entry.name)' inflates to \(produced) bytes, not the \(entry.uncompressedSize) its header declares",
        vietnamese:
          "phần '\(entry.name)' giải nén ra \(produced) byte, không phải \(entry.uncompressedSize) byte như phần đầu của nó khai báo"
      )
    }
    guard crc == uLong(entry.crc32) else {
      throw SheetReadError(
        .fileCorrupt, "the part '\(entry.name)' fails its CRC check: the file is damaged",
        vietnamese: "phần '\(entry.name)' không qua được kiểm tra CRC: tệp bị hỏng")
    }
  }

  private func inflate(
    _ entry: ZipEntry, from start: Int, input: UnsafeMutableRawPointer, chunkSize: Int,
    crc: inout uLong, _ consume: (UnsafeRawBufferPointer) throws -> Void
  ) throws -> Int {
    var stream = z_stream()
    guard
      inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
    else {
      throw SheetReadError(
        .fileUnreadable, "zlib could not start", vietnamese: "không khởi động được zlib để giải nén tệp")
    }
    defer { inflateEnd(&stream) }
    let output = UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: 16)
    defer { output.deallocate() }
    var remaining = entry.compressedSize
    var offset = start
    var produced = 0
    var finished = false
    while !finished {
      if stream.avail_in == 0 {
        guard remaining > 0 else {
          throw SheetReadError(
            .fileCorrupt, "the part '\(entry.name)' ends in the middle of its data",
            vietnamese: "phần '\(entry.name)' bị cắt cụt: dữ liệu kết thúc giữa chừng")
        }
        let n = try file.read(into: input, count: min(chunkSize, remaining), at: offset)
        guard n > 0 else {
          throw SheetReadError(
            .fileCorrupt, "'\(entry.name)' is cut short", vietnamese: "phần '\(entry.name)' bị cắt cụt")
        }
        remaining -= n
        offset += n
        stream.next_in = input.assumingMemoryBound(to: Bytef.self)
        stream.avail_in = uInt(n)
      }
      stream.next_out = output.assumingMemoryBound(to: Bytef.self)
      stream.avail_out = uInt(chunkSize)
      let status = CZlib.inflate(&stream, Z_NO_FLUSH)
      let got = chunkSize - Int(stream.avail_out)
      switch status {
      case Z_STREAM_END: finished = true
      case Z_OK, Z_BUF_ERROR: break
      default:
        throw SheetReadError(
          .fileCorrupt, "the part '\(entry.name)' does not inflate: its data is damaged",
          vietnamese: "phần '\(entry.name)' không giải nén được: dữ liệu bị hỏng")
      }
      if got > 0 {
        produced += got
        if produced > entry.uncompressedSize {
          throw SheetReadError(
            .limitExceeded,
            "the part '\(entry.name)' inflates past the \(entry.uncompressedSize) bytes its header declares",
            vietnamese:
              "phần '\(entry.name)' giải nén ra nhiều hơn \(entry.uncompressedSize) byte mà phần đầu của nó khai báo")
        }
        crc = crc32(crc, output.assumingMemoryBound(to: Bytef.self), uInt(got))
        try consume(UnsafeRawBufferPointer(start: output, count: got))
      } else if status == Z_BUF_ERROR && stream.avail_in != 0 {
        throw SheetReadError(
          .fileCorrupt, "the part '\(entry.name)' does not inflate: its data is damaged",
          vietnamese: "phần '\(entry.name)' không giải nén được: dữ liệu bị hỏng")
      }
    }
    return produced
  }

  /// Reads a whole small entry into memory (relationships, workbook, styles).
  func data(of entry: ZipEntry, limit: Int = 64 << 20) throws -> [UInt8] {
    guard entry.uncompressedSize <= limit else {
      throw SheetReadError(
        .limitExceeded, "the part '\(entry.name)' is \(entry.uncompressedSize) bytes (limit \(limit))",
        vietnamese: "phần '\(entry.name)' có kích thước \(entry.uncompressedSize) byte (giới hạn là \(limit) byte)")
    }
    var result: [UInt8] = []
    result.reserveCapacity(entry.uncompressedSize)
    try stream(entry) { result.append(contentsOf: $0) }
    return result
  }
}

/// Hands the archive to the inflating thread; only that thread uses it while it runs.
private struct UncheckedArchive: @unchecked Sendable {
  let archive: ZipArchive
}
