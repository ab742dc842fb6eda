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
/// fields to slots once read a row without hashing field names.
public struct TableRecord: Sendable {
  /// The sheet row.
  public var row: Int
  /// The fields and their sheet columns.
  public let layout: RecordLayout
  /// The typed value of each field, by slot.
  public var values: [TypedValue]
  /// Each field's cell as read, by slot (for messages).
  public var read: [CellValue]
  /// The slots (below 64) whose cell could not be read as its column's type: their value
  /// is blank for want of a reading, not because the cell was empty.
  public var unreadable: UInt64 = 0

  /// Creates a record of `layout` from values and cells by slot.
  public init(row: Int, layout: RecordLayout, values: [TypedValue], read: [CellValue]) {
    self.row = row
    self.layout = layout
    self.values = values
    self.read = read
  }

  /// Creates a record from values, cells and texts by field id (for small tables and tests).
  public init(row: Int, values: [String: TypedValue], cells: [String: CellRef], raw: [String: String]) {
    let fields = Set(values.keys).union(cells.keys).union(raw.keys).sorted {
      (cells[$0]?.column ?? 0, $0) < (cells[$1]?.column ?? 0, $1)
    }
    self.row = row
    layout = RecordLayout(fields: fields, columns: fields.map { cells[$0]?.column ?? 0 })
    self.values = fields.map { values[$0] ?? .blank }
    read = fields.map { raw[$0].map(CellValue.text) ?? .empty }
  }

  /// The value of `field`; nil when the table has no such column.
  public func value(_ field: String) -> TypedValue? {
    layout.slot(of: field).map { values[$0] }
  }

  /// The cell `field` was read from; nil when the table has no such column.
  public func cell(_ field: String) -> CellRef? {
    layout.slot(of: field).map(cell(slot:))
  }

  /// The text of `field`'s cell as read; nil when the table has no such column.
  public func raw(_ field: String) -> String? {
    layout.slot(of: field).map { read[$0].description }
  }

  /// The cell of slot `slot`.
  public func cell(slot: Int) -> CellRef { CellRef(row: row, column: layout.columns[slot]) }
}
