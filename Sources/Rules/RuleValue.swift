/// A value in the rule language: a number, text, truth value, date or blank.
public enum RuleValue: Hashable, Sendable, CustomStringConvertible {
  case number(Double)
  case text(String)
  case bool(Bool)
  /// A day, as days since 1970-01-01.
  case date(Int)
  /// Nothing: an empty cell, a missing column, a division by zero.
  case blank

  public var description: String {
    switch self {
    case .number(let value):
      value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    case .text(let text): text
    case .bool(let flag): flag ? "true" : "false"
    case .date(let days):
      {
        let (y, m, d) = RuleValue.civil(days)
        return "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
      }()
    case .blank: ""
    }
  }

  static func civil(_ days: Int) -> (Int, Int, Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date.
  public static func days(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
    return era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
  }

  /// Parses `yyyy-mm-dd`.
  public static func date(iso text: String) -> RuleValue? {
    let parts = text.split(separator: "-").compactMap { Int($0) }
    guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
    return .date(days(year: parts[0], month: parts[1], day: parts[2]))
  }
}
