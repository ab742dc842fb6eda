/// Finds a CSV file's delimiter in a sample of its decoded text.
///
/// An Excel `sep=X` first line (also quoted, `"sep=X"`) names it, and that line is
/// not a record. Otherwise each candidate is tried with ``CSVCore`` itself, so quotes
/// are understood exactly as the reader will: the winner is the candidate whose
/// most common field count (two or more) occurs in the most of the first records.
enum CSVDelimiterSniffer {
  /// What the sniffer found.
  struct Dialect: Equatable {
    var delimiter: UInt8
    /// Whether the first line is a `sep=` line, to be skipped.
    var hasSeparatorLine: Bool
  }

  /// The candidates, most preferred first (tab goes first for UTF-16 files).
  static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09, UInt8(ascii: "|")]
  /// How many records of the sample are compared.
  static let sampledRecords = 50

  /// Sniffs the dialect of `sample`, the start of the file's text (BOM removed).
  ///
  /// - Parameters:
  ///   - isWhole: Whether the sample is the whole text (its last record is complete).
  ///   - prefersTab: Whether a tie goes to tab first (UTF-16, Excel's "Unicode Text").
  ///   - forced: A delimiter chosen by the caller; the `sep=` line is still found.
  static func sniff(
    _ sample: UnsafeRawBufferPointer, isWhole: Bool, prefersTab: Bool, forced: UInt8?
  ) -> Dialect {
    let separator = separatorLine(in: sample, isWhole: isWhole)
    if let forced { return Dialect(delimiter: forced, hasSeparatorLine: separator != nil) }
    if let separator { return Dialect(delimiter: separator, hasSeparatorLine: true) }
    var order = candidates
    if prefersTab { order = [0x09] + order.filter { $0 != 0x09 } }
    var best = order[0]
    var bestScore = 0
    for candidate in order {
      let score = consistency(of: candidate, in: sample, isWhole: isWhole)
      if score > bestScore {
        best = candidate
        bestScore = score
      }
    }
    return Dialect(delimiter: best, hasSeparatorLine: false)
  }

  /// The delimiter a `sep=X` first line names, nil when the first line is not one.
  static func separatorLine(in sample: UnsafeRawBufferPointer, isWhole: Bool) -> UInt8? {
    var index = 0
    let quoted = sample.first == CSVCore.quote
    if quoted { index += 1 }
    let prefix = Array("sep=".utf8)
    guard sample.count >= index + prefix.count + 1 else { return nil }
    for letter in prefix {
      // ASCII case folding: "SEP=" works too.
      guard sample[index] | 0x20 == letter | 0x20 else { return nil }
      index += 1
    }
    let delimiter = sample[index]
    index += 1
    guard delimiter < 0x80, delimiter != CSVCore.quote, delimiter != CSVCore.carriageReturn,
      delimiter != CSVCore.lineFeed
    else { return nil }
    if quoted {
      guard index < sample.count, sample[index] == CSVCore.quote else { return nil }
      index += 1
    }
    if index == sample.count { return isWhole ? delimiter : nil }
    let next = sample[index]
    return next == CSVCore.carriageReturn || next == CSVCore.lineFeed ? delimiter : nil
  }

  /// How many of the first records have the most common field count of two or more.
  static func consistency(of delimiter: UInt8, in sample: UnsafeRawBufferPointer, isWhole: Bool)
    -> Int
  {
    var core = CSVCore(delimiter: delimiter)
    var scratch = [UInt8](repeating: 0, count: 1_024)
    var counts: [Int: Int] = [:]
    var records = 0
    var fields = 0
    var fieldHasBytes = false
    var recordHasBytes = false
    var rest = sample
    var sentEnd = false
    scratch.withUnsafeMutableBytes { output in
      while records < sampledRecords {
        if rest.isEmpty {
          // A cut sample ends inside its last record, which is left out.
          guard isWhole, !sentEnd else { break }
          sentEnd = true
        }
        let step = core.readField(rest, into: output)
        rest = UnsafeRawBufferPointer(rebasing: rest[step.consumed...])
        fieldHasBytes = fieldHasBytes || step.written > 0
        switch step.result {
        case .needInput, .outputFull:
          continue
        case .end:
          return
        case .field(let endsRecord):
          fields += 1
          recordHasBytes = recordHasBytes || fieldHasBytes
          fieldHasBytes = false
          if endsRecord {
            // Blank lines say nothing; padded empty records (`,,,,`) do.
            if fields >= 2 { counts[fields, default: 0] += 1 }
            if fields >= 2 || recordHasBytes { records += 1 }
            fields = 0
            recordHasBytes = false
          }
        }
      }
    }
    return counts.values.max() ?? 0
  }
}
