// Your exercises. Replace each `throw ExerciseError.notImplemented(...)` between BEGIN and END
// with your code; check with `swift run exercises`. Hints: `swift run exercises hint X.Y`.
// (Generated from Sources/ExerciseSolutions by .ci/make-exercise-stubs.)

import ExerciseSupport

/// Exercises 6: prediction.
public enum PredictionExercises {
  // MARK: Worked example
  /// A worked example: the total log-probability of a sequence from its steps' log-probabilities,
  /// log P(y_1, ..., y_L) = sum_t log P(y_t | y_<t).
  public static func exampleSequenceLogProbability(_ stepLogProbabilities: [Float]) -> Float {
    stepLogProbabilities.reduce(0, +)
  }

  /// TODO(Exercise 6.1): the index of the largest score (the first one on a tie).
  public static func argmax(_ scores: [Float]) throws -> Int {
    // BEGIN Exercise 6.1
    throw ExerciseError.notImplemented("6.1")
    // END Exercise 6.1
  }

  /// TODO(Exercise 6.2): greedy decoding. Start from `bos` and `initial`; at each of at most
  /// `maxSteps` steps call `step(token, state)` for log-probabilities and the next state, take
  /// the most probable token, stop at `eos` (not included), else feed it back. Returns the tokens.
  public static func greedyDecode<State>(
    bos: Int, eos: Int, maxSteps: Int, initial: State,
    step: (Int, State) throws -> (logProbabilities: [Float], state: State)
  ) throws -> [Int] {
    // BEGIN Exercise 6.2
    throw ExerciseError.notImplemented("6.2")
    // END Exercise 6.2
  }

  /// TODO(Exercise 6.3): one beam-search step. Each beam has a log-probability; `next[i]` holds
  /// the log-probabilities of every next token after beam i. Return the `beamSize` best
  /// continuations as (beam, token, total log-probability), best first; on a tie the earlier
  /// beam, then the smaller token, comes first.
  public static func beamStep(
    beamLogProbabilities: [Float], next: [[Float]], beamSize: Int
  ) throws -> [(beam: Int, token: Int, logProbability: Float)] {
    // BEGIN Exercise 6.3
    throw ExerciseError.notImplemented("6.3")
    // END Exercise 6.3
  }
}
