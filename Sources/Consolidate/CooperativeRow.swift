import Schema

/// One cooperative row of a return as merged: its values and where it came from.
public struct CooperativeRow: Sendable {
  /// The submitting unit's code, when known.
  public var unitCode: String?
  /// The submitting unit's name, when known.
  public var unitName: String?
  /// The period's label.
  public var period: String?
  /// The file it came from.
  public var file: String
  /// The sheet it came from (nil for CSV).
  public var sheet: String?
  /// The sheet row (for CSV the record number a spreadsheet shows).
  public var row: Int
  /// The values, in the order of ``CooperativeColumns/fields``.
  public var values: [TypedValue]
  /// The findings at this row (only when invalid returns are merged), as rule ids or codes.
  public var findings: [String] = []

  /// Creates a row.
  public init(
    unitCode: String?, unitName: String?, period: String?, file: String, sheet: String?, row: Int,
    values: [TypedValue]
  ) {
    self.unitCode = unitCode
    self.unitName = unitName
    self.period = period
    self.file = file
    self.sheet = sheet
    self.row = row
    self.values = values
  }

  /// `file › sheet!row`, or `file:row` for a CSV.
  public var source: String {
    if let sheet { return "\(file) › \(sheet)!\(row)" }
    return "\(file):\(row)"
  }
}

/// The columns of the merged cooperative rows: the list form's fields, in form order.
public struct CooperativeColumns: Sendable {
  /// A field of the list form.
  public struct Field: Sendable {
    /// The field id (the dataset column).
    public var id: String
    /// The label shown in the workbook.
    public var label: String
    /// The field's type.
    public var type: ColumnType
    /// The field's unit, if any.
    public var unit: String?
  }

  /// The fields.
  public var fields: [Field]

  /// The columns of `form`.
  public init(form: Form) {
    fields = form.columns.map { column in
      Field(
        id: column.spec.id, label: column.spec.labels.first ?? column.spec.id, type: column.type,
        unit: column.unit)
    }
  }

  /// `record`'s values in column order.
  public func values(of record: TableRecord) -> [TypedValue] {
    fields.map { record.value($0.id) ?? .blank }
  }
}
