import CZlib
import Foundation
import Testing

@testable import SheetIO

/// ZipWriter's archives, read back by independent readers (Python's `zipfile`, Info-ZIP).
@Suite struct ZipWriterTests {
  static let python = "/usr/bin/python3"
  static let unzip = "/usr/bin/unzip"
  static var hasPython: Bool { FileManager.default.isExecutableFile(atPath: python) }
  static var hasUnzip: Bool { FileManager.default.isExecutableFile(atPath: unzip) }

  /// One entry to write and what a reader must find.
  struct Sample {
    var name: String
    var method: ZipWriter.Method
    var contents: [UInt8]
    /// Sizes of the successive `write` calls; the rest goes in one last call.
    var pieces: [Int]
  }

  /// A sheet-like XML entry of about 5 MB, a 1 MB incompressible entry (its compressed
  /// bytes outgrow the writer's buffer, so its header is patched in the file), a stored
  /// entry, an empty one and one with a UTF-8 name.
  static func samples() -> [Sample] {
    var xml = Array(#"<?xml version="1.0" encoding="UTF-8"?><sheetData>"#.utf8)
    for row in 1...60_000 {
      xml += Array(#"<row r="\#(row)"><c r="A\#(row)"><v>\#(row * 7)</v></c>"#.utf8)
      xml += Array(#"<c r="B\#(row)" t="inlineStr"><is><t>Hợp tác xã \#(row)</t></is></c></row>"#.utf8)
    }
    xml += Array("</sheetData>".utf8)
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    let noise = (0..<1_000_000).map { _ -> UInt8 in
      state ^= state << 13
      state ^= state >> 7
      state ^= state << 17
      return UInt8(truncatingIfNeeded: state)
    }
    return [
      Sample(
        name: "[Content_Types].xml", method: .deflate,
        contents: Array(#"<Types xmlns="x"/>"#.utf8), pieces: []),
      Sample(
        name: "xl/worksheets/sheet1.xml", method: .deflate, contents: xml,
        pieces: [1, 0, 4096, 65_537, 1_000_000, 3]),
      Sample(name: "noise.bin", method: .deflate, contents: noise, pieces: [300_000]),
      Sample(
        name: "stored.bin", method: .store, contents: (0..<70_000).map { UInt8($0 % 251) },
        pieces: [10, 300_000]),
      Sample(name: "empty.txt", method: .deflate, contents: [], pieces: []),
      Sample(
        name: "báo cáo/tên tệp.txt", method: .deflate, contents: Array("Tổng cộng".utf8),
        pieces: []),
    ]
  }

  /// Writes `samples` through the streaming calls, in the given pieces.
  static func write(_ samples: [Sample], to path: String) throws {
    let writer = try ZipWriter(path: path)
    for sample in samples {
      try writer.beginEntry(name: sample.name, method: sample.method)
      var offset = 0
      for piece in sample.pieces where offset + piece <= sample.contents.count {
        try writer.write(Array(sample.contents[offset..<offset + piece]))
        offset += piece
      }
      try writer.write(Array(sample.contents[offset...]))
      try writer.endEntry()
    }
    try writer.finish()
  }

  static func crc(_ bytes: [UInt8]) -> UInt {
    bytes.withUnsafeBufferPointer { UInt(crc32(0, $0.baseAddress, uInt($0.count))) }
  }

  /// A fresh empty folder, removed by the caller.
  static func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("zipwriter-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Runs a program and returns its exit status and standard output.
  static func run(_ program: String, _ arguments: [String]) throws -> (Int32, Data) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, data)
  }

  /// What Python's `zipfile` sees in an archive.
  struct PythonView: Decodable {
    struct Entry: Decodable {
      var name: String
      var size: Int
      var compressType: Int
      var flagBits: Int
      var crc: UInt
      var dataCRC: UInt
    }
    var testzip: String?
    var entries: [Entry]
  }

  static let pythonReader = """
    import json, sys, zipfile, zlib
    with zipfile.ZipFile(sys.argv[1]) as z:
        bad = z.testzip()
        entries = []
        for info in z.infolist():
            data = z.read(info.filename)
            entries.append(dict(name=info.filename, size=len(data),
                compressType=info.compress_type, flagBits=info.flag_bits,
                crc=info.CRC, dataCRC=zlib.crc32(data)))
    print(json.dumps(dict(testzip=bad, entries=entries)))
    """

  @Test(.enabled(if: hasPython, "needs /usr/bin/python3"))
  func pythonZipfileReadsEveryEntryBack() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("book.zip").path
    let samples = Self.samples()
    try Self.write(samples, to: path)

    let (status, output) = try Self.run(Self.python, ["-c", Self.pythonReader, path])
    #expect(status == 0)
    let view = try JSONDecoder().decode(PythonView.self, from: output)
    #expect(view.testzip == nil)
    #expect(view.entries.map(\.name) == samples.map(\.name))
    for (entry, sample) in zip(view.entries, samples) {
      #expect(entry.size == sample.contents.count, "\(sample.name)")
      #expect(entry.dataCRC == Self.crc(sample.contents), "\(sample.name)")
      #expect(entry.crc == entry.dataCRC, "\(sample.name)")
      #expect(entry.compressType == (sample.method == .deflate ? 8 : 0), "\(sample.name)")
      // No data descriptor (bit 3); UTF-8 flag (bit 11) only for non-ASCII names.
      let utf8 = sample.name.utf8.contains { $0 >= 0x80 }
      #expect(entry.flagBits == (utf8 ? 0x800 : 0), "\(sample.name)")
    }
  }

  @Test(.enabled(if: hasUnzip, "needs /usr/bin/unzip"))
  func infoZipTestsArchiveAndExtractsSheet() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("book.zip").path
    let samples = Self.samples()
    try Self.write(samples, to: path)

    let (testStatus, _) = try Self.run(Self.unzip, ["-t", "-qq", path])
    #expect(testStatus == 0)
    let (status, sheet) = try Self.run(Self.unzip, ["-p", path, "xl/worksheets/sheet1.xml"])
    #expect(status == 0)
    #expect(Array(sheet) == samples[1].contents)
  }

  @Test func targetIsReplacedOnlyAtFinish() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("book.xlsx").path
    try Data("old".utf8).write(to: URL(fileURLWithPath: path))

    let writer = try ZipWriter(path: path)
    try writer.addEntry(name: "a.txt", text: "new")
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("old".utf8))
    #expect(FileManager.default.fileExists(atPath: writer.temporaryPath))
    #expect(writer.temporaryPath.hasPrefix(folder.path + "/."))

    try writer.finish()
    let contents = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(contents.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["book.xlsx"])
  }

  @Test func releasedWithoutFinishLeavesNothing() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("book.xlsx").path
    var temporaryPath = ""
    do {
      let writer = try ZipWriter(path: path)
      try writer.beginEntry(name: "sheet.xml")
      try writer.write("<x/>")
      temporaryPath = writer.temporaryPath
      #expect(FileManager.default.fileExists(atPath: temporaryPath))
    }
    #expect(!FileManager.default.fileExists(atPath: temporaryPath))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
  }

  @Test func cancelRemovesTemporaryFileAndKeepsTarget() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("book.xlsx").path
    try Data("old".utf8).write(to: URL(fileURLWithPath: path))

    let writer = try ZipWriter(path: path)
    try writer.addEntry(name: "a.txt", text: "new")
    writer.cancel()
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["book.xlsx"])
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("old".utf8))
    #expect(throws: ZipWriterError.notWritable) { try writer.beginEntry(name: "b.txt") }
  }

  @Test func missingFolderThrowsCannotCreate() {
    let path = "/nonexistent-\(UUID().uuidString)/book.xlsx"
    #expect(throws: ZipWriterError.cannotCreate(path: path, errno: ENOENT)) {
      _ = try ZipWriter(path: path)
    }
  }

  /// NUL is left out of the arguments (it would garble the test log) and checked below.
  @Test(arguments: ["", "/etc/passwd", "a/../b", "..", #"xl\sheet.xml"#])
  func invalidEntryNameIsRefused(name: String) throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let writer = try ZipWriter(path: folder.appendingPathComponent("book.zip").path)
    #expect(throws: ZipWriterError.invalidEntryName(name)) { try writer.beginEntry(name: name) }
  }

  @Test func entryNameWithNULIsRefused() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let writer = try ZipWriter(path: folder.appendingPathComponent("book.zip").path)
    let name = "a\u{0}b"
    #expect(throws: ZipWriterError.invalidEntryName(name)) { try writer.beginEntry(name: name) }
  }

  @Test func misuseThrowsAndLeavesWriterUsable() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("book.zip").path
    let writer = try ZipWriter(path: path)

    #expect(throws: ZipWriterError.noOpenEntry) { try writer.write("x") }
    #expect(throws: ZipWriterError.noOpenEntry) { try writer.endEntry() }
    try writer.beginEntry(name: "a.txt")
    #expect(throws: ZipWriterError.entryAlreadyOpen("a.txt")) {
      try writer.beginEntry(name: "b.txt")
    }
    #expect(throws: ZipWriterError.entryAlreadyOpen("a.txt")) { try writer.finish() }
    try writer.write("first")
    try writer.endEntry()
    #expect(throws: ZipWriterError.duplicateEntryName("a.txt")) {
      try writer.beginEntry(name: "a.txt")
    }
    try writer.addEntry(name: "b.txt", contents: Array("second".utf8), method: .store)
    #expect(writer.entryCount == 2)
    try writer.finish()
    #expect(throws: ZipWriterError.notWritable) { try writer.beginEntry(name: "c.txt") }
    #expect(throws: ZipWriterError.notWritable) { try writer.finish() }

    if Self.hasPython {
      let script = """
        import sys, zipfile
        z = zipfile.ZipFile(sys.argv[1])
        assert z.testzip() is None
        print(",".join(z.read(n).decode() for n in z.namelist()))
        """
      let (status, output) = try Self.run(Self.python, ["-c", script, path])
      #expect(status == 0)
      #expect(String(decoding: output, as: UTF8.self) == "first,second\n")
    }
  }

  @Test func timestampPacksIntoDOSFields() {
    let time = ZipTimestamp(year: 2024, month: 12, day: 31, hour: 23, minute: 59, second: 59)
    #expect(time.dosDate == UInt16((2024 - 1980) << 9 | 12 << 5 | 31))
    #expect(time.dosTime == UInt16(23 << 11 | 59 << 5 | 29))
    #expect(ZipTimestamp(year: 1970, month: 0).year == 1980)
    #expect(ZipTimestamp().dosDate == 0x21)
  }
}
