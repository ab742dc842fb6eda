/// Decodes OOXML's `_xHHHH_` escapes (ECMA-376 §22.9.2.19 `ST_Xstring`).
///
/// Writers escape characters XML cannot hold (a CR is `_x000D_`) and escape a
/// literal `_x` sequence by escaping its underscore (`_x005F_x000D_`). Every
/// escape has exactly four hex digits; UTF-16 surrogate pairs are joined.
enum XString {
  /// Appends `raw` to `out` with every escape decoded.
  static func appendDecoded(_ raw: UnsafeRawBufferPointer, to out: inout [UInt8]) {
    guard raw.count >= 7, raw.contains(UInt8(ascii: "_")) else {
      out.append(contentsOf: raw)
      return
    }
    var index = 0
    let count = raw.count
    while index < count {
      if let unit = escape(raw, at: index) {
        var scalarValue = UInt32(unit)
        var consumed = 7
        if (0xD800..<0xDC00).contains(unit), let low = escape(raw, at: index + 7),
          (0xDC00..<0xE000).contains(low)
        {
          scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
          consumed = 14
        }
        if let scalar = Unicode.Scalar(scalarValue) {
          appendUTF8(scalar, to: &out)
          index += consumed
          continue
        }
      }
      out.append(raw[index])
      index += 1
    }
  }

  /// Whether `raw` holds anything `appendDecoded` would change.
  static func mayContainEscape(_ raw: UnsafeRawBufferPointer) -> Bool {
    raw.count >= 7 && raw.contains(UInt8(ascii: "_"))
  }

  /// The UTF-16 unit of an escape starting at `index`, if one starts there.
  @inline(__always)
  private static func escape(_ raw: UnsafeRawBufferPointer, at index: Int) -> UInt16? {
    guard index + 7 <= raw.count, raw[index] == UInt8(ascii: "_"),
      raw[index + 1] == UInt8(ascii: "x"), raw[index + 6] == UInt8(ascii: "_")
    else { return nil }
    var value: UInt16 = 0
    for offset in 2..<6 {
      let byte = raw[index + offset]
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default: return nil
      }
      value = value << 4 | UInt16(digit)
    }
    return value
  }

  private static func appendUTF8(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
    let value = scalar.value
    switch value {
    case 0..<0x80:
      out.append(UInt8(value))
    case 0x80..<0x800:
      out.append(UInt8(0xC0 | (value >> 6)))
      out.append(UInt8(0x80 | (value & 0x3F)))
    case 0x800..<0x10000:
      out.append(UInt8(0xE0 | (value >> 12)))
      out.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
      out.append(UInt8(0x80 | (value & 0x3F)))
    default:
      out.append(UInt8(0xF0 | (value >> 18)))
      out.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
      out.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
      out.append(UInt8(0x80 | (value & 0x3F)))
    }
  }
}
