import SheetIO

/// The fields a located table's records hold, each in a slot, with the sheet column it
/// was read from; one layout is shared by every record of the table.
public final class RecordLayout: Sendable {
  /// The field ids, by slot.
  public let fields: [String]
  /// The sheet column (from 1) of each slot.
  public let columns: [Int]
  private let slotByField: [String: Int]

  /// Creates a layout of `fields` read from `columns`, slot by slot.
  public init(fields: [String], columns: [Int]) {
    self.fields = fields
    self.columns = columns
    slotByField = Dictionary(fields.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
  }

  /// The slot of `field`; nil when the table has no such column.
  public func slot(of field: String) -> Int? { slotByField[field] }

  /// How many slots a record holds.
  public var count: Int { fields.count }
}

/// One data row of a located table, read as typed values with their cells.
///
/// Values sit in slots of the table's ``RecordLayout``, so checks that resolve their
/// fields to slots once read a row without hashing field names. A record is a place in
/// a ``RecordBatch``: it owns no storage of its own, and its texts become `String`s only
/// when asked for.
public struct TableRecord: Sendable {
  /// The sheet row.
  public var row: Int
  /// The fields and their sheet columns.
  @inlinable public var layout: RecordLayout { batch.layout }
  /// Whether the record's layout is `layout` itself, compared in the batch: ``layout``
  /// hands the layout out retained, a cost a per-record check need not pay.
  @inlinable public func has(layout other: RecordLayout?) -> Bool { batch.layout === other }
  /// The identity of the record's layout, taken without retaining it.
  @inlinable public var layoutIdentity: ObjectIdentifier { ObjectIdentifier(batch.layout) }
  /// The slots (below 64) whose cell could not be read as its column's type: their value
  /// is blank for want of a reading, not because the cell was empty.
  public var unreadable: UInt64
  /// The batch the record is a place in.
  @usableFromInline package var batch: RecordBatch
  /// The index of the record's first cell in ``batch``.
  @usableFromInline var base: Int

  /// The record's place among its batch's records.
  package private(set) var index: Int
  /// The filling of the batch the record is a place in (see ``RecordBatch/stamp``), read
  /// once here: a check comparing it for every record does not read the batch's property.
  package private(set) var stamp: UInt64

  /// The record at `index` of `batch`.
  init(batch: RecordBatch, index: Int) {
    self.batch = batch
    row = batch.row(at: index)
    unreadable = batch.unreadable(at: index)
    base = index * batch.width
    self.index = index
    stamp = batch.stamp
  }

  /// Creates a record of `layout` from values and cells by slot.
  public init(row: Int, layout: RecordLayout, values: [TypedValue], read: [CellValue]) {
    self.init(batch: .single(row: row, layout: layout, values: values, read: read), index: 0)
  }

  /// Creates a record from values, cells and texts by field id (for small tables and tests).
  public init(row: Int, values: [String: TypedValue], cells: [String: CellRef], raw: [String: String]) {
    let fields = Set(values.keys).union(cells.keys).union(raw.keys).sorted {
      (cells[$0]?.column ?? 0, $0) < (cells[$1]?.column ?? 0, $1)
    }
    self.init(
      row: row, layout: RecordLayout(fields: fields, columns: fields.map { cells[$0]?.column ?? 0 }),
      values: fields.map { values[$0] ?? .blank }, read: fields.map { raw[$0].map(CellValue.text) ?? .empty })
  }

  /// The typed value of each field, by slot.
  public var values: [TypedValue] {
    get { (0..<layout.count).map(value(at:)) }
    set { replace(values: newValue, read: read) }
  }

  /// Each field's cell as read, by slot (for messages).
  public var read: [CellValue] {
    get { (0..<layout.count).map(read(at:)) }
    set { replace(values: values, read: newValue) }
  }

  /// Moves the record to a batch of its own holding these values and cells.
  private mutating func replace(values: [TypedValue], read: [CellValue]) {
    batch = .single(row: row, layout: layout, values: values, read: read)
    base = 0
    index = 0
    stamp = batch.stamp
  }

  /// The typed value of slot `slot`.
  @inlinable
  public func value(at slot: Int) -> TypedValue {
    let cell = batch.cell(base + slot)
    switch cell.kind {
    case .blank: return .blank
    case .number, .numberText: return .number(cell.number)
    case .text: return .text(batch.string(start: cell.start, length: cell.length))
    case .dateText:
      let (year, month, day) = CellDate.civil(fromDays: Int(cell.number))
      return .date(year: year, month: month, day: day)
    case .other: return batch.others[Int(cell.start)].value
    case .shared: return batch.shared[Int(cell.start)].value
    }
  }

  /// The cell of slot `slot` as read.
  public func read(at slot: Int) -> CellValue {
    let cell = batch.cell(base + slot)
    switch cell.kind {
    case .blank: return .empty
    case .number: return .number(cell.raw)
    case .text, .dateText, .numberText: return .text(batch.string(start: cell.start, length: cell.length))
    case .other: return batch.others[Int(cell.start)].read
    case .shared: return batch.shared[Int(cell.start)].read
    }
  }

  /// The number in slot `slot`; nil when its value is not a number.
  @inlinable
  public func number(at slot: Int) -> Double? {
    let cell = batch.cell(base + slot)
    switch cell.kind {
    case .number, .numberText: return cell.number
    case .blank, .text, .dateText: return nil
    case .shared: return cell.sharedValue == .number ? cell.number : nil
    case .other:
      if case .number(let number) = value(at: slot) { return number }
      return nil
    }
  }

  /// The day in slot `slot`, as days since 1970-01-01; nil when its value is not a date.
  @inlinable
  public func days(at slot: Int) -> Int? {
    let cell = batch.cell(base + slot)
    switch cell.kind {
    case .dateText: return Int(cell.number)
    case .blank, .number, .text, .numberText: return nil
    case .shared: return cell.sharedValue == .date ? Int(cell.number) : nil
    case .other:
      guard case .date(let year, let month, let day) = value(at: slot) else { return nil }
      return CellDate.days(year: year, month: month, day: day)
    }
  }

  /// Whether slot `slot`'s value is blank.
  @inlinable
  public func isBlank(at slot: Int) -> Bool {
    let cell = batch.cell(base + slot)
    switch cell.kind {
    case .blank: return true
    case .number, .text, .dateText, .numberText: return false
    case .shared: return cell.sharedValue == .blank
    case .other: return value(at: slot) == .blank
    }
  }

  /// Calls `body` with the UTF-8 bytes of slot `slot`'s text; nil when its value is not text.
  @inlinable
  public func withText<R>(at slot: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
    let cell = batch.cell(base + slot)
    switch cell.kind {
    case .text:
      return try body(batch.bytes(start: cell.start, length: cell.length))
    case .blank, .number, .dateText, .numberText: return nil
    case .shared:
      let text = batch.sharedTexts[Int(cell.start)]
      guard text.length >= 0 else { return nil }
      return try batch.sharedBytes.withUnsafeBufferPointer { buffer in
        try body(UnsafeBufferPointer(rebasing: buffer[Int(text.start)..<Int(text.start + text.length)]))
      }
    case .other:
      guard case .text(var text) = batch.others[Int(cell.start)].value else { return nil }
      return try text.withUTF8(body)
    }
  }

  /// Calls `body` with the text at `slot` of the record `distance` places later in the same
  /// batch, as ``withText(at:_:)`` would; nil past the batch's end. A check can start
  /// loading what a later record will need while it works on this one.
  @inlinable
  public func withText<R>(ahead distance: Int, at slot: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R)
    rethrows -> R?
  {
    let later = base + distance * batch.width
    guard later < batch.count * batch.width else { return nil }
    let cell = batch.cell(later + slot)
    guard cell.kind == .text else { return nil }
    return try body(batch.bytes(start: cell.start, length: cell.length))
  }

  /// The value of `field`; nil when the table has no such column.
  public func value(_ field: String) -> TypedValue? {
    layout.slot(of: field).map(value(at:))
  }

  /// The cell `field` was read from; nil when the table has no such column.
  public func cell(_ field: String) -> CellRef? {
    layout.slot(of: field).map(cell(slot:))
  }

  /// The text of `field`'s cell as read; nil when the table has no such column.
  public func raw(_ field: String) -> String? {
    layout.slot(of: field).map { read(at: $0).description }
  }

  /// The cell of slot `slot`.
  public func cell(slot: Int) -> CellRef { CellRef(row: row, column: layout.columns[slot]) }
}
