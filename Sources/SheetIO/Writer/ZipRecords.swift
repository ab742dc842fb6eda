/// The fixed-size records of the ZIP format that ``ZipWriter`` writes (APPNOTE 6.3.x §4.3).
///
/// All integers are little-endian. The writer records no extra fields, comments or ZIP64
/// records, so each record is its fixed part followed by the entry name.
enum ZipRecords {
  static let localHeaderSignature: UInt32 = 0x0403_4b50
  static let centralHeaderSignature: UInt32 = 0x0201_4b50
  static let endOfCentralDirectorySignature: UInt32 = 0x0605_4b50
  /// Version 2.0: deflate and folders; what Excel writes as both "made by" and "needed".
  static let version: UInt16 = 20
  /// General-purpose flag bit 11: the name is UTF-8.
  static let utf8NameFlag: UInt16 = 1 << 11
  /// Offset of the CRC-32 field in a local header; the two sizes follow it.
  static let localHeaderCRCOffset: UInt64 = 14
  /// The largest size or offset written without ZIP64 (0xFFFFFFFF itself means "see ZIP64").
  static let maximum32: UInt64 = 0xFFFF_FFFE
  /// The largest entry count written without ZIP64.
  static let maximumEntries = 0xFFFF

  /// What the central directory keeps of one written entry.
  struct CentralRecord {
    var name: [UInt8]
    var flags: UInt16
    var method: UInt16
    var crc: UInt32
    var compressedSize: UInt32
    var uncompressedSize: UInt32
    var localHeaderOffset: UInt32
  }

  /// A local file header with zero CRC and sizes, to be patched when the entry ends.
  static func localHeader(
    name: [UInt8], flags: UInt16, method: UInt16, time: ZipTimestamp
  ) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(30 + name.count)
    bytes.appendLittleEndian(localHeaderSignature)
    bytes.appendLittleEndian(version)
    bytes.appendLittleEndian(flags)
    bytes.appendLittleEndian(method)
    bytes.appendLittleEndian(time.dosTime)
    bytes.appendLittleEndian(time.dosDate)
    bytes.appendLittleEndian(UInt32(0))  // CRC-32, patched
    bytes.appendLittleEndian(UInt32(0))  // compressed size, patched
    bytes.appendLittleEndian(UInt32(0))  // uncompressed size, patched
    bytes.appendLittleEndian(UInt16(name.count))
    bytes.appendLittleEndian(UInt16(0))  // extra field length
    bytes.append(contentsOf: name)
    return bytes
  }

  /// The CRC-32 and the two sizes, as patched into a local header.
  static func sizes(crc: UInt32, compressed: UInt32, uncompressed: UInt32) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(12)
    bytes.appendLittleEndian(crc)
    bytes.appendLittleEndian(compressed)
    bytes.appendLittleEndian(uncompressed)
    return bytes
  }

  /// A central directory file header for `record`.
  static func centralHeader(_ record: CentralRecord, time: ZipTimestamp) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(46 + record.name.count)
    bytes.appendLittleEndian(centralHeaderSignature)
    bytes.appendLittleEndian(version)  // made by: MS-DOS, 2.0, as Excel writes it
    bytes.appendLittleEndian(version)  // needed to extract
    bytes.appendLittleEndian(record.flags)
    bytes.appendLittleEndian(record.method)
    bytes.appendLittleEndian(time.dosTime)
    bytes.appendLittleEndian(time.dosDate)
    bytes.appendLittleEndian(record.crc)
    bytes.appendLittleEndian(record.compressedSize)
    bytes.appendLittleEndian(record.uncompressedSize)
    bytes.appendLittleEndian(UInt16(record.name.count))
    bytes.appendLittleEndian(UInt16(0))  // extra field length
    bytes.appendLittleEndian(UInt16(0))  // comment length
    bytes.appendLittleEndian(UInt16(0))  // disk number start
    bytes.appendLittleEndian(UInt16(0))  // internal attributes
    bytes.appendLittleEndian(UInt32(0))  // external attributes
    bytes.appendLittleEndian(record.localHeaderOffset)
    bytes.append(contentsOf: record.name)
    return bytes
  }

  /// The end-of-central-directory record.
  static func endOfCentralDirectory(entries: Int, size: UInt32, offset: UInt32) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(22)
    bytes.appendLittleEndian(endOfCentralDirectorySignature)
    bytes.appendLittleEndian(UInt16(0))  // this disk
    bytes.appendLittleEndian(UInt16(0))  // disk with the central directory
    bytes.appendLittleEndian(UInt16(entries))
    bytes.appendLittleEndian(UInt16(entries))
    bytes.appendLittleEndian(size)
    bytes.appendLittleEndian(offset)
    bytes.appendLittleEndian(UInt16(0))  // comment length
    return bytes
  }
}

extension [UInt8] {
  /// Appends `value` in little-endian byte order.
  fileprivate mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
    var remaining = value.littleEndian
    Swift.withUnsafeBytes(of: &remaining) { append(contentsOf: $0) }
  }
}
