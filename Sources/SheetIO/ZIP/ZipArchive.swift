/// A ZIP archive read through its central directory, with bounded, checked inflation.
///
/// The central directory (not the local headers) gives names, sizes and offsets, so
/// entries written with data descriptors read like any other; ZIP64 records are
/// understood. Entries are found by case- and slash-insensitive name.
final class ZipArchive {
  /// Budgets that stop an entry before it inflates past sense.
  struct Limits: Sendable {
    /// An entry may inflate to at most this many bytes. The default is 1 GiB.
    var maxEntryBytes = 1 << 30
    /// Past this many bytes an entry must not inflate more than ``maxRatio`` times its
    /// compressed size. The default is 100 MiB.
    var ratioThresholdBytes = 100 << 20
    /// The largest inflated-to-compressed ratio allowed past the threshold. The default is 200.
    var maxRatio = 200
    /// The most entries an archive may hold. The default is 100,000.
    var maxEntries = 100_000
  }

  let file: RandomAccessFile
  let limits: Limits
  private(set) var entries: [ZipEntry] = []
  private var byKey: [String: Int] = [:]

  /// Opens the archive at `path` and reads its central directory.
  init(path: String, limits: Limits = Limits()) throws {
    file = try RandomAccessFile(path: path)
    self.limits = limits
    try readCentralDirectory()
  }

  /// The entry named `name` (case- and slash-insensitive), if any.
  func entry(named name: String) -> ZipEntry? {
    byKey[ZipEntry.key(name)].map { entries[$0] }
  }

  private func readCentralDirectory() throws {
    let size = file.size
    guard size >= 22 else {
      throw SheetReadError(
        .fileCorrupt,
        size == 0
          ? "the file is empty (0 bytes)"
          : "the ZIP container is cut short: no end-of-central-directory record",
        vietnamese: size == 0
          ? "tệp rỗng (0 byte)"
          : "tệp bị cắt cụt (có thể tải về hoặc sao chép chưa xong): hãy gửi lại tệp đầy đủ")
    }
    let tailLength = min(size, 22 + 65_535)
    let tail = try file.bytes(at: size - tailLength, count: tailLength)
    var eocd = -1
    var index = tail.count - 22
    while index >= 0 {
      if tail[index] == 0x50, tail[index + 1] == 0x4B, tail[index + 2] == 0x05,
        tail[index + 3] == 0x06
      {
        eocd = index
        break
      }
      index -= 1
    }
    guard eocd >= 0 else {
      throw SheetReadError(
        .fileCorrupt,
        "the ZIP container is cut short or damaged: no end-of-central-directory record",
        vietnamese:
          "tệp bị cắt cụt hoặc bị hỏng (có thể tải về hoặc sao chép chưa xong): hãy gửi lại tệp đầy đủ")
    }
    var count = Int(tail.u16(eocd + 10))
    var directorySize = Int(tail.u32(eocd + 12))
    var directoryOffset = Int(tail.u32(eocd + 16))
    // ZIP64: a locator sits right before the end record.
    let locatorAt = eocd - 20
    if locatorAt >= 0, tail.u32(locatorAt) == 0x0706_4B50 {
      let recordOffset = Int(tail.u64(locatorAt + 8))
      let record = try file.bytes(at: recordOffset, count: 56)
      guard record.u32(0) == 0x0606_4B50 else {
        throw SheetReadError(
          .fileCorrupt, "the ZIP64 end record is missing where announced",
          vietnamese: "tệp bị hỏng: không có bản ghi kết thúc ZIP64 ở vị trí đã khai báo")
      }
      count = Int(clamping: record.u64(32))
      directorySize = Int(clamping: record.u64(40))
      directoryOffset = Int(clamping: record.u64(48))
    }
    guard count <= limits.maxEntries else {
      throw SheetReadError(
        .limitExceeded, "the ZIP container holds \(count) entries (limit \(limits.maxEntries))",
        vietnamese: "tệp nén ZIP chứa \(count) mục (giới hạn là \(limits.maxEntries))")
    }
    guard directoryOffset >= 0, directorySize >= 0, directoryOffset + directorySize <= size else {
      throw SheetReadError(
        .fileCorrupt, "the ZIP central directory lies outside the file",
        vietnamese: "tệp bị hỏng: mục lục ZIP (central directory) nằm ngoài phạm vi tệp")
    }
    let directory = try file.bytes(at: directoryOffset, count: directorySize)
    var at = 0
    entries.reserveCapacity(count)
    while at + 46 <= directory.count, directory.u32(at) == 0x0201_4B50 {
      let nameLength = Int(directory.u16(at + 28))
      let extraLength = Int(directory.u16(at + 30))
      let commentLength = Int(directory.u16(at + 32))
      guard at + 46 + nameLength + extraLength + commentLength <= directory.count else {
        throw SheetReadError(
          .fileCorrupt, "a ZIP central directory record is cut short",
          vietnamese: "tệp bị hỏng: một bản ghi trong mục lục ZIP (central directory) bị cắt cụt")
      }
      let name = String(decoding: directory[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
      var entry = ZipEntry(
        name: name, method: directory.u16(at + 10), flags: directory.u16(at + 8),
        crc32: directory.u32(at + 16), compressedSize: Int(directory.u32(at + 20)),
        uncompressedSize: Int(directory.u32(at + 24)),
        localHeaderOffset: Int(directory.u32(at + 42)))
      try readZip64Extra(
        &entry, extra: directory, from: at + 46 + nameLength, length: extraLength)
      let key = ZipEntry.key(name)
      if byKey[key] != nil {
        throw SheetReadError(
          .fileCorrupt, "the ZIP container holds two entries named '\(name)'; which is real is unclear",
          vietnamese: "tệp nén ZIP chứa hai mục cùng tên '\(name)'; không rõ mục nào là thật")
      }
      byKey[key] = entries.count
      entries.append(entry)
      at += 46 + nameLength + extraLength + commentLength
    }
    if entries.count != count && count != 0xFFFF {
      throw SheetReadError(
        .fileCorrupt,
        "the ZIP directory lists \(entries.count) entries where its end record says \(count)",
        vietnamese: "mục lục ZIP liệt kê \(entries.count) mục, trong khi bản ghi kết thúc ghi là \(count) mục")
    }
  }

  private func readZip64Extra(_ entry: inout ZipEntry, extra: [UInt8], from start: Int, length: Int)
    throws
  {
    var at = start
    let end = start + length
    while at + 4 <= end {
      let id = extra.u16(at)
      let size = Int(extra.u16(at + 2))
      guard at + 4 + size <= end else { break }
      if id == 0x0001 {
        var field = at + 4
        func next() throws -> Int {
          guard field + 8 <= at + 4 + size else {
            throw SheetReadError(
              .fileCorrupt, "a ZIP64 extra field is cut short",
              vietnamese: "tệp bị hỏng: một trường mở rộng ZIP64 bị cắt cụt")
          }
          defer { field += 8 }
          return Int(clamping: extra.u64(field))
        }
        if entry.uncompressedSize == 0xFFFF_FFFF { entry.uncompressedSize = try next() }
        if entry.compressedSize == 0xFFFF_FFFF { entry.compressedSize = try next() }
        if entry.localHeaderOffset == 0xFFFF_FFFF { entry.localHeaderOffset = try next() }
      }
      at += 4 + size
    }
  }

  /// Where an entry's compressed bytes start, read from its local header.
  func dataOffset(of entry: ZipEntry) throws -> Int {
    let header = try file.bytes(at: entry.localHeaderOffset, count: 30)
    guard header.u32(0) == 0x0403_4B50 else {
      throw SheetReadError(
        .fileCorrupt, "the ZIP entry '\(entry.name)' has no local header",
        vietnamese: "tệp bị hỏng: mục ZIP '\(entry.name)' không có phần đầu cục bộ (local header)")
    }
    let offset = entry.localHeaderOffset + 30 + Int(header.u16(26)) + Int(header.u16(28))
    guard offset + entry.compressedSize <= file.size else {
      throw SheetReadError(
        .fileCorrupt, "the ZIP entry '\(entry.name)' runs past the end of the file",
        vietnamese: "mục ZIP '\(entry.name)' vượt quá cuối tệp: tệp bị cắt cụt hoặc bị hỏng")
    }
    return offset
  }

  /// Refuses an entry whose declared sizes are beyond the budgets, before inflating it.
  func checkBudget(_ entry: ZipEntry) throws {
    let inflated = entry.uncompressedSize
    if inflated > limits.maxEntryBytes {
      throw SheetReadError(
        .limitExceeded,
        "the part '\(entry.name)' would inflate to \(inflated) bytes (limit \(limits.maxEntryBytes))",
        vietnamese:
          "phần '\(entry.name)' khi giải nén sẽ lớn tới \(inflated) byte (giới hạn là \(limits.maxEntryBytes) byte)")
    }
    let ratio = inflated / max(entry.compressedSize, 1)
    if inflated > limits.ratioThresholdBytes && ratio > limits.maxRatio {
      throw SheetReadError(
        .limitExceeded,
        "the part '\(entry.name)' would inflate \(ratio) times its size to \(inflated) bytes: a ZIP bomb?",
        vietnamese:
          "phần '\(entry.name)' khi giải nén sẽ lớn gấp \(ratio) lần, tới \(inflated) byte: có thể là tệp nén độc hại (ZIP bomb)"
      )
    }
  }
}

extension [UInt8] {
  @inline(__always) func u16(_ at: Int) -> UInt16 {
    UInt16(self[at]) | UInt16(self[at + 1]) << 8
  }
  @inline(__always) func u32(_ at: Int) -> UInt32 {
    UInt32(self[at]) | UInt32(self[at + 1]) << 8 | UInt32(self[at + 2]) << 16
      | UInt32(self[at + 3]) << 24
  }
  @inline(__always) func u64(_ at: Int) -> UInt64 {
    UInt64(u32(at)) | UInt64(u32(at + 4)) << 32
  }
}
