// CSVCore: the RFC 4180 state machine under CSVSource.
//
// DESIGN. The core reads borrowed UTF-8 bytes and copies the bytes of one field
// into a caller's buffer, unescaped (`""` becomes `"`). Each call to
// `readField(_:into:)` returns a small result (needs input, output full, a field
// that may end its record, end of data) plus how many bytes it consumed and wrote.
// It never allocates, never fails (every byte string has a parse) and keeps all
// of its state in this struct, so input may arrive in pieces of any size, down to
// one byte, and the records are the same. An empty input means "no more data".
//
// Dialect: CR, LF and CRLF each end a record; inside quotes they are field bytes,
// kept as they are. A blank line is a record of one empty field (a spreadsheet
// shows it as an empty row). A quote inside an unquoted field is a literal byte;
// bytes after a closing quote are appended to the field (`"ab"c` is `abc`), as
// Excel and pandas read them. An unterminated quoted field ends at end of data.
// The core knows nothing of BOMs, encodings or limits: CSVSource strips the BOM,
// decodes to UTF-8 and turns "output full" into a limit error.
//
// ADVICE FOR HACKERS. A new state needs a case in `State`, a branch in the main
// `switch` of `readField`, and a decision in the end-of-data branch at its top
// (does a record end here or not?). A new option (say, another quote byte) must
// also change `quotedStops`/`unquotedStops` and the words the eight-byte loops
// match (`delimiterWord`, `quoteWord`…): together they decide where a run of field
// bytes stops. `line` counts CR, LF and CRLF once each, inside quotes too; every
// branch that consumes a CR or LF must keep it right, because CSVSource names
// lines in its errors. Add a row to the table in CSVCoreTests for every branch,
// and keep the one-byte-at-a-time test passing: it is what proves the state is
// complete.

/// What one step of ``CSVCore`` produced.
public enum CSVCoreResult: Equatable, Sendable {
  /// All input was consumed in the middle of a field; call again with more (or an
  /// empty input at end of data).
  case needInput
  /// The output buffer is full and the field goes on.
  case outputFull
  /// A field is complete; `endsRecord` tells whether it was the last of its record.
  case field(endsRecord: Bool)
  /// The data has ended and every record has been returned.
  case end
}

/// A streaming RFC 4180 field reader over borrowed UTF-8 bytes that never allocates.
public struct CSVCore: Sendable {
  /// Where the machine is between two bytes.
  @usableFromInline enum State: UInt8, Sendable {
    /// Before the first byte of a record.
    case recordStart
    /// Just after a CR that ended a record: an LF here belongs to it.
    case afterRecordCR
    /// Before the first byte of a field that is not the first of its record.
    case fieldStart
    /// Inside a field that did not start with a quote.
    case unquoted
    /// Inside a quoted field.
    case quoted
    /// Inside a quoted field just after a CR: an LF here is on the same line.
    case quotedAfterCR
    /// Inside a quoted field just after a quote: a second quote is a literal one.
    case quoteInQuoted
  }

  @usableFromInline static let quote: UInt8 = 0x22
  @usableFromInline static let carriageReturn: UInt8 = 0x0D
  @usableFromInline static let lineFeed: UInt8 = 0x0A

  /// The byte that separates fields.
  public let delimiter: UInt8
  /// The 1-based line of the next byte to read (CR, LF and CRLF each end a line).
  public private(set) var line = 1

  @usableFromInline var state = State.recordStart
  /// Bytes below 64 that stop an unquoted run, as a bit set.
  @usableFromInline let unquotedStops: UInt64
  /// The delimiter when it is 64 or above (it cannot be in the bit set), else 0x0A.
  @usableFromInline let highDelimiter: UInt8
  /// Bytes that stop a quoted run: quote, CR, LF.
  @usableFromInline static let quotedStops: UInt64 =
    (1 << UInt64(quote)) | (1 << UInt64(carriageReturn)) | (1 << UInt64(lineFeed))
  /// The delimiter in every byte of a word, for the eight-bytes-at-a-time scan.
  @usableFromInline let delimiterWord: UInt64

  @usableFromInline static let lowBits: UInt64 = 0x0101_0101_0101_0101
  @usableFromInline static let highBits: UInt64 = 0x8080_8080_8080_8080
  @usableFromInline static let quoteWord = UInt64(quote) &* lowBits
  @usableFromInline static let carriageReturnWord = UInt64(carriageReturn) &* lowBits
  @usableFromInline static let lineFeedWord = UInt64(lineFeed) &* lowBits

  /// Creates a reader at the start of the data.
  ///
  /// - Parameter delimiter: The field separator; the default is a comma. It must not be
  ///   a quote, CR or LF.
  public init(delimiter: UInt8 = UInt8(ascii: ",")) {
    precondition(
      delimiter != CSVCore.quote && delimiter != CSVCore.carriageReturn
        && delimiter != CSVCore.lineFeed, "a CSV delimiter cannot be a quote, CR or LF")
    self.delimiter = delimiter
    var stops: UInt64 = (1 << UInt64(CSVCore.carriageReturn)) | (1 << UInt64(CSVCore.lineFeed))
    if delimiter < 64 {
      stops |= 1 << UInt64(delimiter)
      highDelimiter = CSVCore.lineFeed
    } else {
      highDelimiter = delimiter
    }
    unquotedStops = stops
    delimiterWord = UInt64(delimiter) &* CSVCore.lowBits
  }

  /// Whether the reader is between records (nothing of a record read yet).
  public var isAtRecordStart: Bool { state == .recordStart || state == .afterRecordCR }

  @inline(__always)
  func stopsUnquoted(_ byte: UInt8) -> Bool {
    byte < 64 ? (unquotedStops >> UInt64(byte)) & 1 != 0 : byte == highDelimiter
  }

  @inline(__always)
  static func stopsQuoted(_ byte: UInt8) -> Bool {
    byte < 64 && (quotedStops >> UInt64(byte)) & 1 != 0
  }

  /// Whether a little-endian word holds one of three bytes (each given in every byte
  /// of a word); the lowest match is at `trailingZeroBitCount / 8`.
  ///
  /// A byte is zero after the XOR where it matches; `(v - 0x01…) & ~v & 0x80…` flags
  /// the lowest zero byte exactly (a borrow can only flag bytes above it).
  @inline(__always)
  static func matches(_ word: UInt64, _ first: UInt64, _ second: UInt64, _ third: UInt64) -> UInt64 {
    @inline(__always) func zeroBytes(_ value: UInt64) -> UInt64 {
      (value &- lowBits) & ~value & highBits
    }
    return zeroBytes(word ^ first) | zeroBytes(word ^ second) | zeroBytes(word ^ third)
  }

  /// Copies bytes from `source` to `target` eight at a time until a word holds a
  /// byte `matches` flags, or fewer than eight bytes of input or room remain; returns
  /// how many bytes it advanced both by (the stop byte itself is not counted).
  @inline(__always)
  static func copyWords(
    _ source: UnsafeRawPointer, _ available: Int, _ target: UnsafeMutableRawPointer?, _ room: Int,
    _ first: UInt64, _ second: UInt64, _ third: UInt64
  ) -> Int {
    guard let target else { return 0 }
    var offset = 0
    while offset + 8 <= available && offset + 8 <= room {
      let raw = source.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      // Store the whole word; bytes past the stop are overwritten or ignored later.
      target.storeBytes(of: raw, toByteOffset: offset, as: UInt64.self)
      let found = matches(UInt64(littleEndian: raw), first, second, third)
      if found != 0 { return offset + found.trailingZeroBitCount >> 3 }
      offset += 8
    }
    return offset
  }

  /// Reads from `input` until a field ends, the input runs out or `output` fills.
  ///
  /// Field bytes are appended to `output` from its start; when a field spans calls,
  /// pass the rest of the buffer each time. An empty `input` means the data has
  /// ended: a record in progress is ended, then every call returns ``CSVCoreResult/end``.
  /// Bytes of `output` past those written may be overwritten too (it copies by words).
  /// - Returns: The result, how many bytes of `input` were consumed and how many
  ///   bytes were written to `output`.
  @inline(__always)
  public mutating func readField(
    _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
  ) -> (result: CSVCoreResult, consumed: Int, written: Int) {
    guard let source = input.baseAddress, !input.isEmpty else {
      if isAtRecordStart {
        state = .recordStart
        return (.end, 0, 0)
      }
      state = .recordStart
      return (.field(endsRecord: true), 0, 0)
    }
    let count = input.count
    let capacity = output.count
    let target = output.baseAddress
    var index = 0
    var written = 0

    while index < count {
      switch state {
      case .recordStart, .afterRecordCR:
        let byte = source.load(fromByteOffset: index, as: UInt8.self)
        if state == .afterRecordCR {
          state = .recordStart
          if byte == CSVCore.lineFeed {
            index += 1
            continue
          }
        }
        if byte == CSVCore.carriageReturn || byte == CSVCore.lineFeed {
          // A blank line: a record of one empty field.
          index += 1
          line += 1
          state = byte == CSVCore.carriageReturn ? .afterRecordCR : .recordStart
          return (.field(endsRecord: true), index, written)
        }
        state = .fieldStart
        // Straight on, without another dispatch: most fields are short.
        fallthrough

      case .fieldStart:
        if source.load(fromByteOffset: index, as: UInt8.self) == CSVCore.quote {
          index += 1
          state = .quoted
          continue
        }
        state = .unquoted
        fallthrough

      case .unquoted:
        // Copy up to the first delimiter, CR or LF: words first, then single bytes.
        var stopped = false
        if let target {
          while index + 8 <= count && written + 8 <= capacity {
            let raw = source.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            // Store the whole word; bytes past the stop are not counted as written.
            target.storeBytes(of: raw, toByteOffset: written, as: UInt64.self)
            let found = CSVCore.matches(
              UInt64(littleEndian: raw), delimiterWord, CSVCore.carriageReturnWord,
              CSVCore.lineFeedWord)
            if found != 0 {
              let length = found.trailingZeroBitCount >> 3
              index += length
              written += length
              stopped = true
              break
            }
            index += 8
            written += 8
          }
        }
        if !stopped {
          let limit = min(count, index + (capacity - written))
          while index < limit {
            let byte = source.load(fromByteOffset: index, as: UInt8.self)
            if stopsUnquoted(byte) {
              stopped = true
              break
            }
            target.unsafelyUnwrapped.storeBytes(of: byte, toByteOffset: written, as: UInt8.self)
            written += 1
            index += 1
          }
          if !stopped {
            if index == count { break }
            if !stopsUnquoted(source.load(fromByteOffset: index, as: UInt8.self)) {
              return (.outputFull, index, written)
            }
          }
        }
        let byte = source.load(fromByteOffset: index, as: UInt8.self)
        index += 1
        if byte == delimiter {
          state = .fieldStart
          return (.field(endsRecord: false), index, written)
        }
        line += 1
        state = byte == CSVCore.carriageReturn ? .afterRecordCR : .recordStart
        return (.field(endsRecord: true), index, written)

      case .quoted, .quotedAfterCR:
        if state == .quotedAfterCR {
          state = .quoted
          if source.load(fromByteOffset: index, as: UInt8.self) == CSVCore.lineFeed {
            guard written < capacity else { return (.outputFull, index, written) }
            target.unsafelyUnwrapped.storeBytes(
              of: CSVCore.lineFeed, toByteOffset: written, as: UInt8.self)
            written += 1
            index += 1
            continue
          }
        }
        let skipped = CSVCore.copyWords(
          source + index, count - index, target.map { $0 + written }, capacity - written,
          CSVCore.quoteWord, CSVCore.carriageReturnWord, CSVCore.lineFeedWord)
        index += skipped
        written += skipped
        let limit = min(count, index + (capacity - written))
        while index < limit {
          let byte = source.load(fromByteOffset: index, as: UInt8.self)
          if CSVCore.stopsQuoted(byte) { break }
          target.unsafelyUnwrapped.storeBytes(of: byte, toByteOffset: written, as: UInt8.self)
          written += 1
          index += 1
        }
        if index == count { break }
        let byte = source.load(fromByteOffset: index, as: UInt8.self)
        if byte == CSVCore.quote {
          index += 1
          state = .quoteInQuoted
          continue
        }
        guard CSVCore.stopsQuoted(byte), written < capacity else {
          return (.outputFull, index, written)
        }
        target.unsafelyUnwrapped.storeBytes(of: byte, toByteOffset: written, as: UInt8.self)
        written += 1
        index += 1
        line += 1
        if byte == CSVCore.carriageReturn { state = .quotedAfterCR }

      case .quoteInQuoted:
        let byte = source.load(fromByteOffset: index, as: UInt8.self)
        if byte == CSVCore.quote {
          guard written < capacity else { return (.outputFull, index, written) }
          target.unsafelyUnwrapped.storeBytes(of: byte, toByteOffset: written, as: UInt8.self)
          written += 1
          index += 1
          state = .quoted
        } else {
          // That was the closing quote. The unquoted branch ends the field on a
          // delimiter or line end, and appends any other text after the quote.
          state = .unquoted
        }
      }
    }
    return (.needInput, index, written)
  }
}
