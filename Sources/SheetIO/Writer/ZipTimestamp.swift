/// A modification time as a ZIP entry records it: MS-DOS date and time, local, to two seconds.
public struct ZipTimestamp: Hashable, Sendable {
  /// The year, 1980–2107.
  public var year: Int
  /// The month, 1–12.
  public var month: Int
  /// The day of the month, 1–31.
  public var day: Int
  /// The hour, 0–23.
  public var hour: Int
  /// The minute, 0–59.
  public var minute: Int
  /// The second, 0–59; ZIP keeps it to two seconds, rounding down.
  public var second: Int

  /// Creates a timestamp; each part out of its range is clamped into it.
  ///
  /// The default, 1980-01-01 00:00:00, is the earliest time a ZIP can hold.
  public init(
    year: Int = 1980, month: Int = 1, day: Int = 1, hour: Int = 0, minute: Int = 0,
    second: Int = 0
  ) {
    self.year = min(max(year, 1980), 2107)
    self.month = min(max(month, 1), 12)
    self.day = min(max(day, 1), 31)
    self.hour = min(max(hour, 0), 23)
    self.minute = min(max(minute, 0), 59)
    self.second = min(max(second, 0), 59)
  }

  /// The MS-DOS time field: hour, minute and second / 2 packed in 16 bits.
  var dosTime: UInt16 { UInt16(hour << 11 | minute << 5 | second / 2) }

  /// The MS-DOS date field: years since 1980, month and day packed in 16 bits.
  var dosDate: UInt16 { UInt16((year - 1980) << 9 | month << 5 | day) }
}
