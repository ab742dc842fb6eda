/// Settings for reading a CSV file; fixed once a ``CSVSource`` is created.
public struct CSVOptions: Sendable, Hashable {
  /// The field separator to use instead of sniffing one (an ASCII byte other than a
  /// quote, CR or LF). A `sep=` first line is still skipped. The default is nil: the
  /// `sep=` line or the sniffer decides.
  public var delimiter: UInt8?
  /// The most bytes (UTF-8) one field may hold before the read stops with
  /// `limit-exceeded`; it catches an unbalanced quote that swallows the file. The
  /// default is 131,072, room for Excel's 32,767 characters at four bytes each.
  public var maximumFieldBytes: Int
  /// How many bytes are read from the file at a time. The default is 262,144.
  public var chunkSize: Int

  /// Creates options; every parameter defaults to the documented default.
  public init(delimiter: UInt8? = nil, maximumFieldBytes: Int = 131_072, chunkSize: Int = 262_144) {
    self.delimiter = delimiter
    self.maximumFieldBytes = maximumFieldBytes
    self.chunkSize = chunkSize
  }
}
