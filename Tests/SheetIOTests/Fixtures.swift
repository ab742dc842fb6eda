import Foundation
import Glibc
import Testing

@testable import SheetIO

/// The corpus of files written by other programs, and helpers to read it.
enum Fixtures {
  /// The package's `Fixtures` folder, found from this file's path.
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

  /// One entry of `Fixtures/corpus/MANIFEST.json`.
  struct CorpusFile: Decodable, CustomTestStringConvertible, Sendable {
    var path: String
    var sheet: String?
    var expected: String
    var exercises: String
    var testDescription: String { path }
  }

  private struct Manifest: Decodable { var files: [CorpusFile] }

  /// Every file the corpus lists.
  static let corpus: [CorpusFile] = {
    let url = root.appendingPathComponent("corpus/MANIFEST.json")
    guard let data = try? Data(contentsOf: url),
      let manifest = try? JSONDecoder().decode(Manifest.self, from: data)
    else { return [] }
    return manifest.files
  }()

  /// The absolute path of a corpus file.
  static func path(_ relative: String) -> String {
    root.appendingPathComponent("corpus").appendingPathComponent(relative).path
  }

  /// Dumps sheet `sheet` (or the first) of the file at `path` through ``SheetDumper``
  /// into a real temporary file and returns its bytes.
  static func dump(path: String, sheet: String? = nil) throws -> (bytes: [UInt8], summary: SheetSummary) {
    let source = try SpreadsheetFile.open(path: path)
    let index = sheet.flatMap { source.sheetIndex(named: $0) } ?? 0
    let output = FileManager.default.temporaryDirectory
      .appendingPathComponent("htx-dump-\(UUID().uuidString).csv").path
    let descriptor = open(output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    defer { unlink(output) }
    let summary: SheetSummary
    do {
      defer { close(descriptor) }
      summary = try SheetDumper.dump(source, sheet: index, to: ByteSink(descriptor: descriptor))
    }
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
    return (bytes, summary)
  }

  /// The first line and field where two CSV texts differ, for failure messages.
  static func firstDifference(_ actual: [UInt8], _ expected: [UInt8]) -> String? {
    let actualLines = String(decoding: actual, as: UTF8.self).components(separatedBy: "\r\n")
    let expectedLines = String(decoding: expected, as: UTF8.self).components(separatedBy: "\r\n")
    for index in 0..<max(actualLines.count, expectedLines.count) {
      let got = index < actualLines.count ? actualLines[index] : "<none>"
      let want = index < expectedLines.count ? expectedLines[index] : "<none>"
      if got != want { return "line \(index + 1): got \(got.debugDescription), expected \(want.debugDescription)" }
    }
    return nil
  }
}
