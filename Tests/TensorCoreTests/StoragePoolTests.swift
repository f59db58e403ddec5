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
      let budget = StoragePool.mappedBudgetBytes  // bytes
      let (small, large) = (budget / 16 / 4, budget / 4 / 4)  // scalars (pages never touched)
      // One phase's buffers, freed: the pool keeps them (3/4 of the budget, all free).
      _ = (0..<12).map { _ in Storage(count: small) }
      guard StoragePool.mappedNow == 12 * small * 4 else { exit(1) }
      // The next phase's buffers are 4 times larger: no free one fits, so each new mapping first
      // unmaps free ones, and all mapped buffers stay within the budget.
      var held: [Storage] = []
      for _ in 0..<4 {
        held.append(Storage(count: large))
        guard StoragePool.mappedNow <= budget else { exit(2) }
      }
      // Buffers in use are never unmapped: more of them than the budget exist, as they must.
      held.append(Storage(count: large))
      exit(StoragePool.mappedNow == 5 * large * 4 ? 0 : 3)
    }
  }
}
