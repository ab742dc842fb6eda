import Foundation
import Glibc
import Testing

@testable import SheetIO

/// Large parts inflate on a second thread; the bytes, the checks and the errors must be
/// the same as on one thread.
@Suite struct InflatePipelineTests {
  static let content: [UInt8] = (0..<(9 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }

  @Test func largeEntryStreamsEveryByteInOrder() throws {
    let path = try ZipFixture.write(name: "xl/worksheets/sheet1.xml", content: Self.content)
    defer { unlink(path) }
    let archive = try ZipArchive(path: path)
    let entry = try #require(archive.entry(named: "xl/worksheets/sheet1.xml"))
    #expect(entry.uncompressedSize >= 4 << 20, "the entry must be large enough to take the threaded path")
    var received: [UInt8] = []
    try archive.stream(entry) { received.append(contentsOf: $0) }
    #expect(received == Self.content)
  }

  @Test func consumerErrorStopsTheInflaterAndIsRethrown() throws {
    struct Stop: Error {}
    let path = try ZipFixture.write(name: "big.xml", content: Self.content)
    defer { unlink(path) }
    let archive = try ZipArchive(path: path)
    let entry = try #require(archive.entry(named: "big.xml"))
    var chunks = 0
    #expect(throws: Stop.self) {
      try archive.stream(entry) { _ in
        chunks += 1
        if chunks == 3 { throw Stop() }
      }
    }
    #expect(chunks == 3)
  }

  @Test func lyingSizeIsCaughtOnTheInflatingThread() throws {
    let path = try ZipFixture.write(name: "big.xml", content: Self.content + Self.content, declaredSize: 5 << 20)
    defer { unlink(path) }
    let archive = try ZipArchive(path: path)
    let entry = try #require(archive.entry(named: "big.xml"))
    var received = 0
    var caught: SheetReadError?
    do { try archive.stream(entry) { received += $0.count } } catch let error as SheetReadError { caught = error }
    #expect(caught?.code == .limitExceeded)
    #expect(received <= 5 << 20)
  }
}
