import Foundation
import Testing

@testable import SheetIO

@Suite("CSV source")
struct CSVSourceTests {
  /// Reads `text` (UTF-8) and returns the source and its grid.
  private func read(_ text: String, options: CSVOptions = CSVOptions()) throws -> (
    source: CSVSource, read: CSVTestSupport.Read
  ) {
    let source = try CSVSource(bytes: Array(text.utf8), name: "test.csv", options: options)
    return (source, try CSVTestSupport.read(source))
  }

  @Test("a sep= line sets the delimiter and is not a row", arguments: ["sep=;", "\"sep=;\"", "SEP=;"])
  func separatorLineIsSkipped(_ line: String) throws {
    let (source, read) = try read("\(line)\r\na,b;c\r\n\r\nd;e\r\n")
    #expect(source.delimiter == UInt8(ascii: ";"))
    #expect(source.hasSeparatorLine)
    #expect(read.grid == [["a,b", "c"], ["", ""], ["d", "e"]])
    #expect(read.deliveredRows == [1, 3])
  }

  @Test("rows below a record that spans lines, or a sep= line, start on lines of their own")
  func rowLinesFollowTheFile() throws {
    // Row 2 spans lines 2-4 (CRLF and LF inside quotes), a blank line is row 4.
    let text = "a,b\r\n\"one\r\ntwo\ntri\",c\r\nd,e\r\n\r\n\"f\ng\",h\r\ni,j\r\n"
    let source = try CSVSource(bytes: Array(text.utf8), name: "t.csv")
    var delivered: [Int] = []
    let summary = try source.readRows(sheet: 0) { delivered.append($0.number) }
    #expect(delivered == [1, 2, 3, 5, 6])
    #expect([1, 2, 3, 4, 5, 6].map(summary.rowLines.line(ofRow:)) == [1, 2, 5, 6, 7, 9])
    // One-line records keep nothing, whatever their number.
    let plain = try CSVSource(bytes: Array("a\n\nb\nc\n".utf8), name: "p.csv")
    #expect(try plain.readRows(sheet: 0) { _ in }.rowLines.isEmpty)
    let separated = try CSVSource(bytes: Array("sep=;\na;b\nc;d\n".utf8), name: "s.csv")
    let lines = try separated.readRows(sheet: 0) { _ in }.rowLines
    #expect([1, 2].map(lines.line(ofRow:)) == [2, 3])
  }

  @Test("a row's line is found among many shifts as a walk through them finds it")
  func rowLinesSearch() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<50 {
      var lines = RowLines()
      var shifts: [(row: Int, offset: Int)] = []
      var offset = 0
      var row = 1
      for _ in 0..<Int.random(in: 0...40, using: &generator) {
        row += Int.random(in: 1...5, using: &generator)
        offset += Int.random(in: 0...3, using: &generator)
        lines.note(row: row, line: row + offset)
        shifts.append((row, offset))
      }
      for probe in 1...(row + 3) {
        let expected = probe + (shifts.last { $0.row <= probe }?.offset ?? 0)
        #expect(lines.line(ofRow: probe) == expected)
      }
    }
  }

  @Test("a forced delimiter wins over a sep= line, which is still skipped")
  func forcedDelimiterWins() throws {
    let (source, read) = try read(
      "sep=;\na|b;c\n", options: CSVOptions(delimiter: UInt8(ascii: "|")))
    #expect(source.delimiter == UInt8(ascii: "|"))
    #expect(source.hasSeparatorLine)
    #expect(read.grid == [["a", "b;c"]])
  }

  @Test("a first line that only starts like sep= is a record")
  func almostSeparatorLineIsARecord() throws {
    let (source, read) = try read("sep=;x,y\n1,2\n")
    #expect(!source.hasSeparatorLine)
    #expect(source.delimiter == UInt8(ascii: ","))
    #expect(read.grid == [["sep=;x", "y"], ["1", "2"]])
  }

  @Test(
    "the sniffer picks the delimiter with consistent field counts",
    arguments: [
      ("a;b;c\n1,5;2,25;3\n4;5,5;6\n", UInt8(ascii: ";")),
      ("a,b,c\n\"x;y\",2,3\n4,5,6\n", UInt8(ascii: ",")),
      ("a\tb\tc\n1\t2\t3\n", UInt8(0x09)),
      ("a|b|c\n1|2,5|3\n", UInt8(ascii: "|")),
      ("title only\n\na;b\n1;2\n3;4\n", UInt8(ascii: ";")),
      ("one column\nno delimiter\n", UInt8(ascii: ",")),
      ("a,b;c\n", UInt8(ascii: ",")),
    ])
  func snifferPicksConsistentDelimiter(_ text: String, _ delimiter: UInt8) throws {
    let (source, _) = try read(text)
    #expect(source.delimiter == delimiter)
    #expect(!source.hasSeparatorLine)
  }

  @Test("a tie goes to tab in a UTF-16 file")
  func tieGoesToTabInUTF16() throws {
    var bytes: [UInt8] = [0xFF, 0xFE]
    for unit in "a,b\tc\r\n".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
    let source = try CSVSource(bytes: bytes, name: "tie.txt")
    #expect(source.delimiter == 0x09)
  }

  @Test("empty fields are empty cells and a field of spaces is text")
  func emptyFieldsAreLeftOut() throws {
    let source = try CSVSource(bytes: Array("a,,\"\",   ,b,\n".utf8), name: "x")
    var columns: [Int] = []
    var texts: [String] = []
    let summary = try source.readRows(sheet: 0) { row in
      columns += (0..<row.count).map { row.column(at: $0) }
      texts += (0..<row.count).map { row.text(at: $0) }
    }
    #expect(columns == [1, 4, 5])
    #expect(texts == ["a", "   ", "b"])
    #expect(summary.lastColumn == 5)
    #expect(summary.cellCount == 3)
  }

  @Test("rows without a value take a row number but are not delivered")
  func emptyRowsAdvanceTheRowNumber() throws {
    let (_, read) = try read("a\n,,,\n\nb\n\n\n")
    #expect(read.deliveredRows == [1, 4])
    #expect(read.summary.lastRow == 4)
    #expect(read.summary.lastColumn == 1)
  }

  @Test("a field over the limit is limit-exceeded on the line it starts")
  func overlongFieldIsLimitExceeded() throws {
    let text = "a,b\n\"x\ny\",z\nc,\"unbalanced\n" + String(repeating: "q,", count: 100)
    let source = try CSVSource(
      bytes: Array(text.utf8), name: "x", options: CSVOptions(maximumFieldBytes: 64, chunkSize: 16))
    var delivered: [Int] = []
    let error = #expect(throws: SheetReadError.self) {
      _ = try source.readRows(sheet: 0) { delivered.append($0.number) }
    }
    #expect(error?.code == .limitExceeded)
    #expect(error?.line == 4)
    #expect(delivered == [1, 2])
  }

  @Test("an overlong field full of line breaks names the line it starts on")
  func overlongMultilineFieldNamesItsFirstLine() throws {
    for lineEnd in ["\n", "\r\n", "\r"] {
      let text = "a\(lineEnd)b,\"" + String(repeating: "x\(lineEnd)", count: 100)
      let source = try CSVSource(
        bytes: Array(text.utf8), name: "x", options: CSVOptions(maximumFieldBytes: 64))
      let error = #expect(throws: SheetReadError.self) { _ = try CSVTestSupport.read(source) }
      #expect(error?.code == .limitExceeded)
      #expect(error?.line == 2, "line end \(lineEnd.debugDescription)")
    }
  }

  @Test("a file's first row with a value is read alone, after a BOM and blank lines")
  func firstRowTexts() throws {
    let source = try CSVSource(
      bytes: Array("\u{FEFF}\r\n,,\r\nunit_code,\"unit, name\",period\r\nx,y,z\r\n".utf8), name: "x")
    #expect(source.firstRowTexts() == ["unit_code", "unit, name", "period"])
    #expect(try CSVSource(bytes: [], name: "x").firstRowTexts() == [])
  }

  @Test("a field exactly at the limit is read")
  func fieldAtTheLimitIsRead() throws {
    let long = String(repeating: "x", count: 64)
    let (_, read) = try read("\(long),y\n", options: CSVOptions(maximumFieldBytes: 64))
    #expect(read.grid == [[long, "y"]])
  }

  @Test("a value past Excel's last column is limit-exceeded")
  func valuePastLastColumnIsLimitExceeded() throws {
    let wide = String(repeating: ",", count: SheetLimits.maxColumns) + "x\n"
    let source = try CSVSource(bytes: Array(("ok\n" + wide).utf8), name: "wide.csv")
    let error = #expect(throws: SheetReadError.self) { _ = try CSVTestSupport.read(source) }
    #expect(error?.code == .limitExceeded)
    #expect(error?.line == 2)
    // Empty fields past the last column are harmless.
    let padded = String(repeating: ",", count: SheetLimits.maxColumns + 5) + "\n"
    let fine = try CSVSource(bytes: Array(("ok" + padded).utf8), name: "padded.csv")
    #expect(try CSVTestSupport.read(fine).summary.lastColumn == 1)
  }

  @Test("a value past Excel's last row is limit-exceeded")
  func valuePastLastRowIsLimitExceeded() throws {
    var bytes = [UInt8](repeating: 0x0A, count: SheetLimits.maxRows)
    bytes += Array("x\n".utf8)
    let source = try CSVSource(bytes: bytes, name: "tall.csv")
    let error = #expect(throws: SheetReadError.self) { _ = try CSVTestSupport.read(source) }
    #expect(error?.code == .limitExceeded)
    #expect(error?.line == SheetLimits.maxRows + 1)
    // The last row itself is allowed.
    let last = try CSVSource(bytes: Array(bytes.dropFirst()), name: "tall.csv")
    #expect(try CSVTestSupport.read(last).summary.lastRow == SheetLimits.maxRows)
  }

  @Test("only sheet 0 exists")
  func onlySheetZeroExists() throws {
    let source = try CSVSource(bytes: Array("a\n".utf8), name: "x")
    let error = #expect(throws: SheetReadError.self) { _ = try source.readRows(sheet: 1) { _ in } }
    #expect(error?.code == .sheetMissing)
  }

  @Test("the sheet is named after the file without its extension, NFC")
  func sheetIsNamedAfterTheFile() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("htx-csv-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("Ba\u{0300}o ca\u{0301}o.2017.csv")
    try Data("a,b\n".utf8).write(to: file)
    let source = try CSVSource(path: file.path)
    #expect(source.sheets.count == 1)
    #expect(source.sheets[0].name.utf8.elementsEqual("Bào cáo.2017".utf8))
    let inMemory = try CSVSource(bytes: Array("a\n".utf8), name: "đơn vị.2017.csv")
    #expect(inMemory.sheets[0].name == "đơn vị.2017")
    #expect(CSVSource.sheetName(path: "/x/.hidden") == ".hidden")
    #expect(CSVSource.sheetName(path: "plain") == "plain")
  }

  @Test("a missing file is file-unreadable")
  func missingFileIsUnreadable() {
    let error = #expect(throws: SheetReadError.self) {
      _ = try CSVSource(path: "/nonexistent/htx/none.csv")
    }
    #expect(error?.code == .fileUnreadable)
  }

  @Test("a source can be read twice with the same result")
  func readingTwiceAgrees() throws {
    let source = try CSVSource(bytes: Array("a,b\r\n\"c\r\nd\",e\r\n".utf8), name: "x")
    let first = try CSVTestSupport.read(source)
    let second = try CSVTestSupport.read(source)
    #expect(first.grid == second.grid)
    #expect(first.grid == [["a", "b"], ["c\r\nd", "e"]])
  }

  @Test("a late invalid byte in guessed UTF-8 becomes U+FFFD with a warning on its line")
  func lateInvalidByteInGuessedUTF8IsReplaced() throws {
    let head = Array("Đồng,x\n".utf8)
    let filler = Array(String(repeating: "a,b\n", count: 20_000).utf8)
    let bytes = head + filler + [0x41, 0xFF, 0x42] + Array(",y\n".utf8)
    let source = try CSVSource(bytes: bytes, name: "late.csv")
    #expect(source.encoding == .utf8)
    var last: [String] = []
    let summary = try source.readRows(sheet: 0) { row in
      last = (0..<row.count).map { row.text(at: $0) }
    }
    #expect(last == ["A\u{FFFD}B", "y"])
    #expect(summary.warnings.count == 1)
    #expect(summary.warnings.first?.message.hasPrefix("line 20002:") == true)
  }
}

/// Large CSV files decode on a second thread; records and errors must not change.
@Suite struct CSVPrefetchTests {
  static func largeCSV(badByteAtRecord bad: Int? = nil) -> [UInt8] {
    var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
    for record in 1...120_000 {
      bytes += Array("\(record),Hợp tác xã số \(record),\"a, b\",\(record * 7)\r\n".utf8)
      if record == bad { bytes += [0xF4, 0x0D, 0x0A] }
    }
    return bytes
  }

  @Test func largeFileReadsEveryRecordInOrder() throws {
    let bytes = Self.largeCSV()
    #expect(bytes.count >= 4 << 20, "large enough to take the prefetching path")
    let source = try CSVSource(bytes: bytes, name: "big.csv")
    var expected = 1
    var mismatches = 0
    let summary = try source.readRows(sheet: 0) { row in
      if row.number != expected || row.count != 4 || row.text(at: 1) != "Hợp tác xã số \(expected)"
        || row.text(at: 2) != "a, b"
      {
        mismatches += 1
      }
      expected += 1
    }
    #expect(mismatches == 0)
    #expect(summary.lastRow == 120_000)
  }

  /// Without a byte order mark a bad byte becomes U+FFFD, a piece of its own among the
  /// pieces handed over where they were read: every record still reads as written.
  @Test func replacedBytesInALargeFileKeepEveryRecordInPlace() throws {
    var bytes: [UInt8] = []
    for record in 1...120_000 {
      let bad: [UInt8] = record % 25_000 == 0 ? [0xFF] : []
      bytes += Array("\(record),Hợp tác xã số \(record)".utf8) + bad + Array(",\"a, b\",\(record * 7)\r\n".utf8)
    }
    #expect(bytes.count >= 4 << 20, "large enough to take the prefetching path")
    let source = try CSVSource(bytes: bytes, name: "big.csv")
    var expected = 1
    var mismatches = 0
    let summary = try source.readRows(sheet: 0) { row in
      let name = "Hợp tác xã số \(expected)" + (expected % 25_000 == 0 ? "\u{FFFD}" : "")
      if row.number != expected || row.count != 4 || row.text(at: 1) != name || row.text(at: 2) != "a, b"
        || row.text(at: 3) != String(expected * 7)
      {
        mismatches += 1
      }
      expected += 1
    }
    #expect(mismatches == 0)
    #expect(summary.lastRow == 120_000)
    #expect(summary.warnings.count == 4)
  }

  @Test func encodingErrorInALargeFileNamesItsLine() throws {
    let source = try CSVSource(bytes: Self.largeCSV(badByteAtRecord: 100_000), name: "big.csv")
    var caught: SheetReadError?
    do { _ = try source.readRows(sheet: 0) { _ in } } catch let error as SheetReadError { caught = error }
    #expect(caught?.code == .encodingError)
    #expect(caught?.line == 100_001)
  }
}
