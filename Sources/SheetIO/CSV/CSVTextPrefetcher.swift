import Dispatch
import Foundation

/// A source of decoded UTF-8 pieces: the decoder itself, or the decoder running ahead
/// on another thread.
protocol CSVTextPieces: AnyObject {
  /// The file's encoding.
  var encoding: CSVEncoding { get }
  /// Whether the last piece stands for bytes that were not text.
  var lastPieceIsReplacement: Bool { get }
  /// Whether the last piece is surely NFC.
  var lastPieceIsSurelyNFC: Bool { get }
  /// The next piece, valid until the next call; nil at the end.
  func next() throws(SheetReadError) -> UnsafeRawBufferPointer?
}

extension CSVTextDecoder: CSVTextPieces {}

/// Runs a ``CSVTextDecoder`` on a second thread, a few pieces ahead of the parser.
///
/// Reading and validating (or transcoding) the bytes is about a fifth of reading a
/// CSV file, so on two cores it overlaps with parsing: the decoder's pieces are copied
/// into a ring of four slots, each with its flags, and an error travels in order, in
/// the slot where the piece would have been, so the parser reports it at the same line.
final class CSVTextPrefetcher: CSVTextPieces, @unchecked Sendable {
  let encoding: CSVEncoding
  private(set) var lastPieceIsReplacement = false
  private(set) var lastPieceIsSurelyNFC = false

  private struct Slot {
    /// Where the piece starts, in one of the ring's buffers.
    var start: UnsafeRawPointer?
    var length = 0
    var replacement = false
    var surelyNFC = false
    var ended = false
    var error: SheetReadError?
  }

  private let slotCount = 4
  /// The buffer of each slot and its size: written by the decoding thread only (a UTF-8
  /// piece's buffer is exchanged with the decoder's, not copied), freed by the deinitializer
  /// once that thread has finished.
  private var buffers: [(base: UnsafeMutableRawPointer, capacity: Int)]
  private var slots: [Slot]
  private let filled = DispatchSemaphore(value: 0)
  private let free = DispatchSemaphore(value: 0)
  private let finished = DispatchSemaphore(value: 0)
  private let lock = NSLock()
  private var stopping = false
  private var consumed = 0
  private var holding = false
  private var ended = false
  /// Whether the decoding thread was started (the deinitializer waits for it then).
  private var decoding = true

  /// Starts decoding on a new thread; `slotSize` must hold the decoder's largest piece.
  /// Nil when no thread can be made.
  init?(decoder: CSVTextDecoder, slotSize: Int) {
    encoding = decoder.encoding
    buffers = (0..<4).map { _ in (UnsafeMutableRawPointer.allocate(byteCount: slotSize, alignment: 16), slotSize) }
    slots = Array(repeating: Slot(), count: 4)
    for _ in 0..<4 { free.signal() }
    // Only the new thread touches the decoder from here on.
    let handoff = DecoderHandoff(decoder: decoder)
    // A POSIX thread: a Foundation one can take milliseconds to start, while the parse
    // waits for the first piece.
    let started = WorkerThread.spawn(stackSize: 1 << 20) { [self] in
      let decoder = handoff.decoder
      var index = 0
      while true {
        free.wait()
        if isStopping { break }
        var slot = Slot()
        do {
          if let piece = try decoder.next(), let base = piece.baseAddress {
            let held = buffers[index % slotCount]
            // Validated UTF-8 stays where it was read: the slot takes the decoder's buffer,
            // the decoder this slot's free one. Other text is copied.
            if decoder.liesInRawBytes(piece),
              let given = decoder.exchangeRawBuffer(for: held.base, capacity: held.capacity),
              let givenBase = given.baseAddress
            {
              buffers[index % slotCount] = (givenBase, given.count)
              slot.start = UnsafeRawPointer(base)
              slot.length = piece.count
            } else {
              held.base.copyMemory(from: base, byteCount: min(piece.count, held.capacity))
              slot.start = UnsafeRawPointer(held.base)
              slot.length = min(piece.count, held.capacity)
            }
            slot.replacement = decoder.lastPieceIsReplacement
            slot.surelyNFC = decoder.lastPieceIsSurelyNFC
          } else {
            slot.ended = true
          }
        } catch let error as SheetReadError {
          slot.error = error
          slot.ended = true
        } catch {
          slot.error = SheetReadError(.fileUnreadable, "\(error)", vietnamese: "không đọc được tệp: \(error)")
          slot.ended = true
        }
        slots[index % slotCount] = slot
        index += 1
        filled.signal()
        if slot.ended { break }
      }
      finished.signal()
    }
    guard started else {
      decoding = false
      return nil
    }
  }

  private var isStopping: Bool {
    lock.lock()
    defer { lock.unlock() }
    return stopping
  }

  deinit {
    if decoding {
      lock.lock()
      stopping = true
      lock.unlock()
      // Let a producer blocked on a full ring see the stop, then wait for it.
      for _ in 0..<slotCount { free.signal() }
      finished.wait()
    }
    for buffer in buffers { buffer.base.deallocate() }
  }

  func next() throws(SheetReadError) -> UnsafeRawBufferPointer? {
    if ended { return nil }
    if holding {
      holding = false
      consumed += 1
      free.signal()
    }
    filled.wait()
    let slot = slots[consumed % slotCount]
    if slot.ended {
      ended = true
      if let error = slot.error { throw error }
      return nil
    }
    holding = true
    lastPieceIsReplacement = slot.replacement
    lastPieceIsSurelyNFC = slot.surelyNFC
    return UnsafeRawBufferPointer(start: slot.start, count: slot.length)
  }
}

/// Carries the decoder to the decoding thread, which alone uses it afterwards.
private struct DecoderHandoff: @unchecked Sendable {
  let decoder: CSVTextDecoder
}
