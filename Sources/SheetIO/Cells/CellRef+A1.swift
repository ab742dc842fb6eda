extension CellRef {
  /// Parses an A1 reference such as `B7` or `$AA$10`; nil when it is not one.
  public init?(a1 text: some StringProtocol) {
    var parsed: CellRef?
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBufferPointer { buffer in
      parsed = CellRef.parse(UnsafeRawBufferPointer(buffer))
    }
    guard let parsed else { return nil }
    self = parsed
  }

  /// Parses an A1 reference from raw bytes without allocating.
  ///
  /// Column letters may be lowercase; `$` anchors are skipped. Either part may be
  /// missing (a whole-row `3` or whole-column `C` reference), in which case it is 0.
  @inline(__always)
  static func parse(_ bytes: UnsafeRawBufferPointer) -> CellRef? {
    var column = 0
    var row = 0
    var index = 0
    let count = bytes.count
    if index < count, bytes[index] == UInt8(ascii: "$") { index += 1 }
    while index < count {
      let byte = bytes[index] | 0x20
      guard byte >= UInt8(ascii: "a"), byte <= UInt8(ascii: "z") else { break }
      column = column * 26 + Int(byte - UInt8(ascii: "a") + 1)
      if column > 1 << 30 { return nil }
      index += 1
    }
    if index < count, bytes[index] == UInt8(ascii: "$") { index += 1 }
    let digitsStart = index
    while index < count {
      let digit = bytes[index] &- UInt8(ascii: "0")
      guard digit < 10 else { return nil }
      row = row * 10 + Int(digit)
      if row > 1 << 40 { return nil }
      index += 1
    }
    if digitsStart == index && column == 0 { return nil }
    return CellRef(row: row, column: column)
  }
}

/// A rectangle of cells such as a merged range `A1:C2`.
public struct CellRange: Hashable, Sendable, CustomStringConvertible {
  /// The top-left cell.
  public var first: CellRef
  /// The bottom-right cell.
  public var last: CellRef

  /// Creates a range from two corners, in any order.
  public init(_ a: CellRef, _ b: CellRef) {
    first = CellRef(row: min(a.row, b.row), column: min(a.column, b.column))
    last = CellRef(row: max(a.row, b.row), column: max(a.column, b.column))
  }

  /// Parses `A1:C2` or a single `A1`; nil when it is neither.
  public init?(a1 text: some StringProtocol) {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 1 || parts.count == 2,
      let a = CellRef(a1: parts[0]), a.row > 0, a.column > 0
    else { return nil }
    if parts.count == 2 {
      guard let b = CellRef(a1: parts[1]), b.row > 0, b.column > 0 else { return nil }
      self.init(a, b)
    } else {
      self.init(a, a)
    }
  }

  /// Whether the range holds the cell.
  public func contains(_ ref: CellRef) -> Bool {
    ref.row >= first.row && ref.row <= last.row && ref.column >= first.column
      && ref.column <= last.column
  }

  public var description: String { first == last ? first.a1 : "\(first.a1):\(last.a1)" }
}
