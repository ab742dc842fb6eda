/// A hash map from UTF-8 texts, given as bytes, to small values: the keys sit one after
/// another in a single byte store, so memory follows the distinct keys and a lookup makes
/// no `String`.
struct ByteKeyMap<Value> {
  private struct Entry {
    var hash: UInt64
    var start: Int
    var length: Int
    var value: Value
  }

  /// The keys' bytes.
  private var keys: [UInt8] = []
  private var entries: [Entry] = []
  /// Open addressing: each bucket holds the high half of its key's hash above the index
  /// of its entry plus one (0: empty), so a probe that meets another key's bucket
  /// rejects it without reading that entry.
  private var buckets = [UInt64](repeating: 0, count: 16)

  /// How many keys the map holds.
  var count: Int { entries.count }

  /// The value stored under `key`; when there was none, stores `value` under it and
  /// returns nil.
  mutating func insert(_ key: UnsafeBufferPointer<UInt8>, _ value: Value) -> Value? {
    let hash = Self.hash(key)
    let tag = hash & 0xFFFF_FFFF_0000_0000
    let mask = buckets.count - 1
    var bucket = Int(truncatingIfNeeded: hash) & mask
    while true {
      let held = buckets[bucket]
      if held == 0 { break }
      if held & 0xFFFF_FFFF_0000_0000 == tag {
        let entry = entries[Int(held & 0xFFFF_FFFF) - 1]
        if entry.hash == hash && entry.length == key.count && sameKey(entry, key) { return entry.value }
      }
      bucket = (bucket + 1) & mask
    }
    buckets[bucket] = tag | UInt64(entries.count + 1)
    entries.append(Entry(hash: hash, start: keys.count, length: key.count, value: value))
    keys.append(contentsOf: key)
    if entries.count * 2 > buckets.count { rebuild(capacity: buckets.count * 2) }
    return nil
  }

  /// Keeps only the keys whose value passes `keep`.
  mutating func filter(_ keep: (Value) -> Bool) {
    var kept = ByteKeyMap()
    for entry in entries where keep(entry.value) {
      keys.withUnsafeBufferPointer { stored in
        _ = kept.insert(UnsafeBufferPointer(rebasing: stored[entry.start..<entry.start + entry.length]), entry.value)
      }
    }
    self = kept
  }

  private func sameKey(_ entry: Entry, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
    keys.withUnsafeBufferPointer { stored in
      for offset in 0..<key.count where stored[entry.start + offset] != key[offset] { return false }
      return true
    }
  }

  /// Spreads the entries over `capacity` buckets (a power of two), by their stored hashes.
  private mutating func rebuild(capacity: Int) {
    buckets = [UInt64](repeating: 0, count: capacity)
    let mask = capacity - 1
    for (index, entry) in entries.enumerated() {
      var bucket = Int(truncatingIfNeeded: entry.hash) & mask
      while buckets[bucket] != 0 { bucket = (bucket + 1) & mask }
      buckets[bucket] = entry.hash & 0xFFFF_FFFF_0000_0000 | UInt64(index + 1)
    }
  }

  /// FNV-1a over the bytes, its bits mixed so the low ones, which pick the bucket,
  /// depend on every byte.
  private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in key {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    hash ^= hash >> 29
    hash = hash &* 0xbf58_476d_1ce4_e5b9
    return hash ^ (hash >> 32)
  }
}
