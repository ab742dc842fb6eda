import Findings
import Foundation
import SheetIO
import Testing

@testable import Schema

/// The per-cell fast paths give exactly what the general code beside them gives.
@Suite struct FastPathTests {
  /// Every scalar of the ranges the fold table covers, and a few others.
  static let tableScalars: [Unicode.Scalar] = ScalarFoldTable.ranges.flatMap { range in
    range.compactMap(Unicode.Scalar.init)
  }

  @Test func fastKeyEqualsFoundationKeyForEveryTableScalar() {
    for scalar in Self.tableScalars {
      for text in ["\(scalar)", "a\(scalar)b", "Ô \(scalar)\u{0301}>x", "\(scalar)\(scalar)"] {
        let reference = LabelFolding.referenceKey(text)
        #expect(LabelFolding.key(text) == reference, "U+\(String(scalar.value, radix: 16))")
        #expect(Array(LabelFolding.key(text).unicodeScalars) == Array(reference.unicodeScalars))
        #expect(LabelFolding.firstKeyCharacter(text) == reference.first)
      }
    }
  }

  @Test func vietnameseTextsTakeTheFastPathInNFCAndNFD() {
    let texts = [
      "Lao động > Trong đó: thành viên", "Hợp tác xã Nông nghiệp Tràng Định", "TỔNG CỘNG",
      "Vốn điều lệ (triệu đồng)", "Thu nhập bình quân (triệu đồng/người/tháng)", "Xếp loại: Khá",
      "  ĐANG   HOẠT ĐỘNG ", "ngày 05 tháng 7 năm 2017", "Ưu đãi, ơn nghĩa", "",
    ]
    for text in texts {
      for form in [text, text.decomposedStringWithCanonicalMapping, text.precomposedStringWithCanonicalMapping] {
        let fast = LabelFolding.fastKey(form)
        #expect(fast != nil, "\(form)")
        #expect(fast == LabelFolding.referenceKey(form), "\(form)")
      }
    }
  }

  @Test func otherScalarsFallBackToFoundation() {
    for text in ["Hàn Quốc 한국", "A – B", "“Tốt”", "x\u{05B0}\u{05B1}y", "ℌ𝔬𝔫𝔤", "Ǆ ǅ ǆ"] {
      #expect(LabelFolding.key(text) == LabelFolding.referenceKey(text), "\(text)")
    }
    #expect(LabelFolding.fastKey("Hàn Quốc 한국") == nil)
  }

  @Test func randomTextsFoldAlike() {
    var generator = SystemRandomNumberGenerator()
    let pool: [Unicode.Scalar] =
      Self.tableScalars.filter { $0.value < 0x80 || $0.value >= 0x1EA0 || (0x300...0x36F).contains($0.value) }
      + ["\u{A0}", "đ", "Đ", "ư", "ơ", "ă", " ", ">", ">"]
    for _ in 0..<3000 {
      var scalars = String.UnicodeScalarView()
      for _ in 0..<Int.random(in: 0...12, using: &generator) {
        scalars.append(pool.randomElement(using: &generator) ?? " ")
      }
      let text = String(scalars)
      #expect(LabelFolding.key(text) == LabelFolding.referenceKey(text), "\(text.debugDescription)")
    }
  }

  @Test func vocabularyLooksUpFoldedKeysAndTheFirstEntryWins() {
    let vocabulary = Vocabulary(
      id: "status", values: [("Đang hoạt động", ["hoạt động", "HĐ"]), ("Hoạt động", ["hd"]), ("Giải thể", [])])
    #expect(vocabulary.canonical(for: "  ĐANG hoat dong") == "Đang hoạt động")
    #expect(vocabulary.canonical(for: "hoạt động") == "Đang hoạt động")
    #expect(vocabulary.canonical(for: "hd") == "Đang hoạt động")
    #expect(vocabulary.canonical(for: "giai the") == "Giải thể")
    #expect(vocabulary.canonical(for: "phá sản") == nil)
    var changed = vocabulary
    changed.values = [("Phá sản", ["pha san"])]
    #expect(changed.canonical(for: "phá sản") == "Phá sản")
    #expect(changed.canonical(for: "hd") == nil)
    #expect(changed != vocabulary)
  }

  @Test func whitespaceSetsAreFoundations() {
    var differing: [UInt32] = []
    for value in UInt32(0)...0x10FFFF {
      guard let scalar = Unicode.Scalar(value) else { continue }
      if TextTrimming.isWhitespace(scalar) != CharacterSet.whitespaces.contains(scalar)
        || TextTrimming.isWhitespaceOrNewline(scalar) != CharacterSet.whitespacesAndNewlines.contains(scalar)
      {
        differing.append(value)
      }
    }
    #expect(differing.isEmpty, "\(differing.map { String($0, radix: 16) })")
  }

  @Test func trimmingIsFoundations() {
    let texts = [
      "", " ", "\u{A0}", "  a  ", "\tTốt\r\n", "a", " \u{0301}a ", "\u{2003}x\u{3000}", "x y", "\n\n",
      "\u{85}Khá\u{2028}",
    ]
    for text in texts {
      #expect(
        TextTrimming.trimmed(text, TextTrimming.isWhitespaceOrNewline)
          == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.debugDescription)")
      #expect(
        TextTrimming.trimmed(text, TextTrimming.isWhitespace) == text.trimmingCharacters(in: .whitespaces),
        "\(text.debugDescription)")
    }
  }

  @Test(arguments: [
    ("007", NumberStyle.vi, 7.0), ("-0", .vi, -0.0), ("+12", .vi, 12), ("1.234", .vi, 1234), ("1,5", .vi, 1.5),
    ("1.5", .en, 1.5), ("1,234", .en, 1234), ("-3757,6", .vi, -3757.6), ("0,1", .vi, 0.1),
    ("999999999999999", .vi, 999_999_999_999_999), ("12345678901234,5", .vi, 12_345_678_901_234.5),
  ])
  func plainNumbersTakeTheFastPath(_ text: String, _ style: NumberStyle, _ expected: Double) throws {
    let value = try #require(NumberParser.parsePlain(text, style: style))
    #expect(value == expected && value.sign == expected.sign, "\(text)")
    #expect(NumberParser.parseGeneral(text, style: style) == .value(value), "\(text)")
  }

  @Test(arguments: [
    "", "-", "+", "1.23", "1.2345", "1,2,3", ".5", "5.", "1e5", "1E5", " 42", "42 ", "1 234", "1.234,5",
    "(12)", "12%", "x", "--1", "1-", "1234567890123456", "１２", "−5",
  ])
  func otherNumbersTakeTheGeneralPath(_ text: String) {
    #expect(NumberParser.parsePlain(text, style: .vi) == nil, "\(text)")
  }

  @Test func randomNumberTextsParseAlike() {
    var generator = SystemRandomNumberGenerator()
    let pool: [Character] = ["0", "1", "2", "5", "9", ".", ",", "-", "+", " ", "e", "\u{A0}", "%"]
    for _ in 0..<20_000 {
      let text = Self.randomText(from: pool, upTo: 18, using: &generator)
      for style in NumberStyle.allCases {
        #expect(NumberParser.parse(text, style: style) == NumberParser.parseGeneral(text, style: style), "\(text)")
        if let plain = NumberParser.parsePlain(text, style: style) {
          #expect(NumberParser.parseGeneral(text, style: style) == .value(plain), "\(text)")
        }
      }
    }
  }

  @Test func randomTextsVoteAlike() {
    var generator = SystemRandomNumberGenerator()
    // Letters, ASCII or not, and numerals outside ASCII (٣, Ⅻ), next to the marks.
    let pool: [Character] = [
      "0", "1", "2", "5", ".", ",", ",", ".", "-", " ", "a", "X", "ố", "٣", "Ⅻ", "\r\n", "\u{A0}",
    ]
    for _ in 0..<20_000 {
      let text = Self.randomText(from: pool, upTo: 14, using: &generator)
      #expect(NumberStyleDetector.vote(text) == NumberStyleDetector.voteGeneral(text), "\(text.debugDescription)")
      var fromText = NumberStyleDetector()
      fromText.observe(text)
      var fromBytes = NumberStyleDetector()
      var copy = text
      copy.withUTF8 { fromBytes.observe(utf8: UnsafeRawBufferPointer($0)) }
      #expect(
        fromBytes.viVotes == fromText.viVotes && fromBytes.enVotes == fromText.enVotes, "\(text.debugDescription)")
    }
  }

  @Test func asciiDatesReadAsFolded() {
    var generator = SystemRandomNumberGenerator()
    let pool: [Character] = ["0", "1", "2", "3", "6", "9", "/", "-", ".", " ", ">", "("]
    var texts = ["30/6/2017", "2017-06-30", "29/02/2016", "29/02/2017", "31/04/2020", "1/1/1900", "0/1/2000"]
    for _ in 0..<20_000 {
      texts.append(
        Self.randomText(from: pool, upTo: 14, using: &generator))
    }
    for text in texts {
      let fast = DateText.parse(text)
      let folded = DateText.parseFolded(text)
      #expect(fast.map { [$0.0, $0.1, $0.2] } == folded.map { [$0.0, $0.1, $0.2] }, "\(text)")
    }
  }

  @Test func textCellsAreNFCAndTrimmed() {
    let reader = ValueReader(numberStyle: .vi)
    let column = FormColumn(spec: ColumnSpec(id: "name", labels: ["Tên"]), type: .text)
    for text in ["Tha\u{0300}nh Lo\u{0323}c ", "\u{A0}Hợp tác xã\n", "Khá", "한국\u{1100}\u{1161}"] {
      let expected = text.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
      #expect(reader.read(.text(text), column: column).value == .text(expected), "\(text)")
      #expect(
        Array(NFCText.nfc(text).unicodeScalars) == Array(text.precomposedStringWithCanonicalMapping.unicodeScalars))
    }
  }

  @Test func randomTextsReadDirectlyOnlyAsTheGeneralPathReadsThem() {
    var generator = SystemRandomNumberGenerator()
    let reader = ValueReader(numberStyle: .vi)
    let column = FormColumn(spec: ColumnSpec(id: "name", labels: ["Tên"]), type: .text)
    // Spaces of every kind at either end, combining marks, precomposed Vietnamese.
    let pool: [Character] = [
      "a", "H", "ợ", "x", "ã", " ", "\t", "\n", "\u{A0}", "\u{3000}", "\u{200B}", "o\u{0323}", "\u{0300}", "1", "-",
      "\u{2028}", "\u{85}", "\u{1680}", "😀", "đ",
    ]
    var direct = 0
    for _ in 0..<20_000 {
      var text = Self.randomText(from: pool, upTo: 8, using: &generator)
      let plain = text.withUTF8 { bytes in
        RowTyper.isPlainText(UnsafeRawBufferPointer(bytes)) ? String(decoding: bytes, as: UTF8.self) : nil
      }
      guard let plain else { continue }
      direct += 1
      #expect(reader.read(.text(text), column: column).value == .text(plain), "\(text.debugDescription)")
      #expect(Array(plain.utf8) == Array(text.utf8))
    }
    #expect(direct > 1_000)
  }

  @Test func onlyRowsStartingLikeATotalsLabelAreFolded() {
    #expect(RowKind.isTotals("  Tổng cộng toàn huyện"))
    #expect(RowKind.isTotals("CỘNG"))
    #expect(RowKind.isTotals("(Tổng số)"))
    #expect(!RowKind.isTotals("1 Hợp tác xã Tổng hợp"))
    #expect(!RowKind.isTotals(""))
    #expect(!RowKind.isTotals("Tổng hợp"))
    #expect(RowKind.isSectionHeading("II. Nông nghiệp", cells: 1))
    #expect(!RowKind.isSectionHeading("II", cells: 3))
  }

  @Test func canonicalNumbersReadAndPrintAsTheirText() {
    var generator = SystemRandomNumberGenerator()
    let pool: [Character] = ["0", "0", "1", "2", "5", "9", ".", "-", ",", " "]
    var texts = ["27", "-31.5", "8804.5", "0", "0.5", "-0", "0.0", "007", "1.50", "0.0000001", "0.000001", "1,234"]
    for _ in 0..<50_000 {
      texts.append(
        Self.randomText(from: pool, upTo: 17, using: &generator))
    }
    var accepted = 0
    for text in texts {
      for style in NumberStyle.allCases {
        var copy = text
        let canonical = copy.withUTF8 { NumberParser.parseCanonical(UnsafeRawBufferPointer($0), style: style) }
        guard let canonical else { continue }
        accepted += 1
        #expect(NumberParser.parse(text, style: style) == .value(canonical), "\(text) \(style)")
        // Its style evidence, read off its decimal point, is what a scan of its bytes gives.
        let evidence = copy.withUTF8 { bytes in
          (
            NumberStyleDetector.evidence(ofCanonical: UnsafeRawBufferPointer(bytes)),
            NumberStyleDetector.evidence(utf8: UnsafeRawBufferPointer(bytes))
          )
        }
        #expect(evidence.0 == evidence.1, "\(text) \(style)")
        // And as the digit counts the typer reads it with tell it.
        let digits = copy.withUTF8 { NumberParser.canonicalNumber(UnsafeRawBufferPointer($0), style: style) }
        #expect(digits.map(NumberStyleDetector.evidence(ofCanonical:)) == evidence.1, "\(text) \(style)")
        #expect(NumberText.ecmaScript(canonical) == text, "\(text) \(style)")
      }
    }
    #expect(accepted > 1_000)
    for text in ["27", "-31.5", "0.5", "100"] {
      var copy = text
      #expect(copy.withUTF8 { NumberParser.parseCanonical(UnsafeRawBufferPointer($0), style: .en) } != nil, "\(text)")
    }
  }

  /// The word reader answers as the byte loop does for every text of up to eight bytes,
  /// whatever bytes follow the text in its word.
  @Test func aNumberReadAsAWordIsTheNumberReadByteByByte() {
    var generator = SystemRandomNumberGenerator()
    let pool: [UInt8] = Array("0123456789.-".utf8) + [0x2C, 0x20, 0x2F, 0x3A, 0x41, 0x00, 0xC3, 0x7F]
    var texts: [[UInt8]] = [
      "0", "7", "-0", "-7", "0.5", "05", "1.50", "12345678", "1234567.", ".5", "-.5", "1..2", "-1.2.3", "999999.9",
      "-99999.9",
      "0.000001", "0.0000001", "1.2345e3", "-", ".", "00", "10", "-10.01", "3757.6", "-84478.7",
    ].map { Array($0.utf8) }
    // Every text of up to four bytes over the digits, the point and the sign; longer ones at random.
    let short = Array("01.-9".utf8)
    var level: [[UInt8]] = [[]]
    for _ in 1...4 {
      level = level.flatMap { text in short.map { text + [$0] } }
      texts += level
    }
    for _ in 0..<100_000 {
      let length = Int.random(in: 1...8, using: &generator)
      texts.append(
        (0..<length).map { _ in
          Bool.random(using: &generator)
            ? UInt8(0x30 + Int.random(in: 0...9, using: &generator)) : pool.randomElement(using: &generator) ?? 0x30
        })
    }
    var accepted = 0
    for text in texts {
      var word: UInt64 = .random(in: 0...UInt64.max, using: &generator)
      for (index, byte) in text.enumerated() {
        word = word & ~(0xFF << UInt64(8 * index)) | UInt64(byte) << UInt64(8 * index)
      }
      for style in NumberStyle.allCases {
        let looped = text.withUnsafeBytes { NumberParser.canonicalNumber($0, style: style) }
        let worded = NumberParser.canonicalNumber(word: word, count: text.count, style: style)
        #expect(worded?.value.bitPattern == looped?.value.bitPattern, "\(text) \(style)")
        #expect(worded?.integerDigits == looped?.integerDigits, "\(text) \(style)")
        #expect(worded?.fractionDigits == looped?.fractionDigits, "\(text) \(style)")
        if looped != nil { accepted += 1 }
      }
    }
    #expect(accepted > 10_000)
  }

  /// An enum column's remembered texts are found by their own bytes only: texts that
  /// share a length and their first eight bytes, or only one of the two, are told apart.
  @Test func anEnumTextIsFoundByItsBytesAlone() throws {
    let texts = [
      "Đang hoạt động", "Đang hoạt đọng", "Đang giải thể", "Nông nghiệp", "Nông nghiệp, lâm nghiệp", "Khá", "Tốt",
      "Yếu", "A", "B", "12345678", "12345679", "1234567", "Hợp tác xã A", "Hợp tác xã B",
    ]
    var cache = EnumTextCache()
    for (index, text) in texts.enumerated() {
      let problem = ValueProblem(code: .enumError, message: "not in the list", vietnamese: "không có trong danh mục")
      let outcome: ValueReader.Outcome = (.text(text), index % 3 == 0 ? problem : nil, nil)
      let remembered = cache.remember(text, cell: .text(text), outcome: outcome, shared: index * 10)
      #expect(remembered, "\(text)")
    }
    // A text remembered once is not remembered twice.
    let again = cache.remember(texts[0], cell: .text(texts[0]), outcome: (.text(texts[0]), nil, nil), shared: 99)
    #expect(!again)
    for (index, text) in texts.enumerated() {
      var copy = text
      let found = try #require(copy.withUTF8 { cache.lookup(UnsafeRawBufferPointer($0)) }, "\(text)")
      #expect(found.entry == index && found.clean == (index % 3 != 0), "\(text)")
      #expect(cache.sharedIndices[found.entry] == index * 10, "\(text)")
    }
    for text in ["Đang hoạt độnh", "Hợp tác xã C", "12345670", "Nông nghiệp,", "", "Khá "] {
      var copy = text
      #expect(copy.withUTF8 { cache.lookup(UnsafeRawBufferPointer($0)) } == nil, "\(text)")
    }
  }

  @Test("a date in digits read by place, or by its runs of digits, is the date the general reader gives")
  func datesInDigitsReadAsTheGeneralReaderReadsThem() {
    var generator = SystemRandomNumberGenerator()
    var texts = ["30/06/2017", "29/02/2016", "29/02/2017", "31/04/2017", "00/01/2017", "01/13/2017", "2017/06/30"]
    for _ in 0..<20_000 {
      // Mostly dd/mm/yyyy, some bytes swapped for look-alikes ('/' and ':' neighbour the digits).
      var bytes = Array(
        String(
          format: "%02d/%02d/%04d", Int.random(in: 0...32, using: &generator),
          Int.random(in: 0...13, using: &generator),
          Int.random(in: 1890...2210, using: &generator)
        ).utf8)
      if Bool.random(using: &generator) {
        bytes[Int.random(in: 0..<bytes.count, using: &generator)] =
          [0x2F, 0x3A, 0x2E, 0x2D, 0x20, 0x35].randomElement(
            using: &generator) ?? 0x2F
      }
      texts.append(String(decoding: bytes, as: UTF8.self))
    }
    for text in texts {
      let read = Array(text.utf8).withUnsafeBytes(DateText.parseDigits)
      // A colon may start a time of day, which only the general reader drops.
      let general = text.contains(":") ? nil : DateText.parse(text)
      #expect(read.map { [$0.0, $0.1, $0.2] } == general.map { [$0.0, $0.1, $0.2] }, "\(text)")
    }
  }

  /// A text of up to `length` characters drawn from `pool`.
  static func randomText(
    from pool: [Character], upTo length: Int, using generator: inout SystemRandomNumberGenerator
  ) -> String {
    String(
      (0..<Int.random(in: 0...length, using: &generator)).map { _ in pool.randomElement(using: &generator) ?? "0" })
  }
}
