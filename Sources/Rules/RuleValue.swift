import SheetIO

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

  static func civil(_ days: Int) -> (Int, Int, Int) { CellDate.civil(fromDays: days) }

  /// Days since 1970-01-01 of a proleptic Gregorian date.
  public static func days(year: Int, month: Int, day: Int) -> Int {
    CellDate.days(year: year, month: month, day: day)
  }

  /// Parses `yyyy-mm-dd`.
  public static func date(iso text: String) -> RuleValue? {
    let parts = text.split(separator: "-").compactMap { Int($0) }
    guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
    return .date(days(year: parts[0], month: parts[1], day: parts[2]))
  }
}
