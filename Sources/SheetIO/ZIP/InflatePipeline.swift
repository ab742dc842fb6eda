import Dispatch
import Foundation

/// Inflates a ZIP entry on a second thread while the caller parses what came before.
///
/// Inflation is about a tenth of reading a sheet and parsing the rest, so on two cores
/// the inflater runs ahead through a ring of four slots: the producer fills a
/// free slot and signals it; the consumer hands it to the parser and frees it. An error
/// on either side stops both, and the producer is always joined before the slots go.
final class InflatePipeline: @unchecked Sendable {
  private let slotCount = 4
  private let slotSize: Int
  private let slots: [UnsafeMutableRawPointer]
  private var lengths: [Int]
  private let filled = DispatchSemaphore(value: 0)
  private let free: DispatchSemaphore
  private let finished = DispatchSemaphore(value: 0)
  /// Set by the consumer to make the producer stop early.
  private var cancelled = false
  private let lock = NSLock()
  private var producerError: (any Error)?

  init(slotSize: Int = 1 << 18) {
    self.slotSize = slotSize
    slots = (0..<4).map { _ in UnsafeMutableRawPointer.allocate(byteCount: slotSize, alignment: 16) }
    lengths = Array(repeating: 0, count: 4)
    // libdispatch traps when a semaphore dies below its initial value, so start at 0.
    free = DispatchSemaphore(value: 0)
    for _ in 0..<4 { free.signal() }
  }

  deinit { for slot in slots { slot.deallocate() } }

  private var isCancelled: Bool {
    lock.lock()
    defer { lock.unlock() }
    return cancelled
  }

  /// Runs `produce` on a new thread and feeds each chunk it yields to `consume` here.
  ///
  /// `produce` gets a function that copies one chunk into the ring (blocking while the
  /// ring is full) and returns false when the consumer has stopped.
  func run(
    produce: @escaping @Sendable (_ emit: (UnsafeRawBufferPointer) -> Bool) throws -> Void,
    consume: (UnsafeRawBufferPointer) throws -> Void
  ) throws {
    let thread = Thread { [self] in
      var index = 0
      do {
        try produce { chunk in
          var offset = 0
          while offset < chunk.count {
            free.wait()
            if isCancelled { return false }
            let length = min(slotSize, chunk.count - offset)
            if let base = chunk.baseAddress {
              slots[index % slotCount].copyMemory(from: base + offset, byteCount: length)
            }
            lengths[index % slotCount] = length
            index += 1
            offset += length
            filled.signal()
          }
          return true
        }
      } catch {
        lock.lock()
        producerError = error
        lock.unlock()
      }
      // The end marker: a slot of length -1.
      free.wait()
      lengths[index % slotCount] = -1
      filled.signal()
      finished.signal()
    }
    thread.stackSize = 1 << 20
    thread.start()
    var index = 0
    var consumerError: (any Error)?
    while true {
      filled.wait()
      let length = lengths[index % slotCount]
      if length < 0 { break }
      if consumerError == nil {
        do {
          try consume(UnsafeRawBufferPointer(start: slots[index % slotCount], count: length))
        } catch {
          consumerError = error
          lock.lock()
          cancelled = true
          lock.unlock()
        }
      }
      index += 1
      free.signal()
    }
    finished.wait()
    if let consumerError { throw consumerError }
    lock.lock()
    defer { lock.unlock() }
    if let producerError { throw producerError }
  }
}
