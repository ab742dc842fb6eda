import Foundation

/// Converts money between the units Vietnamese forms use, however a header writes them:
/// đồng (`đ`, `VNĐ`), nghìn đồng (`1000đ`, `1.000 đồng`), triệu đồng (`Tr.đ`, `trđ`), tỷ
/// đồng, and rates of them per person per month or year (`triệu đồng/người/tháng`).
public enum UnitConversion {
  /// Each money word's size in đồng, by folded name.
  private static let moneyWords: [String: Double] = [
    "d": 1, "dong": 1, "vnd": 1, "vn dong": 1, "nghin dong": 1e3, "ngan dong": 1e3, "nghin d": 1e3, "ngan d": 1e3,
    "nghin": 1e3, "ngan": 1e3, "trieu dong": 1e6, "trieu d": 1e6, "trieu": 1e6, "tr dong": 1e6, "tr d": 1e6,
    "trd": 1e6, "tr": 1e6, "ty dong": 1e9, "ty d": 1e9, "ty": 1e9,
  ]
  /// A rate's period in months, by folded name.
  private static let periods: [String: Double] = ["thang": 1, "nam": 12, "quy": 3]

  /// The size of a unit: đồng per unit, and for a rate per person the months it is
  /// counted over (nil for an amount); nil when `text` names no money unit.
  static func size(of text: String) -> (dong: Double, months: Double?)? {
    // "₫" is the đồng sign, which folding would drop.
    let parts = text.replacingOccurrences(of: "₫", with: "đ").split(separator: "/").map { LabelFolding.key(String($0)) }
    guard let money = parts.first.flatMap(amount) else { return nil }
    switch parts.count {
    case 1: return (money, nil)
    case 2: return periods[parts[1]].map { (money, $0) }
    case 3 where parts[1] == "nguoi" || parts[1] == "lao dong": return periods[parts[2]].map { (money, $0) }
    default: return nil
    }
  }

  /// đồng per unit of a folded money word, with a multiplier before it ("1 000 dong",
  /// "1000d").
  private static func amount(_ key: String) -> Double? {
    var multiplier = 1.0
    var rest = Substring(key)
    let digits = rest.prefix { $0.isNumber || $0 == " " }
    if digits.contains(where: \.isNumber) {
      guard let value = Double(digits.filter(\.isNumber)), value > 0 else { return nil }
      multiplier = value
      rest = rest.dropFirst(digits.count)
    }
    return moneyWords[String(rest).trimmingCharacters(in: .whitespaces)].map { $0 * multiplier }
  }

  /// The factor that turns a number in `from` into `to` (`(tỷ đồng)` → triệu đồng is
  /// 1000, `triệu đồng/người/tháng` → `triệu đồng/người/năm` 12); 1 when both name the
  /// same unit, nil when either is not a money unit or they measure different things.
  public static func factor(from: String, to: String) -> Double? {
    if LabelFolding.key(from) == LabelFolding.key(to) { return 1 }
    guard let a = size(of: from), let b = size(of: to) else { return nil }
    switch (a.months, b.months) {
    case (nil, nil): return a.dong / b.dong
    case (let x?, let y?): return a.dong / b.dong * y / x
    default: return nil
    }
  }

  /// Whether `text` names a money amount (not a rate).
  public static func isMoney(_ text: String) -> Bool { size(of: text).map { $0.months == nil } ?? false }
}
