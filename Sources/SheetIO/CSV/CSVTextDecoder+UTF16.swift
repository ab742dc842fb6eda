extension CSVTextDecoder {
  /// The next piece of text transcoded from UTF-16; nil at the end.
  func nextUTF16(bigEndian: Bool) throws(SheetReadError) -> UnsafeRawBufferPointer? {
    while true {
      // Keep at least a surrogate pair's worth of raw bytes in view.
      if !readerEnded && rawEnd - rawStart < 4 { try refill() }
      if rawStart == rawEnd { return nil }
      guard let source = raw.baseAddress, let target = text.baseAddress else { return nil }

      var index = rawStart
      var written = 0
      var badLength = 0
      var surelyNFC = true
      @inline(__always) func unit(at offset: Int) -> UInt16 {
        let first = UInt16(source.load(fromByteOffset: offset, as: UInt8.self))
        let second = UInt16(source.load(fromByteOffset: offset + 1, as: UInt8.self))
        return bigEndian ? first << 8 | second : second << 8 | first
      }
      @inline(__always) func put(_ byte: UInt32) {
        target.storeBytes(of: UInt8(truncatingIfNeeded: byte), toByteOffset: written, as: UInt8.self)
        written += 1
      }
      while index + 2 <= rawEnd {
        let code = unit(at: index)
        if code < 0x80 {
          put(UInt32(code))
          index += 2
        } else if code < 0x800 {
          if code >= 0x300 { surelyNFC = false }
          put(0xC0 | UInt32(code) >> 6)
          put(0x80 | UInt32(code) & 0x3F)
          index += 2
        } else if code & 0xF800 != 0xD800 {
          // NFCText's quick rule: below U+0300 or in U+1E00–U+1EFF.
          if code >= 0x300 && code & 0xFF00 != 0x1E00 { surelyNFC = false }
          put(0xE0 | UInt32(code) >> 12)
          put(0x80 | UInt32(code) >> 6 & 0x3F)
          put(0x80 | UInt32(code) & 0x3F)
          index += 2
        } else if code < 0xDC00, index + 4 <= rawEnd {
          let low = unit(at: index + 2)
          guard low & 0xFC00 == 0xDC00 else {
            badLength = 2
            break
          }
          surelyNFC = false
          let scalar = 0x10000 + ((UInt32(code) & 0x3FF) << 10 | UInt32(low) & 0x3FF)
          put(0xF0 | scalar >> 18)
          put(0x80 | scalar >> 12 & 0x3F)
          put(0x80 | scalar >> 6 & 0x3F)
          put(0x80 | scalar & 0x3F)
          index += 4
        } else if code < 0xDC00, !readerEnded {
          break  // The low surrogate is in the next piece.
        } else {
          badLength = 2  // A lone surrogate.
          break
        }
      }
      if written > 0 {
        rawStart = index
        lastPieceIsSurelyNFC = surelyNFC
        return UnsafeRawBufferPointer(rebasing: text[0..<written])
      }
      rawStart = index
      if badLength > 0 {
        let code = String(unit(at: index), radix: 16, uppercase: true)
        return try reject(
          length: badLength,
          "the UTF-16 code unit 0x\(code) "
            + "is an unpaired surrogate",
          vietnamese: "đơn vị mã UTF-16 0x\(code) là một surrogate đứng lẻ, thiếu nửa còn lại của cặp")
      }
      if readerEnded && rawEnd - rawStart == 1 {
        return try reject(
          length: 1, "the file ends in the middle of a UTF-16 code unit",
          vietnamese: "tệp bị cắt cụt: tệp kết thúc giữa chừng một đơn vị mã UTF-16")
      }
    }
  }
}
