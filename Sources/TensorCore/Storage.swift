import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A buffer of `Float`s that comes from, and returns to, a pool of freed buffers.
///
/// Training allocates the same sizes step after step; reusing freed buffers keeps the
/// allocator from handing pages back to the system and faulting them in again.
final class Storage {
  /// The first scalar; the buffer holds `count` of them and is 64-byte aligned.
  let pointer: UnsafeMutablePointer<Float>
  /// How many scalars the buffer holds.
  let count: Int
  /// How many it has room for: its size class, which may be a few larger than `count`'s.
  private let capacity: Int

  /// Takes a buffer of `count` scalars from the pool; its contents are undefined.
  init(count: Int) {
    self.count = count
    (pointer, capacity) = StoragePool.take(count: count)
  }

  /// Takes a buffer of `count` scalars, all set to `value`.
  convenience init(count: Int, repeating value: Float) {
    self.init(count: count)
    pointer.update(repeating: value, count: count)
  }

  deinit {
    StoragePool.give(pointer, capacity: capacity)
  }
}

/// The pool behind `Storage`: freed buffers kept by size, up to a memory budget.
enum StoragePool {
  /// The most bytes the pool keeps; buffers freed beyond it go back to the allocator.
  static let budgetBytes = 512 << 20

  /// The most bytes of mapped buffers, in use and free, that may exist before a new one is
  /// mapped: beyond it the smallest free ones are unmapped first. A phase whose sizes grow past
  /// the free ones' (validation over sentences in corpus order, growing longer) would otherwise
  /// map new buffers on top of up to `budgetBytes` of free ones it cannot use: the full preset's
  /// run peaked at 1.07 GB, against 0.65 GB while training; with a bound of 512 MB, 0.86 GB, and
  /// training was no slower for it (one epoch: 10,999 tokens/s, against 10,637 with 640 MB). The
  /// attention preset's two-way encoder peaked at 1.05 GB with 512 MB; with 384 MB its first
  /// epoch peaked at 0.74 GB against 0.87 GB, as fast, the same bytes trained.
  static let mappedBudgetBytes = 384 << 20

  /// Free buffers by scalar count, as addresses (plain integers can cross the lock); the bytes
  /// they hold; the bytes of all mapped buffers, in use or free.
  private struct Shelves: ~Copyable {
    var buffers: [Int: [UInt]] = [:]
    var bytes = 0
    var mapped = 0
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

  /// Returns a buffer of at least `count` scalars and its capacity: a free one of `count`'s size
  /// class or of one of the next four (at most about 50% larger), else a new one. Looking a few
  /// classes up lets a batch with more valid tokens than the last reuse its buffers.
  static func take(count: Int) -> (UnsafeMutablePointer<Float>, capacity: Int) {
    let wanted = capacity(for: count)
    let reused = shelves.withLock { shelves -> (UInt, Int)? in
      var size = wanted
      for _ in 0..<(wanted > 4096 ? 5 : 1) {
        if let address = shelves.buffers[size]?.popLast() {
          shelves.bytes -= byteCount(size)
          return (address, size)
        }
        size = capacity(for: size + 1)
      }
      return nil
    }
    if let (address, size) = reused, let buffer = UnsafeMutablePointer<Float>(bitPattern: address) {
      return (buffer, size)
    }
    if byteCount(wanted) >= mappedBytes { makeRoom(forMapping: byteCount(wanted)) }
    return (allocate(wanted), wanted)
  }

  /// Counts a new mapping of `bytes` and, when all mapped buffers would then exceed
  /// `mappedBudgetBytes`, unmaps free mapped buffers, smallest first, until they do not (or none
  /// is left: buffers in use are never touched).
  private static func makeRoom(forMapping bytes: Int) {
    let evicted = shelves.withLock { shelves -> [(address: UInt, count: Int)] in
      shelves.mapped += bytes
      var evicted: [(address: UInt, count: Int)] = []
      while shelves.mapped > mappedBudgetBytes,
        let size = shelves.buffers.keys.filter({
          byteCount($0) >= mappedBytes && shelves.buffers[$0]?.isEmpty == false
        }).min(),
        let address = shelves.buffers[size]?.popLast()
      {
        shelves.bytes -= byteCount(size)
        shelves.mapped -= byteCount(size)
        evicted.append((address, size))
      }
      return evicted
    }
    for (address, count) in evicted {
      if let buffer = UnsafeMutablePointer<Float>(bitPattern: address) {
        unmap(buffer, count: count)
      }
    }
  }

  /// Buffers of this many bytes and more are mapped from the system directly and unmapped when
  /// freed. Left to the allocator, buffers of a few megabytes come from its heap once one has
  /// been freed (it raises its own threshold), and two threads' heaps fragmented the full-corpus
  /// run to twice the memory it uses (1.1 GB instead of 0.6).
  static let mappedBytes = 1 << 20

  /// A new buffer for `count` scalars, 64-byte aligned (pages, for mapped ones).
  private static func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
    let bytes = byteCount(count)
    guard bytes >= mappedBytes else {
      let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
      return raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }
    let mapped = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
    guard let mapped, mapped != MAP_FAILED else {
      fatalError("out of memory: cannot map \(bytes) bytes for a tensor")
    }
    return mapped.bindMemory(to: Float.self, capacity: count)
  }

  /// Returns a buffer of `count` scalars (a capacity) to the system.
  private static func free(_ buffer: UnsafeMutablePointer<Float>, count: Int) {
    guard byteCount(count) >= mappedBytes else {
      return UnsafeMutableRawPointer(buffer).deallocate()
    }
    shelves.withLock { $0.mapped -= byteCount(count) }
    unmap(buffer, count: count)
  }

  /// Unmaps a mapped buffer of `count` scalars, already taken off the count of mapped bytes.
  private static func unmap(_ buffer: UnsafeMutablePointer<Float>, count: Int) {
    munmap(buffer, byteCount(count))
  }

  /// Keeps `buffer` (of `capacity` scalars, a size class) for reuse, or frees it when the pool
  /// is full.
  static func give(_ buffer: UnsafeMutablePointer<Float>, capacity count: Int) {
    let address = UInt(bitPattern: buffer)
    let kept = shelves.withLock { shelves -> Bool in
      guard shelves.bytes + byteCount(count) <= budgetBytes else { return false }
      shelves.buffers[count, default: []].append(address)
      shelves.bytes += byteCount(count)
      return true
    }
    if !kept { free(buffer, count: count) }
  }

  /// The bytes of all mapped buffers now, in use or free.
  static var mappedNow: Int { shelves.withLock { $0.mapped } }

  /// Frees every buffer the pool keeps.
  static func release() {
    let kept = shelves.withLock { shelves -> [Int: [UInt]] in
      defer { (shelves.buffers, shelves.bytes) = ([:], 0) }
      return shelves.buffers
    }
    for (count, addresses) in kept {
      for address in addresses {
        if let buffer = UnsafeMutablePointer<Float>(bitPattern: address) {
          free(buffer, count: count)
        }
      }
    }
    // The small buffers went back to the allocator's heap, which keeps the pages: hand them to
    // the system too (a Transformer's activations are mostly such buffers: its full-corpus run
    // peaked 0.23 GB above its training while it wrote its checkpoints).
    #if os(Linux)
      _ = mallocTrim(0)
    #endif
  }

  private static func byteCount(_ count: Int) -> Int {
    max(count, 1) * MemoryLayout<Float>.stride
  }
}

extension Tensor {
  /// Gives the free buffers the pool keeps for reuse back to the system: before a phase that
  /// needs memory outside tensors, such as writing a checkpoint with Adam's moments (two copies
  /// of 72 MB at the full preset's size, on top of what validation left in the pool).
  public static func releasePooledBuffers() { StoragePool.release() }
}

#if os(Linux)
  /// glibc's `malloc_trim` (malloc.h, which the Glibc module does not import): returns the
  /// allocator's free pages to the system.
  @_silgen_name("malloc_trim")
  private func mallocTrim(_ pad: Int) -> Int32
#endif
