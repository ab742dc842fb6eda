import Findings
import Foundation
import Testing

@testable import SheetIO

/// Files that are not what they claim, damaged, or hostile each give their finding code,
/// without expanding, inflating or reading more than the limits allow.
@Suite struct BadFileTests {
  static let badFiles = Fixtures.corpus.filter { $0.path.hasPrefix("bad/") }

  /// Opens `path` and reads every sheet; returns the error that stopped it.
  static func readError(_ path: String) -> SheetReadError? {
    do {
      let source = try SpreadsheetFile.open(path: path)
      for sheet in source.sheets { _ = try source.readRows(sheet: sheet.index) { _ in } }
      return nil
    } catch let error as SheetReadError {
      return error
    } catch {
      return SheetReadError(.fileUnreadable, "unexpected error \(error)")
    }
  }

  @Test func corpusListsEveryBadFile() {
    #expect(Self.badFiles.count == 10)
  }

  @Test(arguments: badFiles)
  func badFileGivesItsFindingCode(_ file: Fixtures.CorpusFile) {
    let error = Self.readError(Fixtures.path(file.path))
    #expect(error?.code.rawValue == file.expected, "\(file.path): \(String(describing: error))")
  }

  @Test func externalEntityIsNeverResolved() {
    let error = Self.readError(Fixtures.path("bad/28-xxe.xlsx"))
    #expect(error?.code == .fileCorrupt)
    #expect(error?.message.contains("DTD") == true)
    #expect(error?.message.contains("root:") == false)
  }

  @Test func encryptedAndLegacyWorkbooksGetDifferentMessages() {
    let encrypted = Self.readError(Fixtures.path("bad/22-encrypted.xlsx"))
    let legacy = Self.readError(Fixtures.path("bad/21-legacy-xls.xlsx"))
    #expect(encrypted?.message.contains("encrypted") == true)
    #expect(legacy?.message.contains(".xls") == true)
  }

  @Test func zipBombIsRefusedBeforeInflating() throws {
    let archive = try ZipArchive(path: Fixtures.path("bad/26-zip-bomb.xlsx"))
    let entry = try #require(archive.entry(named: "xl/worksheets/sheet1.xml"))
    var inflated = 0
    #expect(throws: SheetReadError.self) {
      try archive.stream(entry) { inflated += $0.count }
    }
    #expect(inflated == 0)
  }

  @Test func entryThatInflatesPastItsDeclaredSizeStopsAtTheDeclaredSize() throws {
    // 50 MB of spaces declared as 1 MB: the reader must stop at 1 MB, not trust the stream.
    let path = try ZipFixture.write(
      name: "xl/worksheets/sheet1.xml", content: [UInt8](repeating: 0x20, count: 50 << 20),
      declaredSize: 1 << 20)
    defer { unlink(path) }
    let archive = try ZipArchive(path: path)
    let entry = try #require(archive.entry(named: "XL/Worksheets/Sheet1.xml"))
    var inflated = 0
    var caught: SheetReadError?
    do {
      try archive.stream(entry) { inflated += $0.count }
    } catch let error as SheetReadError {
      caught = error
    }
    #expect(caught?.code == .limitExceeded)
    #expect(inflated <= 1 << 20)
  }

  @Test func entryWithWrongCRCIsCorrupt() throws {
    let path = try ZipFixture.write(
      name: "a.xml", content: Array("<a/>".utf8), declaredSize: nil, crcOverride: 0xDEAD_BEEF)
    defer { unlink(path) }
    let archive = try ZipArchive(path: path)
    let entry = try #require(archive.entry(named: "a.xml"))
    var caught: SheetReadError?
    do { try archive.stream(entry) { _ in } } catch let error as SheetReadError { caught = error }
    #expect(caught?.code == .fileCorrupt)
    #expect(caught?.message.contains("CRC") == true)
    #expect(caught?.vietnamese == "phần 'a.xml' không qua được kiểm tra CRC: tệp bị hỏng")
  }

  @Test func zipWithoutWorkbookIsNotAWorkbook() throws {
    let path = try ZipFixture.write(name: "word/document.xml", content: Array("<w/>".utf8))
    defer { unlink(path) }
    #expect(Self.readError(path)?.code == .fileFormat)
  }
}
