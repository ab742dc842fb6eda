import Findings
import Schema
import SheetIO

/// Values that must be unique across the files of a period (a tax code in two units'
/// returns): remembers where each was first seen and reports a repeat with both places.
///
/// Memory follows the distinct values: each is kept as its bytes in one store, with a
/// 12-byte place (an index into the files and sheets seen, a row and a column), its hash
/// and a bucket, about 60 bytes with a tax code's ten, not as a `String` of its own.
public struct FolderUniqueness {
  private struct Place {
    var table: Int32
    var row: Int32
    var column: Int32
  }

  /// Where each value was first seen, by column (in ``columns`` order).
  private var firstSeen: [ByteKeyMap<Place>]
  private var tables: [(file: String, sheet: String?, unit: String?)] = []
  private let columns: [FormColumn]
  /// The layout last seen, kept so that its identity is not reused while it is compared.
  private var layout: RecordLayout?
  /// The slot of each column in ``layout`` (-1: not in that table), and its sheet column.
  private var slots: [(slot: Int, column: Int)] = []
  /// The file and sheet of the last table in ``tables``: a record of another starts one.
  private var lastFile: String?
  private var lastSheet: String?
  /// While records are tentative: how many tables were known before. The values they
  /// see first are those whose place is in a later table.
  private var tentative: Int?
  /// Whether the next record starts a table of its own, though the last one was of the
  /// same file and sheet (tentative records start one, to be told apart).
  private var startsTable = false

  /// Creates the check for a form's columns marked unique across files.
  public init(form: Form) {
    columns = form.columns.filter(\.constraints.uniqueAcrossFiles)
    firstSeen = Array(repeating: ByteKeyMap(), count: columns.count)
  }

  /// The findings for one record of `file`, sent by `unit` when known. A value repeated
  /// from another file of the same unit is no finding here: that unit sent two returns,
  /// which the folder's `duplicate-submission` reports once.
  public mutating func check(_ record: TableRecord, file: String, sheet: String?, unit: String? = nil) -> [Finding] {
    var findings: [Finding] = []
    if !record.has(layout: layout) {
      let layout = record.layout
      self.layout = layout
      slots = columns.map { column in
        guard let slot = layout.slot(of: column.spec.id) else { return (-1, 0) }
        return (slot, layout.columns[slot])
      }
    }
    for index in slots.indices {
      let (slot, column) = slots[index]
      guard slot >= 0 else { continue }
      // The map outgrows the caches: its bucket for a later record's value is loaded
      // while this one is checked (a tenth of the checks' time went to waiting for it).
      if let hash = record.withText(ahead: 4, at: slot, ByteKeyMap<Place>.hash) {
        firstSeen[index].prefetch(hash: hash)
      }
      guard !record.isBlank(at: slot) else { continue }
      if startsTable || file != lastFile || sheet != lastSheet {
        tables.append((file, sheet, unit))
        (lastFile, lastSheet) = (file, sheet)
        startsTable = false
      }
      let place = Place(
        table: Int32(tables.count - 1), row: Int32(clamping: record.row), column: Int32(clamping: column))
      // A text is looked up by its bytes; another value by the text it prints as.
      let known =
        record.withText(at: slot) { firstSeen[index].insert($0, place) }
        ?? {
          var key = record.value(at: slot).description
          return key.withUTF8 { firstSeen[index].insert($0, place) }
        }()
      if let first = known {
        let key = record.value(at: slot).description
        let table = tables[Int(first.table)]
        if let unit, table.unit == unit, table.file != file { continue }
        let spec = columns[index].spec
        let id = spec.id
        let cell = CellRef(row: Int(first.row), column: Int(first.column)).a1
        let place = table.file + (table.sheet.map { " › \($0)" } ?? "") + "!" + cell
        let ref = CellRef(row: record.row, column: column)
        findings.append(
          Finding(
            severity: .error, code: .uniqueError, file: file, sheet: sheet, cell: ref.a1, row: ref.row,
            column: ref.column, field: id, value: key,
            message: "\(spec.labels.first ?? id) \(key) is already listed in \(place)",
            vietnamese: "\(spec.labels.first ?? id) \(key) đã có trong \(place)"))
      }
    }
    return findings
  }

  /// Makes the records checked from now on tentative, until ``keep()`` or ``forget()``.
  public mutating func beginTentative() {
    tentative = tables.count
    startsTable = true
  }

  /// Keeps what the tentative records added.
  public mutating func keep() {
    tentative = nil
    startsTable = false
  }

  /// Forgets the values the tentative records added, as if they had not been checked.
  public mutating func forget() {
    guard let tentative else { return }
    for column in firstSeen.indices {
      firstSeen[column].filter { $0.table < tentative }
    }
    tables.removeLast(max(0, tables.count - tentative))
    (lastFile, lastSheet) = (tables.last?.file, tables.last?.sheet)
    self.tentative = nil
    startsTable = false
  }
}
