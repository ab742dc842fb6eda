import Foundation
import SheetIO

/// Where a form's table sits in a sheet: its header rows, column mapping and data rows.
public struct LocatedTable: Sendable, Hashable {
  /// A form column found in the sheet.
  public struct Match: Sendable, Hashable {
    /// The sheet column, from 1.
    public var column: Int
    /// The header text as the sheet has it (`Parent > Child` for merged headers).
    public var header: String
    /// The form label it matched.
    public var label: String
    /// The unit the header names, if any.
    public var unit: String?
    /// The row of units ``unit`` was read from, when the header's own text names none.
    public var unitRow: Int?
  }

  /// The first and last header rows.
  public var headerRows: ClosedRange<Int>
  /// The row of column numbers such as `(1) (2) (3)`, if there is one.
  public var columnNumberRow: Int?
  /// The first row that may hold data.
  public var firstDataRow: Int
  /// The form columns found, by field id.
  public var matches: [String: Match]
  /// Header columns that belong to no form column, with their text.
  public var extraColumns: [Int: String]
  /// Form columns that were not found.
  public var missingColumns: [String]
  /// Header columns whose label repeats a form column already matched to an earlier
  /// column, with that field id; they are not read.
  public var duplicateColumns: [Int: String] = [:]
  /// The row of units under the header ("người", "triệu đồng"), if there is one.
  public var unitRow: Int?
}

/// Finds a form's table in the first rows of a sheet by matching its column labels.
///
/// Tries each row as the start of a one- to three-row header. A header cell left blank
/// to the right of a parent (a merged "Lao động" over "Tổng số" | "Trong đó: thành
/// viên") takes the parent's text when a header row below has text there (the parent may
/// be two rows tall), so merged headers read alike with or without merge information
/// (CSV has none). The candidate that
/// matches the most form columns wins; ties go to the earlier, shallower header.
public struct TableLocator: Sendable {
  /// The form to find.
  public let table: TableSpec
  /// How many leading rows to search. The default is 40.
  public var searchRows = 40
  /// The fewest matched columns that make a header. The default is 3.
  public var minimumMatches = 3

  private let labelKeys: [(id: String, key: String, label: String)]
  let requiredIDs: Set<String>
  /// Every label's key and the keys of its `Parent > Child` parts.
  private let partKeys: Set<String>
  /// Keys long enough to match a header that goes on with more words, by their first
  /// word (see ``isLabelLike(_:)``).
  private let longKeys: [Substring: [String]]
  /// Labels with a year in them, written `N` ("TH năm N"): the key's words before and
  /// after it, matched by a header with a year there ("TH năm 2017").
  private let yearLabels: [(id: String, before: String, after: String, label: String)]
  /// A column's other names, by key, with the parent its `Parent > Child` labels have:
  /// "Số lao động" stands for the "Lao động" of "Lao động > Trong đó: thành viên".
  private let parentAliases: [String: String]
  /// The first words of the labels' keys (``labelsByFirstWord``'s keys).
  private let firstWords: Set<String>
  /// The keys and child keys of the headers seen, shared by the locator's copies: every
  /// candidate header of a sheet's head asks for them, over and over.
  private let keysByHeader = TextMemo<[String]>()
  private let childKeys = TextMemo<String>()
  /// The folded words of each column's labels, by field id.
  private let ownWords: [String: Set<Substring>]
  /// The indices of ``labelKeys`` by key, in order: a header's key finds its labels
  /// without comparing it with every label.
  private let labelsByKey: [String: [Int]]
  /// The indices of ``labelKeys`` by the key's first word, in order: the labels a header
  /// that goes on with more words may start with.
  private let labelsByFirstWord: [Substring: [Int]]

  /// Creates a locator for `table`.
  public init(table: TableSpec) {
    self.table = table
    requiredIDs = Set(table.columns.filter(\.required).map(\.id))
    // A label such as "Lãi (lỗ)" is keyed whole as well as without its parenthesis.
    labelKeys = table.columns.flatMap { column in
      column.labels.flatMap { label in
        Set([LabelFolding.key(HeaderLabel(label).label), LabelFolding.key(label)]).sorted().map {
          (column.id, $0, label)
        }
      }
    }
    var parts: Set<String> = []
    for entry in labelKeys {
      parts.insert(entry.key)
      for part in entry.label.split(separator: ">", omittingEmptySubsequences: false) {
        parts.insert(LabelFolding.key(HeaderLabel(String(part)).label))
      }
    }
    partKeys = parts
    longKeys = Dictionary(grouping: labelKeys.map(\.key).filter { $0.count >= 8 }, by: { Self.firstWord(of: $0) })
    yearLabels = table.columns.flatMap { column in
      column.labels.compactMap { label -> (String, String, String, String)? in
        // Most labels hold no "N" at all: they are not split into words.
        guard label.utf8.contains(0x4E) else { return nil }
        let words = label.split(separator: " ")
        guard let index = words.firstIndex(of: "N") else { return nil }
        let before = LabelFolding.key(words[..<index].joined(separator: " "))
        let after = LabelFolding.key(words[(index + 1)...].joined(separator: " "))
        return (column.id, before, after, label)
      }
    }
    var aliases: [String: String] = [:]
    for column in table.columns {
      // ">" found in bytes: Foundation's search costs thousands of instructions a label.
      let parents = column.labels.compactMap { label in
        label.utf8.contains(0x3E)
          ? label.split(separator: ">", omittingEmptySubsequences: false).first.map {
            HeaderLabel(String($0)).label
          } : nil
      }
      guard let parent = parents.first else { continue }
      for label in column.labels where !label.utf8.contains(0x3E) {
        let key = LabelFolding.key(HeaderLabel(label).label)
        if key != LabelFolding.key(parent) && aliases[key] == nil { aliases[key] = parent }
      }
    }
    parentAliases = aliases
    ownWords = Dictionary(grouping: labelKeys, by: \.id).mapValues { LabelTail.ownWords(ofLabelKeys: $0.map(\.key)) }
    let keys = labelKeys.map(\.key)
    labelsByKey = Dictionary(grouping: keys.indices, by: { keys[$0] })
    labelsByFirstWord = Dictionary(grouping: keys.indices, by: { Self.firstWord(of: keys[$0]) })
    firstWords = Set(keys.map { String(Self.firstWord(of: $0)) })
  }

  /// The first word of a folded key.
  static func firstWord(of key: String) -> Substring {
    key.utf8.firstIndex(of: 0x20).map { key[..<$0] } ?? Substring(key)
  }

  /// The parts of a composed header "Parent > Child", split without Foundation.
  static func parts(of header: String) -> [String] {
    let utf8 = header.utf8
    guard utf8.contains(0x3E) else { return [header] }
    var parts: [String] = []
    var start = utf8.startIndex
    var index = utf8.startIndex
    // " > " in bytes; its three bytes are ASCII, so the cuts fall between characters.
    while index < utf8.endIndex {
      let next = utf8.index(after: index)
      if utf8[index] == 0x20, next < utf8.endIndex, utf8[next] == 0x3E {
        let after = utf8.index(after: next)
        if after < utf8.endIndex, utf8[after] == 0x20 {
          parts.append(String(header[start..<index]))
          start = utf8.index(after: after)
          index = start
          continue
        }
      }
      index = next
    }
    parts.append(String(header[start...]))
    return parts
  }

  /// The keys a composed header may match, best first: each part without the unit it
  /// names ("Lao động (người) > Tổng số" as "Lao động > Tổng số"), the header whole,
  /// with its parent named as the form's labels name it ("Số lao động > Tổng số"), and
  /// with two neighbouring parts read as one.
  func keys(of header: String) -> [String] {
    // Looked up before the keys are made: a closure over `makeKeys` would copy the
    // locator at every call.
    keysByHeader.known(header) ?? keysByHeader.remember(makeKeys(of: header), for: header)
  }

  /// Whether a composed header could match a label at any closeness: a key of it is a
  /// label's, or its child's is, or its first word starts a label, or it names a year for a
  /// label written with one. A header that could not is not counted towards a candidate's
  /// best score.
  private func mayMatch(_ header: String) -> Bool {
    let keys: [String]
    if let known = keysByHeader.known(header) {
      keys = known
    } else {
      guard mayStartALabel(header) else { return false }
      keys = keysByHeader.remember(makeKeys(of: header), for: header)
    }
    guard let key = keys.first else { return false }
    return keys.contains { labelsByKey[$0] != nil } || labelsByKey[childKey(of: header)] != nil
      || labelsByFirstWord[Self.firstWord(of: key)] != nil || !yearLabels.isEmpty && Self.hasFourDigits(key)
  }

  /// A necessary condition for ``mayMatch(_:)``, told from first words before a header's
  /// keys are made (most candidate headers of a sheet's head are its data rows): each key
  /// a header could match by starts with the first word of its first part's label, of its
  /// whole label or of its child's label (the key to a parent alias starts as the first
  /// part's, an alias being another label of the column), and a year is four digits of
  /// the header's. A text with no byte that could set a unit apart is its own label, and
  /// is folded as it is.
  private func mayStartALabel(_ header: String) -> Bool {
    // One pass over the bytes: its digits, its first and last `>`, and where a unit may be.
    var (digits, firstGreater, lastGreater) = (0, -1, -1)
    var (hasUnit, unitBeforeFirst, unitAfterLast) = (false, false, false)
    var offset = 0
    for byte in header.utf8 {
      if byte == 0x3E {
        if firstGreater < 0 { firstGreater = offset }
        lastGreater = offset
        unitAfterLast = false
      } else if HeaderLabel.mayIntroduceAUnit(byte) {
        hasUnit = true
        if firstGreater < 0 { unitBeforeFirst = true }
        unitAfterLast = true
      } else if byte >= 0x30 && byte <= 0x39 {
        digits += 1
      }
      offset += 1
    }
    if !yearLabels.isEmpty && digits >= 4 { return true }
    // Whether `word` could start a key of a label; a label folding to nothing, or past the
    // fast table, leaves the keys unknown.
    func mayStart(_ word: String?) -> Bool {
      guard let word, !word.isEmpty, word != ">" else { return true }
      return firstWords.contains(word)
    }
    // The first part: its first word ends by its first `>`, where no unit reaches back.
    let first = unitBeforeFirst ? Self.parts(of: header).first.map { HeaderLabel($0).label } ?? header : nil
    if mayStart(LabelFolding.firstWord(first.map { $0[...] } ?? header[...])) { return true }
    // The whole header's label, when a unit could be cut from it.
    if hasUnit && mayStart(LabelFolding.firstWord(HeaderLabel(header).label[...])) { return true }
    // The child's, past the last `>`.
    guard lastGreater >= 0 else { return false }
    let child = header[header.utf8.index(header.utf8.startIndex, offsetBy: lastGreater + 1)...]
    guard unitAfterLast else { return mayStart(LabelFolding.firstWord(child)) }
    return mayStart(LabelFolding.firstWord(HeaderLabel(String(child)).label[...]))
  }

  /// The key of the last part of a composed header (its child), worked out once a header:
  /// every candidate header of a sheet's head asks for it at each closeness tried.
  private func childKey(of header: String) -> String {
    childKeys.value(for: header) { header in
      let child = header.utf8.lastIndex(of: 0x3E).map { String(header[header.utf8.index(after: $0)...]) } ?? header
      return LabelFolding.key(HeaderLabel(child).label)
    }
  }

  /// ``keys(of:)`` worked out.
  private func makeKeys(of header: String) -> [String] {
    let parts = Self.parts(of: header).map { HeaderLabel($0).label }
    var keys = [LabelFolding.key(parts.joined(separator: " > ")), LabelFolding.key(HeaderLabel(header).label)]
    if parts.count > 1, let parent = parentAliases[LabelFolding.key(parts[0])] {
      keys.append(LabelFolding.key(([parent] + parts.dropFirst()).joined(separator: " > ")))
    }
    // A child split over two rows: "Lao động > Trong đó > thành viên" is "Lao động >
    // Trong đó: thành viên".
    for index in parts.indices.dropFirst() where parts.count > 2 {
      var joined = parts
      joined[index - 1] += " " + joined.remove(at: index)
      keys.append(LabelFolding.key(joined.joined(separator: " > ")))
    }
    var seen: Set<String> = []
    return keys.filter { seen.insert($0).inserted }
  }

  /// Whether a cell's text is, or is part of, one of the form's labels; a header's top
  /// rows hold such cells, title and data rows seldom do.
  func isLabelLike(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first(where: { !Self.isWhitespace($0) }), Self.isAlphabetic(first)
    else { return false }
    let key = LabelFolding.key(HeaderLabel(text).label)
    // A key that starts with a label and a space shares the label's first word.
    return partKeys.contains(key) || longKeys[Self.firstWord(of: key)]?.contains { Self.starts(key, with: $0) } == true
  }

  /// Whether `scalar` is white space, an ASCII one told without a look-up of its properties.
  static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
    scalar.isASCII ? scalar == " " || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
  }

  /// Whether `scalar` is a letter, an ASCII one told without a look-up of its properties.
  static func isAlphabetic(_ scalar: Unicode.Scalar) -> Bool {
    scalar.isASCII ? (0x61...0x7A).contains(scalar.value | 0x20) : scalar.properties.isAlphabetic
  }

  /// Whether `grid` could hold the form's header: some cell of its first ``searchRows``
  /// rows is label-like. When none is, ``locate(in:merges:)`` finds nothing whatever the
  /// merged ranges, so a reader may stop after the head.
  public func mayLocate(in grid: [Int: [Int: String]]) -> Bool {
    grid.contains(where: holdsLabel)
  }

  /// The rows among the first ``searchRows`` of `grid` that hold a label-like cell: empty
  /// when the grid cannot hold the form's header (see ``mayLocate(in:)``).
  public func labelRows(in grid: [Int: [Int: String]]) -> Set<Int> {
    Set(grid.compactMap { holdsLabel($0, $1) ? $0 : nil })
  }

  /// Whether grid row `row`, holding `cells`, is among the first ``searchRows`` and holds a
  /// label-like cell.
  private func holdsLabel(_ row: Int, _ cells: [Int: String]) -> Bool {
    row <= searchRows && cells.values.contains(where: isLabelLike)
  }

  /// Locates the table in `grid`, the first rows of a sheet as text by row and column
  /// (1-based), using `merges` when the file has them; nil when no header matches.
  /// `labelRows`, when the caller has them already, are ``labelRows(in:)``.
  public func locate(in grid: [Int: [Int: String]], merges: [CellRange] = [], labelRows: Set<Int>? = nil)
    -> LocatedTable?
  {
    let rows = grid.keys.sorted().filter { $0 <= searchRows }
    let lastColumn = grid.values.flatMap(\.keys).max() ?? 0
    // Only rows holding a label, or right above one, can start a header.
    let labelRows = labelRows ?? self.labelRows(in: grid)
    // Every candidate header, in reading order, with the most its score could be: each of
    // its columns matched, exactly, and the header ending at the column numbers.
    var candidates: [(order: Int, rows: ClosedRange<Int>, headers: [Int: String], bound: Int)] = []
    for start in rows where labelRows.contains(start) || labelRows.contains(start + 1) {
      for depth in 1...3 {
        let headerRows = start...(start + depth - 1)
        let headers = composeHeaders(grid, rows: headerRows, lastColumn: lastColumn, merges: merges)
        let columns = min(headers.values.reduce(0) { $0 + (mayMatch($1) ? 1 : 0) }, table.columns.count)
        guard columns >= minimumMatches else { continue }
        candidates.append((candidates.count, headerRows, headers, columns * 1000 + 500 + columns))
      }
    }
    // The most promising are matched first; one that cannot beat the best so far is not
    // matched at all. A tie goes to the earlier, shallower header, as in reading order.
    var best: (score: Int, order: Int, table: LocatedTable)?
    var rowFacts = RowFacts()
    for candidate in candidates.sorted(by: { ($0.bound, $1.order) > ($1.bound, $0.order) }) {
      if let best, candidate.bound < best.score || candidate.bound == best.score && candidate.order > best.order {
        continue
      }
      let (located, exact) = match(candidate.headers, headerRows: candidate.rows, grid: grid, rowFacts: &rowFacts)
      // A list of codes (a hidden "DM" sheet of sectors and statuses) shares a few
      // labels with the form; a header must match two fifths of its columns, or all
      // of its required ones.
      let matched = located.matches.count
      guard matched >= minimumMatches,
        matched * 5 >= table.columns.count * 2 || requiredIDs.isSubset(of: located.matches.keys)
      else { continue }
      // More columns first; then a header that ends at the column-number row (blank
      // rows between aside), so a last header row holding one cell ("thành viên" under "Trong đó") is no data;
      // then more whose whole header (parent included) is a label, so a title line
      // above the header does not become every column's parent.
      let endsAtNumbers = located.columnNumberRow != nil ? 500 : 0
      let score = located.matches.count * 1000 + endsAtNumbers + exact
      if score > (best?.score ?? 0) || score == best?.score && candidate.order < (best?.order ?? 0) {
        best = (score, candidate.order, located)
      }
    }
    return best?.table
  }

  /// The header text of each column over `rows`, parents joined to children by ` > `.
  func composeHeaders(
    _ grid: [Int: [Int: String]], rows: ClosedRange<Int>, lastColumn: Int, merges: [CellRange]
  ) -> [Int: String] {
    var parts: [Int: [String]] = [:]
    for row in rows {
      var carried: String?
      for column in 1...max(lastColumn, 1) {
        var text = grid[row]?[column].map { TextTrimming.trimmed($0, TextTrimming.isWhitespaceOrNewline) } ?? ""
        if text.isEmpty, let merge = merges.first(where: { $0.contains(CellRef(row: row, column: column)) }) {
          text = grid[merge.first.row]?[merge.first.column] ?? ""
        } else if text.isEmpty, let parent = carried, row < rows.upperBound,
          (row + 1...rows.upperBound).contains(where: { !(grid[$0]?[column] ?? "").isEmpty })
        {
          text = parent
        }
        if !text.isEmpty {
          carried = grid[row]?[column]?.isEmpty == false ? text : carried
          if parts[column]?.last != text { parts[column, default: []].append(text) }
        } else {
          carried = nil
        }
      }
    }
    return parts.mapValues { $0.joined(separator: " > ") }
  }

  /// What the rows under a candidate header are, found once a grid: the candidates of one
  /// sheet's head look at the same few rows.
  struct RowFacts {
    var numberRows: [Int: Bool] = [:]
    var unitRows: [Int: [Int: String]?] = [:]

    /// Whether grid row `row`, holding `cells`, holds column numbers only.
    mutating func isColumnNumbers(_ row: Int, _ cells: [Int: String]) -> Bool {
      if let known = numberRows[row] { return known }
      let numbers = cells.values.allSatisfy(TableLocator.isColumnNumber)
      numberRows[row] = numbers
      return numbers
    }

    /// The units grid row `row`, holding `cells`, names, if it is a row of units.
    mutating func units(_ row: Int, _ cells: [Int: String]) -> [Int: String]? {
      if let known = unitRows[row] { return known }
      let units = UnitRow.units(in: cells)
      unitRows[row] = .some(units)
      return units
    }
  }

  /// The table a candidate header over `headerRows` makes, with how many of its columns
  /// matched a label whole; `rowFacts` keeps what the rows under candidates are.
  func match(
    _ headers: [Int: String], headerRows: ClosedRange<Int>, grid: [Int: [Int: String]], rowFacts: inout RowFacts
  )
    -> (LocatedTable, exactMatches: Int)
  {
    var exact = 0
    var matches: [String: LocatedTable.Match] = [:]
    var extra: [Int: String] = [:]
    var duplicates: [Int: String] = [:]
    // Closest matches first across the whole row: a column headed "Số thành viên" takes
    // the field before "Số thành viên mới kết nạp" left of it can.
    var matchedColumns: Set<Int> = []
    // Each header's keys, worked out once for every closeness tried.
    let headerKeys = headers.mapValues(keys(of:))
    for closeness in Closeness.allCases {
      for column in headers.keys.sorted() where !matchedColumns.contains(column) {
        guard let header = headers[column], let keys = headerKeys[column],
          let found = field(of: header, keys: keys, closeness, taken: { matches[$0] != nil })
        else { continue }
        if closeness == .whole { exact += 1 }
        // The unit the header's parts name, the child's first: "Kết quả SXKD (triệu
        // đồng) > Doanh thu" is in triệu đồng. "Lãi (lỗ)": a parenthesis the label itself
        // has is no unit.
        let own = HeaderLabel(found.label).unit.map(LabelFolding.key)
        let unit = Self.unit(of: header).flatMap { LabelFolding.key($0) == own ? nil : $0 }
        matches[found.id] = .init(column: column, header: header, label: found.label, unit: unit)
        matchedColumns.insert(column)
      }
    }
    for column in headers.keys.sorted() where !matchedColumns.contains(column) {
      guard let header = headers[column], let key = (headerKeys[column] ?? keys(of: header)).first else { continue }
      if let repeated = (labelsByKey[key] ?? []).lazy.map({ labelKeys[$0] }).first(where: { matches[$0.id] != nil }) {
        duplicates[column] = repeated.id
      } else if TableReader.unitLine(header) == nil {
        // A note "Đơn vị tính: triệu đồng" beside the header is no column.
        extra[column] = header
      }
    }
    // Columns of one field for several years ("Thực hiện năm 2016 | Ước TH 6 tháng năm
    // 2017"): the one for the title's year is read, else the year-less or latest one; the
    // others are another period's figures, not repeats.
    var titles: [String] {
      grid.filter { $0.key < headerRows.lowerBound }.sorted { $0.key < $1.key }.flatMap {
        $0.value.sorted { $0.key < $1.key }.map(\.value)
      }
    }
    var year: Int??
    // The field each column's header takes on its own, worked out once: every matched
    // field asks it of every extra and repeated column.
    var alone: [Int: String?] = [:]
    func fieldAlone(_ column: Int) -> String? {
      if let known = alone[column] { return known }
      let id = headers[column].flatMap { field(of: $0) { _ in false }?.id }
      alone[column] = .some(id)
      return id
    }
    for (id, chosen) in matches where !extra.isEmpty || !duplicates.isEmpty {
      let others = Set(extra.keys).union(duplicates.keys).sorted().filter { fieldAlone($0) == id }
      guard !others.isEmpty else { continue }
      if year == nil { year = .some(ReportingPeriod.detect(inTitles: titles).map(\.end.year)) }
      let year = year ?? nil
      func rank(_ header: String) -> Int {
        let stated = Self.year(in: header)
        if let year { return stated == year ? 2 : stated == nil ? 1 : 0 }
        return stated ?? Int.max
      }
      let best = others.reduce((chosen.column, rank(chosen.header))) { best, column in
        let score = rank(headers[column] ?? "")
        return score > best.1 ? (column, score) : best
      }
      let years = Set(([chosen.column] + others).map { Self.year(in: headers[$0] ?? "") })
      guard years.count > 1 else { continue }
      for column in [chosen.column] + others {
        duplicates[column] = nil
        extra[column] = column == best.0 ? nil : headers[column]
      }
      if best.0 != chosen.column, let header = headers[best.0], let found = field(of: header, taken: { _ in false }) {
        matches[id] = .init(column: best.0, header: header, label: found.label, unit: Self.unit(of: header))
      }
    }
    var firstData = headerRows.upperBound + 1
    var numberRow: Int?
    // The blank lower half of a vertically merged header may stand before the numbers.
    var probe = firstData
    while probe <= headerRows.upperBound + 2,
      (grid[probe] ?? [:]).values.allSatisfy({ TextTrimming.trimmed($0, TextTrimming.isWhitespace).isEmpty })
    {
      probe += 1
    }
    // A row of units and a row of column numbers, in either order, end the header.
    var unitRow: Int?
    while let next = grid[probe], !next.isEmpty {
      if numberRow == nil, rowFacts.isColumnNumbers(probe, next) {
        numberRow = probe
      } else if unitRow == nil, let units = rowFacts.units(probe, next) {
        unitRow = probe
        // A unit the header's own text names comes first.
        for (id, match) in matches where match.unit == nil {
          matches[id]?.unit = units[match.column]
          matches[id]?.unitRow = units[match.column] == nil ? nil : probe
        }
      } else {
        break
      }
      probe += 1
      firstData = probe
    }
    let missing = table.columns.map(\.id).filter { matches[$0] == nil }
    var table = LocatedTable(
      headerRows: headerRows, columnNumberRow: numberRow, firstDataRow: firstData, matches: matches,
      extraColumns: extra, missingColumns: missing)
    table.duplicateColumns = duplicates
    table.unitRow = unitRow
    return (table, exact)
  }

  /// How closely a header matches a form label, closest first.
  enum Closeness: CaseIterable {
    /// The header, or its parts without their units, is the label.
    case whole
    /// The last part of a `Parent > Child` header is the label.
    case child
    /// A long label followed by words that leave its meaning alone ("Ước TH 6 tháng đầu
    /// năm 2017" for "Ước TH 6 tháng"; see ``LabelTail``).
    case lead
    /// A label written with `N` for a year, the header having a year there.
    case year
    /// A long label followed by other words that do not make it another figure
    /// ("Vốn điều lệ đăng ký", "Ngày thành lập HTX", "Tình trạng hoạt động hiện nay"):
    /// taken only when no closer header holds the field.
    case qualified
  }

  /// The unit a composed header's parts name, the child's first.
  static func unit(of header: String) -> String? {
    parts(of: header).reversed().lazy.compactMap { HeaderLabel($0).unit }.first
  }

  /// The field a composed header matches most closely, with the label; `taken` tells
  /// the fields already matched.
  private func field(of header: String, taken: (String) -> Bool) -> (id: String, label: String)? {
    let keys = keys(of: header)
    for closeness in Closeness.allCases {
      if let found = field(of: header, keys: keys, closeness, taken: taken) { return found }
    }
    return nil
  }

  /// The field a composed header, whose ``keys(of:)`` are `keys`, matches as closely as
  /// `closeness`, with the label; `taken` tells the fields already matched.
  private func field(of header: String, keys: [String], _ closeness: Closeness, taken: (String) -> Bool) -> (
    id: String, label: String
  )? {
    guard let key = keys.first else { return nil }
    // The labels taken out of `self`: a closure that captured `self` copied the whole
    // locator, retaining each of its arrays, at every call.
    let labelKeys = labelKeys
    switch closeness {
    case .whole:
      for key in keys {
        if let whole = (labelsByKey[key] ?? []).lazy.map({ labelKeys[$0] }).first(where: { !taken($0.id) }) {
          return (whole.id, whole.label)
        }
      }
      return nil
    case .child:
      // The last part of a `Parent > Child` header.
      let childKey = childKey(of: header)
      return (labelsByKey[childKey] ?? []).lazy.map { labelKeys[$0] }.first {
        !taken($0.id) && !$0.key.utf8.contains(0x3E)
      }.map { ($0.id, $0.label) }
    case .lead:
      // A label the header starts with shares its first word.
      let ownWords = ownWords
      return (labelsByFirstWord[Self.firstWord(of: key)] ?? []).lazy.map { labelKeys[$0] }.first { entry in
        entry.key.utf8.count >= 8 && Self.starts(key, with: entry.key) && !taken(entry.id)
          && LabelTail.isNeutral(Self.tail(of: key, after: entry.key), ownWords: ownWords[entry.id] ?? [])
      }.map { ($0.id, $0.label) }
    case .year:
      // Only a header with four digits in a row can name a year.
      guard !yearLabels.isEmpty, Self.hasFourDigits(key) else { return nil }
      let yearLabels = yearLabels
      return yearLabels.first { !taken($0.id) && Self.hasYear(key, between: $0.before, and: $0.after) }.map {
        ($0.id, $0.label)
      }
    case .qualified:
      return (labelsByFirstWord[Self.firstWord(of: key)] ?? []).lazy.map { labelKeys[$0] }.first { entry in
        entry.key.utf8.count >= 8 && Self.starts(key, with: entry.key) && !taken(entry.id)
          && !LabelTail.changesMeaning(Self.tail(of: key, after: entry.key))
      }.map { ($0.id, $0.label) }
    }
  }

  /// The words of `key` after `label` and a space (``starts(_:with:)`` holds).
  static func tail(of key: String, after label: String) -> Substring {
    Substring(key.utf8.dropFirst(label.utf8.count + 1))
  }

  /// Whether `key` is `label` followed by a space and more, compared as bytes without
  /// building `label + " "` for every label of every header.
  static func starts(_ key: String, with label: String) -> Bool {
    let keyBytes = key.utf8
    let labelBytes = label.utf8
    guard keyBytes.count > labelBytes.count, keyBytes.starts(with: labelBytes) else { return false }
    return keyBytes[keyBytes.index(keyBytes.startIndex, offsetBy: labelBytes.count)] == 0x20
  }

  /// The year from 1900 to 2199 a header names, if one.
  static func year(in header: String) -> Int? {
    LabelFolding.key(header).split(separator: " ").compactMap { Int($0) }.last { (1900...2199).contains($0) }
  }

  /// Whether `key` holds four ASCII digits in a row.
  static func hasFourDigits(_ key: String) -> Bool {
    var run = 0
    for byte in key.utf8 {
      run = (0x30...0x39).contains(byte) ? run + 1 : 0
      if run == 4 { return true }
    }
    return false
  }

  /// Whether `key` is `before`, a year from 1900 to 2199, then `after`.
  static func hasYear(_ key: String, between before: String, and after: String) -> Bool {
    var words = key.split(separator: " ")[...]
    for word in before.split(separator: " ") {
      guard words.first == word else { return false }
      words = words.dropFirst()
    }
    guard let year = words.first.flatMap({ Int($0) }), (1900...2199).contains(year) else { return false }
    return words.dropFirst().joined(separator: " ") == after
  }

  /// Whether a cell of a column-number row: `(1)`, `3`, `A`, `(5)=(3)+(4)`.
  static func isColumnNumber(_ text: String) -> Bool {
    let trimmed = TextTrimming.trimmed(text, TextTrimming.isWhitespace)
    guard !trimmed.isEmpty, trimmed.count <= 16 else { return false }
    if trimmed.count == 1, let letter = trimmed.first, letter.isLetter, letter.isUppercase { return true }
    return trimmed.allSatisfy { $0.isNumber || "()=+-*/ ".contains($0) } && trimmed.contains(where: \.isNumber)
  }
}

extension TableLocator {
  /// Reads the head of a sheet (its first ``searchRows`` rows, as text) and its merged
  /// ranges, then locates the table there.
  ///
  /// This reads the sheet to its end, since merged ranges come last in a worksheet part.
  public func locate(in source: any SheetSource, sheet index: Int) throws -> LocatedTable? {
    var grid: [Int: [Int: String]] = [:]
    let limit = searchRows
    let summary = try source.readRows(sheet: index) { row in
      guard row.number <= limit else { return }
      for cell in 0..<row.count {
        let text = row.value(at: cell).description
        if !text.isEmpty { grid[row.number, default: [:]][row.column(at: cell)] = text }
      }
    }
    return locate(in: grid, merges: summary.mergedRanges)
  }
}
