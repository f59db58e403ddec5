import Synchronization

/// A buffer of `Float`s that comes from, and returns to, a pool of freed buffers.
///
/// Training allocates the same sizes step after step; reusing freed buffers keeps the
/// allocator from handing pages back to the system and faulting them in again.
final class Storage {
  /// The first scalar; the buffer holds `count` of them and is 64-byte aligned.
  let pointer: UnsafeMutablePointer<Float>
  /// How many scalars the buffer holds.
  let count: Int

  /// Takes a buffer of `count` scalars from the pool; its contents are undefined.
  init(count: Int) {
    self.count = count
    self.pointer = StoragePool.take(count: count)
  }

  /// Takes a buffer of `count` scalars, all set to `value`.
  convenience init(count: Int, repeating value: Float) {
    self.init(count: count)
    pointer.update(repeating: value, count: count)
  }

  deinit {
    StoragePool.give(pointer, count: count)
  }
}

/// The pool behind `Storage`: freed buffers kept by size, up to a memory budget.
enum StoragePool {
  /// The most bytes the pool keeps; buffers freed beyond it go back to the allocator.
  static let budgetBytes = 256 << 20

  /// Free buffers by scalar count, as addresses (plain integers can cross the lock).
  private struct Shelves: ~Copyable {
    var buffers: [Int: [UInt]] = [:]
    var bytes = 0
  }

  private static let shelves = Mutex(Shelves())

  /// The scalars a buffer for `count` really holds: `count` itself up to 4,096, above that the
  /// next of 8 steps per power of two (at most 12.5% more). Batches of a real corpus vary in
  /// their valid tokens, so their large buffers differ a little in size from step to step; a
  /// size class lets them reuse each other's.
  static func capacity(for count: Int) -> Int {
    guard count > 4096 else { return count }
    let step = 1 << (Int.bitWidth - count.leadingZeroBitCount - 4)  // an eighth of the power of two
    return (count + step - 1) / step * step
  }

  /// Returns a buffer of at least `count` scalars, reused when one of its size class is free.
  static func take(count: Int) -> UnsafeMutablePointer<Float> {
    let count = capacity(for: count)
    let reused = shelves.withLock { shelves -> UInt? in
      guard let address = shelves.buffers[count]?.popLast() else { return nil }
      shelves.bytes -= byteCount(count)
      return address
    }
    if let reused, let buffer = UnsafeMutablePointer<Float>(bitPattern: reused) { return buffer }
    let raw = UnsafeMutableRawPointer.allocate(byteCount: byteCount(count), alignment: 64)
    return raw.bindMemory(to: Float.self, capacity: max(count, 1))
  }

  /// Keeps `buffer` for reuse, or frees it when the pool is full.
  static func give(_ buffer: UnsafeMutablePointer<Float>, count: Int) {
    let count = capacity(for: count)
    let address = UInt(bitPattern: buffer)
    let kept = shelves.withLock { shelves -> Bool in
      guard shelves.bytes + byteCount(count) <= budgetBytes else { return false }
      shelves.buffers[count, default: []].append(address)
      shelves.bytes += byteCount(count)
      return true
    }
    if !kept { UnsafeMutableRawPointer(buffer).deallocate() }
  }

  private static func byteCount(_ count: Int) -> Int {
    max(count, 1) * MemoryLayout<Float>.stride
  }
}
