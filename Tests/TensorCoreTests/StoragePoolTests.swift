import Testing

@testable import TensorCore

#if canImport(Glibc)
  import Glibc
#endif

/// The buffer pool's bound on memory. The test runs in a child process of its own (an exit test),
/// since the pool is shared by every test of this process.
@Suite("buffer pool")
struct StoragePoolTests {
  @Test(
    "free buffers a later phase cannot use are unmapped before the mapped bytes pass the budget")
  func mappedBudget() async {
    await #expect(processExitsWith: .success) {
      let megabyte = 1 << 18  // scalars (pages never touched, so cheap)
      // One phase's buffers, freed: the pool keeps them (384 MB, under its 512 MB of free ones).
      _ = (0..<12).map { _ in Storage(count: 32 * megabyte) }
      guard StoragePool.mappedNow == 384 << 20 else { exit(1) }
      // The next phase's buffers are 4 times larger: no free one fits, so each new mapping first
      // unmaps free ones, and all mapped buffers stay within the budget.
      var held: [Storage] = []
      for _ in 0..<4 {
        held.append(Storage(count: 128 * megabyte))
        guard StoragePool.mappedNow <= StoragePool.mappedBudgetBytes else { exit(2) }
      }
      // Buffers in use are never unmapped: more of them than the budget exist, as they must.
      held.append(Storage(count: 128 * megabyte))
      exit(StoragePool.mappedNow == 640 << 20 ? 0 : 3)
    }
  }
}
