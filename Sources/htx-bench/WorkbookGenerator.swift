import SheetIO

/// Writes the district return as a minimal XLSX package, the way Excel and xlsxwriter lay
/// out the parts: `<dimension>`, `<row r= spans=>`, `<c r= s= t=>`, merged title cells,
/// and the shared-string table after the sheet.
struct WorkbookGenerator {
  /// How text cells are stored.
  enum Strings {
    /// `t="s"` cells indexing `xl/sharedStrings.xml`, in order of first appearance.
    case shared
    /// `t="inlineStr"` cells holding their text.
    case inline
  }

  let rows: Int
  let strings: Strings

  /// Writes the workbook to `path` and returns the size of its sheet XML.
  func write(to path: String) throws -> Int64 {
    var options = ZipWriter.Options()
    options.synchronizesBeforeRename = false
    let zip = try ZipWriter(path: path, options: options)
    try zip.addEntry(name: "[Content_Types].xml", text: Self.contentTypes(strings))
    try zip.addEntry(name: "_rels/.rels", text: Self.rootRelationships)
    try zip.addEntry(name: "xl/workbook.xml", text: Self.workbook)
    try zip.addEntry(name: "xl/_rels/workbook.xml.rels", text: Self.relationships(strings))
    try zip.beginEntry(name: "xl/worksheets/sheet1.xml")
    var sheet = SheetWriter(strings: strings, rows: rows)
    try sheet.writeSheet(to: zip)
    try zip.endEntry()
    try zip.addEntry(name: "xl/styles.xml", text: Self.styles)
    if strings == .shared {
      try zip.beginEntry(name: "xl/sharedStrings.xml")
      try zip.write(
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
          + #"<sst xmlns="\#(Self.mainNamespace)" count="\#(sheet.sharedReferences)" "#
          + #"uniqueCount="\#(sheet.sharedUnique)">"#)
      try sheet.sharedStrings.drain { try zip.write($0) }
      try zip.write("</sst>")
      try zip.endEntry()
    }
    try zip.finish()
    return sheet.sink.totalCount
  }

  static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  static let relationshipNamespace =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
  static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"

  static func contentTypes(_ strings: Strings) -> String {
    let type = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    var text =
      declaration
      + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
      + #"<Default Extension="rels" "#
      + #"ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
      + #"<Default Extension="xml" ContentType="application/xml"/>"#
      + #"<Override PartName="/xl/workbook.xml" ContentType="\#(type).sheet.main+xml"/>"#
      + #"<Override PartName="/xl/worksheets/sheet1.xml" "#
      + #"ContentType="\#(type).worksheet+xml"/>"#
      + #"<Override PartName="/xl/styles.xml" ContentType="\#(type).styles+xml"/>"#
    if strings == .shared {
      text +=
        #"<Override PartName="/xl/sharedStrings.xml" "#
        + #"ContentType="\#(type).sharedStrings+xml"/>"#
    }
    return text + "</Types>"
  }

  static let rootRelationships =
    declaration
    + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
    + #"<Relationship Id="rId1" Type="\#(relationshipNamespace)/officeDocument" "#
    + #"Target="xl/workbook.xml"/></Relationships>"#

  static let workbook =
    declaration
    + #"<workbook xmlns="\#(mainNamespace)" xmlns:r="\#(relationshipNamespace)">"#
    + #"<workbookPr/><bookViews><workbookView/></bookViews>"#
    + #"<sheets><sheet name="Biểu 01-HTX" sheetId="1" r:id="rId1"/></sheets></workbook>"#

  static func relationships(_ strings: Strings) -> String {
    var text =
      declaration
      + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
      + #"<Relationship Id="rId1" Type="\#(relationshipNamespace)/worksheet" "#
      + #"Target="worksheets/sheet1.xml"/>"#
      + #"<Relationship Id="rId2" Type="\#(relationshipNamespace)/styles" Target="styles.xml"/>"#
    if strings == .shared {
      text +=
        #"<Relationship Id="rId3" Type="\#(relationshipNamespace)/sharedStrings" "#
        + #"Target="sharedStrings.xml"/>"#
    }
    return text + "</Relationships>"
  }

  /// Styles: cellXfs 0 General, 1 the date format dd/mm/yyyy (numFmt 164), 2 `#,##0.00` (4).
  static let styles =
    declaration
    + #"<styleSheet xmlns="\#(mainNamespace)">"#
    + #"<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>"#
    + #"<fonts count="1"><font><sz val="11"/><name val="Times New Roman"/></font></fonts>"#
    + #"<fills count="2"><fill><patternFill patternType="none"/></fill>"#
    + #"<fill><patternFill patternType="gray125"/></fill></fills>"#
    + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
    + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>"#
    + #"</cellStyleXfs><cellXfs count="3">"#
    + #"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
    + #"<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
    + #"<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
    + #"</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>"#
    + #"</cellStyles></styleSheet>"#
}

/// Writes `xl/worksheets/sheet1.xml` row by row and, for shared strings, gathers the table.
private struct SheetWriter {
  let strings: WorkbookGenerator.Strings
  let rows: Int
  var sink = GeneratedText()
  /// The `<si>` elements, in index order (shared strings only).
  var sharedStrings = GeneratedText(threshold: 0)
  var sharedUnique = 0
  var sharedReferences = 0
  /// Shared-string index of each vocabulary value (communes, sectors, statuses, grades in
  /// turn), -1 until first used.
  var vocabularyIndex = [Int](
    repeating: -1,
    count: DistrictReturn.communes.count + DistrictReturn.sectors.count
      + DistrictReturn.statuses.count + DistrictReturn.grades.count)
  static let sectorSlot = DistrictReturn.communes.count
  static let statusSlot = sectorSlot + DistrictReturn.sectors.count
  static let gradeSlot = statusSlot + DistrictReturn.statuses.count
  /// Shared-string index of each name root's name, -1 until first used.
  var nameIndex: [Int32]
  /// The current row number's digits, for cell references.
  var rowDigits: [UInt8] = []

  let communes = DistrictReturn.communes.map { Array($0.utf8) }
  let sectors = DistrictReturn.sectors.map { Array($0.utf8) }
  let statuses = DistrictReturn.statuses.map { Array($0.utf8) }
  let grades = DistrictReturn.grades.map { Array($0.utf8) }
  static let letters = Array("ABCDEFGHIJKLMNO".utf8)

  init(strings: WorkbookGenerator.Strings, rows: Int) {
    self.strings = strings
    self.rows = rows
    nameIndex = strings == .shared ? [Int32](repeating: -1, count: rows + 1) : []
  }

  mutating func writeSheet(to zip: ZipWriter) throws {
    let lastRow = DistrictReturn.headerRow + rows
    sink.append(
      string: #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        + #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#
        + #"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        + #"<dimension ref="A1:O"#)
    sink.append(int: lastRow)
    sink.append(
      string: #""/><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>"#
        + #"<sheetFormatPr defaultRowHeight="15"/><cols>"#
        + #"<col min="1" max="1" width="6" customWidth="1"/>"#
        + #"<col min="2" max="2" width="48" customWidth="1"/>"#
        + #"<col min="3" max="15" width="14" customWidth="1"/></cols><sheetData>"#)
    for (offset, title) in DistrictReturn.titleRows.enumerated() {
      startRow(offset + 1, spans: "1:1")
      textCell(0, fixed: Array(title.utf8))
      sink.append("</row>")
    }
    startRow(DistrictReturn.headerRow, spans: "1:15")
    for (column, header) in DistrictReturn.headers.enumerated() {
      textCell(column, fixed: Array(header.utf8))
    }
    sink.append("</row>")
    for number in 1...max(rows, 1) where rows > 0 {
      writeRow(DistrictReturn.row(number))
      if sink.isFull { try sink.drain { try zip.write($0) } }
    }
    sink.append("</sheetData><mergeCells count=\"4\">")
    for row in 1...DistrictReturn.titleRows.count {
      sink.append("<mergeCell ref=\"A")
      sink.append(int: row)
      sink.append(":O")
      sink.append(int: row)
      sink.append("\"/>")
    }
    sink.append(
      string: #"</mergeCells><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" "#
        + #"header="0.3" footer="0.3"/></worksheet>"#)
    try sink.drain { try zip.write($0) }
  }

  mutating func writeRow(_ row: DistrictReturn.Row) {
    startRow(DistrictReturn.headerRow + row.number, spans: "1:15")
    numberCell(0) { $0.append(int: row.number) }
    // Tên HTX
    switch strings {
    case .shared:
      var index = Int(nameIndex[row.nameRoot])
      if index < 0 {
        sharedStrings.append("<si><t>")
        DistrictReturn.appendName(root: row.nameRoot, to: &sharedStrings)
        sharedStrings.append("</t></si>")
        index = sharedUnique
        sharedUnique += 1
        nameIndex[row.nameRoot] = Int32(index)
      }
      sharedCell(1, index: index)
    case .inline:
      startInline(1)
      DistrictReturn.appendName(root: row.nameRoot, to: &sink)
      sink.append("</t></is></c>")
    }
    // Mã số thuế: distinct per row.
    switch strings {
    case .shared:
      sharedStrings.append("<si><t>")
      DistrictReturn.appendTaxCode(row: row.number, to: &sharedStrings)
      sharedStrings.append("</t></si>")
      sharedUnique += 1
      sharedCell(2, index: sharedUnique - 1)
    case .inline:
      startInline(2)
      DistrictReturn.appendTaxCode(row: row.number, to: &sink)
      sink.append("</t></is></c>")
    }
    vocabularyCell(3, communes[row.commune], slot: row.commune)
    vocabularyCell(4, sectors[row.sector], slot: Self.sectorSlot + row.sector)
    numberCell(5, style: "1") { $0.append(int: row.founded) }
    vocabularyCell(6, statuses[row.status], slot: Self.statusSlot + row.status)
    numberCell(7) { $0.append(int: row.members) }
    numberCell(8) { $0.append(int: row.labour) }
    numberCell(9) { $0.append(int: row.memberLabour) }
    numberCell(10, style: "2") { $0.append(scaled: row.capitalTenths, places: 1) }
    numberCell(11, style: "2") { $0.append(scaled: row.revenueTenths, places: 1) }
    numberCell(12, style: "2") { $0.append(scaled: row.profitTenths, places: 1) }
    numberCell(13, style: "2") { $0.append(scaled: row.incomeHundredths, places: 2) }
    vocabularyCell(14, grades[row.grade], slot: Self.gradeSlot + row.grade)
    sink.append("</row>")
  }

  mutating func startRow(_ number: Int, spans: StaticString) {
    rowDigits.removeAll(keepingCapacity: true)
    var digits = GeneratedText(threshold: 0)
    digits.append(int: number)
    rowDigits.append(contentsOf: digits.bytes)
    sink.append("<row r=\"")
    sink.append(rowDigits)
    sink.append("\" spans=\"")
    sink.append(spans)
    sink.append("\">")
  }

  mutating func reference(_ column: Int) {
    sink.append("<c r=\"")
    sink.append(byte: Self.letters[column])
    sink.append(rowDigits)
    sink.append(byte: UInt8(ascii: "\""))
  }

  mutating func numberCell(
    _ column: Int, style: StaticString? = nil, value: (inout GeneratedText) -> Void
  ) {
    reference(column)
    if let style {
      sink.append(" s=\"")
      sink.append(style)
      sink.append(byte: UInt8(ascii: "\""))
    }
    sink.append("><v>")
    value(&sink)
    sink.append("</v></c>")
  }

  mutating func sharedCell(_ column: Int, index: Int) {
    reference(column)
    sink.append(" t=\"s\"><v>")
    sink.append(int: index)
    sink.append("</v></c>")
    sharedReferences += 1
  }

  mutating func startInline(_ column: Int) {
    reference(column)
    sink.append(" t=\"inlineStr\"><is><t>")
  }

  /// A text cell whose text is one of a few values, shared once in the table; a nil slot
  /// shares it anew.
  mutating func vocabularyCell(_ column: Int, _ text: [UInt8], slot: Int?) {
    switch strings {
    case .shared:
      var index = slot.map { vocabularyIndex[$0] } ?? -1
      if index < 0 {
        index = addShared(text)
        if let slot { vocabularyIndex[slot] = index }
      }
      sharedCell(column, index: index)
    case .inline:
      startInline(column)
      sink.append(text)
      sink.append("</t></is></c>")
    }
  }

  /// A title or header cell.
  mutating func textCell(_ column: Int, fixed text: [UInt8]) {
    vocabularyCell(column, text, slot: nil)
  }

  mutating func addShared(_ text: [UInt8]) -> Int {
    sharedStrings.append("<si><t>")
    sharedStrings.append(text)
    sharedStrings.append("</t></si>")
    sharedUnique += 1
    return sharedUnique - 1
  }
}

extension GeneratedText {
  /// Appends the UTF-8 bytes of `text`.
  mutating func append(string text: String) {
    var text = text
    text.withUTF8 { append(Array($0)) }
  }
}
