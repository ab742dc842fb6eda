import Foundation
import Testing

@testable import SheetIO

/// Rows replayed from a spill are the rows the file gave: every cell of every corpus
/// sheet, and a file large enough to spill to disk with rows across read-back chunks.
@Suite struct RowSpillTests {
  /// Every row of `sheet` read directly, and the same rows stored and replayed.
  static func directAndReplayed(_ path: String, sheet: Int = 0) throws -> (direct: [[Cell]], replayed: [[Cell]]) {
    let source = try SpreadsheetFile.open(path: path)
    let spill = RowSpill()
    var direct: [[Cell]] = []
    _ = try source.readRows(sheet: sheet) { row in
      direct.append(row.cells)
      try spill.append(row)
    }
    var replayed: [[Cell]] = []
    try spill.replay { replayed.append($0.cells) }
    #expect(spill.count == direct.count)
    return (direct, replayed)
  }

  static let readable = Fixtures.corpus.filter { !$0.path.hasPrefix("bad/") }

  @Test(arguments: readable) func corpusSheetsReplayAsRead(_ file: Fixtures.CorpusFile) throws {
    let (direct, replayed) = try Self.directAndReplayed(Fixtures.path(file.path))
    #expect(!direct.isEmpty)
    #expect(replayed == direct)
  }

  /// Rows kept in a ``RowStore`` (for another thread to type) come back as they were: every
  /// cell of every corpus sheet, shared strings included, and whether each row is dense.
  @Test(arguments: readable) func corpusSheetsComeBackFromARowStore(_ file: Fixtures.CorpusFile) throws {
    let source = try SpreadsheetFile.open(path: Fixtures.path(file.path))
    let store = RowStore()
    var direct: [[Cell]] = []
    var numbers: [Int] = []
    var dense: [Bool] = []
    _ = try source.readRows(sheet: 0) { row in
      direct.append(row.cells)
      numbers.append(row.number)
      dense.append(row.isDense)
      store.append(row)
    }
    #expect(store.count == direct.count && !direct.isEmpty)
    var replayed: [[Cell]] = []
    var replayedNumbers: [Int] = []
    var replayedDense: [Bool] = []
    store.forEach { row in
      replayed.append(row.cells)
      replayedNumbers.append(row.number)
      replayedDense.append(row.isDense)
    }
    #expect(replayed == direct)
    #expect(replayedNumbers == numbers)
    #expect(replayedDense == dense)
    // Emptied, it holds the next rows only.
    store.removeAll()
    _ = try source.readRows(sheet: 0) { row in if row.number == numbers.last { store.append(row) } }
    var last: [[Cell]] = []
    store.forEach { last.append($0.cells) }
    #expect(last == [direct[direct.count - 1]])
  }

  /// A text's first word holds its bytes in its low bytes, and zeros after the last text of
  /// a row the buffer grew for: the bytes past the texts are ones no append wrote.
  @Test func aTextsFirstWordIsItsBytesAndZerosPastTheRowsEnd() {
    let row = RowBuffer()
    for round in 0..<3 {
      row.reset(number: round + 1)
      // Enough texts, some long, for the row's bytes to grow past their first room.
      let texts = (0..<(400 * (round + 1))).map { index in
        index % 7 == 0 ? String(repeating: "Hợp tác xã ", count: index % 5 + 1) : String(index * 37 % 1_000)
      }
      for (index, text) in texts.enumerated() {
        var copy = text
        copy.withUTF8 { row.appendText(column: index + 1, UnsafeRawBufferPointer($0)) }
      }
      for (index, text) in texts.enumerated() {
        let bytes = Array(text.utf8.prefix(8))
        let word = row.ownTextWord(at: index)
        for (place, byte) in bytes.enumerated() {
          #expect(UInt8(truncatingIfNeeded: word >> UInt64(8 * place)) == byte, "\(text)")
        }
      }
      // The last text is followed by bytes never written: zero.
      let last = texts.count - 1
      let lastCount = texts[last].utf8.count
      if lastCount < 8 { #expect(row.ownTextWord(at: last) >> UInt64(8 * lastCount) == 0, "\(texts[last])") }
    }
  }

  @Test func aRowIsDenseWhenItsCellsFillItsColumnsInOrder() throws {
    let row = RowBuffer()
    func fill(_ columns: [Int]) {
      row.reset(number: 7)
      for column in columns { row.appendNumber(column: column, Double(column)) }
    }
    let cases: [([Int], Bool)] = [
      ([], true), ([1], true), ([1, 2, 3], true), ([2], false), ([1, 3], false), ([1, 2, 2], false),
      ([2, 1], false), ([1, 2, 4, 3], false),
    ]
    for (columns, dense) in cases {
      fill(columns)
      #expect(row.isDense == dense, "\(columns)")
    }
    // Sorted into place, the cells fill their columns; stored and read back, a row says
    // what it said.
    fill([2, 1, 3])
    row.sortByColumn()
    #expect(row.isDense)
    let spill = RowSpill()
    for columns in [[1, 2], [1, 3], [1, 2, 3]] {
      fill(columns)
      try spill.append(row)
    }
    var replayed: [Bool] = []
    try spill.replay { replayed.append($0.isDense) }
    #expect(replayed == [true, false, true])
  }

  @Test func aLargeSheetSpillsToDiskAndReplaysWhole() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("htx-rowspill-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("large.csv").path
    // Rows of varying length, so records fall across the 1 MiB read-back chunks at
    // every offset, the record head included.
    var text = "STT,Tên HTX,Ghi chú\n"
    for number in 1...40_000 {
      text += "\(number),Hợp tác xã \(number),\(String(repeating: "ă", count: number % 37))\n"
    }
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let (direct, replayed) = try Self.directAndReplayed(path)
    #expect(direct.count == 40_001)
    #expect(replayed.count == direct.count)
    #expect(replayed == direct)
  }
}

/// A cell's bytes copied by overlapping words land exactly where `memcpy` puts them, and
/// nowhere else.
@Suite struct CellCopyTests {
  @Test func everyLengthIsCopiedWithinItsRange() {
    var generator = SystemRandomNumberGenerator()
    for count in 0...40 {
      let source = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
      // The target with guard bytes either side, which must stay as they were.
      var target = [UInt8](repeating: 0xAB, count: count + 16)
      source.withUnsafeBytes { from in
        target.withUnsafeMutableBytes { to in
          if let from = from.baseAddress, let to = to.baseAddress {
            FlatStorage.copyBytes(from: from, to: to + 8, count: count)
          }
        }
      }
      #expect(Array(target[8..<8 + count]) == source, "\(count)")
      #expect(target[..<8].allSatisfy { $0 == 0xAB } && target[(8 + count)...].allSatisfy { $0 == 0xAB }, "\(count)")
    }
  }
}
