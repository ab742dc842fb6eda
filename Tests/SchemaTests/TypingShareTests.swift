import Findings
import Foundation
import SheetIO
import Testing

@testable import Schema

/// A text file's cells are typed by the thread that parses it or, batch by batch, by the
/// thread that checks the records (their load decides): whichever types a batch, a read
/// gives exactly what a read of two passes gives, findings in row order, styles voted.
@Suite(.serialized) struct TypingShareTests {
  /// The list form with its status an enum, so cells share their readings.
  static let form = Form(
    id: "htx-list", title: "Danh sách HTX",
    columns: TableReaderTests.form.columns.map { column in
      column.spec.id == "status" ? FormColumn(spec: column.spec, type: .enum, vocabulary: "status") : column
    })
  static let vocabularies = [
    "status": Vocabulary(
      id: "status", values: [("Đang hoạt động", ["Hoạt động"]), ("Đã giải thể", ["Giải thể"]), ("Tạm ngừng", [])])
  ]

  /// What a read of `path` delivered, guessing (with the typing shared out by `policy`) or
  /// in two passes; how many restarts, and how many batches the checking side typed.
  static func read(_ path: String, policy: BatchTyping.SharePolicy?) throws
    -> (GuessingReadTests.Outcome, restarts: Int, deferred: Int)
  {
    if let policy { BatchTyping.policy.store(policy.rawValue, ordering: .relaxed) }
    defer { BatchTyping.policy.store(BatchTyping.SharePolicy.byLoad.rawValue, ordering: .relaxed) }
    let deferredBefore = BatchTyping.deferredBatches.load(ordering: .relaxed)
    let (outcome, restarts, _) = try GuessingReadTests.read(
      path, form: form, vocabularies: vocabularies, guessing: policy != nil)
    return (outcome, restarts, BatchTyping.deferredBatches.load(ordering: .relaxed) - deferredBefore)
  }

  /// A list of `rows` cooperatives with a fault every few rows (a member count in words, a
  /// status outside the vocabulary, a date that is no date, a figure in Vietnamese style),
  /// a blank line and a totals row.
  static func faultyList(rows: Int, in folder: URL) throws -> String {
    var lines = [
      "DANH SÁCH HỢP TÁC XÃ", "",
      "STT,Tên HTX,Mã số thuế,Tình trạng,Ngày thành lập,Số thành viên,Vốn điều lệ,Doanh thu",
    ]
    let statuses = ["Đang hoạt động", "Hoạt động", "Đã giải thể", "Giải thể", "Tạm ngừng"]
    for n in 1...rows {
      let members = n % 97 == 0 ? "mười hai" : String(n % 40 + 7)
      let status = n % 101 == 0 ? "Sáp nhập" : statuses[n % statuses.count]
      let founded = n % 89 == 0 ? "31/02/2015" : "\(n % 28 + 1)/\(n % 12 + 1)/20\(10 + n % 14)"
      let capital = n % 83 == 0 ? "\"1.250,5\"" : "\(n % 900 + 100).\(n % 10)"
      lines.append("\(n),HTX số \(n),\(4_900_000_000 + n),\(status),\(founded),\(members),\(capital),\(n * 3)")
    }
    lines += ["", "Tổng cộng,,,,,\(rows * 20),,"]
    let path = folder.appendingPathComponent("faulty-\(rows).csv").path
    try lines.joined(separator: "\r\n").write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test(arguments: [BatchTyping.SharePolicy.always, .alternate, .never, .byLoad])
  func whicheverThreadTypesABatchTheReadIsTheSame(_ policy: BatchTyping.SharePolicy) throws {
    let folder = try GuessingReadTests.scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try Self.faultyList(rows: 3_000, in: folder)
    let twoPasses = try Self.read(path, policy: nil)
    #expect(twoPasses.0.rowCount == 3_000)
    #expect(twoPasses.0.totals != nil)
    // Faults in batches either side types: the findings interleave by row.
    let codes = Set(twoPasses.0.findings.map(\.code))
    #expect(codes.isSuperset(of: [.typeError, .enumError]), "\(codes)")
    #expect(twoPasses.0.findings.count > 60)
    let shared = try Self.read(path, policy: policy)
    #expect(shared.restarts == 0)
    #expect(shared.0 == twoPasses.0)
    #expect(shared.0.findings.map(\.row) == twoPasses.0.findings.map(\.row))
    if policy == .always || policy == .alternate { #expect(shared.deferred >= (policy == .always ? 8 : 4)) }
  }

  @Test func aStyleOnlyRowsTypedOnTheCheckingSideShowStillRestartsTheRead() throws {
    let folder = try GuessingReadTests.scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try GuessingReadTests.lateStyleCSV(in: folder)
    let twoPasses = try Self.read(path, policy: nil)
    let shared = try Self.read(path, policy: .always)
    #expect(shared.deferred >= 1)
    #expect(shared.restarts == 1)
    #expect(shared.0 == twoPasses.0)
    #expect(shared.0.style == .en)
  }
}
