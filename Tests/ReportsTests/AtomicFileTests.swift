import Foundation
import Testing

@testable import Reports

/// Atomic writes replace the whole file or leave it as it was, and never leave a
/// temporary file behind.
@Suite struct AtomicFileTests {
  /// A new empty folder, removed by the caller.
  static func folder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("htx-atomic-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test func writesANewFileAndReplacesAnOldOne() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("report.xml").path
    try AtomicFile.write("first, longer text\n", to: path)
    try AtomicFile.write("second\n", to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "second\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.xml"])
  }

  @Test func failedRenameLeavesTheTargetAndNoTemporaryFile() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let target = folder.appendingPathComponent("taken")
    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
    try "keep".write(to: target.appendingPathComponent("inside.txt"), atomically: false, encoding: .utf8)
    #expect {
      try AtomicFile.write("report", to: target.path)
    } throws: { error in
      guard case .renameFailed(_, let to, _) = error as? AtomicFileError else { return false }
      return to == target.path
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["taken"])
    #expect(try FileManager.default.contentsOfDirectory(atPath: target.path) == ["inside.txt"])
  }

  @Test func missingFolderCannotCreate() throws {
    let path = "/nonexistent-htx-folder/report.sarif"
    #expect(throws: AtomicFileError.cannotCreate(path: path, errno: ENOENT)) {
      try AtomicFile.write("x", to: path)
    }
  }

  @Test func aStreamedFileAppearsOnlyOnCommit() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("rows.csv").path
    try AtomicFile.write("previous\n", to: path)
    do {
      let output = try AtomicFileOutput(path: path)
      try output.write("half a file")
      // Released without commit(), as when a run fails half-way.
    }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "previous\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["rows.csv"])
    let output = try AtomicFileOutput(path: path)
    for index in 0..<20_000 { try output.write("row \(index)\n") }
    try output.commit()
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 20_000 && lines.last == "row 19999")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["rows.csv"])
  }
}
