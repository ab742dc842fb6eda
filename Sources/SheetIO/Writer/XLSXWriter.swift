import Foundation

/// Writes an XLSX workbook: rows stream into each sheet part as they come and the
/// package is assembled around them, with shared strings, styles, a frozen header
/// row, an autofilter and column widths from content.
///
/// Column widths must precede the rows in a sheet part, so each sheet holds its
/// first ``widthSampleRows`` rows back, measures them, and streams the rest. Text is
/// always a shared string, so text that starts with `=`, `+`, `-` or `@` stays text
/// and never becomes a formula. The file appears only on ``finish()`` (atomically).
public final class XLSXWriter {
  /// A value to write in a cell.
  public enum Value: Sendable, Hashable {
    case empty
    case number(Double)
    case text(String)
    case bool(Bool)
    /// A calendar day.
    case date(year: Int, month: Int, day: Int)
  }

  /// How many leading rows of a sheet decide its column widths. The default is 200.
  public var widthSampleRows = 200
  /// How many distinct texts are shared; later new texts are written inline in their
  /// cells, so memory stays bounded however many rows come. The default is 65,536.
  public var sharedStringLimit = 65_536
  /// The application named as the workbook's writer (`fileVersion/@appName`), if any.
  public var application: String?

  private let zip: ZipWriter
  private var sheetNames: [String] = []
  private var strings: [String: Int] = [:]
  private var stringOrder: [String] = []
  private var pending: [(values: [Value], styles: [XLSXCellStyle])] = []
  private var openSheet: (name: String, freezeHeader: Bool, autofilter: Bool, rows: Int, columns: Int)?
  private var headerStarted = false
  private var buffer: [UInt8] = []

  /// Starts a workbook that will be written to `path` when finished.
  public init(path: String) throws {
    zip = try ZipWriter(path: path)
  }

  /// Starts a sheet; the previous one is closed. Names are trimmed to Excel's 31 characters.
  public func beginSheet(_ name: String, freezeHeader: Bool = true, autofilter: Bool = true) throws {
    try endSheet()
    var clean = String(name.filter { !"[]:*?/\\".contains($0) }.prefix(31))
    if clean.isEmpty { clean = "Sheet\(sheetNames.count + 1)" }
    var unique = clean
    var suffix = 2
    while sheetNames.contains(where: { $0.lowercased() == unique.lowercased() }) {
      unique = String(clean.prefix(28)) + " \(suffix)"
      suffix += 1
    }
    sheetNames.append(unique)
    openSheet = (unique, freezeHeader, autofilter, 0, 0)
    headerStarted = false
    pending.removeAll()
  }

  /// Adds a row to the open sheet; `styles` gives each cell's style (plain if missing).
  public func addRow(_ values: [Value], styles: [XLSXCellStyle] = []) throws {
    if openSheet == nil { try beginSheet("Sheet\(sheetNames.count + 1)") }
    if !headerStarted {
      pending.append((values, styles))
      if pending.count >= widthSampleRows { try startSheetPart() }
      return
    }
    try writeRow(values, styles: styles)
  }

  private func startSheetPart() throws {
    guard let sheet = openSheet else { return }
    headerStarted = true
    try zip.beginEntry(name: "xl/worksheets/sheet\(sheetNames.count).xml")
    var widths: [Int: Int] = [:]
    for row in pending {
      for (index, value) in row.values.enumerated() {
        let length: Int
        switch value {
        case .empty: length = 0
        case .text(let text): length = text.split(separator: "\n").map(\.count).max() ?? 0
        case .number(let number): length = NumberText.ecmaScript(number).count + 3
        case .bool: length = 5
        case .date: length = 10
        }
        widths[index + 1] = max(widths[index + 1] ?? 0, length)
      }
    }
    var xml =
      #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
      + #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#
      + #"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
    if sheet.freezeHeader {
      xml +=
        #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
        + #"<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>"#
    }
    if !widths.isEmpty {
      xml += "<cols>"
      for column in widths.keys.sorted() {
        let width = min(max(Double(widths[column] ?? 0) * 1.1 + 2, 6), 60)
        xml += #"<col min="\#(column)" max="\#(column)" width="\#(String(format: "%.1f", width))" customWidth="1"/>"#
      }
      xml += "</cols>"
    }
    xml += "<sheetData>"
    try zip.write(xml)
    let rows = pending
    pending.removeAll()
    for row in rows { try writeRow(row.values, styles: row.styles) }
  }

  private func writeRow(_ values: [Value], styles: [XLSXCellStyle]) throws {
    guard var sheet = openSheet else { return }
    sheet.rows += 1
    let rowNumber = sheet.rows
    buffer.removeAll(keepingCapacity: true)
    buffer.append(contentsOf: Array(#"<row r="\#(rowNumber)">"#.utf8))
    for (index, value) in values.enumerated() {
      let style = index < styles.count ? styles[index].rawValue : 0
      let ref = CellRef(row: rowNumber, column: index + 1).a1
      let styleAttribute = style == 0 ? "" : #" s="\#(style)""#
      switch value {
      case .empty:
        if style != 0 { buffer.append(contentsOf: Array(#"<c r="\#(ref)"\#(styleAttribute)/>"#.utf8)) }
        continue
      case .number(let number) where number.isFinite:
        buffer.append(contentsOf: Array(#"<c r="\#(ref)"\#(styleAttribute)><v>"#.utf8))
        NumberText.append(number, to: &buffer)
        buffer.append(contentsOf: Array("</v></c>".utf8))
      case .number:
        buffer.append(contentsOf: Array(#"<c r="\#(ref)" t="e"><v>#NUM!</v></c>"#.utf8))
      case .bool(let flag):
        buffer.append(contentsOf: Array(#"<c r="\#(ref)"\#(styleAttribute) t="b"><v>\#(flag ? 1 : 0)</v></c>"#.utf8))
      case .date(let year, let month, let day):
        let serial = CellDate.days(year: year, month: month, day: day) + 25_569
        let style = style == 0 ? #" s="\#(XLSXCellStyle.date.rawValue)""# : styleAttribute
        buffer.append(contentsOf: Array(#"<c r="\#(ref)"\#(style)><v>\#(serial)</v></c>"#.utf8))
      case .text(let text):
        if let index = stringIndex(text) {
          buffer.append(contentsOf: Array(#"<c r="\#(ref)"\#(styleAttribute) t="s"><v>\#(index)</v></c>"#.utf8))
        } else {
          // An inline string is text as a shared one is: never a formula.
          let preserve = text.first?.isWhitespace == true || text.last?.isWhitespace == true
          buffer.append(
            contentsOf: Array(
              (#"<c r="\#(ref)"\#(styleAttribute) t="inlineStr"><is>"#
                + (preserve ? #"<t xml:space="preserve">"# : "<t>") + XMLText.escape(text) + "</t></is></c>").utf8))
        }
      }
      sheet.columns = max(sheet.columns, index + 1)
    }
    buffer.append(contentsOf: Array("</row>".utf8))
    openSheet = sheet
    try zip.write(buffer)
  }

  /// The shared index of `text`, shared now if there is room; nil when it is to be inline.
  private func stringIndex(_ text: String) -> Int? {
    if let index = strings[text] { return index }
    guard stringOrder.count < sharedStringLimit else { return nil }
    let index = stringOrder.count
    strings[text] = index
    stringOrder.append(text)
    return index
  }

  private func endSheet() throws {
    guard openSheet != nil else { return }
    if !headerStarted { try startSheetPart() }
    guard let sheet = openSheet else { return }
    var xml = "</sheetData>"
    if sheet.autofilter && sheet.rows > 0 && sheet.columns > 0 {
      let last = CellRef(row: sheet.rows, column: sheet.columns).a1
      xml += #"<autoFilter ref="A1:\#(last)"/>"#
    }
    xml += "</worksheet>"
    try zip.write(xml)
    try zip.endEntry()
    openSheet = nil
  }

  /// Writes the shared strings and the package parts and puts the file in place.
  public func finish() throws {
    if openSheet == nil && sheetNames.isEmpty { try beginSheet("Sheet1") }
    try endSheet()
    try zip.beginEntry(name: "xl/sharedStrings.xml")
    try zip.write(
      #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="\#(stringOrder.count)" uniqueCount="\#(stringOrder.count)">"#
    )
    for text in stringOrder {
      let preserve = text.first?.isWhitespace == true || text.last?.isWhitespace == true
      try zip.write(preserve ? #"<si><t xml:space="preserve">"# : "<si><t>")
      try zip.write(XMLText.escape(text))
      try zip.write("</t></si>")
    }
    try zip.write("</sst>")
    try zip.endEntry()
    try zip.addEntry(name: "xl/styles.xml", text: XLSXCellStyle.stylesPart)
    var sheets = ""
    var relationships = ""
    var overrides = ""
    for (index, name) in sheetNames.enumerated() {
      let number = index + 1
      sheets += #"<sheet name="\#(XMLText.escape(name))" sheetId="\#(number)" r:id="rId\#(number)"/>"#
      relationships +=
        #"<Relationship Id="rId\#(number)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#(number).xml"/>"#
      overrides +=
        #"<Override PartName="/xl/worksheets/sheet\#(number).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
    }
    let count = sheetNames.count
    let fileVersion = application.map { #"<fileVersion appName="\#(XMLText.escape($0))"/>"# } ?? ""
    relationships +=
      #"<Relationship Id="rId\#(count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
      + #"<Relationship Id="rId\#(count + 2)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#
    try zip.addEntry(
      name: "xl/workbook.xml",
      text:
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\#(fileVersion)<bookViews><workbookView/></bookViews><sheets>\#(sheets)</sheets></workbook>"#
    )
    try zip.addEntry(
      name: "xl/_rels/workbook.xml.rels",
      text:
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\#(relationships)</Relationships>"#
    )
    try zip.addEntry(
      name: "_rels/.rels",
      text:
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
    )
    try zip.addEntry(
      name: "[Content_Types].xml",
      text:
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>\#(overrides)</Types>"#
    )
    try zip.finish()
  }
}

/// Escapes text for XML content and attributes, and writes characters XML cannot hold
/// (controls other than tab, line feed and CR) as OOXML `_xHHHH_` escapes.
enum XMLText {
  /// The escaped text.
  static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    var scalars = text.unicodeScalars[...]
    while let scalar = scalars.popFirst() {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      // A character reference keeps a CR through XML's line-end normalisation, and every
      // reader (openpyxl too) decodes it.
      case "\r": out += "&#13;"
      case "_" where scalars.starts(with: "x".unicodeScalars) && looksLikeEscape(scalars):
        out += "_x005F_"
      default:
        if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" || scalar.value == 0xFFFE
          || scalar.value == 0xFFFF
        {
          out += String(format: "_x%04X_", scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }

  /// Whether `x` and four hex digits and `_` follow (a sequence a reader would decode).
  private static func looksLikeEscape(_ rest: Substring.UnicodeScalarView) -> Bool {
    let next = Array(rest.prefix(6))
    guard next.count == 6, next[0] == "x", next[5] == "_" else { return false }
    return next[1...4].allSatisfy { $0.properties.isASCIIHexDigit }
  }
}
