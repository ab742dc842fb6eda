/// Rows kept to be read again without parsing their file again: stored compactly, in
/// memory while few and in an unlinked temporary file beyond that, so memory does not
/// follow the row count.
///
/// A reader that must see a whole sheet before it can read its rows (a workbook's merged
/// header ranges come after its data) stores each row once as it streams past, then
/// replays them: one parse of the sheet instead of two.
public final class RowSpill {
  private let spill = SpillBuffer()
  private var arena: ByteArena?
  /// How many rows were stored.
  public private(set) var count = 0

  /// Creates an empty spill.
  public init() {}

  /// Stores a copy of `row`.
  /// - Throws: ``SheetReadError`` when the temporary file cannot be written.
  public func append(_ row: RowBuffer) throws {
    // Shared texts stay where they are: the arena outlives the read that filled it.
    if arena == nil { arena = row.arena }
    row.store(into: spill.block)
    count += 1
    try spill.recordEnded()
  }

  /// Stores rows that ``RowBuffer``'s encoding already wrote, `rows` of them, whose
  /// shared texts point into `arena`.
  /// - Throws: ``SheetReadError`` when the temporary file cannot be written.
  func appendStored(_ bytes: UnsafeRawBufferPointer, rows: Int, arena: ByteArena?) throws {
    if self.arena == nil { self.arena = arena }
    count += rows
    try spill.append(bytes)
  }

  /// Calls `body` with each row encoded in `bytes` (whole records only), loaded into `row`.
  static func forEachStored(
    in bytes: UnsafeRawBufferPointer, row: RowBuffer, _ body: (RowBuffer) throws -> Void
  ) rethrows {
    var offset = 0
    while bytes.count - offset >= RowRecordHeader.size {
      let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
      let length = Int(RowRecordHeader(reading: rest).length)
      guard length >= RowRecordHeader.size, rest.count >= length else { return }
      row.load(UnsafeRawBufferPointer(rebasing: rest.prefix(length)))
      offset += length
      try body(row)
    }
  }

  /// Calls `body` with each stored row in order, in one reused ``RowBuffer``.
  /// - Throws: ``SheetReadError`` when the temporary file cannot be read back, or what
  ///   `body` throws.
  public func replay(_ body: (RowBuffer) throws -> Void) throws {
    let row = RowBuffer()
    row.attach(arena: arena)
    // A record may straddle two chunks read back: its start waits in `carry`.
    let carry = ByteBuffer(capacity: 4096)
    try spill.readBack { chunk in
      var offset = 0
      if !carry.isEmpty {
        let have = carry.count
        let needed: Int
        if have < RowRecordHeader.size {
          let headMissing = RowRecordHeader.size - have
          carry.append(UnsafeRawBufferPointer(rebasing: chunk.prefix(headMissing)))
          offset = min(headMissing, chunk.count)
          guard carry.count >= RowRecordHeader.size else { return }
        }
        needed = Int(RowRecordHeader(reading: carry.bytes).length) - carry.count
        let take = min(needed, chunk.count - offset)
        carry.append(UnsafeRawBufferPointer(rebasing: chunk[offset..<(offset + take)]))
        offset += take
        guard take == needed else { return }
        row.load(carry.bytes)
        carry.removeAll()
        try body(row)
      }
      while offset < chunk.count {
        let rest = UnsafeRawBufferPointer(rebasing: chunk[offset...])
        guard rest.count >= RowRecordHeader.size else {
          carry.append(rest)
          return
        }
        let length = Int(RowRecordHeader(reading: rest).length)
        guard rest.count >= length else {
          carry.append(rest)
          return
        }
        row.load(UnsafeRawBufferPointer(rebasing: rest.prefix(length)))
        offset += length
        try body(row)
      }
    }
  }
}
