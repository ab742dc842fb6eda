import Findings

/// The outcome of validating a set of files: per file, its tables, and every finding.
public struct ValidationReport: Sendable {
  /// A table found in a file.
  public struct Table: Sendable, Codable, Hashable {
    /// The form id.
    public var form: String
    /// The sheet (nil for CSV).
    public var sheet: String?
    /// The last header row.
    public var headerRow: Int
    /// How many data rows were read.
    public var rows: Int

    /// Creates a table entry.
    public init(form: String, sheet: String?, headerRow: Int, rows: Int) {
      self.form = form
      self.sheet = sheet
      self.headerRow = headerRow
      self.rows = rows
    }

    enum CodingKeys: String, CodingKey {
      case form, sheet, headerRow = "header_row", rows
    }
  }

  /// One file's result.
  public struct File: Sendable, Codable, Hashable {
    /// The path as given or found.
    public var path: String
    /// The submitting unit's code, when known.
    public var unit: String?
    /// The period, when known.
    public var period: String?
    /// The tables found.
    public var tables: [Table]

    /// Creates a file entry.
    public init(path: String, unit: String? = nil, period: String? = nil, tables: [Table] = []) {
      self.path = path
      self.unit = unit
      self.period = period
      self.tables = tables
    }
  }

  /// The files, in the order they were given or found.
  public var files: [File]
  /// Every finding.
  public var findings: [Finding]

  /// Creates a report.
  public init(files: [File] = [], findings: [Finding] = []) {
    self.files = files
    self.findings = findings
  }

  /// How many error findings there are.
  public var errorCount: Int { count(of: .error) }
  /// How many warning findings there are.
  public var warningCount: Int { count(of: .warning) }

  /// How many findings are of `severity`, read in place: a finding passed to a closure
  /// was copied, a dozen strings retained and released, each time it was counted.
  private func count(of severity: Severity) -> Int {
    var count = 0
    for index in findings.indices where findings[index].severity == severity { count += 1 }
    return count
  }
  /// How many data rows were read in all.
  public var rowCount: Int { files.flatMap(\.tables).map(\.rows).reduce(0, +) }

  /// Whether `file` has no error finding.
  public func isValid(_ path: String) -> Bool {
    !findings.contains { $0.file == path && $0.severity == .error }
  }

  /// Whether the whole set passes: no errors, and no warnings when `strict`.
  public func passes(strict: Bool) -> Bool { errorCount == 0 && (!strict || warningCount == 0) }
}
