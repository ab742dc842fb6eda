import Findings

/// Whether a sheet shows in the spreadsheet program's tabs.
public enum SheetVisibility: String, Sendable, Codable {
  case visible
  case hidden
  /// Hidden so that only a macro can show it again.
  case veryHidden
}

/// A sheet of a workbook, or the single sheet of a CSV file.
public struct SheetInfo: Sendable, Hashable {
  /// The tab's name (for CSV, the file name without its extension).
  public var name: String
  /// Whether the tab shows.
  public var visibility: SheetVisibility
  /// The position in tab order, from 0.
  public var index: Int

  /// Creates sheet information.
  public init(name: String, visibility: SheetVisibility = .visible, index: Int) {
    self.name = name
    self.visibility = visibility
    self.index = index
  }
}

/// What a reader learned about a sheet by reading it to the end.
public struct SheetSummary: Sendable {
  /// The last row that holds a value (0 when none).
  public var lastRow = 0
  /// The last column that holds a value (0 when none).
  public var lastColumn = 0
  /// How many cells with a value were read.
  public var cellCount = 0
  /// Merged ranges, in file order (only workbooks have them).
  public var mergedRanges: [CellRange] = []
  /// The lines rows start on where they are not the row's number (only text files have them).
  public var rowLines = RowLines()
  /// Rows marked hidden (only workbooks have them).
  public var hiddenRows: [Int] = []
  /// Problems that did not stop the read, as short English sentences with a cell.
  public var warnings: [SheetWarning] = []

  /// Creates an empty summary.
  public init() {}
}

/// A problem in a sheet that did not stop the read, such as a truncated long text.
public struct SheetWarning: Sendable, Hashable {
  /// The finding code it is reported under.
  public var code: FindingCode
  /// The cell, when known.
  public var ref: CellRef?
  /// What happened.
  public var message: String
  /// What happened, in Vietnamese; nil: the code's Vietnamese title before the English message.
  public var vietnamese: String?

  /// Creates a warning.
  public init(_ code: FindingCode, ref: CellRef?, message: String, vietnamese: String? = nil) {
    self.code = code
    self.ref = ref
    self.message = message
    self.vietnamese = vietnamese
  }

  /// The finding that reports this warning for `file` and `sheet`.
  public func finding(file: String, sheet: String?) -> Finding {
    Finding(
      severity: .warning, code: code, file: file, sheet: sheet, cell: ref?.a1, row: ref?.row,
      column: ref?.column, message: message, vietnamese: vietnamese ?? "\(code.vietnameseTitle): \(message)")
  }
}

/// A readable spreadsheet file: a workbook with its sheets, or a CSV file with one.
public protocol SheetSource: AnyObject {
  /// The sheets in tab order.
  var sheets: [SheetInfo] { get }

  /// Streams the rows of a sheet, in file order, each with its cells in column order.
  ///
  /// Rows without a value are not delivered; `body` sees every delivered row once,
  /// and the ``RowBuffer`` is reused, so copy what must outlive the call.
  /// - Throws: ``SheetReadError`` when the sheet cannot be read to the end.
  func readRows(sheet index: Int, _ body: (RowBuffer) throws -> Void) throws -> SheetSummary

  /// Whether reading a sheet again costs less than keeping its rows (a ``RowSpill``): true
  /// for CSV, whose parse is a scan; false for a workbook's XML.
  var rereadsCheaply: Bool { get }

  /// Whether every text cell the rows hold is NFC already: true for CSV, whose decoder
  /// normalises; false for a workbook's texts, which come as the file stores them.
  var textsAreNFC: Bool { get }
}

extension SheetSource {
  /// Workbooks are not: parsing their XML is most of reading them.
  public var rereadsCheaply: Bool { false }

  /// Workbooks' are not: their texts are kept as stored.
  public var textsAreNFC: Bool { false }

  /// The index of the sheet named `name` (NFC- and case-insensitive) or numbered `name`
  /// (1-based); nil when there is none.
  public func sheetIndex(named name: String) -> Int? {
    if let exact = sheets.first(where: { $0.name == name }) { return exact.index }
    let folded = name.lowercased()
    if let match = sheets.first(where: { $0.name.lowercased() == folded }) { return match.index }
    if let number = Int(name), number >= 1, number <= sheets.count { return number - 1 }
    return nil
  }
}
