extension CSVSource {
  /// The last row and column holding a value, found by running the byte core over the
  /// raw file without decoding or building rows; nil for encodings other than UTF-8
  /// (their delimiters are not single bytes of the file) or when the scan fails.
  ///
  /// ``SheetDumper`` uses it to write CSV rows as they are read, padded to the right
  /// width, instead of holding them until the width is known.
  func scanBounds() -> (lastRow: Int, lastColumn: Int)? {
    guard encoding == .utf8 || encoding == .utf8WithBOM, let reader = try? CSVByteReader(origin) else {
      return nil
    }
    var core = CSVCore(delimiter: delimiter)
    let chunkSize = options.chunkSize
    let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
    let field = UnsafeMutableRawBufferPointer.allocate(byteCount: max(options.maximumFieldBytes, 1), alignment: 1)
    defer {
      chunk.deallocate()
      field.deallocate()
    }
    var input = UnsafeRawBufferPointer(start: nil, count: 0)
    var inputEnded = false
    var bomToSkip = hasByteOrderMark ? 3 : 0
    var skipping = hasSeparatorLine
    var row = 1
    var column = 1
    var fieldLength = 0
    var lastRow = 0
    var lastColumn = 0
    while true {
      if input.isEmpty && !inputEnded {
        guard let got = try? reader.read(into: chunk) else { return nil }
        if got == 0 {
          inputEnded = true
        } else {
          let skip = min(bomToSkip, got)
          bomToSkip -= skip
          input = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(chunk)[skip..<got])
          if input.isEmpty { continue }
        }
      }
      let step = core.readField(input, into: UnsafeMutableRawBufferPointer(rebasing: field[fieldLength...]))
      input = UnsafeRawBufferPointer(rebasing: input[step.consumed...])
      fieldLength += step.written
      switch step.result {
      case .needInput: continue
      case .outputFull: return nil
      case .field(let endsRecord):
        if fieldLength > 0 && !skipping {
          lastRow = row
          lastColumn = max(lastColumn, column)
        }
        fieldLength = 0
        column += 1
        if endsRecord {
          if skipping { skipping = false } else { row += 1 }
          column = 1
        }
      case .end:
        return (lastRow, lastColumn)
      }
    }
  }
}
