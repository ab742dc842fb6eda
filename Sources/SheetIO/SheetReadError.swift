import Findings

/// Why a file could not be read: its finding code, a message, and where it happened.
///
/// Readers throw it; callers turn it into a ``Finding`` for the file with
/// ``finding(file:)`` and go on with the other files.
public struct SheetReadError: Error, Sendable, CustomStringConvertible {
  /// The SPEC §4 code: `file-unreadable`, `file-format`, `file-corrupt`, `encoding-error`
  /// or `limit-exceeded`.
  public var code: FindingCode
  /// What went wrong, in English, for people.
  public var message: String
  /// The sheet it happened in, when known.
  public var sheet: String?
  /// The cell it happened at, when known.
  public var ref: CellRef?
  /// The line of a text file (CSV) it happened on, when known.
  public var line: Int?
  /// The message in Vietnamese; nil: the code's Vietnamese title before the English message.
  public var vietnamese: String?

  /// Creates an error.
  public init(
    _ code: FindingCode, _ message: String, vietnamese: String? = nil, sheet: String? = nil, ref: CellRef? = nil,
    line: Int? = nil
  ) {
    self.code = code
    self.message = message
    self.vietnamese = vietnamese
    self.sheet = sheet
    self.ref = ref
    self.line = line
  }

  public var description: String { "\(code.rawValue): \(message)" }

  /// The finding that reports this error for `file`.
  public func finding(file: String) -> Finding {
    Finding(
      severity: .error, code: code, file: file, sheet: sheet, cell: ref?.a1,
      row: ref?.row ?? line, column: ref?.column, message: message,
      vietnamese: vietnamese ?? "\(code.vietnameseTitle): \(message)")
  }
}
