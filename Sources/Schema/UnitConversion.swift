import Foundation

/// Converts money between the units Vietnamese forms use, however a header writes them:
/// đồng (`đ`, `₫`, `VNĐ`), nghìn đồng (`1000đ`, `x1000đ`, `1.000 đồng`, `Ngđ`, `Ng.đ`),
/// triệu đồng (`Tr.đ`, `trđ`, `Triệu VNĐ`), tỷ đồng, and rates of them per person per
/// month or year (`triệu đồng/người/tháng`), behind a label such as `ĐVT:` or
/// `Đơn vị tính:`.
public enum UnitConversion {
  /// The scale words before a currency word, longest spelling first, with their size in
  /// đồng, by folded name: `ng` is nghìn, as in `Ngđ`.
  private static let scales: [(word: String, dong: Double)] = [
    ("nghin", 1e3), ("ngan", 1e3), ("ng", 1e3), ("trieu", 1e6), ("tr", 1e6), ("ty", 1e9),
  ]
  /// The words for đồng, by folded name.
  private static let currencies: Set<String> = ["d", "dong", "vnd", "vn dong"]
  /// The labels that may lead a unit (`ĐVT:`, `Đơn vị tính:`, `Đơn vị:`, `đv:`), folded,
  /// longest first.
  private static let labels = ["don vi tinh", "don vi", "dvt", "dv"]
  /// A rate's period in months, by folded name.
  private static let periods: [String: Double] = ["thang": 1, "nam": 12, "quy": 3]

  /// The size of a unit: đồng per unit, for a rate the months it is counted over (nil for
  /// an amount) and whether it is counted per person; nil when `text` names no money unit.
  static func size(of text: String) -> (dong: Double, months: Double?, perPerson: Bool)? {
    // A unit is a few words: a name or a sentence is settled without folding it.
    guard text.utf8.count <= 40 else { return nil }
    // The units a province's headers write are few: each is worked out once.
    return sizes.value(for: text, workedOutSize(of:))
  }

  /// The sizes worked out so far, by text.
  private static let sizes = TextMemo<(dong: Double, months: Double?, perPerson: Bool)?>()

  /// ``size(of:)`` worked out.
  private static func workedOutSize(of text: String) -> (dong: Double, months: Double?, perPerson: Bool)? {
    // "₫" is the đồng sign and "×" the times of "×1000đ", which folding would drop.
    var spelled = text
    if text.utf8.contains(where: { $0 >= 0xC3 }) {
      spelled = String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "₫" ? "đ" : $0 == "×" ? "x" : $0 }))
    }
    let parts = spelled.split(separator: "/").map { LabelFolding.key(String($0)) }
    guard let money = parts.first.flatMap(amount) else { return nil }
    switch parts.count {
    case 1: return (money, nil, false)
    case 2: return periods[parts[1]].map { (money, $0, false) }
    case 3 where parts[1] == "nguoi" || parts[1] == "lao dong": return periods[parts[2]].map { (money, $0, true) }
    default: return nil
    }
  }

  /// đồng per unit of a folded money unit: an optional label, then an optional multiplier
  /// ("1 000 dong", "x1000d"), then a scale word, a currency word or both ("trieu vnd",
  /// "ngd", "d").
  private static func amount(_ key: String) -> Double? {
    var rest = Substring(key)
    if let label = labels.first(where: { rest == $0 || rest.hasPrefix($0 + " ") }) {
      rest = rest.dropFirst(label.count).drop { $0 == " " }
    }
    var multiplier = 1.0
    if rest.first == "x", rest.dropFirst().drop(while: { $0 == " " }).first?.isNumber == true {
      rest = rest.dropFirst().drop { $0 == " " }
    }
    let digits = rest.prefix { $0.isNumber || $0 == " " }
    if digits.contains(where: \.isNumber) {
      guard let value = Double(digits.filter(\.isNumber)), value > 0 else { return nil }
      multiplier = value
      rest = rest.dropFirst(digits.count)
    }
    let words = String(rest).trimmingCharacters(in: .whitespaces)
    if currencies.contains(words) { return multiplier }
    for scale in scales where words.hasPrefix(scale.word) {
      let currency = words.dropFirst(scale.word.count).drop { $0 == " " }
      if currency.isEmpty || currencies.contains(String(currency)) { return scale.dong * multiplier }
    }
    return nil
  }

  /// The factor that turns a number in `from` into `to` (`(tỷ đồng)` → triệu đồng is
  /// 1000, `triệu đồng/người/tháng` → `triệu đồng/người/năm` 12); 1 when both name the
  /// same unit, nil when either is not a money unit or they measure different things.
  ///
  /// An amount per year that is not per person (`triệu đồng/năm` over a revenue column)
  /// is the year's amount; per month or quarter, or per person, it is a rate, no amount.
  public static func factor(from: String, to: String) -> Double? {
    if LabelFolding.key(from) == LabelFolding.key(to) { return 1 }
    guard let a = size(of: from), let b = size(of: to) else { return nil }
    switch (a.months, b.months) {
    case (nil, nil): return a.dong / b.dong
    case (let x?, let y?): return a.dong / b.dong * y / x
    case (12?, nil) where !a.perPerson, (nil, 12?) where !b.perPerson: return a.dong / b.dong
    default: return nil
    }
  }

  /// Whether `text` names a money amount (not a rate).
  public static func isMoney(_ text: String) -> Bool { size(of: text).map { $0.months == nil } ?? false }
}
