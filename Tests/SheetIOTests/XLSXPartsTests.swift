import Testing

@testable import SheetIO

/// Escapes, part names and cell references, the small parsers of the XLSX reader.
@Suite struct XLSXPartsTests {
  @Test(arguments: [
    ("a_x000D_b", "a\rb"), ("_x005F_x000D_", "_x000D_"), ("_xD83D__xDE00_", "😀"),
    ("no escape", "no escape"), ("_x00zz_", "_x00zz_"), ("_x0041", "_x0041"),
  ])
  func xstringEscapesDecode(_ raw: String, _ expected: String) {
    var out: [UInt8] = []
    Array(raw.utf8).withUnsafeBytes { XString.appendDecoded($0, to: &out) }
    #expect(String(decoding: out, as: UTF8.self) == expected)
  }

  @Test(arguments: [
    ("worksheets/sheet1.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"),
    ("/xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"),
    ("../xl/sheet.xml", "xl/workbook.xml", "xl/sheet.xml"),
    ("..\\..\\..\\etc\\passwd", "xl/workbook.xml", "etc/passwd"),
    ("xl/workbook.xml", "", "xl/workbook.xml"),
    ("sheet%201.xml", "xl/workbook.xml", "xl/sheet 1.xml"),
  ])
  func relationshipTargetsResolve(_ target: String, _ source: String, _ expected: String) {
    #expect(PartName.resolve(target, from: source) == expected)
  }

  @Test func relationshipsPartOfAPart() {
    #expect(PartName.relationships(of: "xl/workbook.xml") == "xl/_rels/workbook.xml.rels")
    #expect(PartName.relationships(of: "") == "_rels/.rels")
  }

  @Test(arguments: [("A1", 1, 1), ("XFD1048576", 1_048_576, 16_384), ("$AA$10", 10, 27), ("b7", 7, 2)])
  func a1ReferencesParse(_ text: String, _ row: Int, _ column: Int) throws {
    let ref = try #require(CellRef(a1: text))
    #expect(ref.row == row && ref.column == column)
    #expect(CellRef(row: row, column: column).a1 == text.uppercased().replacingOccurrences(of: "$", with: ""))
  }

  @Test(arguments: [
    (1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (53, "BA"), (702, "ZZ"), (703, "AAA"), (16_384, "XFD"),
    (18_278, "ZZZ"), (18_279, "AAAA"), (0, "?"), (-3, "?"),
  ])
  func columnNumbersBecomeLetters(_ column: Int, _ letters: String) {
    #expect(CellRef.columnLetters(column) == letters)
  }

  @Test func mergedRangeParses() throws {
    let range = try #require(CellRange(a1: "C2:A1"))
    #expect(range.first == CellRef(row: 1, column: 1) && range.last == CellRef(row: 2, column: 3))
    #expect(range.contains(CellRef(row: 2, column: 2)))
    #expect(CellRange(a1: "A1:") == nil)
  }

  @Test func bytesDecideTheFileKind() {
    #expect(FileKind.sniff([]) == .empty)
    #expect(FileKind.sniff([0x50, 0x4B, 0x03, 0x04, 0, 0]) == .zip)
    #expect(FileKind.sniff(Array("<html><table>".utf8)) == .html)
    #expect(FileKind.sniff(Array("STT,Tên HTX\r\n1,A\r\n".utf8)) == .text)
    #expect(FileKind.sniff(Array("%PDF-1.4".utf8)) == .pdf)
    #expect(FileKind.sniff([0xFF, 0xFE, 0x53, 0x00]) == .text)
  }
}

/// CSV output quotes exactly the fields RFC 4180 requires.
@Suite struct CSVQuotingTests {
  @Test(arguments: [
    ("plain text", false), ("a,b", true), ("say \"hi\"", true), ("line\nbreak", true), ("cr\r", true),
    ("", false), ("exactly8", false), ("exactly,", true), ("0123456789abcdef,", true), ("Vốn điều lệ", false),
  ])
  func quotesOnlyWhatMustBeQuoted(_ text: String, _ expected: Bool) {
    let quoted = Array(text.utf8).withUnsafeBytes { CSVQuoting.needsQuotes($0) }
    #expect(quoted == expected)
  }
}
