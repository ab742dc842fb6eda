import Foundation
import Testing

@testable import SheetIO

/// Files damaged at random, a few bytes changed or the end cut off, are read to an error
/// or to their end without a fault: a workbook's ZIP directory, its deflate streams and
/// its XML, and a CSV's encodings, each meet bytes no writer made.
@Suite struct DamagedFileTests {
  @Test func damagedCopiesOfTheCorpusAreReadWithoutAFault() throws {
    let sources = Fixtures.corpus.map(\.path).filter {
      !$0.hasPrefix("bad/") && ($0.hasSuffix(".xlsx") || $0.hasSuffix(".csv"))
    }
    #expect(sources.count >= 10)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("htx-damaged-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    var generator = SystemRandomNumberGenerator()
    var (read, refused) = (0, 0)
    for source in sources {
      let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.path(source))))
      guard original.count > 16 else { continue }
      for copy in 0..<12 {
        var bytes = original
        if copy % 4 == 3 {
          bytes.removeLast(Int.random(in: 1..<bytes.count, using: &generator))
        } else {
          for _ in 0..<Int.random(in: 1...8, using: &generator) {
            bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
          }
        }
        let path = folder.appendingPathComponent("\(copy)-" + (source as NSString).lastPathComponent).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        guard let error = BadFileTests.readError(path) else {
          read += 1
          continue
        }
        refused += 1
        // Refused as a reader's own error, with its message in both languages: no other
        // error escapes to become a finding without a code of its own.
        #expect(!error.message.hasPrefix("unexpected error"), "\(source) copy \(copy): \(error.message)")
        #expect(error.vietnamese?.isEmpty == false, "\(source) copy \(copy)")
      }
    }
    #expect(read + refused == sources.count * 12)
    #expect(refused > 0)
  }
}
