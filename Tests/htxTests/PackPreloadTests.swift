import Foundation
import Schema
import Testing
import Validation

/// The pack loaded while the command line is read is the one a run then uses, and only
/// for the folder it was loaded from.
@Suite(.serialized) struct PackPreloadTests {
  @Test func aPreloadIsTakenOnceAndOnlyForItsFolder() throws {
    let folder = URL(fileURLWithPath: ValidateCommandTests.pack)
    PackPreload.start(folder: folder)
    #expect(PackPreload.take(folder: folder.appendingPathComponent("units")) == nil, "another folder")
    let taken = try #require(PackPreload.take(folder: URL(fileURLWithPath: ValidateCommandTests.pack + "/.")))
    let loaded = try Pack.load(folder: folder)
    #expect(taken.pack.forms.map(\.id) == loaded.forms.map(\.id))
    #expect(taken.pack.vocabularies.keys.sorted() == loaded.vocabularies.keys.sorted())
    #expect(PackPreload.take(folder: folder) == nil, "taken once")
  }

  @Test func aPreloadThatFindsNoFolderIsNotTaken() {
    let folder = URL(fileURLWithPath: ValidateCommandTests.pack)
    PackPreload.start { nil }
    #expect(PackPreload.take(folder: folder) == nil)
    // The folder is found on the preload's thread: a run asking for another one is not
    // given it, and the one it was found for still is.
    PackPreload.start { folder }
    #expect(PackPreload.take(folder: folder.appendingPathComponent("units")) == nil)
    #expect(PackPreload.take(folder: folder) != nil)
  }

  @Test func aPackThatDoesNotLoadLeavesTheRunToLoadItAndReportWhy() throws {
    let folder = try FolderRulesTests.folder(["pack.yaml": "id: kttt\nforms:\n  - ["])
    defer { try? FileManager.default.removeItem(at: folder) }
    PackPreload.start(folder: folder)
    #expect(PackPreload.take(folder: folder) == nil)
    #expect(throws: SchemaError.self) { try Pack.load(folder: folder) }
  }

  @Test func aCheckMadeFromPreloadedPartsFindsWhatAFreshOneFinds() throws {
    let folder = URL(fileURLWithPath: ValidateCommandTests.pack)
    PackPreload.start(folder: folder)
    let taken = try #require(PackPreload.take(folder: folder))
    var preloaded = ReturnCheck(pack: taken.pack, parts: taken.parts, units: nil, language: "en")
    var fresh = try ReturnCheck(pack: try Pack.load(folder: folder), units: nil, language: "en")
    let path = ProvinceTests.root.appendingPathComponent("province-2017h1/faulty").path
    let files = try FileManager.default.contentsOfDirectory(atPath: path).filter { !$0.hasSuffix(".json") }.sorted()
    #expect(!files.isEmpty)
    var messages: [String] = []
    for file in files {
      let a = preloaded.check(path: path + "/" + file).findings.map { "\($0.cell ?? "") \($0.message)" }
      let b = fresh.check(path: path + "/" + file).findings.map { "\($0.cell ?? "") \($0.message)" }
      #expect(a == b, "\(file)")
      messages += a
    }
    // In the language asked for, row rules' and table rules' messages alike.
    #expect(messages.contains { $0.contains("exceeds total labour") }, "\(messages)")
    #expect(messages.contains { $0.contains("differ from the list") }, "\(messages)")
  }

  @Test("a return opened while the pack loads is checked as one opened at its turn, once")
  func aReturnOpenedAheadIsCheckedAlike() throws {
    let pack = try Pack.load(folder: URL(fileURLWithPath: ValidateCommandTests.pack))
    // A check of its own for each look: a tax code seen by one is a repeat to the next.
    func findings(_ path: String) throws -> [String] {
      var check = try ReturnCheck(pack: pack, units: nil)
      return check.check(path: path).findings.map { "\($0.code) \($0.cell ?? "") \($0.message)" }
    }
    let path = ProvinceTests.root.appendingPathComponent("province-2017h1/faulty").path
    let files = try FileManager.default.contentsOfDirectory(atPath: path).filter { !$0.hasSuffix(".json") }.sorted()
    for file in files + ["no-such-return.csv"] {
      let full = path + "/" + file
      let alone = try findings(full)
      ReturnCheck.open(path: full)
      #expect(try findings(full) == alone, "\(file)")
      // Taken once: the next check opens the file again.
      #expect(try findings(full) == alone, "\(file)")
    }
  }
}
