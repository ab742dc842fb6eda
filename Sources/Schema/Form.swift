/// The type of a form column's values.
public enum ColumnType: String, Sendable, Codable, CaseIterable {
  case text, integer, decimal, date, `enum`
}

/// The checks a column's values must pass (SPEC §3).
public struct ColumnConstraints: Sendable, Hashable {
  /// An empty value is a `missing-value` error.
  public var required = false
  /// Whether a totals row holds this column's sum (`total: sum`, the default for numbers)
  /// or something else, such as an average or a row number (`total: none`).
  public var summedInTotals = true
  /// The smallest allowed number.
  public var minimum: Double?
  /// The largest allowed number.
  public var maximum: Double?
  /// A regular expression the text must match whole.
  public var pattern: String?
  /// Unique within one file.
  public var uniqueInFile = false
  /// Unique across all files of a period (a tax code in two units).
  public var uniqueAcrossFiles = false

  /// Creates constraints; every check is off unless given.
  public init(
    required: Bool = false, minimum: Double? = nil, maximum: Double? = nil, pattern: String? = nil,
    uniqueInFile: Bool = false, uniqueAcrossFiles: Bool = false
  ) {
    self.required = required
    self.minimum = minimum
    self.maximum = maximum
    self.pattern = pattern
    self.uniqueInFile = uniqueInFile
    self.uniqueAcrossFiles = uniqueAcrossFiles
  }
}

/// A vocabulary: canonical values and the synonyms offices write for them.
public struct Vocabulary: Sendable, Hashable {
  /// The vocabulary's id, such as `status`.
  public var id: String
  /// Canonical value → synonyms.
  public var values: [(canonical: String, synonyms: [String])] {
    get { entries.map { ($0.canonical, $0.synonyms) } }
    set {
      entries = newValue.map { Entry(canonical: $0.canonical, synonyms: $0.synonyms) }
      canonicalByKey = Self.index(entries)
    }
  }

  private struct Entry: Sendable, Hashable {
    var canonical: String
    var synonyms: [String]
  }

  private var entries: [Entry]
  /// The folded key of every canonical value and synonym → its canonical value; the
  /// first entry wins when two entries share a key, as a search in order would.
  private var canonicalByKey: [String: String]

  /// Creates a vocabulary.
  public init(id: String, values: [(canonical: String, synonyms: [String])]) {
    self.id = id
    entries = values.map { Entry(canonical: $0.canonical, synonyms: $0.synonyms) }
    canonicalByKey = Self.index(entries)
  }

  private static func index(_ entries: [Entry]) -> [String: String] {
    var index: [String: String] = [:]
    for entry in entries {
      for text in [entry.canonical] + entry.synonyms {
        let key = LabelFolding.key(text)
        if index[key] == nil { index[key] = entry.canonical }
      }
    }
    return index
  }

  /// The canonical value `text` stands for (folded comparison), or nil.
  public func canonical(for text: String) -> String? {
    canonicalByKey[LabelFolding.key(text)]
  }

  public static func == (lhs: Vocabulary, rhs: Vocabulary) -> Bool {
    lhs.id == rhs.id && lhs.entries == rhs.entries
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(id)
    hasher.combine(entries)
  }
}

/// A column of a form with its type, unit and constraints.
public struct FormColumn: Sendable, Hashable {
  /// Id and labels, as the locator uses them.
  public var spec: ColumnSpec
  /// The values' type.
  public var type: ColumnType
  /// The unit numbers are held in, such as `triệu đồng`.
  public var unit: String?
  /// The checks.
  public var constraints: ColumnConstraints
  /// The vocabulary of an `enum` column.
  public var vocabulary: String?

  /// Creates a column.
  public init(
    spec: ColumnSpec, type: ColumnType, unit: String? = nil, constraints: ColumnConstraints = .init(),
    vocabulary: String? = nil
  ) {
    self.spec = spec
    self.type = type
    self.unit = unit
    self.constraints = constraints
    self.vocabulary = vocabulary
  }
}

/// Where a piece of a schema file came from, for error messages.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
  /// The schema file.
  public var file: String
  /// The line, from 1.
  public var line: Int
  /// The column, from 1.
  public var column: Int

  /// Creates a location.
  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  public var description: String { "\(file):\(line):\(column)" }
}

/// A rule as the schema file states it; the Rules module parses its expressions.
public struct RuleSpec: Sendable, Hashable {
  /// The rule id, such as `member-labour-le-members`.
  public var id: String
  /// `error`, `warning` or `info`.
  public var severity: String
  /// `row`, `table` or `folder`.
  public var scope: String
  /// The guard expression, if any.
  public var when: String?
  /// The check expression.
  public var check: String
  /// Messages by language (`vi`, `en`) with `{field}` placeholders.
  public var messages: [String: String]
  /// The first and last day of periods the rule applies to (ISO dates), if limited.
  public var validFrom: String?
  public var validTo: String?
  /// Where `check` starts in the schema file.
  public var location: SourceLocation

  /// Creates a rule.
  public init(
    id: String, severity: String, scope: String, when: String? = nil, check: String,
    messages: [String: String], validFrom: String? = nil, validTo: String? = nil, location: SourceLocation
  ) {
    self.id = id
    self.severity = severity
    self.scope = scope
    self.when = when
    self.check = check
    self.messages = messages
    self.validFrom = validFrom
    self.validTo = validTo
    self.location = location
  }
}

/// A row of a vertical indicator table, such as `htx_total` "Tổng số hợp tác xã".
public struct Indicator: Sendable, Hashable {
  /// The indicator id.
  public var id: String
  /// The labels offices give the row.
  public var labels: [String]
  /// The unit its value is compared in (money, such as `triệu đồng`); a row stating
  /// another in its unit column or label is converted.
  public var unit: String?

  /// Creates an indicator.
  public init(id: String, labels: [String], unit: String? = nil) {
    self.id = id
    self.labels = labels
    self.unit = unit
  }
}

/// One table form of a pack: its columns and rules.
public struct Form: Sendable, Hashable {
  /// The form id, such as `htx-list`.
  public var id: String
  /// The form's title, for people.
  public var title: String
  /// The columns.
  public var columns: [FormColumn]
  /// The rules.
  public var rules: [RuleSpec]
  /// The rows of a vertical indicator table (empty for a table of records).
  public var indicators: [Indicator]

  /// Creates a form.
  public init(
    id: String, title: String, columns: [FormColumn], rules: [RuleSpec] = [], indicators: [Indicator] = []
  ) {
    self.id = id
    self.title = title
    self.columns = columns
    self.rules = rules
    self.indicators = indicators
  }

  /// The columns as the locator needs them.
  public var table: TableSpec { TableSpec(id: id, columns: columns.map(\.spec)) }
}
