import Schema

/// A column pattern said in words for the clerk who must type to it: `^\d{10}(-\d{3})?$`
/// is "10 digits, optionally followed by '-' and 3 digits", "10 chữ số, có thể thêm '-'
/// và 3 chữ số".
extension TextPattern {
  /// The pattern in words, in English or Vietnamese; nil for a pattern of more than
  /// digits, literal characters and optional parts.
  public func wording(vietnamese: Bool) -> String? {
    guard let compiled, let phrases = Self.phrases(of: compiled, vietnamese: vietnamese), !phrases.isEmpty else {
      return nil
    }
    return phrases.joined(separator: ", ")
  }

  private static let digits: ByteSet = {
    var set = ByteSet()
    set.insert(0x30...0x39)
    return set
  }()

  /// The phrases a node reads as, in order; nil when a part has no simple wording.
  private static func phrases(of node: Node, vietnamese: Bool) -> [String]? {
    let and = vietnamese ? " và " : " and "
    switch node {
    case .start, .end: return []
    case .sequence(let items):
      var phrases: [String] = []
      for item in items {
        guard let more = Self.phrases(of: item, vietnamese: vietnamese) else { return nil }
        phrases += more
      }
      return phrases
    case .bytes(let set):
      if set.bits == digits.bits { return [vietnamese ? "1 chữ số" : "1 digit"] }
      guard let byte = single(set) else { return nil }
      return ["'\(Character(Unicode.Scalar(byte)))'"]
    case .repetition(.bytes(let set), let minimum, let maximum) where set.bits == digits.bits && minimum > 0:
      guard let maximum else { return [vietnamese ? "từ \(minimum) chữ số trở lên" : "\(minimum) or more digits"] }
      let count = maximum == minimum ? "\(minimum)" : "\(minimum) đến \(maximum)"
      return [vietnamese ? "\(count) chữ số" : "\(count.replacingOccurrences(of: " đến ", with: " to ")) digits"]
    case .repetition(let inner, 0, 1):
      guard let inner = Self.phrases(of: inner, vietnamese: vietnamese), !inner.isEmpty else { return nil }
      return [(vietnamese ? "có thể thêm " : "optionally followed by ") + inner.joined(separator: and)]
    case .alternation, .repetition: return nil
    }
  }

  /// The one ASCII byte a set holds, if it holds one.
  private static func single(_ set: ByteSet) -> UInt8? {
    var found: UInt8?
    for byte in UInt8(0x20)...UInt8(0x7E) where set.contains(byte) {
      guard found == nil else { return nil }
      found = byte
    }
    guard let found else { return nil }
    var one = ByteSet()
    one.insert(found...found)
    return set.bits == one.bits ? found : nil
  }
}
