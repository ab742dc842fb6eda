import Glibc

/// Turns the SAX events of one worksheet part into rows of cells.
///
/// Design: every event works on raw bytes. A cell's `r`, `s` and `t` are read in one
/// pass over its attributes; `<v>` and inline `<t>` text accumulates in one reused
/// buffer (SAX may split a text node) and is converted at `</c>`; numbers are parsed
/// from bytes; shared strings are referenced by offset, never copied. Positions come
/// from `r` when present and otherwise follow the previous row or cell (FORMATS 1.15,
/// 1.16). Anything outside the SpreadsheetML namespace (`mc:AlternateContent`, `x14`
/// extensions) and everything under `extLst` is skipped whole.
///
/// To add a cell type: extend ``CellType``, read it in `cellStarted`, convert it in
/// `finishCell`. To read another element: match it in `startElement` and make sure
/// its text does not reach `value` unless wanted.
final class WorksheetHandler: SAXHandler {
  /// The raw `t` attribute of a cell.
  enum CellType: UInt8 {
    case number, sharedString, string, inlineString, bool, error, isoDate
  }

  private enum Capture: UInt8 { case none, value, inlineText }

  let row = RowBuffer()
  var deliver: ((RowBuffer) throws -> Void)?
  private(set) var summary = SheetSummary()
  private let styles: Styles
  private let sharedStrings: ByteArena?
  private let date1904: Bool
  private let sheetName: String

  private var depth = 0
  private var skipDepth = 0
  private var inSheetData = false
  private var rowNumber = 0
  private var nextColumn = 1
  private var lastColumnInRow = 0
  private var rowUnsorted = false
  private var lastRowDelivered = 0
  private var warnedRowOrder = false

  private var cellColumn = 0
  private var cellType = CellType.number
  private var cellStyle = 0
  private var cellHasValue = false
  /// Whether the cell open holds a formula (`<f>`), whose result may not have been saved.
  private var cellHasFormula = false
  private var inInline = false
  private var capture = Capture.none
  private let value = ByteBuffer(capacity: 1024)
  private var scratch: [UInt8] = []
  private var valueTruncated = false
  private static let maxValueBytes = SheetLimits.maxCellCharacters * 4

  init(styles: Styles, sharedStrings: ByteArena?, date1904: Bool, sheetName: String) {
    self.styles = styles
    self.sharedStrings = sharedStrings
    self.date1904 = date1904
    self.sheetName = sheetName
    super.init()
    row.attach(arena: sharedStrings)
  }

  override func startElement(
    _ name: UnsafePointer<UInt8>, uri: UnsafePointer<UInt8>?, attributes: SAXAttributes
  ) {
    depth += 1
    if skipDepth > 0 { return }
    guard isSpreadsheetML(uri) else {
      skipDepth = depth
      return
    }
    let first = name[0]
    let short = name[1] == 0
    if inSheetData {
      if short && first == UInt8(ascii: "c") {
        cellStarted(attributes)
      } else if short && first == UInt8(ascii: "v") {
        capture = .value
        cellHasValue = true
        value.removeAll()
        valueTruncated = false
      } else if short && first == UInt8(ascii: "f") {
        cellHasFormula = true
      } else if short && first == UInt8(ascii: "t") {
        if inInline { capture = .inlineText }
      } else if XMLName.equals(name, "row") {
        rowStarted(attributes)
      } else if XMLName.equals(name, "is") {
        inInline = true
        cellHasValue = true
        value.removeAll()
        valueTruncated = false
      } else if XMLName.equals(name, "rPh") || XMLName.equals(name, "extLst") {
        skipDepth = depth
      }
    } else if XMLName.equals(name, "sheetData") {
      inSheetData = true
    } else if XMLName.equals(name, "mergeCell") {
      if let ref = attributes.value(named: "ref"),
        let range = CellRange(a1: String(decoding: ref, as: UTF8.self))
      {
        summary.mergedRanges.append(range)
      }
    } else if XMLName.equals(name, "extLst") {
      skipDepth = depth
    }
  }

  override func endElement(_ name: UnsafePointer<UInt8>, uri: UnsafePointer<UInt8>?) {
    defer { depth -= 1 }
    if skipDepth > 0 {
      if skipDepth == depth { skipDepth = 0 }
      return
    }
    guard inSheetData else { return }
    let first = name[0]
    let short = name[1] == 0
    if short && first == UInt8(ascii: "c") {
      finishCell()
    } else if short && (first == UInt8(ascii: "v") || first == UInt8(ascii: "t")) {
      capture = .none
    } else if XMLName.equals(name, "row") {
      finishRow()
    } else if XMLName.equals(name, "is") {
      inInline = false
      capture = .none
    } else if XMLName.equals(name, "sheetData") {
      inSheetData = false
    }
  }

  override func characters(_ bytes: UnsafeRawBufferPointer) {
    guard capture != .none, skipDepth == 0 else { return }
    if value.count + bytes.count > WorksheetHandler.maxValueBytes {
      valueTruncated = true
      let room = max(0, WorksheetHandler.maxValueBytes - value.count)
      value.append(UnsafeRawBufferPointer(rebasing: bytes[0..<room]))
    } else {
      value.append(bytes)
    }
  }

  // MARK: Rows

  private func rowStarted(_ attributes: SAXAttributes) {
    var number = rowNumber + 1
    for index in 0..<attributes.count where attributes.uri(index) == nil {
      guard let local = attributes.name(index) else { continue }
      if local[0] == UInt8(ascii: "r") && local[1] == 0 {
        if let parsed = Self.parseInteger(attributes.value(index)), parsed > 0 { number = parsed }
      } else if XMLName.equals(local, "hidden") {
        let flag = attributes.value(index)
        if flag.first == UInt8(ascii: "1") || flag.first == UInt8(ascii: "t") {
          summary.hiddenRows.append(number)
        }
      }
    }
    if number > SheetLimits.maxRows {
      failure = SheetReadError(
        .limitExceeded,
        "row \(number) lies beyond the last row a sheet can have (\(SheetLimits.maxRows))",
        vietnamese: "dòng \(number) nằm sau dòng cuối cùng mà một trang tính có thể có (\(SheetLimits.maxRows))",
        sheet: sheetName)
      return
    }
    rowNumber = number
    nextColumn = 1
    lastColumnInRow = 0
    rowUnsorted = false
    row.reset(number: number)
  }

  private func finishRow() {
    guard row.count > 0 else { return }
    if rowUnsorted { row.sortByColumn() }
    if rowNumber <= lastRowDelivered && !warnedRowOrder {
      warnedRowOrder = true
      summary.warnings.append(
        SheetWarning(
          .fileCorrupt, ref: CellRef(row: rowNumber, column: row.column(at: 0)),
          message: "row \(rowNumber) comes after row \(lastRowDelivered) in the file; rows are out of order",
          vietnamese: "trong tệp, dòng \(rowNumber) đứng sau dòng \(lastRowDelivered); các dòng bị xếp sai thứ tự"))
    }
    lastRowDelivered = max(lastRowDelivered, rowNumber)
    summary.lastRow = max(summary.lastRow, rowNumber)
    summary.lastColumn = max(summary.lastColumn, row.column(at: row.count - 1))
    summary.cellCount += row.count
    guard let deliver else { return }
    do {
      try deliver(row)
    } catch {
      failure = error
    }
  }

  // MARK: Cells

  @inline(__always)
  private func cellStarted(_ attributes: SAXAttributes) {
    var column = nextColumn
    cellType = .number
    cellStyle = 0
    cellHasValue = false
    cellHasFormula = false
    for index in 0..<attributes.count {
      guard let local = attributes.name(index), local[1] == 0, attributes.uri(index) == nil else {
        continue
      }
      switch local[0] {
      case UInt8(ascii: "r"):
        if let ref = CellRef.parse(attributes.value(index)), ref.column > 0 { column = ref.column }
      case UInt8(ascii: "s"):
        cellStyle = Self.parseInteger(attributes.value(index)) ?? 0
      case UInt8(ascii: "t"):
        cellType = Self.cellType(attributes.value(index))
      default: break
      }
    }
    if column > SheetLimits.maxColumns {
      failure = SheetReadError(
        .limitExceeded,
        "a cell in row \(rowNumber) lies in column \(column), beyond the last column a sheet can have (XFD)",
        vietnamese:
          "một ô ở dòng \(rowNumber) nằm ở cột \(column), vượt quá cột cuối cùng mà một trang tính có thể có (XFD)",
        sheet: sheetName, ref: CellRef(row: rowNumber, column: SheetLimits.maxColumns))
      return
    }
    if column <= lastColumnInRow { rowUnsorted = true }
    cellColumn = column
    nextColumn = column + 1
  }

  @inline(__always)
  private static func cellType(_ raw: UnsafeRawBufferPointer) -> CellType {
    guard let first = raw.first else { return .number }
    switch first {
    case UInt8(ascii: "s"): return raw.count == 1 ? .sharedString : .string
    case UInt8(ascii: "n"): return .number
    case UInt8(ascii: "b"): return .bool
    case UInt8(ascii: "e"): return .error
    case UInt8(ascii: "d"): return .isoDate
    case UInt8(ascii: "i"): return .inlineString
    default: return .number
    }
  }

  private func finishCell() {
    capture = .none
    inInline = false
    // A formula whose result was not saved (a writer that does not compute, such as
    // openpyxl): no value to read, and not an empty cell either.
    if cellHasFormula && (!cellHasValue || (cellType == .number && value.isEmpty)) {
      cellHasFormula = false
      cellHasValue = false
      lastColumnInRow = max(lastColumnInRow, cellColumn)
      row.appendError(column: cellColumn, .noSavedResult)
      return
    }
    guard cellHasValue else { return }
    cellHasValue = false
    let column = cellColumn
    if valueTruncated { noteTruncation(column: column) }
    lastColumnInRow = max(lastColumnInRow, column)
    switch cellType {
    case .number:
      guard !value.isEmpty else { return }
      if let number = Self.parseDouble(value) {
        switch styles.kind(ofStyle: cellStyle) {
        case .number:
          row.appendNumber(column: column, number)
        case .date, .duration:
          if number >= 0 && number < 2_958_466 {
            row.appendDate(column: column, CellDate(serial: number, date1904: date1904))
          } else {
            row.appendNumber(column: column, number)
          }
        }
      } else {
        appendDecodedText(column: column)
      }
    case .sharedString:
      guard let index = Self.parseInteger(value.bytes),
        let range = sharedStrings?.range(of: index)
      else {
        if !value.isEmpty {
          let number = String(decoding: value.bytes, as: UTF8.self)
          summary.warnings.append(
            SheetWarning(
              .fileCorrupt, ref: CellRef(row: rowNumber, column: column),
              message: "the cell points to shared string \(number), which the table does not have",
              vietnamese: "ô trỏ tới chuỗi dùng chung số \(number), nhưng bảng chuỗi dùng chung không có chuỗi này"))
        }
        return
      }
      if range.length > 0 {
        row.appendArenaText(column: column, start: range.start, length: range.length)
      }
    case .string, .inlineString:
      appendDecodedText(column: column)
    case .bool:
      switch String(decoding: value.bytes, as: UTF8.self).trimmingASCIISpaces() {
      case "1", "true": row.appendBool(column: column, true)
      case "0", "false": row.appendBool(column: column, false)
      default: appendDecodedText(column: column)
      }
    case .error:
      if let error = CellError(rawValue: String(decoding: value.bytes, as: UTF8.self)) {
        row.appendError(column: column, error)
      } else {
        appendDecodedText(column: column)
      }
    case .isoDate:
      if let date = ISODate.parse(Array(value.bytes)) {
        row.appendDate(column: column, date)
      } else {
        appendDecodedText(column: column)
      }
    }
  }

  @inline(__always)
  private func appendDecodedText(column: Int) {
    guard !value.isEmpty else { return }
    let raw = value.bytes
    if XString.mayContainEscape(raw) {
      scratch.removeAll(keepingCapacity: true)
      XString.appendDecoded(raw, to: &scratch)
      scratch.withUnsafeBytes { row.appendText(column: column, $0) }
    } else {
      row.appendText(column: column, raw)
    }
  }

  private func noteTruncation(column: Int) {
    summary.warnings.append(
      SheetWarning(
        .limitExceeded, ref: CellRef(row: rowNumber, column: column),
        message:
          "the cell's text is longer than the \(SheetLimits.maxCellCharacters) characters a cell can hold; the rest was dropped",
        vietnamese:
          "nội dung ô dài hơn \(SheetLimits.maxCellCharacters) ký tự, mức tối đa một ô chứa được; phần dư đã bị bỏ đi"
      ))
    // Cut at a character boundary within the limit.
    var characters = 0
    var cut = value.count
    for (index, byte) in value.bytes.enumerated() where byte & 0xC0 != 0x80 {
      if characters == SheetLimits.maxCellCharacters {
        cut = index
        break
      }
      characters += 1
    }
    value.truncate(to: cut)
  }

  // MARK: Byte parsing

  /// A non-negative decimal integer, ignoring surrounding spaces; nil if not one.
  @inline(__always)
  static func parseInteger(_ raw: UnsafeRawBufferPointer) -> Int? {
    var result = 0
    var digits = 0
    for byte in raw {
      let digit = byte &- UInt8(ascii: "0")
      if digit < 10 {
        result = result &* 10 &+ Int(digit)
        digits += 1
        if digits > 18 { return nil }
      } else if byte != UInt8(ascii: " ") {
        return nil
      }
    }
    return digits > 0 ? result : nil
  }

  /// The double in `buffer` (a `<v>` text), correctly rounded; nil if it is not a
  /// finite decimal number. Short integers skip `strtod`.
  @inline(__always)
  static func parseDouble(_ buffer: ByteBuffer) -> Double? {
    let count = buffer.count
    let bytes = buffer.base
    guard count > 0 else { return nil }
    var index = 0
    var negative = false
    if bytes[0] == UInt8(ascii: "-") {
      negative = true
      index = 1
    }
    if count - index > 0 && count - index <= 15 {
      var integer = 0
      var allDigits = true
      while index < count {
        let digit = bytes[index] &- UInt8(ascii: "0")
        if digit >= 10 {
          allDigits = false
          break
        }
        integer = integer * 10 + Int(digit)
        index += 1
      }
      if allDigits { return negative ? -Double(integer) : Double(integer) }
    }
    // A plain decimal of at most 15 digits (money, averages: "3757.6") is its digits as
    // an integer over a power of ten; both are exact doubles, so the one division is
    // correctly rounded, as strtod's result is (Clinger's fast path).
    if let decimal = shortDecimal(bytes, count: count, from: negative ? 1 : 0) {
      return negative ? -decimal : decimal
    }
    // Only digits, signs, points and exponents may remain: then strtod rounds it.
    for offset in 0..<count {
      switch bytes[offset] {
      case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"),
        UInt8(ascii: "+"), UInt8(ascii: "e"), UInt8(ascii: "E"):
        continue
      default: return nil
      }
    }
    buffer.append(0)
    defer { buffer.truncate(to: count) }
    return buffer.base.withMemoryRebound(to: CChar.self, capacity: count + 1) { text in
      var end: UnsafeMutablePointer<CChar>?
      let result = strtod(text, &end)
      guard let end, end == text + count, result.isFinite else { return nil }
      return result
    }
  }
}

extension WorksheetHandler {
  /// Exact powers of ten up to 10^15.
  private static let powersOfTen: [Double] = (0...15).map { exponent in
    var value = 1.0
    for _ in 0..<exponent { value *= 10 }
    return value
  }

  /// `bytes[start..<count]` as a number when it is digits with at most one point, at
  /// least one digit and at most 15 in all; nil otherwise (strtod then decides).
  @inline(__always)
  static func shortDecimal(_ bytes: UnsafeMutablePointer<UInt8>, count: Int, from start: Int) -> Double? {
    guard count - start <= 16 else { return nil }
    var mantissa = 0
    var digits = 0
    var fractionDigits = 0
    var seenPoint = false
    var index = start
    while index < count {
      let byte = bytes[index]
      let digit = byte &- UInt8(ascii: "0")
      if digit < 10 {
        mantissa = mantissa &* 10 &+ Int(digit)
        digits += 1
        if seenPoint { fractionDigits += 1 }
      } else if byte == UInt8(ascii: ".") && !seenPoint {
        seenPoint = true
      } else {
        return nil
      }
      index += 1
    }
    guard digits > 0, digits <= 15 else { return nil }
    return Double(mantissa) / powersOfTen[fractionDigits]
  }
}

extension String {
  /// The string without leading and trailing ASCII spaces, tabs and line breaks.
  func trimmingASCIISpaces() -> String {
    let bytes = Array(utf8)
    var start = 0
    var end = bytes.count
    while start < end, bytes[start] == 32 || bytes[start] == 9 || bytes[start] == 10 || bytes[start] == 13 {
      start += 1
    }
    while end > start,
      bytes[end - 1] == 32 || bytes[end - 1] == 9 || bytes[end - 1] == 10 || bytes[end - 1] == 13
    {
      end -= 1
    }
    return String(decoding: bytes[start..<end], as: UTF8.self)
  }
}
