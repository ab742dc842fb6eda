/// Parses the ISO 8601 text of `t="d"` cells: `2017-06-30`, `2017-06-30T08:15:00`,
/// `08:15:00`, with optional fractional seconds and a trailing `Z`.
enum ISODate {
  /// The date in `bytes`, or nil when they are not ISO 8601.
  static func parse(_ bytes: [UInt8]) -> CellDate? {
    var index = 0
    func number(_ width: Int) -> Int? {
      guard index + width <= bytes.count else { return nil }
      var value = 0
      for offset in 0..<width {
        let digit = bytes[index + offset] &- UInt8(ascii: "0")
        guard digit < 10 else { return nil }
        value = value * 10 + Int(digit)
      }
      index += width
      return value
    }
    func expect(_ byte: UInt8) -> Bool {
      guard index < bytes.count, bytes[index] == byte else { return false }
      index += 1
      return true
    }
    func time() -> Double? {
      guard let hour = number(2), expect(UInt8(ascii: ":")), let minute = number(2) else {
        return nil
      }
      var seconds = 0.0
      if expect(UInt8(ascii: ":")) {
        guard let whole = number(2) else { return nil }
        seconds = Double(whole)
        if expect(UInt8(ascii: ".")) {
          var scale = 0.1
          while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 {
            seconds += Double(bytes[index] - UInt8(ascii: "0")) * scale
            scale /= 10
            index += 1
          }
        }
      }
      _ = expect(UInt8(ascii: "Z"))
      guard hour < 24, minute < 60, seconds < 61 else { return nil }
      return (Double(hour * 3600 + minute * 60) + seconds) / 86_400
    }
    if bytes.count >= 5, bytes[2] == UInt8(ascii: ":") {
      guard let fraction = time(), index == bytes.count else { return nil }
      return CellDate(days: fraction, form: .time)
    }
    guard let year = number(4), expect(UInt8(ascii: "-")), let month = number(2),
      expect(UInt8(ascii: "-")), let day = number(2), (1...12).contains(month), (1...31).contains(day)
    else { return nil }
    let days = Double(CellDate.days(year: year, month: month, day: day) + 25_569)
    if index == bytes.count { return CellDate(days: days, form: .date) }
    guard expect(UInt8(ascii: "T")) || expect(UInt8(ascii: " ")), let fraction = time(),
      index == bytes.count
    else { return nil }
    return CellDate(days: days + fraction, form: fraction == 0 ? .date : .dateTime)
  }
}
