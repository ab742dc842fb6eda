/// One row of a sheet as it streams past; readers reuse it, so it is valid only
/// inside the callback that receives it.
///
/// Cells are kept as flat arrays of kinds, numbers and byte ranges, so reading a
/// sheet allocates nothing per cell. Text is bytes (UTF-8) until a caller asks
/// for a `String` with ``value(at:)`` or ``text(at:)``.
///
/// The stored properties opt out of Swift's run-time exclusivity checks: the compiler
/// cannot prove a class property's accesses exclusive, so every append and read here
/// paid a `swift_beginAccess` call (a thread-local lookup), which more than doubled
/// the cost of reading a 15-million-cell CSV in a release build. No method calls out
/// while it modifies a property; a `withTextBytes` body must not append to the row.
public final class RowBuffer {
  /// The row's number as a spreadsheet shows it, from 1.
  @inlinable public var number: Int { storedNumber }
  /// How many cells the row holds (cells without a value are left out).
  @inlinable public var count: Int { storedCount }
  // Stored apart from their public faces: an access from another module inlines the
  // getter and reads them without the dynamic exclusivity check it would make of a
  // public stored property.
  @exclusivity(unchecked) @usableFromInline var storedNumber = 0
  @exclusivity(unchecked) @usableFromInline var storedCount = 0
  /// Zero while each cell so far sits in the column its place gives it (the first in
  /// column 1, the next in 2, …), the differences OR-ed in: see ``isDense``.
  @exclusivity(unchecked) @usableFromInline var storedMisplaced = 0

  /// One cell's payload; a single array of these keeps appends cheap.
  @usableFromInline struct Slot {
    @usableFromInline var column: Int32
    @usableFromInline var kind: CellKind
    @usableFromInline var form: CellDate.Form
    @usableFromInline var inArena: Bool
    @usableFromInline var number: Double
    @usableFromInline var start: Int
    @usableFromInline var length: Int
  }

  /// The cells, in storage of the row's own: a cell is appended without the uniqueness
  /// and capacity checks of an array's append.
  @exclusivity(unchecked) @usableFromInline var slotBase: UnsafeMutablePointer<Slot>
  @exclusivity(unchecked) @usableFromInline var slotCapacity = 64
  /// The cells as a buffer, valid until the next change.
  @usableFromInline var slots: UnsafeBufferPointer<Slot> { UnsafeBufferPointer(start: slotBase, count: storedCount) }
  /// Bytes of the row's own text (inline strings, CSV fields).
  @exclusivity(unchecked) @usableFromInline let bytes = ByteBuffer(capacity: 4096, zeroed: true)
  /// A stable store that texts may point into instead of ``bytes`` (shared strings).
  @exclusivity(unchecked) @usableFromInline var arena: ByteArena?

  /// Creates an empty row.
  public init() { slotBase = .allocate(capacity: slotCapacity) }

  deinit { slotBase.deallocate() }

  /// The cell at `index` (below ``count``).
  @inlinable @inline(__always)
  func slot(_ index: Int) -> Slot {
    precondition(index >= 0 && index < storedCount, "a cell of the row")
    return slotBase[index]
  }

  /// Makes room for `needed` cells.
  private func reserveSlots(_ needed: Int) {
    guard needed > slotCapacity else { return }
    let capacity = FlatStorage.doubled(slotCapacity, toHold: needed)
    slotBase = FlatStorage.move(slotBase, count: storedCount, toCapacity: capacity)
    slotCapacity = capacity
  }

  /// Empties the row for reuse and gives it a number.
  public func reset(number: Int) {
    storedNumber = number
    storedCount = 0
    storedMisplaced = 0
    bytes.removeAll()
  }

  /// Whether the row's cells fill its columns from the first to its last, one a column and
  /// in order, as most rows of a CSV file do: cell `i` is then in column `i + 1`.
  @inlinable public var isDense: Bool { storedMisplaced == 0 }

  /// Works out ``isDense`` for cells set other than one by one.
  private func noteDensity() {
    storedMisplaced = 0
    for index in 0..<storedCount { storedMisplaced |= Int(slotBase[index].column) &- (index &+ 1) }
  }

  @inline(__always)
  private func appendSlot(
    column: Int, kind: CellKind, number: Double = 0, form: CellDate.Form = .date,
    start: Int = 0, length: Int = 0, inArena: Bool = false
  ) {
    if storedCount == slotCapacity { reserveSlots(storedCount + 1) }
    storedMisplaced |= column &- (storedCount &+ 1)
    (slotBase + storedCount).initialize(
      to: Slot(
        column: Int32(truncatingIfNeeded: column), kind: kind, form: form, inArena: inArena,
        number: number, start: start, length: length))
    storedCount += 1
  }

  /// Adds a number cell.
  @inline(__always)
  public func appendNumber(column: Int, _ value: Double) {
    appendSlot(column: column, kind: .number, number: value)
  }

  /// Adds a boolean cell.
  @inline(__always)
  public func appendBool(column: Int, _ value: Bool) {
    appendSlot(column: column, kind: .bool, number: value ? 1 : 0)
  }

  /// Adds a date cell.
  @inline(__always)
  public func appendDate(column: Int, _ value: CellDate) {
    appendSlot(column: column, kind: .date, number: value.days, form: value.form)
  }

  /// Adds an error cell.
  @inline(__always)
  public func appendError(column: Int, _ value: CellError) {
    let index = CellError.allCases.firstIndex(of: value) ?? 0
    appendSlot(column: column, kind: .error, number: Double(index))
  }

  /// Adds a text cell whose UTF-8 bytes are copied into the row.
  @inline(__always)
  public func appendText(column: Int, _ text: UnsafeRawBufferPointer) {
    let start = bytes.count
    bytes.appendCell(text)
    appendSlot(column: column, kind: .text, start: start, length: text.count)
  }

  /// Adds a text cell whose bytes are already in the arena (no copy).
  @inline(__always)
  public func appendArenaText(column: Int, start: Int, length: Int) {
    appendSlot(column: column, kind: .text, start: start, length: length, inArena: true)
  }

  /// Puts the cells in column order; of two cells in one column the later wins.
  ///
  /// Writers should emit cells in order, but some do not (FORMATS 1.17).
  public func sortByColumn() {
    var ordered: [Slot] = []
    ordered.reserveCapacity(slots.count)
    for slot in slots.enumerated().sorted(by: {
      ($0.element.column, $0.offset) < ($1.element.column, $1.offset)
    }).map(\.element) {
      if let last = ordered.last, last.column == slot.column {
        ordered[ordered.count - 1] = slot
      } else {
        ordered.append(slot)
      }
    }
    for (index, slot) in ordered.enumerated() { slotBase[index] = slot }
    storedCount = ordered.count
    noteDensity()
  }

  /// Appends the row to `buffer` as one record: its number, cells and own text bytes,
  /// with arena texts still pointing into the arena. ``load(_:)`` reads it back.
  ///
  /// Each cell is a flags byte (kind, date form, arena), its column as a varint, then
  /// eight bytes of number or a text's start and length as varints: about a third of
  /// the cell's size in memory, which a large sheet's spill writes and reads back.
  func store(into buffer: ByteBuffer) {
    // A cell takes at most a flags byte, a five-byte column and two ten-byte varints.
    let maximum = RowRecordHeader.size + slots.count * 26 + bytes.count
    buffer.append(upTo: maximum) { record in
      var offset = RowRecordHeader.size
      @inline(__always) func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
          record.storeBytes(of: UInt8(truncatingIfNeeded: value) | 0x80, toByteOffset: offset, as: UInt8.self)
          offset += 1
          value >>= 7
        }
        record.storeBytes(of: UInt8(value), toByteOffset: offset, as: UInt8.self)
        offset += 1
      }
      for slot in slots {
        let flags = slot.kind.rawValue | slot.form.rawValue << 3 | (slot.inArena ? 0x20 : 0)
        record.storeBytes(of: flags, toByteOffset: offset, as: UInt8.self)
        offset += 1
        varint(UInt64(UInt32(bitPattern: slot.column)))
        switch slot.kind {
        case .empty: break
        case .text:
          varint(UInt64(slot.start))
          varint(UInt64(slot.length))
        case .number, .bool, .date, .error:
          record.storeBytes(of: slot.number.bitPattern.littleEndian, toByteOffset: offset, as: UInt64.self)
          offset += 8
        }
      }
      let text = bytes.bytes
      if let source = text.baseAddress, text.count > 0 {
        (record + offset).copyMemory(from: source, byteCount: text.count)
      }
      offset += text.count
      RowRecordHeader(
        length: UInt32(offset), number: Int64(number), slots: UInt32(slots.count), textBytes: UInt32(text.count)
      )
      .write(to: record)
      return offset
    }
  }

  /// Appends the row to `buffer` for ``restore(from:)`` in the same process, without
  /// ``store(into:)``'s varints: a dense row of the row's own texts (a CSV record) as each
  /// text's start and length, any other with its cells copied whole; then the text bytes.
  func snapshot(into buffer: ByteBuffer) {
    let head = 4 * MemoryLayout<Int>.size
    let count = storedCount
    var texts = storedMisplaced == 0 && bytes.count <= Int(UInt32.max)
    for index in 0..<count where slotBase[index].kind != .text || slotBase[index].inArena {
      texts = false
      break
    }
    let cells = count * (texts ? 8 : MemoryLayout<Slot>.stride)
    let text = bytes.bytes
    buffer.append(upTo: head + cells + text.count) { record in
      record.storeBytes(of: storedNumber, toByteOffset: 0, as: Int.self)
      // The cell count, negative for a row of texts.
      record.storeBytes(of: texts ? ~count : count, toByteOffset: 8, as: Int.self)
      record.storeBytes(of: storedMisplaced, toByteOffset: 16, as: Int.self)
      record.storeBytes(of: text.count, toByteOffset: 24, as: Int.self)
      if texts {
        for index in 0..<count {
          let slot = slotBase[index]
          let place =
            UInt64(UInt32(truncatingIfNeeded: slot.start)) | UInt64(UInt32(truncatingIfNeeded: slot.length)) << 32
          record.storeBytes(of: place, toByteOffset: head + index * 8, as: UInt64.self)
        }
      } else {
        (record + head).copyMemory(from: UnsafeRawPointer(slotBase), byteCount: cells)
      }
      if let source = text.baseAddress, text.count > 0 {
        (record + head + cells).copyMemory(from: source, byteCount: text.count)
      }
      return head + cells + text.count
    }
  }

  /// Refills the row from the start of `record`, which ``snapshot(into:)`` wrote; how many
  /// bytes the row took.
  func restore(from record: UnsafeRawBufferPointer) -> Int {
    let head = 4 * MemoryLayout<Int>.size
    precondition(record.count >= head, "a row's snapshot")
    let number = record.loadUnaligned(fromByteOffset: 0, as: Int.self)
    let stored = record.loadUnaligned(fromByteOffset: 8, as: Int.self)
    let misplaced = record.loadUnaligned(fromByteOffset: 16, as: Int.self)
    let textCount = record.loadUnaligned(fromByteOffset: 24, as: Int.self)
    let texts = stored < 0
    let count = texts ? ~stored : stored
    let cells = count * (texts ? 8 : MemoryLayout<Slot>.stride)
    precondition(count >= 0 && textCount >= 0 && record.count >= head + cells + textCount, "a row's snapshot")
    reset(number: number)
    reserveSlots(count)
    if texts {
      for index in 0..<count {
        let place = record.loadUnaligned(fromByteOffset: head + index * 8, as: UInt64.self)
        (slotBase + index).initialize(
          to: Slot(
            column: Int32(truncatingIfNeeded: index + 1), kind: .text, form: .date, inArena: false, number: 0,
            start: Int(UInt32(truncatingIfNeeded: place)), length: Int(UInt32(truncatingIfNeeded: place >> 32))))
      }
    } else if let base = record.baseAddress {
      UnsafeMutableRawPointer(slotBase).copyMemory(from: base + head, byteCount: cells)
    }
    storedCount = count
    storedMisplaced = misplaced
    bytes.append(UnsafeRawBufferPointer(rebasing: record[(head + cells)..<(head + cells + textCount)]))
    return head + cells + textCount
  }

  /// Refills the row from one record that ``store(into:)`` wrote.
  func load(_ record: UnsafeRawBufferPointer) {
    let header = RowRecordHeader(reading: record)
    reset(number: Int(header.number))
    let count = Int(header.slots)
    var offset = RowRecordHeader.size
    let end = record.count
    @inline(__always) func varint() -> UInt64 {
      var value: UInt64 = 0
      var shift: UInt64 = 0
      while offset < end {
        let byte = record[offset]
        offset += 1
        value |= UInt64(byte & 0x7F) << shift
        if byte < 0x80 || shift >= 63 { break }
        shift += 7
      }
      return value
    }
    reserveSlots(count)
    for index in 0..<count {
      let flags = record[offset]
      offset += 1
      let column = Int32(bitPattern: UInt32(truncatingIfNeeded: varint()))
      let kind = CellKind(rawValue: flags & 0x07) ?? .empty
      var slot = Slot(
        column: column, kind: kind, form: CellDate.Form(rawValue: flags >> 3 & 0x03) ?? .date,
        inArena: flags & 0x20 != 0, number: 0, start: 0, length: 0)
      switch kind {
      case .empty: break
      case .text:
        slot.start = Int(varint())
        slot.length = Int(varint())
      case .number, .bool, .date, .error:
        slot.number = Double(
          bitPattern: UInt64(littleEndian: record.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
        offset += 8
      }
      (slotBase + index).initialize(to: slot)
    }
    storedCount = count
    noteDensity()
    bytes.append(UnsafeRawBufferPointer(rebasing: record[offset..<(offset + Int(header.textBytes))]))
  }

  /// Sets the store that arena texts point into.
  public func attach(arena: ByteArena?) { self.arena = arena }

  /// The 1-based column of the cell at `index`.
  @inlinable @inline(__always)
  public func column(at index: Int) -> Int { Int(slot(index).column) }

  /// The kind of the cell at `index`.
  @inlinable @inline(__always)
  public func kind(at index: Int) -> CellKind { slot(index).kind }

  /// The number behind a number, date or boolean cell at `index`.
  @inlinable @inline(__always)
  public func number(at index: Int) -> Double { slot(index).number }

  /// The date of a date cell at `index`.
  @inline(__always)
  public func date(at index: Int) -> CellDate {
    CellDate(days: slot(index).number, form: slot(index).form)
  }

  /// Calls `body` with the UTF-8 bytes of the text cell at `index`, without copying.
  @inlinable @inline(__always)
  public func withTextBytes<R>(at index: Int, _ body: (UnsafeRawBufferPointer) throws -> R)
    rethrows -> R
  {
    let slot = slot(index)
    let start = slot.start
    let length = slot.length
    if slot.inArena, let arena {
      return try arena.withBytes(start: start, length: length, body)
    }
    return try body(UnsafeRawBufferPointer(start: bytes.base + start, count: length))
  }

  /// The UTF-8 bytes of the text cell at `index` when they are the row's own (a CSV
  /// field, an inline string), valid until the row is reset; nil for a text in the arena,
  /// which ``withTextBytes(at:_:)`` reads.
  @inlinable @inline(__always)
  public func ownTextBytes(at index: Int) -> UnsafeRawBufferPointer? {
    let slot = slot(index)
    guard !slot.inArena else { return nil }
    return UnsafeRawBufferPointer(start: bytes.base + slot.start, count: slot.length)
  }

  /// The first eight bytes of the row's own text at `index` (one that ``ownTextBytes(at:)``
  /// gives), the first in the low byte, loaded at once: the text's bytes and, past its
  /// length, whatever the row holds after them. A caller masks off the bytes past its length.
  @inlinable @inline(__always)
  public func ownTextWord(at index: Int) -> UInt64 {
    let slot = slot(index)
    precondition(!slot.inArena, "a word is loaded from the row's own bytes")
    // The buffer keeps eight bytes allocated past its capacity (``ByteBuffer/slack``).
    return UInt64(littleEndian: UnsafeRawPointer(bytes.base + slot.start).loadUnaligned(as: UInt64.self))
  }

  /// The UTF-8 bytes of all the row's own texts, one after another (arena texts are not
  /// among them), valid until the row is reset: one look over them answers for every
  /// cell what would take a look at each.
  public var allOwnTextBytes: UnsafeRawBufferPointer { bytes.bytes }

  /// The text of a text cell at `index` as a `String` (allocates).
  public func text(at index: Int) -> String {
    withTextBytes(at: index) { String(decoding: $0, as: UTF8.self) }
  }

  /// The value of the cell at `index` (allocates for text).
  public func value(at index: Int) -> CellValue {
    let slot = slot(index)
    switch slot.kind {
    case .empty: return .empty
    case .number: return .number(slot.number)
    case .text: return .text(text(at: index))
    case .bool: return .bool(slot.number != 0)
    case .date: return .date(date(at: index))
    case .error: return .error(CellError.allCases[min(Int(slot.number), CellError.allCases.count - 1)])
    }
  }

  /// The row's cells as values with positions (allocates; for tests and small tables).
  public var cells: [Cell] {
    (0..<count).map { Cell(ref: CellRef(row: number, column: column(at: $0)), value: value(at: $0)) }
  }
}

/// The fixed head of a row stored by ``RowBuffer/store(into:)``.
struct RowRecordHeader {
  static let size = 20
  /// The whole record's length in bytes, head included.
  var length: UInt32
  var number: Int64
  var slots: UInt32
  var textBytes: UInt32

  init(length: UInt32, number: Int64, slots: UInt32, textBytes: UInt32) {
    self.length = length
    self.number = number
    self.slots = slots
    self.textBytes = textBytes
  }

  /// Reads the head at the start of `bytes` (at least ``size`` long).
  init(reading bytes: UnsafeRawBufferPointer) {
    length = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
    number = Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: 4, as: Int64.self))
    slots = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
    textBytes = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
  }

  /// Writes the head at `record`, which has room for ``size`` bytes.
  func write(to record: UnsafeMutableRawPointer) {
    record.storeBytes(of: length.littleEndian, toByteOffset: 0, as: UInt32.self)
    record.storeBytes(of: UInt64(bitPattern: number).littleEndian, toByteOffset: 4, as: UInt64.self)
    record.storeBytes(of: slots.littleEndian, toByteOffset: 12, as: UInt32.self)
    record.storeBytes(of: textBytes.littleEndian, toByteOffset: 16, as: UInt32.self)
  }
}
