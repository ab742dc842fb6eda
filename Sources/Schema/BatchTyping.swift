import Findings
import Foundation
import SheetIO
import Synchronization

/// Types a table's rows into ``RecordBatch``es on the thread that has the rows, handing
/// each full batch to the thread that checks the records through ``pipe``. A typing made
/// with `sharing` leaves the cells of some batches to the checking thread, which types
/// them with a typer of its own (``twin``) when it takes them (``typeDeferred(_:)``).
///
/// Used by one producing thread; the consumer reads the typer's findings and state only
/// after ``pipe`` says the producer finished, which orders them after its last write.
final class BatchTyping: @unchecked Sendable {
  /// Records a batch holds before it is handed on. With the pipe's depth, it bounds the
  /// records still to check when the sheet has been read: about 1,500, a few
  /// milliseconds of checks after the parse ends.
  static let batchSize = 512

  /// The typer of the table's rows.
  let typer: RowTyper
  /// The batches on their way to the consumer.
  let pipe = BatchPipe<RecordBatch>(depth: 2)
  private let layout: RecordLayout
  @exclusivity(unchecked) private var batch: RecordBatch
  /// Records the batch being filled is handed on at: the first batches are small, so
  /// the checks start soon after the first rows are typed, and each next one is twice
  /// as large, up to ``batchSize``.
  @exclusivity(unchecked) private var handOnAt = 64
  /// Whether the last batch was handed on and the pipe finished.
  @exclusivity(unchecked) private var finished = false
  /// Whether the typer took the number-style evidence of the last row given to ``type(_:)``.
  @exclusivity(unchecked) private(set) var voted = false
  /// Batches the consumer is done with and no record holds, for the producer to fill
  /// again: their storage is warm, where a new batch's is memory never touched.
  private var spares: [RecordBatch] = []
  private let sparesLock = NSLock()
  /// How a typing made with `sharing` shares out the cells' typing between its threads.
  enum SharePolicy: Int {
    /// By their load: see ``deferring``.
    case byLoad
    /// Every batch's cells typed by the consumer, every other one, or none (for tests:
    /// what a read gives must not depend on it).
    case always, alternate, never
  }

  /// The policy of the typings made from now on.
  static let policy = Atomic<Int>(SharePolicy.byLoad.rawValue)

  private let share: SharePolicy
  /// Whether the producer may leave a batch's cells to the consumer.
  private let mayDefer: Bool
  /// How many batches producers left to their consumer, in all.
  static let deferredBatches = Atomic<Int>(0)
  /// Whether the batch being filled leaves its cells to the consumer, decided as it is
  /// begun: when the consumer was waiting for the batch handed on last, it has time the
  /// producer lacks.
  @exclusivity(unchecked) private var deferring = false
  /// The typer of the cells the producer deferred, made by the producer before the first
  /// deferred batch goes; the consumer's alone from then on.
  @exclusivity(unchecked) private(set) var twin: RowTyper?

  /// Creates the producer of `plan`'s records. With `sharing`, the producer leaves the cells
  /// of a batch to the consumer's thread while that thread would otherwise wait for one,
  /// so that the typing is shared out between the two threads by their load.
  init(plan: TablePlan, sharing: Bool = false) {
    typer = plan.typer
    layout = plan.summary.layout
    share = SharePolicy(rawValue: Self.policy.load(ordering: .relaxed)) ?? .byLoad
    mayDefer = sharing && plan.typer.defersCells && share != .never
    batch = RecordBatch(layout: layout, capacity: Self.batchSize, keepsRows: mayDefer)
    // The consumer waits for the first batch.
    deferring = mayDefer && share != .alternate
  }

  /// Types `row`; false once the consumer stopped taking batches. Once the table has
  /// ended, the last batch goes at once, so the records' checks can finish while the
  /// rest of the sheet is parsed.
  func type(_ row: RowBuffer) -> Bool {
    voted = false
    guard !finished else { return true }
    if typer.ended {
      finish(nil)
      return true
    }
    if deferring && twin == nil { twin = typer.twin() }
    let item = typer.type(row, into: batch, deferring: deferring)
    voted = typer.votedLast
    guard item != nil, batch.count == handOnAt else { return true }
    typer.seal(batch)
    if deferring { Self.deferredBatches.add(1, ordering: .relaxed) }
    guard pipe.put([batch]) else { return false }
    handOnAt = min(handOnAt * 2, Self.batchSize)
    batch =
      sparesLock.withLock { spares.popLast() }
      ?? RecordBatch(layout: layout, capacity: Self.batchSize, keepsRows: mayDefer)
    switch share {
    case .byLoad: deferring = mayDefer && pipe.consumerWasIdle
    case .always, .never: break
    case .alternate: deferring.toggle()
    }
    return true
  }

  /// Types the cells of `batch` when the producer left them to the consumer (consumer side).
  func typeDeferred(_ batch: RecordBatch) {
    guard batch.isDeferred, let twin else { return }
    twin.typeDeferred(batch)
  }

  /// The typers' findings, in row order (consumer side, once the pipe finished).
  var findings: [Finding] {
    guard let other = twin?.findings, !other.isEmpty else { return typer.findings }
    let own = typer.findings
    var merged: [Finding] = []
    merged.reserveCapacity(own.count + other.count)
    var (i, j) = (0, 0)
    while i < own.count || j < other.count {
      if j == other.count || i < own.count && (own[i].row ?? 0) <= (other[j].row ?? 0) {
        merged.append(own[i])
        i += 1
      } else {
        merged.append(other[j])
        j += 1
      }
    }
    return merged
  }

  /// Takes back a batch whose records were all checked (consumer side): kept for reuse
  /// when nothing else holds it.
  func recycle(_ batch: inout RecordBatch) {
    guard isKnownUniquelyReferenced(&batch) else { return }
    batch.reset()
    let spare = batch
    sparesLock.withLock {
      if spares.count < 4 { spares.append(spare) }
    }
  }

  /// Hands on the last records, unless `error` stopped the producer, and says it is done.
  func finish(_ error: (any Error)?) {
    guard !finished else { return }
    finished = true
    if error == nil && batch.count > 0 {
      typer.seal(batch)
      if deferring { Self.deferredBatches.add(1, ordering: .relaxed) }
      pipe.put([batch])
    }
    pipe.finish(error)
  }
}
