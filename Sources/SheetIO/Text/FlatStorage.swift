/// Growing the flat storage of the hot loops' buffers (a row's bytes, a batch's cells):
/// elements moved to a larger allocation, the capacity doubled.
public enum FlatStorage {
  /// The capacity, doubling from `capacity`, that holds `needed` elements.
  public static func doubled(_ capacity: Int, toHold needed: Int) -> Int {
    var grown = max(capacity, 1) * 2
    while grown < needed { grown *= 2 }
    return grown
  }

  /// Storage of `capacity` elements holding the `count` moved from `base`, which is freed.
  public static func move<Element>(_ base: UnsafeMutablePointer<Element>, count: Int, toCapacity capacity: Int)
    -> UnsafeMutablePointer<Element>
  {
    let grown = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
    grown.moveInitialize(from: base, count: count)
    base.deallocate()
    return grown
  }

  /// Copies `count` bytes from `source` to `target`: a cell's few bytes by words that
  /// overlap, without a call to `memcpy` (most cells are a number or a short text); only
  /// the bytes in range are read and written.
  @inlinable @inline(__always)
  public static func copyBytes(from source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, count: Int) {
    switch count {
    case 8...16:
      target.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
      target.storeBytes(
        of: source.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self), toByteOffset: count - 8,
        as: UInt64.self)
    case 4..<8:
      target.storeBytes(of: source.loadUnaligned(as: UInt32.self), as: UInt32.self)
      target.storeBytes(
        of: source.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self), toByteOffset: count - 4,
        as: UInt32.self)
    case 1..<4:
      for offset in 0..<count {
        target.storeBytes(of: source.load(fromByteOffset: offset, as: UInt8.self), toByteOffset: offset, as: UInt8.self)
      }
    case 0: break
    default: target.copyMemory(from: source, byteCount: count)
    }
  }
}
