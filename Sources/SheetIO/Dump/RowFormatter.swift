import Dispatch
import Foundation

/// Formats a workbook's rows into ``DumpLines`` on a second thread, so that the reading
/// thread (libxml2 and the cell callbacks, the slowest part of a read) only copies
/// each row out of its ``RowBuffer``: two block copies and a row record, no per-cell work.
///
/// Rows travel in batches (the RowBuffer's cell slots as raw bytes, its text bytes, and
/// per row its number, where its slots end and where its text starts). There are two
/// batches whose storage is swapped: the reader fills one while the formatter works
/// through the other. Shared strings stay in their arena, which nothing changes while
/// a sheet is read. An error of the formatter (a spill that cannot be written) is
/// thrown by the next hand-over or by ``finish()``.
final class RowFormatter: @unchecked Sendable {
  /// Rows copied out of a RowBuffer.
  private final class Batch {
    let slots = ByteBuffer(capacity: 1 << 16)
    let rows = ByteBuffer(capacity: 1 << 12)
    let text = ByteBuffer(capacity: 1 << 16)
    var rowCount = 0
    var arena: ByteArena?

    func removeAll() {
      slots.removeAll()
      rows.removeAll()
      text.removeAll()
      rowCount = 0
    }

    func swapContents(with other: Batch) {
      slots.swapStorage(with: other.slots)
      rows.swapStorage(with: other.rows)
      text.swapStorage(with: other.text)
      swap(&rowCount, &other.rowCount)
      swap(&arena, &other.arena)
    }
  }

  /// One row's record in a batch.
  private struct RowRecord {
    var number: Int
    var slotEnd: Int
    var textStart: Int
  }

  private let lines: DumpLines
  /// The batch the reader fills.
  private let filling = Batch()
  /// The batch the formatter works through.
  private let handed = Batch()
  private let lock = NSLock()
  /// Signalled when the formatter is done with `handed`.
  private let idle = DispatchSemaphore(value: 0)
  /// Signalled when `handed` holds rows, or when the formatter should stop.
  private let work = DispatchSemaphore(value: 0)
  private let finished = DispatchSemaphore(value: 0)
  private var failure: (any Error)?
  private var stopping = false
  private var closed = false

  /// Bytes of cell slots per batch before it is handed over (about 1,600 cells): small
  /// enough to add little to peak memory, large enough that hand-overs are rare.
  private static let batchBytes = 1 << 16

  /// Starts the formatting thread; only it touches `lines` until ``finish()`` returns.
  init(lines: DumpLines) {
    self.lines = lines
    idle.signal()
    let thread = Thread { [self] in formatLoop() }
    thread.stackSize = 1 << 20
    thread.start()
  }

  /// Copies a row for formatting.
  @inline(__always)
  func push(_ row: RowBuffer) throws {
    let batch = filling
    var record = RowRecord(number: row.number, slotEnd: 0, textStart: batch.text.count)
    batch.text.append(row.bytes.bytes)
    batch.slots.append(UnsafeRawBufferPointer(row.slots))
    record.slotEnd = batch.slots.count
    withUnsafeBytes(of: &record) { batch.rows.append($0) }
    batch.rowCount += 1
    batch.arena = row.arena
    if batch.slots.count >= RowFormatter.batchBytes { try handOver() }
  }

  private func handOver() throws {
    idle.wait()
    lock.lock()
    let failed = failure
    lock.unlock()
    if let failed {
      idle.signal()
      throw failed
    }
    filling.swapContents(with: handed)
    filling.removeAll()
    work.signal()
  }

  /// Formats what is left, stops the thread and throws the formatter's error, if any.
  /// Safe to call more than once (the later calls do nothing).
  func finish() throws {
    guard !closed else { return }
    closed = true
    var handOverError: (any Error)?
    if filling.rowCount > 0 {
      do { try handOver() } catch { handOverError = error }
    }
    idle.wait()
    lock.lock()
    stopping = true
    lock.unlock()
    work.signal()
    finished.wait()
    idle.signal()
    lock.lock()
    defer { lock.unlock() }
    if let failure { throw failure }
    if let handOverError { throw handOverError }
  }

  private func formatLoop() {
    while true {
      work.wait()
      lock.lock()
      let stop = stopping
      let failed = failure != nil
      lock.unlock()
      if stop { break }
      if !failed {
        do {
          try format(handed)
        } catch {
          lock.lock()
          failure = error
          lock.unlock()
        }
      }
      idle.signal()
    }
    finished.signal()
  }

  private func format(_ batch: Batch) throws {
    let slots = UnsafeRawPointer(batch.slots.base)
    let rows = UnsafeRawPointer(batch.rows.base)
    let text = UnsafePointer(batch.text.base)
    let slotSize = MemoryLayout<RowBuffer.Slot>.stride
    var offset = 0
    for index in 0..<batch.rowCount {
      let row = rows.loadUnaligned(
        fromByteOffset: index * MemoryLayout<RowRecord>.stride, as: RowRecord.self)
      lines.beginRow()
      while offset < row.slotEnd {
        let slot = slots.loadUnaligned(fromByteOffset: offset, as: RowBuffer.Slot.self)
        lines.appendSlot(slot, text: text + row.textStart, arena: batch.arena)
        offset += slotSize
      }
      try lines.finishRow(number: row.number)
    }
  }
}
