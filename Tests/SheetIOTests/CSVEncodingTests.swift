import Testing

@testable import SheetIO

/// UTF-16 bytes of `text`, optionally with a BOM.
private func utf16(_ text: String, bigEndian: Bool, byteOrderMark: Bool) -> [UInt8] {
  var bytes: [UInt8] = []
  let units = (byteOrderMark ? [0xFEFF] : []) + Array(text.utf16)
  for unit in units {
    let high = UInt8(unit >> 8)
    let low = UInt8(unit & 0xFF)
    bytes += bigEndian ? [high, low] : [low, high]
  }
  return bytes
}

/// The text cells of every delivered row, by row number.
private func rows(_ source: CSVSource) throws -> [Int: [String]] {
  var rows: [Int: [String]] = [:]
  _ = try source.readRows(sheet: 0) { row in
    rows[row.number] = (0..<row.count).map { row.text(at: $0) }
  }
  return rows
}

/// Whether two texts have the same UTF-8 bytes (String == ignores NFC vs NFD).
private func sameBytes(_ left: String?, _ right: String) -> Bool {
  left.map { $0.utf8.elementsEqual(right.utf8) } ?? false
}

@Suite("CSV encodings")
struct CSVEncodingTests {
  static let vietnamese = "Tên HTX\tSố thành viên\r\nHợp tác xã Đồng Giáp 𝔸\t1.287\r\n"

  @Test("UTF-16BE with a BOM is read as UTF-16BE and tab-separated")
  func utf16BigEndianWithBOM() throws {
    let source = try CSVSource(
      bytes: utf16(Self.vietnamese, bigEndian: true, byteOrderMark: true), name: "be.txt")
    #expect(source.encoding == .utf16BE)
    #expect(source.hasByteOrderMark)
    #expect(source.encodingDescription == "UTF-16BE (BOM)")
    #expect(source.delimiter == 0x09)
    let rows = try rows(source)
    #expect(rows[1] == ["Tên HTX", "Số thành viên"])
    #expect(rows[2] == ["Hợp tác xã Đồng Giáp 𝔸", "1.287"])
  }

  @Test("UTF-16BE without a BOM is recognised by its NULs")
  func utf16BigEndianWithoutBOM() throws {
    for chunkSize in [262_144, 16, 17] {
      let source = try CSVSource(
        bytes: utf16(Self.vietnamese, bigEndian: true, byteOrderMark: false), name: "be.txt",
        options: CSVOptions(chunkSize: chunkSize))
      #expect(source.encoding == .utf16BE)
      #expect(!source.hasByteOrderMark)
      #expect(source.encodingDescription == "UTF-16BE")
      let rows = try rows(source)
      #expect(rows[1] == ["Tên HTX", "Số thành viên"])
      #expect(rows[2] == ["Hợp tác xã Đồng Giáp 𝔸", "1.287"])
    }
  }

  @Test("UTF-16LE without a BOM is recognised by its NULs")
  func utf16LittleEndianWithoutBOM() throws {
    let source = try CSVSource(
      bytes: utf16("a,b\r\nc,d\r\n", bigEndian: false, byteOrderMark: false), name: "le.csv")
    #expect(source.encoding == .utf16LE)
    #expect(source.delimiter == UInt8(ascii: ","))
    #expect(try rows(source) == [1: ["a", "b"], 2: ["c", "d"]])
  }

  @Test("a lone surrogate after a UTF-16 BOM is an encoding error on its line")
  func loneSurrogateAfterBOMIsAnError() throws {
    var bytes = utf16("a\r\nb\r\n", bigEndian: false, byteOrderMark: true)
    bytes += [0x00, 0xD8, 0x41, 0x00]  // U+D800 then "A"
    let source = try CSVSource(bytes: bytes, name: "bad.txt")
    let error = #expect(throws: SheetReadError.self) { _ = try rows(source) }
    #expect(error?.code == .encodingError)
    #expect(error?.line == 3)
  }

  @Test("a lone surrogate without a BOM becomes U+FFFD with a warning")
  func loneSurrogateWithoutBOMIsReplaced() throws {
    var bytes = utf16("a,b\r\n", bigEndian: false, byteOrderMark: false)
    bytes += [0x00, 0xDC, 0x41, 0x00]  // U+DC00 then "A"
    let source = try CSVSource(bytes: bytes, name: "guess.csv")
    var texts: [String] = []
    let summary = try source.readRows(sheet: 0) { row in
      texts += (0..<row.count).map { row.text(at: $0) }
    }
    #expect(texts == ["a", "b", "\u{FFFD}A"])
    #expect(summary.warnings.count == 1)
    #expect(summary.warnings.first?.ref == CellRef(row: 2, column: 1))
  }

  @Test("Windows-1258 bytes decode to NFC text")
  func windows1258DecodesToNFC() throws {
    // "Hợp tác xã Lạng Sơn;Đồng" in code page 1258: ơ = F5, á = E1,
    // dot below = F2 (combining), tilde = DE (combining), Đ = D0, ô = F4, grave = CC.
    let bytes: [UInt8] =
      Array("H".utf8) + [0xF5, 0xF2] + Array("p t".utf8) + [0xE1] + Array("c xa".utf8) + [0xDE]
      + Array(" La".utf8) + [0xF2] + Array("ng S".utf8) + [0xF5] + Array("n;".utf8) + [0xD0, 0xF4, 0xCC]
      + Array("ng\r\n".utf8)
    let source = try CSVSource(bytes: bytes, name: "cp1258.csv")
    #expect(source.encoding == .windows1258)
    #expect(source.delimiter == UInt8(ascii: ";"))
    let rows = try rows(source)
    #expect(sameBytes(rows[1]?.first, "Hợp tác xã Lạng Sơn"))
    #expect(sameBytes(rows[1]?.last, "Đồng"))
    #expect(rows[1]?.count == 2)
  }

  @Test("Windows-1258 bytes the code page leaves undefined become C1 controls")
  func windows1258UndefinedBytesBecomeC1() throws {
    let bytes: [UInt8] = Array("a".utf8) + [0x81] + Array("b,".utf8) + [0xE0]
    let source = try CSVSource(bytes: bytes, name: "cp1258.csv")
    #expect(source.encoding == .windows1258)
    #expect(try rows(source)[1] == ["a\u{81}b", "à"])
  }

  @Test("a late non-ASCII byte decides between UTF-8 and Windows-1258")
  func lateNonASCIIByteDecides() throws {
    // 100 KiB of ASCII first, so the decision is made past the first read.
    let ascii = Array(String(repeating: "abc,def\r\n", count: 12_000).utf8)
    let cp1258 = try CSVSource(bytes: ascii + [0xD0, 0xF4, 0xCC] + Array(",x\r\n".utf8), name: "a")
    #expect(cp1258.encoding == .windows1258)
    #expect(try rows(cp1258)[12_001] == ["Đồ", "x"])
    let utf8 = try CSVSource(bytes: ascii + Array("Đồ,x\r\n".utf8), name: "b")
    #expect(utf8.encoding == .utf8)
    #expect(try rows(utf8)[12_001] == ["Đồ", "x"])
  }

  @Test("an ASCII file is UTF-8")
  func asciiIsUTF8() throws {
    #expect(try CSVSource(bytes: Array("a,b\n".utf8), name: "x").encoding == .utf8)
  }

  @Test("a UTF-8 BOM alone is an empty sheet")
  func bomAloneIsEmpty() throws {
    let source = try CSVSource(bytes: [0xEF, 0xBB, 0xBF], name: "bom.csv")
    #expect(source.encoding == .utf8WithBOM)
    #expect(source.hasByteOrderMark)
    let read = try CSVTestSupport.read(source)
    #expect(read.summary.lastRow == 0)
    #expect(read.summary.cellCount == 0)
    #expect(read.deliveredRows.isEmpty)
  }

  @Test("the BOM is stripped, not read into the first field")
  func bomIsStripped() throws {
    let source = try CSVSource(bytes: [0xEF, 0xBB, 0xBF] + Array("id,name\n".utf8), name: "x")
    #expect(try rows(source)[1] == ["id", "name"])
    let first = try rows(source)[1]?.first
    #expect(first?.unicodeScalars.first == "i")
  }

  @Test("empty input is an empty UTF-8 sheet")
  func emptyInputIsEmpty() throws {
    let source = try CSVSource(bytes: [], name: "empty.csv")
    #expect(source.encoding == .utf8)
    let read = try CSVTestSupport.read(source)
    #expect(read.summary.lastRow == 0)
    #expect(read.deliveredRows.isEmpty)
  }

  @Test("NFD text becomes NFC, precomposed text passes unchanged")
  func nfdBecomesNFC() throws {
    let nfd = "Ho\u{0302}\u{0323}i" + "," + "Vie\u{0323}\u{0302}t" + "," + "Ωμέγα" + "\n"
    let rows = try rows(try CSVSource(bytes: Array(nfd.utf8), name: "nfd.csv"))
    #expect(sameBytes(rows[1]?[0], "H\u{1ED9}i"))
    #expect(sameBytes(rows[1]?[1], "Vi\u{1EC7}t"))
    #expect(sameBytes(rows[1]?[2], "Ωμέγα"))
  }

  @Test(
    "UTF-8 validation, sixteen or thirty-two bytes at a time, agrees with Swift's decoder and the NFC rule",
    arguments: UTF8Validation.hasWideBlocks ? [false, true] : [false])
  func utf8ValidationAgreesWithTheDecoder(wide: Bool) {
    var generator = SystemRandomNumberGenerator()
    // Valid pieces of every length, and faults: C0/C1 and F5+ leads, a lone continuation,
    // an overlong E0, a surrogate, past U+10FFFF, leads cut short.
    let valid: [[UInt8]] = [
      Array("abcdefgh".utf8), Array("0123".utf8), [0x20], [0xC3, 0xA1], [0xE1, 0xBB, 0xA3], [0xC4, 0x91],
      [0xCC, 0x81], [0xCE, 0xA9], [0xE2, 0x80, 0xA8], [0xE1, 0xB8, 0x80], [0xE1, 0xBC, 0x80], [0xF0, 0x9F, 0x98, 0x80],
      [0xF4, 0x8F, 0xBF, 0xBF], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEF, 0xBF, 0xBF],
    ]
    let faults: [[UInt8]] = [
      [0xC0, 0x80], [0xC1, 0xBF], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0x80], [0xBF], [0xE0, 0x80, 0x80],
      [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x80, 0x80, 0x80], [0xE1, 0xBB], [0xC3], [0xF0, 0x9F, 0x98],
    ]
    for round in 0..<6000 {
      var bytes: [UInt8] = []
      let pieces = Int.random(in: 0...60, using: &generator)
      for _ in 0..<pieces {
        let fault = Int.random(in: 0..<(round % 3 == 0 ? 8 : 200), using: &generator) == 0
        bytes += (fault ? faults.randomElement(using: &generator) : valid.randomElement(using: &generator)) ?? []
      }
      let result = bytes.withUnsafeBytes { UTF8Validation.validate($0, wide: wide) }
      let expected = Self.referenceValidation(bytes)
      #expect(result.validCount == expected.validCount, "\(bytes)")
      #expect(result.ending == expected.ending, "\(bytes)")
      let surely = bytes[..<result.validCount].withUnsafeBytes(NFCText.isSurelyNormalized)
      #expect(result.surelyNFC == surely, "\(bytes)")
    }
    // A fault or an unsettling lead at every place of the blocks, after text that is surely
    // NFC: the flag counts only characters checked to their end.
    for offset in 0..<72 {
      for tail: [UInt8] in [
        [0xF4, 0x90, 0x80, 0x80], [0xCC, 0x41], [0xE2, 0x80, 0x41], [0xF0, 0x9F, 0x98, 0x41], [0xCE],
        [0xE0, 0x80, 0x80], [0xCC, 0x81], [0xF0, 0x9F, 0x98, 0x80],
      ] {
        let bytes = Array(repeating: UInt8(ascii: "a"), count: offset) + tail + Array("bcdefghijklmnopqrstu".utf8)
        let result = bytes.withUnsafeBytes { UTF8Validation.validate($0, wide: wide) }
        let expected = Self.referenceValidation(bytes)
        #expect(result.validCount == expected.validCount && result.ending == expected.ending, "\(bytes)")
        let surely = bytes[..<result.validCount].withUnsafeBytes(NFCText.isSurelyNormalized)
        #expect(result.surelyNFC == surely, "\(bytes)")
      }
    }
    // A valid text cut at every byte, as the decoder's chunks cut it: a character cut
    // short at the end is incomplete, wherever the blocks fall.
    var text: [UInt8] = []
    for _ in 0..<60 { text += valid.randomElement(using: &generator) ?? [] }
    for end in 0...text.count {
      let prefix = Array(text[..<end])
      let result = prefix.withUnsafeBytes { UTF8Validation.validate($0, wide: wide) }
      let expected = Self.referenceValidation(prefix)
      #expect(result.validCount == expected.validCount && result.ending == expected.ending, "\(prefix)")
    }
  }

  /// How many leading bytes Swift's UTF-8 decoder accepts, and why it stops: at the end,
  /// at a sequence more bytes could complete, or at a fault.
  static func referenceValidation(_ bytes: [UInt8]) -> (validCount: Int, ending: UTF8Validation.Ending) {
    var iterator = bytes.makeIterator()
    var parser = Unicode.UTF8.ForwardParser()
    var position = 0
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let encoded):
        position += encoded.count
      case .emptyInput:
        return (position, .complete)
      case .error:
        // Cut short at the end when some continuation completes it into a valid scalar.
        let rest = Array(bytes[position...])
        let completable =
          rest.count < 4
          && [0x80, 0x90, 0xA0, 0xBF].contains { (next: UInt8) in
            (1...(4 - rest.count)).contains { extra in
              String(validating: rest + [next] + Array(repeating: 0x80, count: extra - 1), as: UTF8.self) != nil
            }
          }
        return (position, completable ? .incomplete : .invalid)
      }
    }
  }

  @Test("the NFC fast path accepts only text that cannot change")
  func nfcFastPath() {
    func surely(_ text: String) -> Bool {
      Array(text.utf8).withUnsafeBytes(NFCText.isSurelyNormalized)
    }
    #expect(surely("Hợp tác xã Đồng Giáp, Lạng Sơn - 1.234,5 ±"))
    #expect(surely(String(repeating: "abcdefgh", count: 3) + "ễ"))
    #expect(!surely("e\u{0301}"))  // combining acute
    #expect(!surely("Ω"))  // U+03A9: not in the fast ranges
    #expect(!surely("\u{2126}"))  // OHM SIGN, whose NFC is U+03A9
    #expect(!surely("𝔸"))
    #expect(!surely("—"))  // U+2014: safe, but outside the fast ranges
  }
}
