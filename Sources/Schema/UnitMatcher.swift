/// Finds which submitting unit a return comes from: by a title line ("UBND HUYỆN CAO
/// LỘC"), then by the file name ("cao-loc.xlsx", "183_2017H1.csv").
public struct UnitMatcher: Sendable {
  /// The units to choose from.
  public let list: UnitList
  private let keys: [(unit: SubmittingUnit, key: String)]

  /// Creates a matcher for `list`.
  public init(list: UnitList) {
    self.list = list
    var keys: [(SubmittingUnit, String)] = []
    for unit in list.units {
      for name in [unit.name] + unit.aliases {
        let key = Self.strip(LabelFolding.key(name))
        if !key.isEmpty { keys.append((unit, key)) }
      }
    }
    // Longer names first, so "thanh pho lang son" wins over "lang son".
    self.keys = keys.sorted { $0.1.count > $1.1.count }
  }

  /// Drops the words that name a kind of unit rather than the unit.
  static func strip(_ key: String) -> String {
    var words = key.split(separator: " ").map(String.init)
    let kinds: Set<String> = ["huyen", "thanh", "pho", "tp", "xa", "phuong", "thi", "tran", "ubnd", "quan"]
    while let first = words.first, kinds.contains(first), words.count > 1 { words.removeFirst() }
    return words.joined(separator: " ")
  }

  /// The unit a set of title lines names, if one does: first a name after the word for
  /// its kind ("… TRÊN ĐỊA BÀN HUYỆN HỮU LŨNG"), then one on a line that names a unit,
  /// but never the province's own name ("UBND TỈNH LẠNG SƠN" is not Thành phố Lạng Sơn).
  public func unit(inTitles titles: [String]) -> SubmittingUnit? {
    // "Hợp tác xã" is no commune.
    let lines = titles.map {
      (" " + LabelFolding.key($0) + " ").replacingOccurrences(of: " hop tac xa ", with: " htx ")
    }
    let kinds = [" huyen ", " thanh pho ", " tp ", " thi xa ", " xa ", " phuong ", " quan ", " thi tran "]
    for line in lines {
      for kind in kinds where has(line, kind) {
        if let match = keys.first(where: { has(line, kind + $0.key + " ") }) { return match.unit }
      }
    }
    for line in lines {
      guard
        has(line, " ubnd ") || has(line, " huyen ") || has(line, " thanh pho ") || has(line, " xa ")
          || has(line, " phuong ")
      else { continue }
      if let match = keys.first(where: { has(line, " " + $0.key + " ") && !has(line, " tinh " + $0.key + " ") }) {
        return match.unit
      }
    }
    return nil
  }

  /// The unit a file name names, by code ("183_2017H1.csv", "BC 183.csv") or by name
  /// ("cao-loc.xlsx"); the province's own name ("HTX Lạng Sơn - huyện Lộc Bình") only
  /// when no other unit is named.
  public func unit(inFileName name: String) -> SubmittingUnit? {
    let stem = name.split(separator: "/").last.map(String.init) ?? name
    for unit in list.units {
      let code = unit.code
      if stem.hasPrefix(code + "_") || stem.hasPrefix(code + "-") || stem.hasPrefix(code + ".") { return unit }
    }
    let key =
      " " + LabelFolding.key(stem.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " "))
      + " "
    // A code standing alone among the name's words.
    let words = Set(key.split(separator: " ").map(String.init))
    if let unit = list.units.first(where: { words.contains($0.code) }) { return unit }
    let province = Self.strip(LabelFolding.key(list.provinceName))
    let named = keys.filter { has(key, " " + $0.key + " ") }
    return (named.first { $0.key != province } ?? named.first)?.unit
  }

  /// Whether `text` holds `part`: a byte search, where `String.contains` bridges through
  /// Foundation for each of the many names tried.
  private func has(_ text: String, _ part: String) -> Bool { ByteSearch.contains(part, in: text) }
}
