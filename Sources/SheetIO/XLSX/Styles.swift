/// The part of `styles.xml` a reader needs: for each cell style (`cellXfs` entry),
/// whether its number format makes numbers dates.
struct Styles: Sendable {
  /// The kind of each `cellXfs` entry, by its index (a cell's `s`).
  var kinds: [NumberFormatKind] = []
  /// The names of the fonts the workbook defines.
  var fontNames: [String] = []

  /// The kind for a cell's style index; an index past the table is General.
  @inline(__always)
  func kind(ofStyle index: Int) -> NumberFormatKind {
    index >= 0 && index < kinds.count ? kinds[index] : .number
  }

  /// Reads the styles part.
  static func parse(_ bytes: [UInt8], partName: String) throws -> Styles {
    let handler = StylesHandler()
    try SAXPushParser.parse(bytes, partName: partName, handler: handler)
    var styles = Styles()
    styles.fontNames = handler.fontNames
    styles.kinds = handler.formatIDs.map { id in
      if let code = handler.customFormats[id] { return NumberFormatKind.custom(code) }
      return NumberFormatKind.builtIn(id)
    }
    return styles
  }
}

/// Collects `numFmts` and the number format of each `cellXfs/xf`.
private final class StylesHandler: SAXHandler {
  var customFormats: [Int: String] = [:]
  var formatIDs: [Int] = []
  var fontNames: [String] = []
  private var inFonts = false
  private var inCellXfs = false
  private var xfDepth = 0
  private var depth = 0
  private var skipDepth = 0

  override func startElement(
    _ name: UnsafePointer<UInt8>, uri: UnsafePointer<UInt8>?, attributes: SAXAttributes
  ) {
    depth += 1
    if skipDepth > 0 { return }
    guard isSpreadsheetML(uri) else {
      skipDepth = depth
      return
    }
    if XMLName.equals(name, "extLst") {
      skipDepth = depth
    } else if XMLName.equals(name, "numFmt") {
      var id: Int?
      var code: String?
      for index in 0..<attributes.count where attributes.uri(index) == nil {
        guard let local = attributes.name(index) else { continue }
        if XMLName.equals(local, "numFmtId") { id = Int(attributes.string(index)) }
        if XMLName.equals(local, "formatCode") { code = attributes.string(index) }
      }
      if let id, let code { customFormats[id] = code }
    } else if XMLName.equals(name, "fonts") {
      inFonts = true
    } else if inFonts, XMLName.equals(name, "name"), let value = attributes.value(named: "val") {
      fontNames.append(XMLName.decodeAttribute(value))
    } else if XMLName.equals(name, "cellXfs") {
      inCellXfs = true
      xfDepth = depth + 1
    } else if inCellXfs, depth == xfDepth, XMLName.equals(name, "xf") {
      let id = attributes.value(named: "numFmtId").map { XMLName.decodeAttribute($0) }
      formatIDs.append(id.flatMap { Int($0) } ?? 0)
    }
  }

  override func endElement(_ name: UnsafePointer<UInt8>, uri: UnsafePointer<UInt8>?) {
    if skipDepth == depth { skipDepth = 0 }
    if skipDepth == 0, isSpreadsheetML(uri), XMLName.equals(name, "cellXfs") {
      inCellXfs = false
    }
    if skipDepth == 0, isSpreadsheetML(uri), XMLName.equals(name, "fonts") {
      inFonts = false
    }
    depth -= 1
  }
}
