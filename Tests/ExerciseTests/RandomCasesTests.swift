import ExerciseSupport
import TensorCore
import Testing

@testable import ExerciseChecks

@Suite("Random cases: coincidences broken, failures shrunk, the same every run")
struct RandomCasesTests {
  /// The failure `randomCases` reports for a mistake that shows when batch >= 2 and steps >= 3.
  func failure() -> String? {
    do {
      try randomCases(.sequenceMask, sizes: [SizeRange("batch", 1...5), SizeRange("steps", 1...6)])
      { sizes, _ in
        if sizes["batch"] >= 2 && sizes["steps"] >= 3 {
          throw ExerciseFailure(.sequenceMask, "\(sizes): expected 1, got 2")
        }
      }
      return nil
    } catch {
      return (error as? ExerciseFailure)?.message
    }
  }

  @Test("a failing case is shrunk to the smallest that still fails")
  func shrinks() throws {
    let message = try #require(failure())
    #expect(message.contains("(batch 2, steps 3; shrunk from batch "))
    #expect(message.hasSuffix(": batch 2, steps 3: expected 1, got 2"))
  }

  @Test("the same seed gives the same cases and the same report")
  func deterministic() {
    #expect(failure() != nil)
    #expect(failure() == failure())
  }

  @Test("sizes drawn for one case differ from each other whenever their ranges allow")
  func sizesDiffer() {
    var generator = SeededGenerator(seed: 5)
    let ranges = [SizeRange("batch", 1...4), SizeRange("steps", 1...5), SizeRange("vocab", 2...6)]
    for _ in 0..<200 {
      let values = Sizes.draw(ranges, using: &generator).values
      #expect(Set(values).count == values.count, "\(values)")
    }
  }

  @Test("valid lengths differ from each other and reach both 0 and numSteps")
  func validLengths() {
    var generator = SeededGenerator(seed: 6)
    var (zero, full) = (false, false)
    for _ in 0..<50 {
      let lengths = generator.validLengths(3, numSteps: 4)
      #expect(Set(lengths).count == 3 && lengths.allSatisfy { (0...4).contains($0) })
      zero = zero || lengths.contains(0)
      full = full || lengths.contains(4)
    }
    #expect(zero && full)
  }

  @Test("the hand-picked part alone runs no random case, and the random part alone no hand-picked")
  func parts() throws {
    var ran: [String] = []
    func check() throws {
      handPicked { ran.append("hand-picked") }
      try randomCases(.argmax, count: 2, sizes: [SizeRange("scores", 1...3)]) { _, _ in
        ran.append("random")
      }
    }
    try CheckParts.$current.withValue(.handPicked) { try check() }
    #expect(ran == ["hand-picked"])
    ran = []
    try CheckParts.$current.withValue(.random) { try check() }
    #expect(ran == ["random", "random"])
  }
}
