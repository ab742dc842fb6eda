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
}
