/// One problem found in a file, a table, a cell or a folder (SPEC §4).
///
/// Findings are values, never thrown: bad input is normal input. Fields that do not
/// apply to a finding's scope stay `nil` and are left out of its JSON.
public struct Finding: Sendable, Codable, Hashable {
  /// How much the problem matters.
  public var severity: Severity
  /// What kind of problem it is.
  public var code: FindingCode
  /// The rule that fired, for `rule-error` and rule-based findings.
  public var rule: String?
  /// The file, as given on the command line or found in a folder.
  public var file: String?
  /// The sheet name, for workbooks.
  public var sheet: String?
  /// The A1 reference of the cell.
  public var cell: String?
  /// The row as a spreadsheet shows it (1-based; for CSV the record number).
  public var row: Int?
  /// The column, 1-based (A = 1).
  public var column: Int?
  /// The line of a text file the row starts on, when it is not the row's number (a
  /// record above it spans lines); editors and CI annotations count lines.
  public var line: Int?
  /// The form field the value belongs to.
  public var field: String?
  /// The value as read, as text.
  public var value: String?
  /// The message for people, in the report's language.
  public var message: String
  /// The message in Vietnamese, when ``message`` is htx's own English one; nil when the
  /// message is already in the report's language (a pack's rule message).
  public var vietnamese: String?

  /// Creates a finding; `column` is filled from `cell` when only the cell is given.
  public init(
    severity: Severity = .error, code: FindingCode, rule: String? = nil, file: String? = nil,
    sheet: String? = nil, cell: String? = nil, row: Int? = nil, column: Int? = nil,
    field: String? = nil, value: String? = nil, message: String, vietnamese: String? = nil
  ) {
    self.severity = severity
    self.code = code
    self.rule = rule
    self.file = file
    self.sheet = sheet
    self.cell = cell
    self.row = row
    self.column = column
    self.field = field
    self.value = value
    self.message = message
    self.vietnamese = vietnamese
  }

  /// The finding with its message in `language` (`vi` or `en`).
  public func localized(to language: String) -> Finding {
    var finding = self
    finding.localize(to: language)
    return finding
  }

  /// Puts the message in `language` (`vi` or `en`).
  public mutating func localize(to language: String) {
    guard language == "vi", let vietnamese else { return }
    message = vietnamese
  }

  private enum CodingKeys: String, CodingKey {
    case severity, code, rule, file, sheet, cell, row, column, line, field, value, message
  }
}
