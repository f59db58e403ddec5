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
  static let budgetBytes = 512 << 20

  /// Free buffers by scalar count, as addresses (plain integers can cross the lock).
  private struct Shelves: ~Copyable {
    var buffers: [Int: [UInt]] = [:]
    var bytes = 0
  }

  private static let shelves = Mutex(Shelves())

  /// Returns a buffer of `count` scalars, reused when one of that size is free.
  static func take(count: Int) -> UnsafeMutablePointer<Float> {
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
