/// Converts money between the units Vietnamese forms use: đồng, nghìn đồng, triệu đồng,
/// tỷ đồng.
public enum UnitConversion {
  /// Each unit's size in đồng, by folded name.
  private static let moneyUnits: [String: Double] = [
    "dong": 1, "vnd": 1, "nghin dong": 1e3, "ngan dong": 1e3, "trieu dong": 1e6, "trieu": 1e6,
    "ty dong": 1e9, "ty": 1e9, "tỷ dong": 1e9,
  ]

  /// The factor that turns a number in `from` into `to` (`(tỷ đồng)` → triệu đồng is
  /// 1000); 1 when both name the same unit, nil when either is not a money unit.
  public static func factor(from: String, to: String) -> Double? {
    let source = LabelFolding.key(from)
    let target = LabelFolding.key(to)
    if source == target { return 1 }
    guard let a = moneyUnits[source], let b = moneyUnits[target] else { return nil }
    return a / b
  }

  /// Whether `text` names a money unit.
  public static func isMoney(_ text: String) -> Bool { moneyUnits[LabelFolding.key(text)] != nil }
}
