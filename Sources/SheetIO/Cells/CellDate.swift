/// A date, a date and time, or a time of day read from a cell.
///
/// Held as days since 1899-12-30 (the 1900 system without its leap-year bug), so
/// serials from both date systems and ISO text meet in one form.
public struct CellDate: Hashable, Sendable, CustomStringConvertible {
  /// What the cell shows: a calendar day, a moment, or a time alone.
  public enum Form: UInt8, Sendable {
    case date, dateTime, time
  }

  /// Days since 1899-12-30, with the time of day as the fraction.
  public var days: Double
  /// Whether the value is a day, a moment or a time alone.
  public var form: Form

  /// Creates a date from days since 1899-12-30 and its form.
  public init(days: Double, form: Form) {
    self.days = days
    self.form = form
  }

  /// Converts a spreadsheet serial in the 1900 or 1904 system; the form follows the value.
  ///
  /// In the 1900 system serial 60 is the fictitious 1900-02-29 and serials below it are
  /// one day off from the calendar, so they are moved by one day (as Excel displays them).
  public init(serial: Double, date1904: Bool) {
    var days = serial
    if date1904 {
      days += 1462
    } else if serial < 60 && serial >= 1 {
      days += 1
    }
    self.days = days
    let whole = serial.rounded(.down)
    if serial >= 0 && serial < 1 {
      form = .time
    } else if serial - whole == 0 {
      form = .date
    } else {
      form = .dateTime
    }
  }

  /// The ISO 8601 text: `2017-06-30`, `2017-06-30T08:15:00` or `08:15:00`.
  public var description: String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(19)
    appendISO(to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends the ISO 8601 text to a byte buffer.
  public func appendISO(to out: inout [UInt8]) {
    guard days.isFinite, abs(days) < 3_000_000 else {
      out.append(contentsOf: Array("#NUM!".utf8))
      return
    }
    var totalSeconds = (days * 86_400).rounded()
    if form == .date { totalSeconds = (days.rounded(.down)) * 86_400 }
    let whole = (totalSeconds / 86_400).rounded(.down)
    let seconds = Int(totalSeconds - whole * 86_400)
    if form != .time {
      let (year, month, day) = CellDate.civil(fromDays: Int(whole) - 25_569)
      CellDate.appendPadded(year, width: 4, to: &out)
      out.append(UInt8(ascii: "-"))
      CellDate.appendPadded(month, width: 2, to: &out)
      out.append(UInt8(ascii: "-"))
      CellDate.appendPadded(day, width: 2, to: &out)
    }
    if form == .date { return }
    if form == .dateTime { out.append(UInt8(ascii: "T")) }
    CellDate.appendPadded(seconds / 3600, width: 2, to: &out)
    out.append(UInt8(ascii: ":"))
    CellDate.appendPadded(seconds / 60 % 60, width: 2, to: &out)
    out.append(UInt8(ascii: ":"))
    CellDate.appendPadded(seconds % 60, width: 2, to: &out)
  }

  /// Year, month and day of a day count from 1970-01-01 (proleptic Gregorian).
  public static func civil(fromDays daysSinceEpoch: Int) -> (year: Int, month: Int, day: Int) {
    // Howard Hinnant's days-to-civil algorithm, in era/day-of-era form.
    let z = daysSinceEpoch + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  /// Days from 1970-01-01 of a proleptic Gregorian date.
  public static func days(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let mp = (month + 9) % 12
    let dayOfYear = (153 * mp + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  private static func appendPadded(_ value: Int, width: Int, to out: inout [UInt8]) {
    if value < 0 { out.append(UInt8(ascii: "-")) }
    let n = abs(value)
    var divisor = 1
    var digits = 1
    while divisor <= n / 10 {
      divisor *= 10
      digits += 1
    }
    for _ in digits..<max(width, digits) { out.append(UInt8(ascii: "0")) }
    while divisor > 0 {
      out.append(UInt8(ascii: "0") + UInt8(n / divisor % 10))
      divisor /= 10
    }
  }
}
