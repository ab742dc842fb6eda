/// One column of a form: its id and the labels offices give it.
public struct ColumnSpec: Sendable, Hashable {
  /// The field id rules and outputs use, such as `member_labour`.
  public var id: String
  /// The labels seen in real forms; a merged header is `Parent > Child`.
  public var labels: [String]
  /// Whether the table is unusable without this column.
  public var required: Bool

  /// Creates a column.
  public init(id: String, labels: [String], required: Bool = false) {
    self.id = id
    self.labels = labels
    self.required = required
  }
}

/// The columns of one table form, enough to find the table in a sheet.
public struct TableSpec: Sendable, Hashable {
  /// The form id, such as `htx-list`.
  public var id: String
  /// The columns, in the form's order.
  public var columns: [ColumnSpec]

  /// Creates a table form.
  public init(id: String, columns: [ColumnSpec]) {
    self.id = id
    self.columns = columns
  }
}
