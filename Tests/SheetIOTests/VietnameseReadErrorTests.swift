import Findings
import Foundation
import Testing

@testable import SheetIO

/// District staff read Vietnamese: every read error and warning carries its own Vietnamese
/// sentence, not the code's title in front of the English message.
@Suite struct VietnameseReadErrorTests {
  @Test(arguments: BadFileTests.badFiles)
  func badFileHasAVietnameseMessage(_ file: Fixtures.CorpusFile) throws {
    let error = try #require(BadFileTests.readError(Fixtures.path(file.path)))
    let vietnamese = try #require(error.vietnamese, "\(file.path): \(error.message)")
    #expect(!vietnamese.isEmpty)
    #expect(error.finding(file: file.path).vietnamese == vietnamese)
  }

  @Test func encodingErrorNamesItsLineInVietnamese() throws {
    let source = try CSVSource(
      bytes: [0xEF, 0xBB, 0xBF] + Array("a\r\nb\r\n".utf8) + [0xFF, 0x41], name: "bad.csv")
    let error = #expect(throws: SheetReadError.self) { _ = try CSVTestSupport.read(source) }
    #expect(error?.message == "line 3: byte 0xFF is not valid UTF-8, but the file's byte order mark declares UTF-8")
    #expect(
      error?.vietnamese
        == "dòng 3: byte 0xFF không phải UTF-8 hợp lệ, nhưng dấu BOM (byte order mark) ở đầu tệp khai báo bảng mã UTF-8"
    )
  }

  @Test func missingCSVSheetIsExplainedInVietnamese() throws {
    let source = try CSVSource(bytes: Array("a\n".utf8), name: "x")
    let error = #expect(throws: SheetReadError.self) { _ = try source.readRows(sheet: 1) { _ in } }
    #expect(error?.message == "a CSV file has one sheet; there is no sheet 2")
    #expect(error?.vietnamese == "tệp CSV chỉ có một trang tính; không có trang tính thứ 2")
  }

  @Test func wordDocumentIsNamedInVietnamese() throws {
    let path = try ZipFixture.write(name: "word/document.xml", content: Array("<w/>".utf8))
    defer { unlink(path) }
    let error = BadFileTests.readError(path)
    #expect(error?.message == "this is a Word document (.docx), not a workbook")
    #expect(error?.vietnamese == "đây là văn bản Word (.docx), không phải sổ tính")
  }
}
