import ExerciseChecks
import ExerciseSupport
import Testing

@testable import ExerciseChecks

/// A plausible mistake in one exercise: the code a learner might write, run through that
/// exercise's check, which must fail on it and say what it expected and what it got.
/// The mistakes are listed by concept in `Mistakes/`; a mistake that traps (an index out of
/// range, shapes that do not fit) is left out, as `exercises` reports a trap as failing anyway.
struct Mistake: Sendable, CustomTestStringConvertible {
  /// The exercise.
  let key: ExerciseID
  /// The mistake, in words.
  let what: String
  /// Runs the exercise's check on the mistaken code.
  let check: @Sendable () throws -> Void

  init(_ key: ExerciseID, _ what: String, _ check: @escaping @Sendable () throws -> Void) {
    (self.key, self.what, self.check) = (key, what, check)
  }

  /// "4.2".
  var id: String { key.rawValue }
  var testDescription: String { "\(id): \(what)" }
}

/// Every mistake of every concept.
let allMistakes =
  encoderMistakes + contextMistakes + decoderMistakes + maskedLossMistakes
  + teacherForcingMistakes + predictionMistakes + bleuMistakes + attentionMistakes
  + transformerMistakes

/// A (rows, columns) mask of 1 where column < the row's length (+ `extra`), else 0.
func lengthMask(_ validLen: [Int], columns: Int, extra: Int = 0) -> [Float] {
  validLen.flatMap { length in (0..<columns).map { $0 < length + extra ? 1 : 0 } }
}

@Suite("Exercise checks catch learners' mistakes")
struct MistakeTests {
  @Test("the check fails, naming what it expected and what it got", arguments: allMistakes)
  func checkFails(_ mistake: Mistake) {
    #expect {
      try mistake.check()
    } throws: { error in
      guard let failure = error as? ExerciseFailure else { return false }
      return failure.id == mistake.id && failure.message.contains("expected")
        && failure.message.contains("got")
    }
  }

  @Test("the random cases alone catch it, naming the case", arguments: allMistakes)
  func randomCasesCatch(_ mistake: Mistake) {
    #expect {
      try CheckParts.$current.withValue(.random) { try mistake.check() }
    } throws: { error in
      guard let failure = error as? ExerciseFailure else { return false }
      return failure.id == mistake.id && failure.message.hasPrefix("random case ")
        && failure.message.contains("expected") && failure.message.contains("got")
    }
  }

  /// Mistakes that lean on a coincidence of the hand-picked cases (a `<bos>` of -1, an epsilon of
  /// 1e-5, words that never run into each other, a model without attention, to which the source
  /// lengths do not matter): only the random cases catch them.
  @Test(
    "a mistake that leans on a coincidence passes the hand-picked cases",
    arguments: [
      "starts from -1 instead of bos (the hand-picked cases' <bos>)",
      "writes epsilon as 1e-5 instead of using the argument",
      "counts each n-gram by its words joined without a space",
      "hands the model every source's full length (numSteps)",
    ])
  func coincidence(_ what: String) throws {
    let mistake = try #require(allMistakes.first { $0.what == what })
    try CheckParts.$current.withValue(.handPicked) { try mistake.check() }
  }

  @Test("every exercise has at least two mistakes listed")
  func everyExercise() {
    for exercise in Registry.exercises {
      #expect(
        allMistakes.count { $0.id == exercise.id } >= 2, "exercise \(exercise.id) has too few")
    }
    #expect(Set(allMistakes.map(\.id)).isSubset(of: Registry.exercises.map(\.id)))
  }
}
