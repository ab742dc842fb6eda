import Foundation

/// Hands batches of items from one producing thread to one consuming thread, with at
/// most `depth` batches waiting, so the producer cannot run ahead of memory.
public final class BatchPipe<Item>: @unchecked Sendable {
  private let condition = NSCondition()
  private var waiting: [[Item]] = []
  private var finished = false
  private var cancelled = false
  private var failure: (any Error)?
  private let depth: Int
  /// Whether a side sleeps on the condition: the other wakes it only then, so a
  /// steady stream of batches costs no system call.
  private var producerWaits = false
  private var consumerWaits = false
  /// Whether the consumer was waiting for a batch when the last one was put: it had
  /// nothing to do (read by the producer).
  public private(set) var consumerWasIdle = false

  /// Creates a pipe holding at most `depth` batches.
  public init(depth: Int = 4) { self.depth = depth }

  /// Queues a batch, waiting while the pipe is full; false once the consumer cancelled.
  @discardableResult
  public func put(_ batch: [Item]) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    while waiting.count >= depth && !cancelled {
      producerWaits = true
      condition.wait()
      producerWaits = false
    }
    guard !cancelled else { return false }
    if !batch.isEmpty { waiting.append(batch) }
    consumerWasIdle = consumerWaits
    if consumerWaits { condition.broadcast() }
    return true
  }

  /// Says the producer is done, with the error that stopped it, if any.
  public func finish(_ error: (any Error)?) {
    condition.lock()
    finished = true
    failure = error
    condition.broadcast()
    condition.unlock()
  }

  /// The next batch, waiting for one; nil once the producer finished and all were taken.
  public func take() -> [Item]? {
    condition.lock()
    defer { condition.unlock() }
    while waiting.isEmpty && !finished {
      consumerWaits = true
      condition.wait()
      consumerWaits = false
    }
    guard !waiting.isEmpty else { return nil }
    let batch = waiting.removeFirst()
    if producerWaits { condition.broadcast() }
    return batch
  }

  /// Tells the producer to stop: its puts return false from now on.
  public func cancel() {
    condition.lock()
    cancelled = true
    condition.broadcast()
    condition.unlock()
  }

  /// Whether the consumer cancelled.
  public var isCancelled: Bool {
    condition.lock()
    defer { condition.unlock() }
    return cancelled
  }

  /// The error the producer finished with.
  public var error: (any Error)? {
    condition.lock()
    defer { condition.unlock() }
    return failure
  }
}
