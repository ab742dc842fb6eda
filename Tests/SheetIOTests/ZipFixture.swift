import CZlib
import Foundation
import Glibc

/// Writes one-entry ZIP files whose headers may lie, for the reader's safety tests.
enum ZipFixture {
  /// Writes a ZIP holding `content` deflated under `name`, declaring `declaredSize` (or
  /// the true size) and `crcOverride` (or the true CRC); returns its path.
  static func write(
    name: String, content: [UInt8], declaredSize: Int? = nil, crcOverride: UInt32? = nil
  ) throws -> String {
    let compressed = deflateRaw(content)
    let crc =
      crcOverride
      ?? content.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
    let size = UInt32(declaredSize ?? content.count)
    let nameBytes = Array(name.utf8)
    var out: [UInt8] = []
    func u16(_ value: Int) { out += [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
    func u32(_ value: UInt32) {
      for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(value >> UInt32(shift) & 0xFF)) }
    }
    // Local header.
    u32(0x0403_4B50); u16(20); u16(0); u16(8); u16(0); u16(0)
    u32(crc); u32(UInt32(compressed.count)); u32(size); u16(nameBytes.count); u16(0)
    out += nameBytes
    out += compressed
    let directoryOffset = out.count
    // Central directory record.
    u32(0x0201_4B50); u16(20); u16(20); u16(0); u16(8); u16(0); u16(0)
    u32(crc); u32(UInt32(compressed.count)); u32(size); u16(nameBytes.count); u16(0); u16(0)
    u16(0); u16(0); u32(0); u32(0)
    out += nameBytes
    let directorySize = out.count - directoryOffset
    // End of central directory.
    u32(0x0605_4B50); u16(0); u16(0); u16(1); u16(1)
    u32(UInt32(directorySize)); u32(UInt32(directoryOffset)); u16(0)
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("htx-zip-\(UUID().uuidString).xlsx").path
    try Data(out).write(to: URL(fileURLWithPath: path))
    return path
  }

  private static func deflateRaw(_ input: [UInt8]) -> [UInt8] {
    var stream = z_stream()
    deflateInit2_(
      &stream, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
      Int32(MemoryLayout<z_stream>.size))
    defer { deflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 64)
    var mutableInput = input
    let produced = mutableInput.withUnsafeMutableBufferPointer { inBuffer in
      output.withUnsafeMutableBufferPointer { outBuffer -> Int in
        stream.next_in = inBuffer.baseAddress
        stream.avail_in = uInt(inBuffer.count)
        stream.next_out = outBuffer.baseAddress
        stream.avail_out = uInt(outBuffer.count)
        deflate(&stream, Z_FINISH)
        return outBuffer.count - Int(stream.avail_out)
      }
    }
    return Array(output[0..<produced])
  }
}
