import Schema

/// The verdicts of up to 64 guarded tests (a rule's guard and check, or a filter under
/// the guard that always holds) on the records of one batch, made a test at a time over
/// the whole batch: for each record, as bits by test, where the guard holds and the check
/// is true, where it holds and the check is false, and where either cannot be decided
/// there (the test is then evaluated for that record).
final class BatchVerdicts: @unchecked Sendable {
  /// The batch filling the verdicts are for (see ``RecordBatch/stamp``); 0: none.
  @exclusivity(unchecked) private(set) var stamp: UInt64 = 0
  /// How many records the verdicts cover, and their bits, `count` of each.
  @exclusivity(unchecked) private var count = 0
  @exclusivity(unchecked) private var held: UnsafeMutablePointer<UInt64> = .allocate(capacity: 0)
  @exclusivity(unchecked) private var failed: UnsafeMutablePointer<UInt64> = .allocate(capacity: 0)
  @exclusivity(unchecked) private var undecided: UnsafeMutablePointer<UInt64> = .allocate(capacity: 0)
  private let scratch = RowTest.BatchScratch()
  @exclusivity(unchecked) private var guards: UnsafeMutablePointer<RowTest.Outcome> = .allocate(capacity: 0)
  @exclusivity(unchecked) private var checks: UnsafeMutablePointer<RowTest.Outcome> = .allocate(capacity: 0)
  @exclusivity(unchecked) private var capacity = 0

  deinit { release() }

  private func release() {
    for bits in [held, failed, undecided] { bits.deallocate() }
    guards.deallocate()
    checks.deallocate()
  }

  /// The tests that hold, fail and cannot be decided on record `index`, as bits by test;
  /// a record the verdicts do not cover is undecided for every test.
  @inline(__always)
  func of(_ index: Int) -> (held: UInt64, failed: UInt64, undecided: UInt64) {
    index < count ? (held[index], failed[index], undecided[index]) : (0, 0, .max)
  }

  /// Makes the verdicts of `tests` (64 at most) on the records of `batch`, the period's
  /// first and last days given as `bounds`.
  func make(_ tests: [RowRules.Tests], on batch: RecordBatch, bounds: (start: Int?, end: Int?)) {
    let count = batch.count
    if count > capacity {
      release()
      capacity = max(count, 64)
      held = .allocate(capacity: capacity)
      failed = .allocate(capacity: capacity)
      undecided = .allocate(capacity: capacity)
      guards = .allocate(capacity: capacity)
      checks = .allocate(capacity: capacity)
    }
    for bits in [held, failed, undecided] { bits.update(repeating: 0, count: count) }
    self.count = count
    for (test, tests) in tests.enumerated() {
      let bit = UInt64(1) << UInt64(test)
      tests.guardTest.outcomes(in: batch, bounds: bounds, scratch: scratch, into: guards)
      tests.check.outcomes(in: batch, bounds: bounds, scratch: scratch, into: checks)
      for index in 0..<count {
        switch guards[index] {
        case .yes:
          switch checks[index] {
          case .yes: held[index] |= bit
          case .no: failed[index] |= bit
          case .undecided: undecided[index] |= bit
          case .neither: break
          }
        case .undecided: undecided[index] |= bit
        case .no, .neither: break
        }
      }
    }
    stamp = batch.stamp
  }
}
