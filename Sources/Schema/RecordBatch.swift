import SheetIO
import Synchronization

/// The records of a run of rows of one table, their cells stored flat: numbers and dates
/// as they are, texts as bytes, so typing a row allocates nothing of its own and a text
/// becomes a `String` only where a check or a message asks for it.
public final class RecordBatch: @unchecked Sendable {
  /// The table's fields and their sheet columns.
  public let layout: RecordLayout
  /// Cells a record holds: the layout's slot count.
  @usableFromInline let width: Int
  /// The records' cells, one after another, in storage of the batch's own: a cell is
  /// appended without the checks of an array's.
  @exclusivity(unchecked) @usableFromInline var cellBase: UnsafeMutablePointer<StoredCell>
  @exclusivity(unchecked) @usableFromInline var cellCount = 0
  @exclusivity(unchecked) private var cellCapacity: Int
  /// Each record's sheet row, unreadable slots and whether it is the totals row, in storage
  /// of the batch's own: a record is begun without the checks of three arrays' appends.
  @exclusivity(unchecked) private var heads: UnsafeMutablePointer<RecordHead>
  @exclusivity(unchecked) private var headCount = 0
  @exclusivity(unchecked) private var headCapacity: Int
  /// The bytes of the texts read straight from the sheet, in storage of the batch's own.
  @exclusivity(unchecked) @usableFromInline var byteBase: UnsafeMutablePointer<UInt8>
  @exclusivity(unchecked) @usableFromInline var byteCount = 0
  @exclusivity(unchecked) private var byteCapacity: Int
  /// Cells the general path read: their value and the cell as read.
  @exclusivity(unchecked) @usableFromInline var others: [(value: TypedValue, read: CellValue)] = []
  /// Readings many cells share (an enum column's few texts), set by the typer when the
  /// batch is handed on.
  @exclusivity(unchecked) @usableFromInline var shared: [(value: TypedValue, read: CellValue)] = []
  /// The UTF-8 bytes of the shared readings' texts, one after another, and where each
  /// starts and how long it is (length -1: the reading is not a text).
  @exclusivity(unchecked) @usableFromInline var sharedBytes: [UInt8] = []
  @exclusivity(unchecked) @usableFromInline var sharedTexts: [(start: Int32, length: Int32)] = []

  /// The rows whose cells are still to be typed, one a record, when the thread that typed
  /// the rows left their cells to the consumer's (see ``BatchTyping``): each record's cells
  /// are then reserved, unwritten, until ``RowTyper/typeDeferred(_:)`` writes them.
  let deferredRows: RowStore?
  /// Whether the records' cells wait in ``deferredRows``.
  @exclusivity(unchecked) private(set) var isDeferred = false

  /// Tells this filling of the batch from any other of any batch: set anew when it is
  /// emptied for reuse, so work kept per batch (see ``RowRules``) is not taken for it.
  @exclusivity(unchecked) package private(set) var stamp = RecordBatch.nextStamp()

  private static let stamps = Atomic<UInt64>(0)

  private static func nextStamp() -> UInt64 { stamps.add(1, ordering: .relaxed).newValue }

  /// Creates an empty batch of `layout`'s records, with room for `capacity` of them; one
  /// that `keepsRows` can keep the rows of records whose cells are typed later.
  public init(layout: RecordLayout, capacity: Int = 0, keepsRows: Bool = false) {
    self.layout = layout
    deferredRows = keepsRows ? RowStore() : nil
    width = layout.count
    cellCapacity = max(1, capacity * width)
    cellBase = .allocate(capacity: cellCapacity)
    byteCapacity = max(64, capacity * 64)
    byteBase = .allocate(capacity: byteCapacity)
    headCapacity = max(1, capacity)
    heads = .allocate(capacity: headCapacity)
  }

  deinit {
    cellBase.deallocate()
    byteBase.deallocate()
    heads.deallocate()
  }

  /// The cell at `index` of the batch's cells (below ``cellCount``).
  @inlinable @inline(__always)
  func cell(_ index: Int) -> StoredCell {
    precondition(index >= 0 && index < cellCount, "a record's cell lies in its batch")
    return cellBase[index]
  }

  /// Appends a record's next cell.
  @inline(__always)
  func append(_ cell: StoredCell) {
    if cellCount == cellCapacity { growCells() }
    (cellBase + cellCount).initialize(to: cell)
    cellCount += 1
  }

  /// Makes room for a record's cells, which the caller then writes by slot, every one;
  /// where they start.
  @inline(__always)
  func appendRecordCells() -> UnsafeMutablePointer<StoredCell> {
    if cellCount + width > cellCapacity { growCells(toHold: cellCount + width) }
    let start = cellBase + cellCount
    cellCount += width
    return start
  }

  private func growCells(toHold needed: Int? = nil) {
    cellCapacity = FlatStorage.doubled(cellCapacity, toHold: needed ?? cellCount + 1)
    cellBase = FlatStorage.move(cellBase, count: cellCount, toCapacity: cellCapacity)
  }

  private func growBytes(toHold needed: Int) {
    byteCapacity = FlatStorage.doubled(byteCapacity, toHold: needed)
    byteBase = FlatStorage.move(byteBase, count: byteCount, toCapacity: byteCapacity)
  }

  /// The `length` bytes of a text stored at `start`.
  @inlinable @inline(__always)
  func bytes(start: Int32, length: Int32) -> UnsafeBufferPointer<UInt8> {
    precondition(start >= 0 && length >= 0 && Int(start) + Int(length) <= byteCount, "a text lies in its batch")
    return UnsafeBufferPointer(start: byteBase + Int(start), count: Int(length))
  }

  /// How many records the batch holds.
  public var count: Int { headCount }

  /// The sheet row of the record at `index` (below ``count``).
  func row(at index: Int) -> Int { head(index).row }

  /// The slots of the record at `index` whose cell could not be read as its type.
  func unreadable(at index: Int) -> UInt64 { head(index).unreadable }

  /// Whether the record at `index` is the table's totals row.
  func isTotals(at index: Int) -> Bool { head(index).totals }

  @inline(__always)
  private func head(_ index: Int) -> RecordHead {
    precondition(index >= 0 && index < headCount, "a record of the batch")
    return heads[index]
  }

  /// Sets the unreadable slots of the last record begun, and whether it is the totals row.
  @inline(__always)
  func finishLast(unreadable: UInt64, totals: Bool) {
    precondition(headCount > 0, "a record was begun")
    heads[headCount - 1].unreadable = unreadable
    heads[headCount - 1].totals = totals
  }

  /// Keeps `row` for the consumer to type the cells of the record just begun, whose cells
  /// are reserved; every record of the batch must be kept so.
  func deferCells(of row: RowBuffer) {
    precondition(isDeferred || headCount == 1, "a batch's records are all typed, or all deferred")
    guard let deferredRows else { preconditionFailure("a batch made to keep rows") }
    isDeferred = true
    deferredRows.append(row)
  }

  /// The cells of the record at `index`, for its deferred typing to write.
  func cells(ofRecord index: Int) -> UnsafeMutablePointer<StoredCell> {
    precondition(index >= 0 && index < headCount && (index + 1) * width <= cellCount, "a record of the batch")
    return cellBase + index * width
  }

  /// Sets the unreadable slots of the record at `index`, once its deferred cells are typed;
  /// the batch's records are then all typed.
  func finishDeferred(unreadable: UInt64, at index: Int) {
    precondition(index >= 0 && index < headCount, "a record of the batch")
    heads[index].unreadable = unreadable
    if index == headCount - 1 { isDeferred = false }
  }

  /// Empties the batch, keeping its storage for the next records.
  func reset() {
    stamp = Self.nextStamp()
    isDeferred = false
    deferredRows?.removeAll()
    cellCount = 0
    headCount = 0
    byteCount = 0
    others.removeAll(keepingCapacity: true)
    shared = []
    sharedBytes = []
    sharedTexts = []
  }

  /// The record at `index`.
  public subscript(index: Int) -> TableRecord { TableRecord(batch: self, index: index) }

  /// Starts a record of sheet row `row`, whose cells are appended next, one a slot.
  @inline(__always)
  func begin(row: Int) {
    if headCount == headCapacity {
      headCapacity = FlatStorage.doubled(headCapacity, toHold: headCount + 1)
      heads = FlatStorage.move(heads, count: headCount, toCapacity: headCapacity)
    }
    (heads + headCount).initialize(to: RecordHead(row: row, unreadable: 0, totals: false))
    headCount += 1
  }

  /// Stores a text's bytes; the cell that holds them as value and as read.
  @inline(__always)
  func text(_ text: UnsafeRawBufferPointer) -> StoredCell {
    let start = byteCount
    if start + text.count > byteCapacity { growBytes(toHold: start + text.count) }
    if let source = text.baseAddress {
      FlatStorage.copyBytes(from: source, to: UnsafeMutableRawPointer(byteBase + start), count: text.count)
    }
    byteCount += text.count
    return StoredCell(kind: .text, number: 0, raw: 0, start: Int32(start), length: Int32(text.count))
  }

  /// Stores a cell read by the general path; the cell that points to it.
  func other(_ value: TypedValue, read: CellValue) -> StoredCell {
    others.append((value, read))
    return StoredCell(kind: .other, number: 0, raw: 0, start: Int32(others.count - 1), length: 0)
  }

  /// The batch of one record with these values and cells, by slot.
  static func single(row: Int, layout: RecordLayout, values: [TypedValue], read: [CellValue]) -> RecordBatch {
    let batch = RecordBatch(layout: layout)
    batch.begin(row: row)
    for slot in 0..<batch.width {
      let value = slot < values.count ? values[slot] : .blank
      let cell = slot < read.count ? read[slot] : .empty
      batch.append(batch.other(value, read: cell))
    }
    return batch
  }

  /// The text of `count` bytes at `start`.
  @usableFromInline
  func string(start: Int32, length: Int32) -> String {
    String(decoding: bytes(start: start, length: length), as: UTF8.self)
  }
}

extension RecordBatch {
  /// Reads slot `slot` of every record as a number where its cell holds one read
  /// straight (a number, or a text written as one): `numbers[i]` is set and `isNumber[i]`
  /// true. Any other cell (blank, a text, a date, a general or shared reading) is false,
  /// left for the caller to read record by record.
  package func plainNumbers(
    slot: Int, into numbers: UnsafeMutablePointer<Double>, isNumber: UnsafeMutablePointer<Bool>
  ) {
    var cell = cellBase + slot
    for index in 0..<count {
      let kind = cell.pointee.kind
      let plain = kind == .number || kind == .numberText
      isNumber[index] = plain
      numbers[index] = cell.pointee.number
      cell += width
    }
  }

  /// Reads slot `slot` of every record as a day (days since 1970-01-01) where its cell
  /// holds a date written as text and read straight: `days[i]` is set and `isDay[i]`
  /// true. Any other cell is false, left for the caller to read record by record.
  package func plainDays(slot: Int, into days: UnsafeMutablePointer<Double>, isDay: UnsafeMutablePointer<Bool>) {
    var cell = cellBase + slot
    for index in 0..<count {
      isDay[index] = cell.pointee.kind == .dateText
      days[index] = cell.pointee.number
      cell += width
    }
  }

  /// Tells for slot `slot` of every record whether its text passes `test`, for the texts
  /// read straight and the shared readings that are texts (each shared one tested once):
  /// `verdicts[i]` is 1 when it passes, 2 when not, 0 for any other cell, left for the
  /// caller to read record by record.
  package func texts(
    slot: Int, _ test: (UnsafeBufferPointer<UInt8>) -> Bool, into verdicts: UnsafeMutablePointer<UInt8>
  ) {
    var sharedVerdicts = [UInt8](repeating: 0, count: sharedTexts.count)
    sharedBytes.withUnsafeBufferPointer { sharedBuffer in
      var cell = cellBase + slot
      for index in 0..<count {
        let stored = cell.pointee
        cell += width
        switch stored.kind {
        case .text:
          let bytes = UnsafeBufferPointer(start: byteBase + Int(stored.start), count: Int(stored.length))
          verdicts[index] = test(bytes) ? 1 : 2
        case .shared:
          let shared = Int(stored.start)
          guard shared < sharedVerdicts.count else {
            verdicts[index] = 0
            continue
          }
          if sharedVerdicts[shared] == 0 {
            let text = sharedTexts[shared]
            if text.length < 0 {
              sharedVerdicts[shared] = 3
            } else {
              let bytes = UnsafeBufferPointer(rebasing: sharedBuffer[Int(text.start)..<Int(text.start + text.length)])
              sharedVerdicts[shared] = test(bytes) ? 1 : 2
            }
          }
          verdicts[index] = sharedVerdicts[shared] == 3 ? 0 : sharedVerdicts[shared]
        default:
          verdicts[index] = 0
        }
      }
    }
  }
}

/// What a ``RecordBatch`` keeps of a record besides its cells.
struct RecordHead {
  var row: Int
  var unreadable: UInt64
  var totals: Bool
}

/// One cell of a ``RecordBatch``: what it holds and where its text or reading is.
@usableFromInline
struct StoredCell: Sendable {
  @usableFromInline
  enum Kind: UInt8, Sendable {
    /// Empty: blank as value, empty as read.
    case blank
    /// A number: `number` the value in the column's unit, `raw` the number as read.
    case number
    /// A text read as it stands: its bytes are the value and the cell.
    case text
    /// A date written as text: `number` the day (days since 1970-01-01), the bytes the cell.
    case dateText
    /// A reading of the general path, in `others` at `start`.
    case other
    /// A reading many cells share, in `shared` at `start`; what its value is, in
    /// `length` (see ``StoredCell/SharedValue``), a number or a day in `number`.
    case shared
    /// A number written otherwise than it prints (`3757,6` in a Vietnamese-style file,
    /// `1,234`): `number` the value, the bytes the cell as read.
    case numberText
  }

  @usableFromInline var kind: Kind
  @usableFromInline var number: Double
  @usableFromInline var raw: Double
  @usableFromInline var start: Int32
  @usableFromInline var length: Int32

  @usableFromInline static let blank = StoredCell(kind: .blank, number: 0, raw: 0, start: 0, length: 0)

  /// What value a shared reading holds, so a cell's number, day or blankness is read
  /// without copying the reading out.
  @usableFromInline
  enum SharedValue: Int32 {
    case other, blank, number, date
  }

  /// The cell of shared reading `index`, whose value is `value`.
  init(sharing index: Int, value: TypedValue) {
    switch value {
    case .blank: self.init(kind: .shared, number: 0, raw: 0, start: Int32(index), length: SharedValue.blank.rawValue)
    case .number(let number):
      self.init(kind: .shared, number: number, raw: 0, start: Int32(index), length: SharedValue.number.rawValue)
    case .date(let year, let month, let day):
      self.init(
        kind: .shared, number: Double(CellDate.days(year: year, month: month, day: day)), raw: 0, start: Int32(index),
        length: SharedValue.date.rawValue)
    case .text: self.init(kind: .shared, number: 0, raw: 0, start: Int32(index), length: SharedValue.other.rawValue)
    }
  }

  /// What the shared reading of a `.shared` cell holds.
  @usableFromInline var sharedValue: SharedValue { SharedValue(rawValue: length) ?? .other }

  @usableFromInline
  init(kind: Kind, number: Double, raw: Double, start: Int32, length: Int32) {
    self.kind = kind
    self.number = number
    self.raw = raw
    self.start = start
    self.length = length
  }
}
