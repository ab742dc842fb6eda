import Dispatch
import Foundation
import SheetIO

/// A sheet parsed on its own thread for a guessing read: it scans the head, makes the
/// guess once the head is read, and relays every row on (a text file's it types itself,
/// into record batches: see ``BatchTyping``); the reading thread waits for
/// ``head`` and, once ``parsed`` is signalled, may read the rest of the fields.
final class GuessingParse: @unchecked Sendable {
  /// What the parse decided once the head was read.
  enum Head {
    /// The head holds no label-like cell.
    case notThisForm
    /// The read failed before the head was decided.
    case failed(any Error)
    /// No guess: the rows are relayed to the spill only (or all sit in ``headRows``).
    case unguessed
    /// The guessed table, whose rows the relay hands on from its first.
    case guess(TablePlan)
  }

  /// Hands the head's decision over once.
  final class Decision: @unchecked Sendable {
    private let ready = DispatchSemaphore(value: 0)
    private var value: Head?

    /// Sets the decision unless one was set.
    func publish(_ head: Head) {
      guard value == nil else { return }
      value = head
      ready.signal()
    }

    /// The decision, once there is one.
    func wait() -> Head {
      ready.wait()
      return value ?? .unguessed
    }
  }

  let reader: TableReader
  let sheet: SheetContext
  let scan: SheetScan
  let relay: RowRelay
  /// The guessed table's typing on this thread, set with the guess when the sheet's rows
  /// cost less to type here than to relay (a text file's); nil: they are relayed.
  @exclusivity(unchecked) private(set) var typing: BatchTyping?
  /// The head's rows, kept until the guess is made.
  let headRows = RowSpill()
  let head = Decision()
  let parsed = DispatchSemaphore(value: 0)
  /// Set before ``parsed`` is signalled.
  private(set) var sheetSummary = SheetSummary()
  private(set) var error: (any Error)?
  /// Whether the sheet ended within its head, so ``headRows`` holds all of it.
  private(set) var allInHead = false

  init(reader: TableReader, sheet: SheetContext) {
    self.reader = reader
    self.sheet = sheet
    scan = SheetScan(searchRows: reader.locator.searchRows, transform: sheet.transform)
    relay = RowRelay(spill: sheet.source.rereadsCheaply ? nil : RowSpill())
  }

  /// Parses the sheet to its end (on the parse thread).
  func run() {
    defer { parsed.signal() }
    var decided = false
    do {
      sheetSummary = try sheet.source.readRows(sheet: sheet.index) { row in
        guard sheet.includes(row.number) else { return }
        if !decided && row.number > scan.searchRows {
          decided = true
          try decide()
        }
        // A row the typer voted is not scanned again: the scan takes the others.
        if let typing {
          guard typing.type(row) else { throw CancellationError() }
          if !typing.voted { scan.observe(row) }
        } else if decided {
          scan.observe(row)
          guard try relay.send(row) else { throw CancellationError() }
        } else {
          scan.observe(row)
          try headRows.append(row)
        }
      }
      if !decided { allInHead = true }
      if let typing {
        for (column, votes) in typing.typer.votesByColumn { scan.absorb(votes, column: column) }
      }
      typing?.finish(nil)
      relay.finish(nil)
      head.publish(.unguessed)
    } catch is NotThisForm {
      relay.finish(nil)
      head.publish(.notThisForm)
    } catch {
      self.error = error
      typing?.finish(error)
      relay.finish(error)
      head.publish(.failed(error))
    }
  }

  /// Guesses the table from the head, before the merged ranges and the later numbers
  /// are known, and relays the head's rows.
  private func decide() throws {
    // The label-like rows, found once for both questions.
    let labelRows = reader.locator.labelRows(in: scan.grid)
    guard !labelRows.isEmpty else { throw NotThisForm() }
    if let located = reader.locator.locate(in: scan.grid, labelRows: labelRows) {
      let plan = reader.prepare(located, style: reader.style(of: located, in: scan), grid: scan.grid, sheet: sheet)
      // A text file is parsed faster than its rows are relayed: they are typed here.
      if sheet.source.rereadsCheaply {
        let typing = BatchTyping(plan: plan, sharing: true)
        // The rows below the head, scanned before now, are voted as they are typed.
        if sheet.transform == nil { plan.typer.votesFrom = scan.searchRows + 1 }
        self.typing = typing
        head.publish(.guess(plan))
        try headRows.replay { row in
          guard typing.type(row) else { throw CancellationError() }
        }
        return
      }
      relay.open()
      head.publish(.guess(plan))
    } else {
      head.publish(.unguessed)
    }
    try headRows.replay { row in
      guard try relay.send(row) else { throw CancellationError() }
    }
  }
}
