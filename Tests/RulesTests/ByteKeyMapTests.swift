import Testing

@testable import Rules

/// The byte-keyed map that remembers where each unique value was first seen agrees with a
/// dictionary of strings, through its growth and after a filter.
@Suite struct ByteKeyMapTests {
  /// Inserts `key` into `map`; the value it held before, if any.
  static func insert(_ key: String, _ value: Int, into map: inout ByteKeyMap<Int>) -> Int? {
    var key = key
    return key.withUTF8 { map.insert($0, value) }
  }

  @Test func agreesWithADictionaryThroughGrowth() {
    var generator = SystemRandomNumberGenerator()
    var map = ByteKeyMap<Int>()
    var model: [String: Int] = [:]
    // Tax codes and texts that share prefixes, lengths and bytes, with many repeats.
    let pool = ["0", "1", "2", "9", "-", "ợ", "x"]
    for value in 0..<20_000 {
      let length = Int.random(in: 0...6, using: &generator)
      let key = (0..<length).map { _ in pool.randomElement(using: &generator) ?? "" }.joined()
      let before = Self.insert(key, value, into: &map)
      #expect(before == model[key], "\(key)")
      if model[key] == nil { model[key] = value }
    }
    #expect(map.count == model.count)
    #expect(model.count > 1_000)
  }

  /// A hundred and fifty thousand tax codes: the buckets outgrow 2 MiB (262,144 of them,
  /// then over a million), where they are asked for huge pages, and still start empty.
  @Test func aMapOfManyTaxCodesFindsEachOnce() {
    var map = ByteKeyMap<Int>()
    let codes = (0..<150_000).map { String(4_900_000_000 + $0 * 7_919) }
    for (index, code) in codes.enumerated() { #expect(Self.insert(code, index, into: &map) == nil, "\(code)") }
    #expect(map.count == codes.count)
    for (index, code) in codes.enumerated() where index % 7 == 0 {
      #expect(Self.insert(code, -1, into: &map) == index, "\(code)")
    }
    #expect(Self.insert("4900000001", 0, into: &map) == nil)
    #expect(map.count == codes.count + 1)
  }

  /// Past the first chunks of entries (16,384) and of key bytes (256 KiB), with keys of
  /// every length up to one longer than a key chunk.
  @Test func agreesWithADictionaryAcrossChunks() {
    var map = ByteKeyMap<Int>()
    var model: [String: Int] = [:]
    var generator = SystemRandomNumberGenerator()
    for value in 0..<60_000 {
      let key: String
      switch value % 5_000 {
      case 4_999: key = String(repeating: "x", count: 270_000 + value)
      case 500..<600: key = String(repeating: "ợ", count: value % 97)
      default: key = String(UInt64.random(in: 0..<40_000, using: &generator) * 7_919)
      }
      #expect(Self.insert(key, value, into: &map) == model[key])
      if model[key] == nil { model[key] = value }
    }
    #expect(map.count == model.count)
    #expect(model.count > 20_000)
    map.filter { $0 % 3 == 0 }
    let kept = model.filter { $0.value % 3 == 0 }
    #expect(map.count == kept.count)
    for (key, value) in kept.prefix(2_000) { #expect(Self.insert(key, -1, into: &map) == value) }
  }

  @Test func filterKeepsOnlyPassingValuesAndTheyStayFound() {
    var map = ByteKeyMap<Int>()
    for value in 0..<500 { _ = Self.insert("0100\(value)", value, into: &map) }
    map.filter { $0 % 2 == 0 }
    #expect(map.count == 250)
    // A kept key still holds its value; a dropped one is new again.
    #expect(Self.insert("01004", -1, into: &map) == 4)
    #expect(Self.insert("01005", -1, into: &map) == nil)
    #expect(Self.insert("01005", -2, into: &map) == -1)
  }

  /// A copy is a value of its own: what one copy adds, the other does not hold.
  @Test func aCopyChangesAlone() {
    var map = ByteKeyMap<Int>()
    for value in 0..<100 { _ = Self.insert("\(value)", value, into: &map) }
    var copy = map
    #expect(Self.insert("new", 1, into: &copy) == nil)
    #expect(Self.insert("7", -1, into: &copy) == 7)
    #expect(Self.insert("new", 2, into: &map) == nil)
    #expect(Self.insert("new", 3, into: &copy) == 1)
    #expect(map.count == 101 && copy.count == 101)
    var filtered = map
    filtered.filter { $0 < 10 }
    #expect(filtered.count == 11 && map.count == 101)
    #expect(Self.insert("50", -1, into: &map) == 50)
  }
}
