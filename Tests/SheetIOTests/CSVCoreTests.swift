import Testing

@testable import SheetIO

/// One table row: CSV text and the records the core must find in it.
struct CSVCoreCase: CustomTestStringConvertible, Sendable {
  var name: String
  var input: [UInt8]
  var records: [[String]]
  var delimiter: UInt8 = UInt8(ascii: ",")
  /// The core's line after the last record.
  var lines: Int

  var testDescription: String { name }

  init(
    _ name: String, _ input: String, _ records: [[String]], lines: Int,
    delimiter: UInt8 = UInt8(ascii: ",")
  ) {
    self.name = name
    self.input = Array(input.utf8)
    self.records = records
    self.lines = lines
    self.delimiter = delimiter
  }
}

/// Runs the core over `input` fed in pieces of `pieceSize` bytes (0: all at once).
private func coreRecords(_ input: [UInt8], delimiter: UInt8, pieceSize: Int)
  -> (records: [[String]], line: Int)
{
  var core = CSVCore(delimiter: delimiter)
  var records: [[String]] = []
  var record: [String] = []
  var field: [UInt8] = []
  var output = [UInt8](repeating: 0, count: 64)
  var offset = 0
  var steps = 0
  input.withUnsafeBytes { all in
    while steps < 100_000 {
      steps += 1
      let end = pieceSize == 0 ? all.count : min(all.count, offset + pieceSize)
      let piece = UnsafeRawBufferPointer(rebasing: all[offset..<end])
      let step = output.withUnsafeMutableBytes { core.readField(piece, into: $0) }
      offset += step.consumed
      field += output[0..<step.written]
      switch step.result {
      case .needInput, .outputFull:
        continue
      case .field(let endsRecord):
        record.append(String(decoding: field, as: UTF8.self))
        field.removeAll()
        if endsRecord {
          records.append(record)
          record = []
        }
      case .end:
        return
      }
    }
  }
  return (records, core.line)
}

/// The core's dialect written the plain way, record by record, to check the core against.
private func referenceRecords(_ bytes: [UInt8], delimiter: UInt8) -> [[String]] {
  let quote = UInt8(ascii: "\""), carriageReturn: UInt8 = 13, lineFeed: UInt8 = 10
  func endsLine(_ byte: UInt8) -> Bool { byte == carriageReturn || byte == lineFeed }
  var records: [[String]] = []
  var index = 0
  func skipLineEnd() {
    if bytes[index] == carriageReturn && index + 1 < bytes.count && bytes[index + 1] == lineFeed {
      index += 1
    }
    index += 1
  }
  while index < bytes.count {
    if endsLine(bytes[index]) {
      records.append([""])
      skipLineEnd()
      continue
    }
    var fields: [String] = []
    while true {
      var field: [UInt8] = []
      if index < bytes.count && bytes[index] == quote {
        index += 1
        while index < bytes.count {
          if bytes[index] == quote {
            if index + 1 < bytes.count && bytes[index + 1] == quote {
              field.append(quote)
              index += 2
              continue
            }
            index += 1
            break
          }
          field.append(bytes[index])
          index += 1
        }
      }
      while index < bytes.count && bytes[index] != delimiter && !endsLine(bytes[index]) {
        field.append(bytes[index])
        index += 1
      }
      fields.append(String(decoding: field, as: UTF8.self))
      if index == bytes.count { break }
      if bytes[index] == delimiter {
        index += 1
        continue
      }
      skipLineEnd()
      break
    }
    records.append(fields)
  }
  return records
}

/// SplitMix64: a small seeded generator, so failures can be replayed.
private struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var mixed = state
    mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
    mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
    return mixed ^ (mixed >> 31)
  }
}

@Suite("CSV core")
struct CSVCoreTests {
  static let cases: [CSVCoreCase] = [
    CSVCoreCase("empty input has no record", "", [], lines: 1),
    CSVCoreCase("one field without a line end", "a", [["a"]], lines: 1),
    CSVCoreCase("trailing comma yields empty last field", "a,b,\n", [["a", "b", ""]], lines: 2),
    CSVCoreCase(
      "trailing comma with CRLF yields empty last field", "a,b,\r\n", [["a", "b", ""]], lines: 2),
    CSVCoreCase("lone comma is two empty fields", ",", [["", ""]], lines: 1),
    CSVCoreCase("doubled quotes are one quote", "\"a\"\"b\",c\n", [["a\"b", "c"]], lines: 2),
    CSVCoreCase("quoted empty field", "\"\",x", [["", "x"]], lines: 1),
    CSVCoreCase(
      "delimiter inside quotes is text", "\"1,234.5\",\"x;y\"\r\n", [["1,234.5", "x;y"]],
      lines: 2),
    CSVCoreCase("CR alone ends records", "a,b\rc,d\r", [["a", "b"], ["c", "d"]], lines: 3),
    CSVCoreCase("LF alone ends records", "a\nb\n", [["a"], ["b"]], lines: 3),
    CSVCoreCase("CRLF ends one record, not two", "a\r\nb\r\n", [["a"], ["b"]], lines: 3),
    CSVCoreCase("mixed line ends", "a\rb\nc\r\nd", [["a"], ["b"], ["c"], ["d"]], lines: 4),
    CSVCoreCase(
      "CRLF inside quotes is kept", "\"x\r\ny\",z\r\n", [["x\r\ny", "z"]], lines: 3),
    CSVCoreCase("LF inside quotes is kept", "\"x\ny\"\n", [["x\ny"]], lines: 3),
    CSVCoreCase("CR inside quotes is kept", "\"x\ry\"\n", [["x\ry"]], lines: 3),
    CSVCoreCase("blank line is an empty record", "a\n\nb\n", [["a"], [""], ["b"]], lines: 4),
    CSVCoreCase("blank CRLF lines are empty records", "\r\n\r\na", [[""], [""], ["a"]], lines: 3),
    CSVCoreCase(
      "quote inside an unquoted field is text", "12\" pipe,x\n", [["12\" pipe", "x"]], lines: 2),
    CSVCoreCase("text after a closing quote joins the field", "\"ab\"cd,e", [["abcd", "e"]], lines: 1),
    CSVCoreCase(
      "unterminated quote runs to the end", "\"abc,def\nghi", [["abc,def\nghi"]], lines: 2),
    CSVCoreCase("spaces are kept", "  a , b  ", [["  a ", " b  "]], lines: 1),
    CSVCoreCase(
      "semicolon delimiter leaves commas alone", "1.234,5;x\n", [["1.234,5", "x"]], lines: 2,
      delimiter: UInt8(ascii: ";")),
    CSVCoreCase(
      "pipe delimiter above 64", "a|b,c|\"d|e\"", [["a", "b,c", "d|e"]], lines: 1,
      delimiter: UInt8(ascii: "|")),
    CSVCoreCase("tab delimiter", "a\tb\t\n", [["a", "b", ""]], lines: 2, delimiter: 0x09),
    CSVCoreCase(
      "UTF-8 text passes through", "Hợp tác xã,Lạng Sơn\n", [["Hợp tác xã", "Lạng Sơn"]], lines: 2),
    CSVCoreCase(
      "long fields stop at the right byte",
      "abcdefghijklmno,pqrstuvwxyz0123456789\r\nABCDEFGHIJKLMNOPQRSTUVW\n",
      [["abcdefghijklmno", "pqrstuvwxyz0123456789"], ["ABCDEFGHIJKLMNOPQRSTUVW"]], lines: 3),
    CSVCoreCase(
      "long quoted field with escapes and a line break",
      "\"Thôn Bản Chắt,\r\nXã \"\"Bính Xá\"\" huyện Đình Lập\",x",
      [["Thôn Bản Chắt,\r\nXã \"Bính Xá\" huyện Đình Lập", "x"]], lines: 2),
    CSVCoreCase(
      "long fields with a pipe delimiter", "abcdefghijkl|mnopqrstuvwxyz,;|\n",
      [["abcdefghijkl", "mnopqrstuvwxyz,;", ""]], lines: 2, delimiter: UInt8(ascii: "|")),
    CSVCoreCase(
      "field longer than the output buffer", String(repeating: "x", count: 150) + ",y",
      [[String(repeating: "x", count: 150), "y"]], lines: 1),
  ]

  @Test("core reads the table's records whole", arguments: cases)
  func coreReadsRecordsWhole(_ coreCase: CSVCoreCase) {
    let result = coreRecords(coreCase.input, delimiter: coreCase.delimiter, pieceSize: 0)
    #expect(result.records == coreCase.records)
    #expect(result.line == coreCase.lines)
  }

  @Test("core fed one byte at a time reads the same records", arguments: cases)
  func coreFedOneByteAtATimeAgrees(_ coreCase: CSVCoreCase) {
    let result = coreRecords(coreCase.input, delimiter: coreCase.delimiter, pieceSize: 1)
    #expect(result.records == coreCase.records)
    #expect(result.line == coreCase.lines)
  }

  @Test("core fed two bytes at a time reads the same records", arguments: cases)
  func coreFedTwoBytesAtATimeAgrees(_ coreCase: CSVCoreCase) {
    let result = coreRecords(coreCase.input, delimiter: coreCase.delimiter, pieceSize: 2)
    #expect(result.records == coreCase.records)
  }

  @Test("the source delivers the table's records as rows", arguments: cases)
  func sourceDeliversRecordsAsRows(_ coreCase: CSVCoreCase) throws {
    let source = try CSVSource(
      bytes: coreCase.input, name: "case.csv", options: CSVOptions(delimiter: coreCase.delimiter))
    let read = try CSVTestSupport.read(source)
    let expected = CSVTestSupport.dumpGrid(of: coreCase.records)
    let difference = CSVTestSupport.firstDifference(expected: expected, actual: read.grid)
    #expect(difference == nil, "\(difference ?? "")")
    // Row numbers are record numbers: every record, blank or not, takes one.
    let nonEmpty = coreCase.records.indices.filter { coreCase.records[$0].contains { !$0.isEmpty } }
    #expect(read.deliveredRows == nonEmpty.map { $0 + 1 })
  }

  @Test("core agrees with a plain reference parser on random input, whole and in pieces")
  func coreAgreesWithReferenceOnRandomInput() {
    var generator = SplitMix(state: 20_170_630)
    // Specials often, and long runs, so that the eight-byte loops stop at every offset.
    let tokens: [[UInt8]] = [
      [0x2C], [0x3B], [0x7C], [0x22], [0x22, 0x22], [0x0D], [0x0A], [0x0D, 0x0A], [0x20],
      Array("a".utf8), Array("ệ".utf8), Array("Hợp tác xã".utf8), Array("0123456789abcdef".utf8),
    ]
    for round in 0..<600 {
      var input: [UInt8] = []
      for _ in 0..<Int.random(in: 0...40, using: &generator) {
        input += tokens[Int.random(in: 0..<tokens.count, using: &generator)]
      }
      let delimiter: UInt8 = [0x2C, 0x3B, 0x7C, 0x09][round % 4]
      let expected = referenceRecords(input, delimiter: delimiter)
      let expectedLines = 1 + CSVRecordReader.lineBreaks(in: input.withUnsafeBytes { $0 })
      for pieceSize in [0, 1, 3, 7, 9] {
        let result = coreRecords(input, delimiter: delimiter, pieceSize: pieceSize)
        #expect(
          result.records == expected,
          "round \(round), pieces of \(pieceSize): \(String(decoding: input, as: UTF8.self).debugDescription)")
        #expect(result.line == expectedLines, "round \(round), pieces of \(pieceSize)")
      }
    }
  }

  @Test("a full output buffer is reported, and the field continues after it")
  func fullOutputIsReportedAndResumable() {
    var core = CSVCore()
    let input = Array("abcdef,g".utf8)
    var output = [UInt8](repeating: 0, count: 4)
    input.withUnsafeBytes { all in
      let first = output.withUnsafeMutableBytes { core.readField(all, into: $0) }
      #expect(first.result == .outputFull)
      #expect(first.consumed == 4)
      #expect(first.written == 4)
      let rest = UnsafeRawBufferPointer(rebasing: all[4...])
      let second = output.withUnsafeMutableBytes { core.readField(rest, into: $0) }
      #expect(second.result == .field(endsRecord: false))
      #expect(second.written == 2)
      #expect(output[0..<2] == Array("ef".utf8)[...])
    }
  }

  @Test("a field exactly as long as the output buffer still ends")
  func fieldFillingTheOutputExactlyEnds() {
    var core = CSVCore()
    var output = [UInt8](repeating: 0, count: 3)
    Array("abc\n".utf8).withUnsafeBytes { all in
      let step = output.withUnsafeMutableBytes { core.readField(all, into: $0) }
      #expect(step.result == .field(endsRecord: true))
      #expect(step.written == 3)
    }
  }

  @Test("after the end the core keeps answering end")
  func endIsFinal() {
    var core = CSVCore()
    var output = [UInt8](repeating: 0, count: 8)
    let empty = UnsafeRawBufferPointer(start: nil, count: 0)
    let first = output.withUnsafeMutableBytes { core.readField(empty, into: $0) }
    let second = output.withUnsafeMutableBytes { core.readField(empty, into: $0) }
    #expect(first.result == .end)
    #expect(second.result == .end)
  }
}
