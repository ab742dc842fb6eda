import Foundation

/// An XLSX (or XLSM, XLTX) workbook whose sheets stream from its ZIP container.
///
/// Opening reads the package relationships, `workbook.xml` and its relationships
/// (sheet names, order, visibility, the date system); the shared strings and styles
/// are read once when the file opens, and worksheet parts only when asked for.
public final class XLSXWorkbook: SheetSource {
  /// The sheets in tab order (worksheets only; chart sheets hold no cells).
  public private(set) var sheets: [SheetInfo] = []
  /// Whether serials count from 1904-01-01 (the Mac date system).
  public private(set) var date1904 = false
  /// The application that wrote the file, from `fileVersion/@appName`, when given.
  public private(set) var applicationName: String?
  /// The application name htx's own workbooks (a merge's provincial workbook) carry.
  public static let htxApplication = "htx"
  /// Whether htx wrote the workbook: an output, not a return.
  public var isHTXOutput: Bool { applicationName == Self.htxApplication }

  private let archive: ZipArchive
  private var sheetParts: [ZipEntry] = []
  private var workbookPart = ""
  private var sharedStringsEntry: ZipEntry?
  private var stylesEntry: ZipEntry?
  private var loadedSharedStrings: ByteArena?
  private var loadedStyles: Styles?
  private var loaded = false

  /// Opens the workbook at `path`.
  /// - Throws: ``SheetReadError`` when the file is no workbook, is damaged, or breaks a limit.
  public init(path: String) throws {
    archive = try ZipArchive(path: path)
    try readPackage()
    try loadSharedParts()
  }

  private func readPackage() throws {
    let officeDocumentSuffix = "/officedocument"
    var workbook: String?
    if let rootRels = archive.entry(named: "_rels/.rels") {
      let relations = try relationships(in: rootRels, source: "")
      workbook = relations.first { $0.type.lowercased().hasSuffix(officeDocumentSuffix) }?.target
    }
    if workbook == nil || archive.entry(named: workbook ?? "") == nil {
      workbook = archive.entry(named: "xl/workbook.xml") != nil ? "xl/workbook.xml" : nil
    }
    guard let workbook, let workbookEntry = archive.entry(named: workbook) else {
      let (english, vietnamese) = Self.describeNonWorkbook(archive)
      throw SheetReadError(.fileFormat, english, vietnamese: vietnamese)
    }
    if workbook.lowercased().hasSuffix(".bin") {
      throw SheetReadError(
        .fileFormat, "this is a binary workbook (.xlsb); save it as .xlsx (Excel Workbook)",
        vietnamese: "đây là sổ tính nhị phân (.xlsb); hãy lưu lại dạng .xlsx (Excel Workbook)")
    }
    workbookPart = workbook
    let elements = try ElementCollector.elements(
      of: archive.data(of: workbookEntry), partName: workbookEntry.name)
    let relations =
      try archive.entry(named: PartName.relationships(of: workbook)).map {
        try relationships(in: $0, source: workbook)
      } ?? []
    var byID: [String: Relationship] = [:]
    for relation in relations { byID[relation.id] = relation }
    for element in elements where Self.isMain(element.uri) {
      switch element.name {
      case "workbookPr" where element.depth == 2:
        if let flag = element.attribute("date1904") { date1904 = flag == "1" || flag == "true" }
      case "fileVersion" where element.depth == 2:
        applicationName = element.attribute("appName")
      case "sheet" where element.depth == 3:
        let name = element.attribute("name") ?? "Sheet\(sheets.count + 1)"
        let id = element.attributes.first { $0.name == "id" && !$0.uri.isEmpty }?.value
        guard let id, let relation = byID[id], relation.type.lowercased().hasSuffix("/worksheet")
        else { continue }
        guard let entry = archive.entry(named: relation.target) else {
          throw SheetReadError(
            .fileCorrupt, "the sheet '\(name)' points to the part '\(relation.target)', which is missing",
            vietnamese: "trang tính '\(name)' trỏ tới phần '\(relation.target)', nhưng tệp không có phần này")
        }
        let visibility: SheetVisibility =
          switch element.attribute("state") {
          case "hidden": .hidden
          case "veryHidden": .veryHidden
          default: .visible
          }
        sheets.append(SheetInfo(name: name, visibility: visibility, index: sheets.count))
        sheetParts.append(entry)
      default: break
      }
    }
    if let target = relations.first(where: { $0.type.lowercased().hasSuffix("/sharedstrings") })?
      .target
    {
      sharedStringsEntry = archive.entry(named: target)
    }
    if let target = relations.first(where: { $0.type.lowercased().hasSuffix("/styles") })?.target {
      stylesEntry = archive.entry(named: target)
    }
  }

  /// Reads shared strings and styles once.
  private func loadSharedParts() throws {
    guard !loaded else { return }
    if let entry = sharedStringsEntry, !Self.readsConcurrently(entry) {
      loadedSharedStrings = try SharedStrings.read(from: archive, entry: entry)
    }
    if let entry = stylesEntry {
      loadedStyles = try Styles.parse(archive.data(of: entry), partName: entry.name)
    }
    loaded = true
  }

  /// The workbook's fonts made for the pre-Unicode Vietnamese encodings (TCVN3's
  /// `.VnTime`, VNI's `VNI-Times`): text typed in them reads as "Hîp t¸c x·".
  /// - Throws: ``SheetReadError`` when the styles part cannot be read.
  public func legacyVietnameseFonts() throws -> [String] {
    try loadSharedParts()
    return Array(
      Set(
        (loadedStyles?.fontNames ?? []).filter {
          let name = $0.lowercased()
          return name.hasPrefix(".vn") || name.hasPrefix("vni-") || name.hasPrefix("vni ")
        })
    ).sorted()
  }

  public func readRows(sheet index: Int, _ body: (RowBuffer) throws -> Void) throws -> SheetSummary {
    guard index >= 0, index < sheetParts.count else {
      throw SheetReadError(
        .fileFormat, "the workbook has no sheet number \(index + 1)",
        vietnamese: "sổ tính không có trang tính thứ \(index + 1)")
    }
    try loadSharedParts()
    let entry = sheetParts[index]
    // A large shared-string table is read on a second thread while the sheet is parsed.
    var joinSharedStrings: (() throws -> Void)?
    if loadedSharedStrings == nil, let stringsEntry = sharedStringsEntry, Self.readsConcurrently(stringsEntry) {
      let (arena, join) = SharedStrings.readConcurrently(from: archive, entry: stringsEntry)
      loadedSharedStrings = arena
      joinSharedStrings = join
    }
    var joined = false
    defer {
      // Never leave the thread running, whatever the sheet did.
      if !joined, let joinSharedStrings {
        if (try? joinSharedStrings()) == nil { loadedSharedStrings = nil }
      }
    }
    let handler = WorksheetHandler(
      styles: loadedStyles ?? Styles(), sharedStrings: loadedSharedStrings, date1904: date1904,
      sheetName: sheets[index].name)
    do {
      try withoutActuallyEscaping(body) { escapable in
        handler.deliver = escapable
        defer { handler.deliver = nil }
        let parser = try SAXPushParser(handler: handler, partName: entry.name)
        try archive.stream(entry) { try parser.feed($0) }
        try parser.finish()
      }
    } catch var error as SheetReadError {
      if let joinSharedStrings {
        // The table's own error comes first: the sheet may have failed for want of it.
        joined = true
        do { try joinSharedStrings() } catch {
          loadedSharedStrings = nil
          throw error
        }
      }
      if error.sheet == nil { error.sheet = sheets[index].name }
      throw error
    }
    if let joinSharedStrings {
      joined = true
      do { try joinSharedStrings() } catch {
        loadedSharedStrings = nil
        throw error
      }
    }
    return handler.summary
  }

  /// Whether the shared strings are read alongside the first sheet rather than at open:
  /// for a large table on a machine with a second core.
  private static func readsConcurrently(_ entry: ZipEntry) -> Bool {
    entry.uncompressedSize >= 4 << 20 && ProcessInfo.processInfo.activeProcessorCount > 1
  }

  // MARK: Relationships

  private struct Relationship {
    var id: String
    var type: String
    var target: String
  }

  private func relationships(in entry: ZipEntry, source: String) throws -> [Relationship] {
    let elements = try ElementCollector.elements(of: archive.data(of: entry), partName: entry.name)
    return elements.compactMap { element in
      guard element.name == "Relationship", let id = element.attribute("Id"),
        let type = element.attribute("Type"), let target = element.attribute("Target"),
        element.attribute("TargetMode") != "External"
      else { return nil }
      return Relationship(id: id, type: type, target: PartName.resolve(target, from: source))
    }
  }

  private static func isMain(_ uri: String) -> Bool {
    uri == SpreadsheetNamespace.transitional || uri == SpreadsheetNamespace.strict
  }

  private static func describeNonWorkbook(_ archive: ZipArchive) -> (english: String, vietnamese: String) {
    if archive.entry(named: "mimetype") != nil, archive.entry(named: "content.xml") != nil {
      return (
        "this is an OpenDocument file (.ods), not an XLSX workbook; save it as .xlsx",
        "đây là tệp OpenDocument (.ods), không phải sổ tính XLSX; hãy mở tệp và lưu lại dạng .xlsx"
      )
    }
    if archive.entry(named: "word/document.xml") != nil {
      return (
        "this is a Word document (.docx), not a workbook",
        "đây là văn bản Word (.docx), không phải sổ tính"
      )
    }
    return (
      "this is a ZIP archive but not an XLSX workbook (no workbook part)",
      "đây là tệp nén ZIP nhưng không phải sổ tính XLSX (không có phần sổ tính bên trong)"
    )
  }
}
