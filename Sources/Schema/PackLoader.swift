import Foundation

/// Reads a pack folder strictly: every key known, every reference resolved, every
/// mistake a ``SchemaError`` at its place.
struct PackLoader {
  let folder: URL

  func load() throws -> Pack {
    let root = try YAMLValue.load(folder.appendingPathComponent("pack.yaml"))
    let entries = try root.mapping(allowed: ["id", "title", "forms", "vocabularies", "units", "consolidate"])
    guard let id = entries["id"] else { throw root.error("the pack needs an 'id'") }
    var vocabularies: [String: Vocabulary] = [:]
    for file in try entries["vocabularies"]?.strings() ?? [] {
      for vocabulary in try loadVocabularies(folder.appendingPathComponent(file)) {
        vocabularies[vocabulary.id] = vocabulary
      }
    }
    var unitLists: [String: UnitList] = [:]
    for file in try entries["units"]?.strings() ?? [] {
      let list = try loadUnits(folder.appendingPathComponent(file))
      unitLists[list.id] = list
    }
    var forms: [Form] = []
    for file in try entries["forms"]?.strings() ?? [] {
      forms.append(try loadForm(folder.appendingPathComponent(file), vocabularies: vocabularies))
    }
    var pack = Pack(
      id: try id.string(), title: try entries["title"]?.string() ?? "", forms: forms, vocabularies: vocabularies,
      unitLists: unitLists)
    if let file = try entries["consolidate"]?.string() {
      pack.consolidation = try loadConsolidation(folder.appendingPathComponent(file), forms: forms)
    }
    return pack
  }

  func loadVocabularies(_ url: URL) throws -> [Vocabulary] {
    let root = try YAMLValue.load(url)
    guard let mapping = root.node.mapping else { throw root.error("expected vocabularies by id") }
    return try mapping.map { key, value in
      let id = YAMLValue(node: key, file: url.path)
      let entries = try YAMLValue(node: value, file: url.path).list().map { entry in
        let fields = try entry.mapping(allowed: ["value", "synonyms"])
        guard let canonical = fields["value"] else { throw entry.error("a vocabulary entry needs a 'value'") }
        return (canonical: try canonical.string(), synonyms: try fields["synonyms"]?.strings() ?? [])
      }
      return Vocabulary(id: try id.string(), values: entries)
    }
  }

  func loadUnits(_ url: URL) throws -> UnitList {
    let root = try YAMLValue.load(url)
    let fields = try root.mapping(allowed: ["id", "province_code", "province", "valid_from", "valid_to", "units"])
    guard let id = fields["id"], let code = fields["province_code"], let units = fields["units"] else {
      throw root.error("a unit list needs 'id', 'province_code' and 'units'")
    }
    var seen: Set<String> = []
    let list = try units.list().map { unit in
      let entry = try unit.mapping(allowed: ["code", "name", "aliases"])
      guard let code = entry["code"], let name = entry["name"] else {
        throw unit.error("a unit needs 'code' and 'name'")
      }
      let text = try code.string()
      guard seen.insert(text).inserted else { throw code.error("the unit code \(text) appears twice") }
      return SubmittingUnit(code: text, name: try name.string(), aliases: try entry["aliases"]?.strings() ?? [])
    }
    return UnitList(
      id: try id.string(), provinceCode: try code.string(), provinceName: try fields["province"]?.string() ?? "",
      validFrom: try fields["valid_from"]?.string(), validTo: try fields["valid_to"]?.string(), units: list)
  }

  func loadForm(_ url: URL, vocabularies: [String: Vocabulary]) throws -> Form {
    let root = try YAMLValue.load(url)
    let fields = try root.mapping(allowed: ["id", "title", "columns", "rules", "indicators"])
    guard let id = fields["id"], let columnsNode = fields["columns"] else {
      throw root.error("a form needs 'id' and 'columns'")
    }
    var columns: [FormColumn] = []
    for node in try columnsNode.list() {
      let column = try loadColumn(node, vocabularies: vocabularies)
      guard !columns.contains(where: { $0.spec.id == column.spec.id }) else {
        throw node.error("the column id '\(column.spec.id)' appears twice")
      }
      columns.append(column)
    }
    let indicators = try fields["indicators"]?.list().map { node in
      let entry = try node.mapping(allowed: ["id", "labels", "unit"])
      guard let id = entry["id"], let labels = entry["labels"] else {
        throw node.error("an indicator needs 'id' and 'labels'")
      }
      return Indicator(id: try id.string(), labels: try labels.strings(), unit: try entry["unit"]?.string())
    }
    let fieldIDs = Set(columns.map(\.spec.id) + (indicators ?? []).map(\.id))
    let rules = try fields["rules"]?.list().map { try loadRule($0, fields: fieldIDs) } ?? []
    return Form(
      id: try id.string(), title: try fields["title"]?.string() ?? "", columns: columns, rules: rules,
      indicators: indicators ?? [])
  }

  func loadColumn(_ node: YAMLValue, vocabularies: [String: Vocabulary]) throws -> FormColumn {
    let fields = try node.mapping(allowed: [
      "id", "labels", "type", "unit", "required", "minimum", "maximum", "pattern", "unique", "vocabulary", "total",
    ])
    guard let id = fields["id"], let labels = fields["labels"] else {
      throw node.error("a column needs 'id' and 'labels'")
    }
    var type = ColumnType.text
    if let typeNode = fields["type"] {
      let text = try typeNode.string()
      guard let parsed = ColumnType(rawValue: text) else {
        throw typeNode.error(
          "unknown column type '\(text)'; expected one of \(ColumnType.allCases.map(\.rawValue).joined(separator: ", "))"
        )
      }
      type = parsed
    }
    var constraints = ColumnConstraints()
    constraints.required = try fields["required"]?.bool() ?? false
    constraints.minimum = try fields["minimum"]?.number()
    constraints.maximum = try fields["maximum"]?.number()
    if let patternNode = fields["pattern"] {
      let pattern = try patternNode.string()
      guard TextPattern.isValid(pattern) else {
        throw patternNode.error("'\(pattern)' is not a valid regular expression")
      }
      constraints.pattern = pattern
    }
    if let total = fields["total"] {
      switch try total.string() {
      case "sum": constraints.summedInTotals = true
      case "none": constraints.summedInTotals = false
      case let other: throw total.error("unknown total '\(other)'; expected sum or none")
      }
    }
    if let unique = fields["unique"] {
      switch try unique.string() {
      case "file", "true": constraints.uniqueInFile = true
      case "across-files": constraints.uniqueAcrossFiles = true
      case "false": break
      case let other: throw unique.error("unknown uniqueness '\(other)'; expected file or across-files")
      }
    }
    var vocabulary: String?
    if let vocabularyNode = fields["vocabulary"] {
      let name = try vocabularyNode.string()
      guard vocabularies[name] != nil else {
        throw vocabularyNode.error(
          "unknown vocabulary '\(name)'; the pack has \(vocabularies.keys.sorted().joined(separator: ", "))")
      }
      vocabulary = name
    } else if type == .enum {
      throw node.error("an enum column needs a 'vocabulary'")
    }
    return FormColumn(
      spec: ColumnSpec(id: try id.string(), labels: try labels.strings(), required: constraints.required), type: type,
      unit: try fields["unit"]?.string(), constraints: constraints, vocabulary: vocabulary)
  }

  static let placeholders: Set<String> = ["value", "field", "row", "cell", "unit", "period", "expected", "actual"]

  func loadRule(_ node: YAMLValue, fields: Set<String>) throws -> RuleSpec {
    let entry = try node.mapping(allowed: [
      "id", "severity", "scope", "when", "check", "message", "valid_from", "valid_to",
    ])
    guard let id = entry["id"], let check = entry["check"] else { throw node.error("a rule needs 'id' and 'check'") }
    let severity = try entry["severity"]?.string() ?? "error"
    guard ["error", "warning", "info"].contains(severity) else {
      throw (entry["severity"] ?? node).error("unknown severity '\(severity)'; expected error, warning or info")
    }
    let scope = try entry["scope"]?.string() ?? "row"
    guard ["row", "table", "folder"].contains(scope) else {
      throw (entry["scope"] ?? node).error("unknown scope '\(scope)'; expected row, table or folder")
    }
    var messages: [String: String] = [:]
    if let messageNode = entry["message"] {
      for (language, text) in try messageNode.mapping(allowed: ["vi", "en"]) {
        let message = try text.string()
        for name in Self.placeholderNames(in: message) where !fields.contains(name) && !Self.placeholders.contains(name)
        {
          throw text.error("the placeholder {\(name)} names no field of the form")
        }
        messages[language] = message
      }
    }
    return RuleSpec(
      id: try id.string(), severity: severity, scope: scope, when: try entry["when"]?.string(),
      check: try check.string(), messages: messages, validFrom: try entry["valid_from"]?.string(),
      validTo: try entry["valid_to"]?.string(), location: check.location)
  }

  static func placeholderNames(in message: String) -> [String] {
    var names: [String] = []
    var rest = message[...]
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
      names.append(String(rest[rest.index(after: open)..<close]))
      rest = rest[rest.index(after: close)...]
    }
    return names
  }
}
