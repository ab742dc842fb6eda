import Foundation
import SheetIO

/// Types a table's rows into ``RecordBatch``es on the thread that has the rows, handing
/// each full batch to the thread that checks the records through ``pipe``.
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

  /// Creates the producer of `plan`'s records.
  init(plan: TablePlan) {
    typer = plan.typer
    layout = plan.summary.layout
    batch = RecordBatch(layout: layout, capacity: Self.batchSize)
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
    let item = typer.type(row, into: batch)
    voted = typer.votedLast
    guard item != nil, batch.count == handOnAt else { return true }
    typer.seal(batch)
    guard pipe.put([batch]) else { return false }
    handOnAt = min(handOnAt * 2, Self.batchSize)
    batch = sparesLock.withLock { spares.popLast() } ?? RecordBatch(layout: layout, capacity: Self.batchSize)
    return true
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
      pipe.put([batch])
    }
    pipe.finish(error)
  }
}
