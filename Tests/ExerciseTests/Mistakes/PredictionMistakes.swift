@testable import ExerciseChecks

/// Exercises 6.1-6.3.
let predictionMistakes: [Mistake] = [
  Mistake(.argmax, "keeps the last of tied scores (>=)") {
    try PredictionChecks.argmax { scores in
      var best = 0
      for index in scores.indices where scores[index] >= scores[best] { best = index }
      return best
    }
  },
  Mistake(.argmax, "starts from a best score of 0 (all-negative scores give index 0)") {
    try PredictionChecks.argmax { scores in
      var (best, bestScore): (Int, Float) = (0, 0)
      for (index, score) in scores.enumerated() where score > bestScore {
        (best, bestScore) = (index, score)
      }
      return best
    }
  },
  Mistake(.argmax, "the smallest score (argmin)") {
    try PredictionChecks.argmax { scores in scores.indices.min { scores[$0] < scores[$1] }! }
  },
  Mistake(.greedyDecode, "keeps the <eos>") {
    try PredictionChecks.greedyDecode(greedy(keepsEOS: true))
  },
  Mistake(.greedyDecode, "does not stop at <eos>") {
    try PredictionChecks.greedyDecode(greedy(stops: false))
  },
  Mistake(.greedyDecode, "feeds <bos> at every step instead of its own last token") {
    try PredictionChecks.greedyDecode(greedy(feedsOwn: false))
  },
  Mistake(.greedyDecode, "does not carry the decoder's state") {
    try PredictionChecks.greedyDecode(greedy(carriesState: false))
  },
  Mistake(.greedyDecode, "one step more than maxSteps") {
    try PredictionChecks.greedyDecode(greedy(extraStep: true))
  },
  Mistake(.greedyDecode, "starts from -1 instead of bos (the hand-picked cases' <bos>)") {
    try PredictionChecks.greedyDecode(greedy(startsFromMinusOne: true))
  },
  Mistake(.beamStep, "ignores each beam's own log-probability") {
    try PredictionChecks.beamStep { beams, next, beamSize in
      beam(beams.map { _ in 0 }, next, beamSize)
    }
  },
  Mistake(.beamStep, "keeps only the best token of each beam") {
    try PredictionChecks.beamStep { beams, next, beamSize in
      let best = next.indices.map { b -> (beam: Int, token: Int, logProbability: Float) in
        let token = next[b].indices.max { next[b][$0] < next[b][$1] }!
        return (b, token, beams[b] + next[b][token])
      }
      return Array(best.sorted { $0.logProbability > $1.logProbability }.prefix(beamSize))
    }
  },
  Mistake(.beamStep, "breaks ties the other way (the last candidate first)") {
    try PredictionChecks.beamStep { beams, next, beamSize in
      beam(beams, next, beamSize, lastFirst: true)
    }
  },
  Mistake(.beamStep, "multiplies the log-probabilities") {
    try PredictionChecks.beamStep { beams, next, beamSize in
      beam(beams, next, beamSize, combine: *)
    }
  },
]

/// One beam-search step, with the mistakes above as switches.
private func beam(
  _ beams: [Float], _ next: [[Float]], _ beamSize: Int, lastFirst: Bool = false,
  combine: (Float, Float) -> Float = (+)
) -> [(beam: Int, token: Int, logProbability: Float)] {
  var candidates: [(beam: Int, token: Int, logProbability: Float)] = []
  for (b, scores) in next.enumerated() {
    for (token, score) in scores.enumerated() {
      candidates.append((b, token, combine(beams[b], score)))
    }
  }
  let ranked = candidates.enumerated().sorted {
    $0.element.logProbability != $1.element.logProbability
      ? $0.element.logProbability > $1.element.logProbability
      : lastFirst ? $0.offset > $1.offset : $0.offset < $1.offset
  }
  return ranked.prefix(beamSize).map(\.element)
}

/// Greedy decoding with the mistakes above as switches (defaults: the right loop).
private func greedy(
  keepsEOS: Bool = false, stops: Bool = true, feedsOwn: Bool = true, carriesState: Bool = true,
  extraStep: Bool = false, startsFromMinusOne: Bool = false
) -> PredictionChecks.Greedy {
  { bos, eos, maxSteps, step in
    var (token, state, output) = (startsFromMinusOne ? -1 : bos, [Int](), [Int]())
    for _ in 0..<(maxSteps + (extraStep ? 1 : 0)) {
      let (logProbabilities, next) = try step(feedsOwn ? token : bos, carriesState ? state : [])
      state = next
      token = logProbabilities.indices.max { logProbabilities[$0] < logProbabilities[$1] }!
      if token == eos && keepsEOS { output.append(token) }
      if token == eos && stops { break }
      if token != eos { output.append(token) }
    }
    return output
  }
}
