import CIntrinsics

/// A hash map from UTF-8 texts, given as bytes, to small values: the keys sit one after
/// another in byte chunks, so memory follows the distinct keys and a lookup makes no
/// `String`.
///
/// Entries and key bytes live in chunks of fixed capacity that are never moved: a map of
/// a hundred thousand tax codes grows without copying what it holds, where doubling arrays
/// would copy it and touch fresh pages at each step. Only the buckets are rebuilt, four
/// times larger once they are large.
struct ByteKeyMap<Value> {
  private struct Entry {
    /// The key's hash, kept whole so that growing the buckets reads no key again.
    var hash: UInt64
    /// Where the key's bytes are: their chunk, their offset in it, and their count.
    var chunk: UInt32
    var offset: UInt32
    var length: UInt32
    var value: Value
  }

  /// Entries a chunk holds: 2^14.
  private static var entryShift: Int { 14 }
  /// Bytes a key chunk holds: 2^18 (256 KiB), one key never split between two.
  private static var keyShift: Int { 18 }

  private var entries: [[Entry]] = []
  private var keys: [[UInt8]] = []
  /// Open addressing: each bucket holds the high half of its key's hash above the index
  /// of its entry plus one (0: empty), so a probe that meets another key's bucket
  /// rejects it without reading that entry.
  private var buckets = [UInt64](repeating: 0, count: 64)

  /// How many keys the map holds.
  private(set) var count = 0

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
        let index = Int(held & 0xFFFF_FFFF) - 1
        let entry = entries[index >> Self.entryShift][index & (1 << Self.entryShift - 1)]
        if entry.hash == hash && Int(entry.length) == key.count && sameKey(entry, key) { return entry.value }
      }
      bucket = (bucket + 1) & mask
    }
    buckets[bucket] = tag | UInt64(count + 1)
    let (chunk, offset) = store(key)
    if count & (1 << Self.entryShift - 1) == 0 {
      var chunk: [Entry] = []
      chunk.reserveCapacity(1 << Self.entryShift)
      entries.append(chunk)
    }
    entries[entries.count - 1].append(
      Entry(hash: hash, chunk: chunk, offset: offset, length: UInt32(key.count), value: value))
    count += 1
    if count * 2 > buckets.count { rebuild(capacity: buckets.count * (buckets.count < 1 << 16 ? 2 : 4)) }
    return nil
  }

  /// Starts loading the bucket where a key of hash `hash` (``hash(_:)``) would go, for an
  /// insert a little later. Mutating though it changes nothing: called on a map in an
  /// array, it takes the map in place, where a call on a copy retained and released the
  /// map's three arrays for every record.
  mutating func prefetch(hash: UInt64) {
    let bucket = Int(truncatingIfNeeded: hash) & (buckets.count - 1)
    buckets.withUnsafeBufferPointer { buckets in
      if let base = buckets.baseAddress { htx_prefetch_for_write(base + bucket) }
    }
  }

  /// Keeps only the keys whose value passes `keep`.
  mutating func filter(_ keep: (Value) -> Bool) {
    var kept = ByteKeyMap()
    for chunk in entries {
      for entry in chunk where keep(entry.value) {
        withKey(entry) { _ = kept.insert($0, entry.value) }
      }
    }
    self = kept
  }

  /// Copies `key` into the last key chunk, or a new one when it does not fit; where it is.
  private mutating func store(_ key: UnsafeBufferPointer<UInt8>) -> (chunk: UInt32, offset: UInt32) {
    let capacity = 1 << Self.keyShift
    if keys.isEmpty || keys[keys.count - 1].count + key.count > capacity {
      var chunk: [UInt8] = []
      // A key longer than a chunk (no tax code is) gets a chunk of its own size.
      chunk.reserveCapacity(max(capacity, key.count))
      keys.append(chunk)
    }
    let offset = keys[keys.count - 1].count
    keys[keys.count - 1].append(contentsOf: key)
    return (UInt32(truncatingIfNeeded: keys.count - 1), UInt32(truncatingIfNeeded: offset))
  }

  /// Calls `body` with the bytes of `entry`'s key.
  private func withKey<R>(_ entry: Entry, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    let offset = Int(entry.offset)
    return keys[Int(entry.chunk)].withUnsafeBufferPointer { stored in
      body(UnsafeBufferPointer(rebasing: stored[offset..<offset + Int(entry.length)]))
    }
  }

  private func sameKey(_ entry: Entry, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
    withKey(entry) { stored in
      for offset in 0..<key.count where stored[offset] != key[offset] { return false }
      return true
    }
  }

  /// Spreads the entries over `capacity` buckets (a power of two), by their hashes.
  private mutating func rebuild(capacity: Int) {
    var buckets = [UInt64](repeating: 0, count: capacity)
    let mask = capacity - 1
    var index = 0
    for chunk in entries {
      for entry in chunk {
        index += 1
        let hash = entry.hash
        var bucket = Int(truncatingIfNeeded: hash) & mask
        while buckets[bucket] != 0 { bucket = (bucket + 1) & mask }
        buckets[bucket] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(index)
      }
    }
    self.buckets = buckets
  }

  /// FNV-1a over the bytes, its bits mixed so the low ones, which pick the bucket,
  /// depend on every byte.
  static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
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
