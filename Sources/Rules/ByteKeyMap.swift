import CIntrinsics

/// A hash map from UTF-8 texts, given as bytes, to small values: the keys sit one after
/// another in byte chunks, so memory follows the distinct keys and a lookup makes no
/// `String`.
///
/// Entries and key bytes live in chunks of fixed capacity that are never moved: a map of
/// a hundred thousand tax codes grows without copying what it holds, where doubling arrays
/// would copy it and touch fresh pages at each step. Only the buckets are rebuilt, four
/// times larger once they are large.
///
/// The chunks are raw memory of one storage object, copied when a shared map is changed:
/// an insert checks that one object is unshared, where the arrays it replaced were each
/// checked and appended to through their generic paths (a tax code's insert, growth
/// shared in, went from 460 instructions to 320).
struct ByteKeyMap<Value> {
  fileprivate struct Entry {
    /// The key's hash, kept whole so that growing the buckets reads no key again.
    var hash: UInt64
    /// Where the key's bytes are: their chunk, their offset in it, and their count.
    var chunk: UInt32
    var offset: UInt32
    var length: UInt32
    var value: Value
  }

  private var storage = Storage()

  /// How many keys the map holds.
  var count: Int { storage.count }

  /// The value stored under `key`; when there was none, stores `value` under it and
  /// returns nil.
  mutating func insert(_ key: UnsafeBufferPointer<UInt8>, _ value: Value) -> Value? {
    if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    return storage.insert(key, value)
  }

  /// Starts loading the bucket where a key of hash `hash` (``hash(_:)``) would go, for an
  /// insert a little later.
  func prefetch(hash: UInt64) {
    htx_prefetch_for_write(storage.buckets + (Int(truncatingIfNeeded: hash) & (storage.bucketCount - 1)))
  }

  /// Keeps only the keys whose value passes `keep`.
  mutating func filter(_ keep: (Value) -> Bool) {
    storage = storage.copy(keeping: keep)
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

  /// The buckets, entries and key bytes of a map.
  private final class Storage {
    /// Entries a chunk holds: 2^14.
    static var entryShift: Int { 14 }
    /// Bytes a key chunk holds: 2^18 (256 KiB), one key never split between two.
    static var keyChunkBytes: Int { 1 << 18 }

    /// Open addressing: each bucket holds the high half of its key's hash above the index
    /// of its entry plus one (0: empty), so a probe that meets another key's bucket
    /// rejects it without reading that entry.
    /// (No access to these calls out while it changes them: they skip the run-time
    /// exclusivity checks a class's properties otherwise pay at every access.)
    @exclusivity(unchecked) private(set) var buckets: UnsafeMutablePointer<UInt64>
    @exclusivity(unchecked) private(set) var bucketCount = 64
    @exclusivity(unchecked) private var entryChunks: [UnsafeMutablePointer<Entry>] = []
    /// Each key chunk with its capacity (larger than ``keyChunkBytes`` for a longer key).
    @exclusivity(unchecked) private var keyChunks: [(base: UnsafeMutablePointer<UInt8>, capacity: Int)] = []
    /// Bytes used in the last key chunk.
    @exclusivity(unchecked) private var keyBytesUsed = 0
    @exclusivity(unchecked) private(set) var count = 0

    init() {
      buckets = Self.allocateBuckets(bucketCount)
    }

    deinit {
      htx_free_words(buckets)
      var left = count
      for chunk in entryChunks {
        let held = min(left, 1 << Self.entryShift)
        chunk.deinitialize(count: held)
        chunk.deallocate()
        left -= held
      }
      for chunk in keyChunks { chunk.base.deallocate() }
    }

    /// A copy with the keys whose value passes `keep` (all, by default), in their order.
    func copy(keeping keep: (Value) -> Bool = { _ in true }) -> Storage {
      let copy = Storage()
      for index in 0..<count {
        let entry = entry(at: index).pointee
        if keep(entry.value) { _ = copy.insert(key(of: entry), entry.value) }
      }
      return copy
    }

    @inline(__always)
    private func entry(at index: Int) -> UnsafeMutablePointer<Entry> {
      entryChunks[index >> Self.entryShift] + (index & (1 << Self.entryShift - 1))
    }

    /// The bytes of `entry`'s key.
    func key(of entry: Entry) -> UnsafeBufferPointer<UInt8> {
      UnsafeBufferPointer(start: keyChunks[Int(entry.chunk)].base + Int(entry.offset), count: Int(entry.length))
    }

    func insert(_ key: UnsafeBufferPointer<UInt8>, _ value: Value) -> Value? {
      let hash = ByteKeyMap.hash(key)
      let tag = hash & 0xFFFF_FFFF_0000_0000
      let mask = bucketCount - 1
      var bucket = Int(truncatingIfNeeded: hash) & mask
      while true {
        let held = buckets[bucket]
        if held == 0 { break }
        if held & 0xFFFF_FFFF_0000_0000 == tag {
          let found = entry(at: Int(held & 0xFFFF_FFFF) - 1)
          if found.pointee.hash == hash && Int(found.pointee.length) == key.count
            && Self.same(self.key(of: found.pointee), key)
          {
            return found.pointee.value
          }
        }
        bucket = (bucket + 1) & mask
      }
      buckets[bucket] = tag | UInt64(count + 1)
      let (chunk, offset) = store(key)
      if count & (1 << Self.entryShift - 1) == 0 {
        entryChunks.append(.allocate(capacity: 1 << Self.entryShift))
      }
      entry(at: count).initialize(
        to: Entry(hash: hash, chunk: chunk, offset: offset, length: UInt32(key.count), value: value))
      count += 1
      if count * 2 > bucketCount { rebuild(capacity: bucketCount * (bucketCount < 1 << 16 ? 2 : 4)) }
      return nil
    }

    /// Whether two keys of one length hold the same bytes.
    @inline(__always)
    private static func same(_ stored: UnsafeBufferPointer<UInt8>, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
      for offset in 0..<key.count where stored[offset] != key[offset] { return false }
      return true
    }

    /// Copies `key` into the last key chunk, or a new one when it does not fit; where it is.
    private func store(_ key: UnsafeBufferPointer<UInt8>) -> (chunk: UInt32, offset: UInt32) {
      if keyChunks.isEmpty || keyBytesUsed + key.count > keyChunks[keyChunks.count - 1].capacity {
        // A key longer than a chunk (no tax code is) gets a chunk of its own size.
        let capacity = max(Self.keyChunkBytes, key.count)
        keyChunks.append((.allocate(capacity: capacity), capacity))
        keyBytesUsed = 0
      }
      let offset = keyBytesUsed
      if let source = key.baseAddress, key.count > 0 {
        (keyChunks[keyChunks.count - 1].base + offset).initialize(from: source, count: key.count)
      }
      keyBytesUsed += key.count
      return (UInt32(truncatingIfNeeded: keyChunks.count - 1), UInt32(truncatingIfNeeded: offset))
    }

    /// `count` empty buckets; a large table on huge pages (see `htx_alloc_words`): a
    /// look-up lands on a page at random, and with 4 KiB pages most looks of a hundred
    /// thousand tax codes waited for a page walk.
    private static func allocateBuckets(_ count: Int) -> UnsafeMutablePointer<UInt64> {
      guard let words = htx_alloc_words(count) else {
        // As `allocate(capacity:)` does when memory runs out.
        preconditionFailure("no memory for \(count) hash buckets")
      }
      return words
    }

    /// Spreads the entries over `capacity` buckets (a power of two), by their hashes.
    private func rebuild(capacity: Int) {
      let fresh = Self.allocateBuckets(capacity)
      let mask = capacity - 1
      for index in 0..<count {
        let hash = entry(at: index).pointee.hash
        var bucket = Int(truncatingIfNeeded: hash) & mask
        while fresh[bucket] != 0 { bucket = (bucket + 1) & mask }
        fresh[bucket] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(index + 1)
      }
      htx_free_words(buckets)
      buckets = fresh
      bucketCount = capacity
    }
  }
}
