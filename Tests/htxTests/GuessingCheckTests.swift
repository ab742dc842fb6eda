import Findings
import Foundation
import Schema
import Testing
import Validation

/// Checking a return on a guessing read reports what a read of two passes reports,
/// also when the guess is proven wrong and the read starts again: what the first
/// records did (findings, folds, tax codes remembered across files) is forgotten.
@Suite struct GuessingCheckTests {
  static let pack = Result { try Pack.load(folder: URL(fileURLWithPath: ValidateCommandTests.pack)) }

  /// Findings of checking `paths` in order: guessing, or with a record callback,
  /// which makes every table read in two passes.
  static func findings(_ paths: [String], guessing: Bool) throws -> [Finding] {
    var check = try ReturnCheck(pack: try pack.get(), units: nil, language: "en")
    var findings: [Finding] = []
    for path in paths {
      findings += (guessing ? check.check(path: path) : check.check(path: path, onRecord: { _ in })).findings
    }
    return findings + check.finish()
  }

  @Test func aReturnWhoseLaterRowsChangeTheStyleIsCheckedAsInTwoPasses() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("htx-guess-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    // Revenues of `1.500` (no style shown) in the head, `2.5` (English style) below it;
    // a second file repeats one tax code.
    let header = "STT,Tên HTX,Mã số thuế,Số thành viên,Số lao động,Doanh thu (triệu đồng)"
    func row(_ n: Int, revenue: String) -> String { "\(n),HTX số \(n),\(Self.taxCode(n)),9,12,\(revenue)" }
    let late = folder.appendingPathComponent("late.csv").path
    try (["DANH SÁCH HỢP TÁC XÃ NĂM 2024", "", header] + (1...90).map { row($0, revenue: $0 <= 45 ? "1.500" : "2.5") })
      .joined(separator: "\r\n").write(toFile: late, atomically: true, encoding: .utf8)
    let other = folder.appendingPathComponent("other.csv").path
    try (["DANH SÁCH HỢP TÁC XÃ NĂM 2024", "", header, row(1, revenue: "3.5")])
      .joined(separator: "\r\n").write(toFile: other, atomically: true, encoding: .utf8)
    let twoPasses = try Self.findings([late, other], guessing: false)
    let guessing = try Self.findings([late, other], guessing: true)
    #expect(guessing == twoPasses)
    #expect(twoPasses.filter { $0.code == .uniqueError }.map(\.file) == [other])
    #expect(!twoPasses.contains { $0.code == .typeError })
  }

  @Test func theProvinceFixturesAreCheckedAsInTwoPasses() throws {
    let root = ValidateCommandTests.root.appendingPathComponent("Fixtures/province-2017h1")
    for variant in ["clean", "faulty"] {
      let folder = root.appendingPathComponent(variant)
      let paths = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        .filter { !$0.hasSuffix(".yaml") && !$0.hasSuffix(".json") && !$0.hasPrefix(".") }
        .map { folder.appendingPathComponent($0).path }
      #expect(paths.count >= 15)
      #expect(try Self.findings(paths, guessing: true) == Self.findings(paths, guessing: false), "\(variant)")
    }
  }

  /// A tax code with a valid check digit, different for each `n`.
  static func taxCode(_ n: Int) -> String {
    let weights = [31, 29, 23, 19, 17, 13, 7, 5, 3]
    var prefix = 490_000_000 + 3 * n
    while true {
      let digits = String(prefix).compactMap(\.wholeNumberValue)
      let remainder = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11
      if remainder != 0 { return digits.map(String.init).joined() + String(10 - remainder) }
      prefix += 1
    }
  }
}
