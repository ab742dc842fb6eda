import Foundation
import Testing

@testable import SheetIO

/// A corpus CSV file and what its reader must detect.
struct CSVCorpusCase: CustomTestStringConvertible, Sendable {
  var file: String
  var encoding: CSVEncoding
  var byteOrderMark: Bool
  var delimiter: Character
  var separatorLine = false

  var testDescription: String { file }

  /// The expected dump beside the file.
  var expectedFile: String {
    let stem = file.prefix(upTo: file.lastIndex(of: ".") ?? file.endIndex)
    return "\(stem).expected.csv"
  }
}

@Suite("CSV corpus")
struct CSVCorpusTests {
  static let cases: [CSVCorpusCase] = [
    CSVCorpusCase(
      file: "csv/14-utf8-bom-comma.csv", encoding: .utf8WithBOM, byteOrderMark: true, delimiter: ","),
    CSVCorpusCase(
      file: "csv/15-utf8-semicolon-vi-numbers.csv", encoding: .utf8, byteOrderMark: false,
      delimiter: ";"),
    CSVCorpusCase(
      file: "csv/16-utf16le-tab.txt", encoding: .utf16LE, byteOrderMark: true, delimiter: "\t"),
    CSVCorpusCase(
      file: "csv/17-cp1258-semicolon.csv", encoding: .windows1258, byteOrderMark: false,
      delimiter: ";"),
    CSVCorpusCase(
      file: "csv/18-sep-line.csv", encoding: .utf8, byteOrderMark: false, delimiter: ";",
      separatorLine: true),
    CSVCorpusCase(
      file: "csv/19-quoted-multiline-crlf.csv", encoding: .utf8, byteOrderMark: false,
      delimiter: ","),
    CSVCorpusCase(file: "csv/20-nfd.csv", encoding: .utf8, byteOrderMark: false, delimiter: ","),
    CSVCorpusCase(
      file: "csv/32-utf16le-no-bom.csv", encoding: .utf16LE, byteOrderMark: false, delimiter: ","),
  ]

  @Test("every corpus CSV is listed here", .tags(.corpus))
  func everyCorpusFileIsListed() throws {
    let names = try FileManager.default.contentsOfDirectory(
      atPath: CSVTestSupport.corpus.appendingPathComponent("csv").path)
    let inputs = Set(names.filter { !$0.hasSuffix(".expected.csv") }.map { "csv/\($0)" })
    #expect(inputs == Set(Self.cases.map(\.file)))
  }

  @Test("corpus CSV dumps as expected", .tags(.corpus), arguments: cases)
  func corpusFileDumpsAsExpected(_ corpusCase: CSVCorpusCase) throws {
    let path = CSVTestSupport.corpus.appendingPathComponent(corpusCase.file).path
    let expected = CSVTestSupport.parseRFC4180(try CSVTestSupport.bytes(corpusCase.expectedFile))
    // The default chunk, and small chunks that split sequences, CRLFs and quotes.
    for chunkSize in [262_144, 16, 17, 61] {
      let source = try CSVSource(path: path, options: CSVOptions(chunkSize: chunkSize))
      #expect(source.encoding == corpusCase.encoding, "\(corpusCase.file)")
      #expect(source.hasByteOrderMark == corpusCase.byteOrderMark, "\(corpusCase.file)")
      #expect(source.delimiter == corpusCase.delimiter.asciiValue, "\(corpusCase.file)")
      #expect(source.hasSeparatorLine == corpusCase.separatorLine, "\(corpusCase.file)")
      let read = try CSVTestSupport.read(source)
      let difference = CSVTestSupport.firstDifference(expected: expected, actual: read.grid)
      #expect(
        difference == nil,
        "\(corpusCase.file) (chunk \(chunkSize)): \(difference ?? "")")
      #expect(read.summary.warnings.isEmpty, "\(corpusCase.file): \(read.summary.warnings)")
    }
  }

  @Test("a UTF-8 BOM followed by a Latin-1 byte is an encoding error on its line", .tags(.corpus))
  func bomFollowedByInvalidByteIsEncodingError() throws {
    let file = "bad/29-utf8-bom-invalid-bytes.csv"
    let bytes = try CSVTestSupport.bytes(file)
    // The line of the one byte that breaks UTF-8 (0xF4), counted from the file itself.
    let bad = try #require(bytes.firstIndex(of: 0xF4))
    let line = 1 + bytes[..<bad].filter { $0 == 0x0A }.count
    #expect(line == 7)
    for chunkSize in [262_144, 16] {
      let source = try CSVSource(
        path: CSVTestSupport.corpus.appendingPathComponent(file).path,
        options: CSVOptions(chunkSize: chunkSize))
      #expect(source.encoding == .utf8WithBOM)
      var rowsBefore: [Int] = []
      let error = #expect(throws: SheetReadError.self) {
        _ = try source.readRows(sheet: 0) { rowsBefore.append($0.number) }
      }
      #expect(error?.code == .encodingError)
      #expect(error?.line == line)
      #expect(error?.message.contains("0xF4") == true)
      // The rows before the bad line were delivered; the bad one was not.
      #expect(rowsBefore.last ?? 0 < line)
    }
  }
}

extension Tag {
  @Tag static var corpus: Self
}
