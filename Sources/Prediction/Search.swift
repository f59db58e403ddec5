import Foundation
import TensorCore

/// A finished output sequence of a search.
public struct SearchResult: Equatable, Sendable {
  /// The predicted token ids, without `<eos>`.
  public let tokens: [Int]
  /// log P(y_1, ..., y_L | c), including the `<eos>` if the sequence ended with one.
  public let logProbability: Float
  /// Whether the sequence ended with `<eos>` (else it ran to the step limit).
  public let endedWithEOS: Bool

  /// A finished sequence: its tokens, their log-probability and how it ended.
  public init(tokens: [Int], logProbability: Float, endedWithEOS: Bool) {
    self.tokens = tokens
    self.logProbability = logProbability
    self.endedWithEOS = endedWithEOS
  }

  /// D2L's length-normalised score, (1 / L^alpha) log P, with L the number of tokens produced,
  /// `<eos>` included.
  public func score(alpha: Float) -> Float {
    lengthNormalised(logProbability, tokens: tokens.count, endedWithEOS: endedWithEOS, alpha: alpha)
  }
}

/// (1 / L^alpha) log P for a sequence of `tokens` tokens, L counting `<eos>` when it ended with
/// one (and at least 1): the score of `SearchResult` and `Translation`.
func lengthNormalised(_ logProbability: Float, tokens: Int, endedWithEOS: Bool, alpha: Float)
  -> Float
{
  let length = Float(tokens + (endedWithEOS ? 1 : 0))
  return logProbability / Float.power(max(length, 1), alpha)
}

/// One decoding step: the log-probabilities of every next token after `token`, and the new state.
public typealias DecodeStep<State> = (_ token: Int, _ state: State) throws -> (
  logProbabilities: [Float], state: State
)

/// One decoding step for a batch: each row's token in; the log-probabilities of every next
/// token, (batchSize * vocabSize) row after row, and the new state out.
public typealias BatchDecodeStep<State> = (_ tokens: [Int], _ state: State) throws -> (
  logProbabilities: [Float], state: State
)

/// Greedy search, the decoding loop of prediction (translate, evaluate, validation BLEU, the
/// figures): every row starts from `bos` and feeds back its most probable token until it emits
/// `eos` or has `maxSteps` tokens; a finished row rides along unchanged until all are done.
/// Training with `--feed own` or `scheduled` has a loop of its own (`Trainer.decoderLogits`):
/// it runs all `numSteps` steps whatever a row emits, keeps every step's logits for the loss and
/// may feed the gold token instead, so it cannot stop at `eos` as this one does. `record`, when given, receives every step's inputs
/// and log-probabilities (for traces and figures); without it nothing is recorded.
public func greedySearch<State>(
  batchSize: Int, maxSteps: Int, bos: Int, eos: Int, initial: State,
  record: ((_ inputs: [Int], _ logProbabilities: [Float]) -> Void)? = nil,
  step: BatchDecodeStep<State>
) rethrows -> [SearchResult] {
  var (input, state) = ([Int](repeating: bos, count: batchSize), initial)
  var tokens = [[Int]](repeating: [], count: batchSize)
  var logProbability = [Float](repeating: 0, count: batchSize)
  var finished = [Bool](repeating: false, count: batchSize)
  for _ in 0..<maxSteps where finished.contains(false) {
    let (logProbabilities, next) = try step(input, state)
    record?(input, logProbabilities)
    state = next
    let vocabSize = logProbabilities.count / max(batchSize, 1)
    for row in 0..<batchSize where !finished[row] {
      let scores = logProbabilities[(row * vocabSize)..<((row + 1) * vocabSize)]
      let token = argmax(scores)
      logProbability[row] += scores[scores.startIndex + token]
      if token == eos { finished[row] = true } else { tokens[row].append(token) }
      input[row] = token
    }
  }
  return (0..<batchSize).map {
    SearchResult(tokens: tokens[$0], logProbability: logProbability[$0], endedWithEOS: finished[$0])
  }
}

/// Greedy search for one sequence: the batched loop with one row.
public func greedySearch<State>(
  maxSteps: Int, bos: Int, eos: Int, initial: State, step: DecodeStep<State>
) rethrows -> SearchResult {
  try greedySearch(batchSize: 1, maxSteps: maxSteps, bos: bos, eos: eos, initial: initial) {
    tokens, state in try step(tokens[0], state)
  }[0]
}

/// Beam search (D2L's section on it): keep the `beamSize` most probable partial sequences at every
/// step; a sequence that emits `<eos>`, or reaches `maxSteps`, becomes a candidate; return the
/// candidates best first by the length-normalised score (1 / L^alpha) log P.
///
/// D2L's figure also counts every kept prefix as a candidate; we count only sequences that end,
/// so that a beam of size 1 is exactly greedy search.
///
/// `record`, when given, receives the beams kept after every step (token ids and
/// log-probabilities), for figures; without it nothing is recorded.
public func beamSearch<State>(
  beamSize: Int, maxSteps: Int, bos: Int, eos: Int, alpha: Float = 0.75, initial: State,
  record: ((_ kept: [(tokens: [Int], logProbability: Float)]) -> Void)? = nil,
  step: DecodeStep<State>
) rethrows -> [SearchResult] {
  try beamSearch(
    beamSize: beamSize, maxSteps: maxSteps, bos: bos, eos: eos, alpha: alpha, initial: initial,
    record: record, choose: bestContinuations, step: step)
}

/// The same search with `choose` picking each step's `beamSize` best continuations from the
/// beams' log-probabilities and every beam's next-token log-probabilities (`bestContinuations`,
/// or a learner's exercise 6.3).
public func beamSearch<State>(
  beamSize: Int, maxSteps: Int, bos: Int, eos: Int, alpha: Float = 0.75, initial: State,
  record: ((_ kept: [(tokens: [Int], logProbability: Float)]) -> Void)? = nil,
  choose: (_ beamLogProbabilities: [Float], _ next: [[Float]], _ beamSize: Int) throws -> [(
    beam: Int, token: Int, logProbability: Float
  )],
  step: DecodeStep<State>
) rethrows -> [SearchResult] {
  precondition(beamSize > 0, "beamSearch: beamSize must be at least 1")
  var beams = [(tokens: [Int](), logProbability: Float(0), last: bos, state: initial)]
  var candidates: [SearchResult] = []
  for _ in 0..<maxSteps where !beams.isEmpty {
    let expanded = try beams.map { try step($0.last, $0.state) }
    let states = expanded.map(\.state)
    let best = try choose(
      beams.map(\.logProbability), expanded.map(\.logProbabilities), beamSize)
    let previous = beams
    beams = []
    record?(best.map { (previous[$0.beam].tokens + [$0.token], $0.logProbability) })
    for expansion in best {
      let prefix = previous[expansion.beam].tokens
      if expansion.token == eos {
        candidates.append(
          SearchResult(tokens: prefix, logProbability: expansion.logProbability, endedWithEOS: true)
        )
      } else {
        beams.append(
          (
            prefix + [expansion.token], expansion.logProbability, expansion.token,
            states[expansion.beam]
          ))
      }
    }
  }
  candidates += beams.map {
    SearchResult(tokens: $0.tokens, logProbability: $0.logProbability, endedWithEOS: false)
  }
  return candidates.sorted { $0.score(alpha: alpha) > $1.score(alpha: alpha) }
}

/// The `beamSize` best continuations of beams whose log-probabilities are
/// `beamLogProbabilities`, given each beam's next-token log-probabilities `next`: (beam, token,
/// beam's log P + the token's), best first; ties keep the earlier beam and the smaller token.
public func bestContinuations(
  _ beamLogProbabilities: [Float], _ next: [[Float]], _ beamSize: Int
) -> [(beam: Int, token: Int, logProbability: Float)] {
  var expansions: [(beam: Int, token: Int, logProbability: Float)] = []
  for (beam, logProbabilities) in next.enumerated() {
    // Only a beam's own beamSize best tokens can be among the beamSize best overall.
    for token in topIndices(logProbabilities, count: beamSize) {
      expansions.append((beam, token, beamLogProbabilities[beam] + logProbabilities[token]))
    }
  }
  return expansions.enumerated().sorted {
    $0.element.logProbability != $1.element.logProbability
      ? $0.element.logProbability > $1.element.logProbability : $0.offset < $1.offset
  }.prefix(beamSize).map(\.element)
}

/// The indices of the `count` largest of `values`, largest first, ties in index order: one pass
/// with a small sorted list instead of sorting a whole vocabulary.
func topIndices(_ values: [Float], count: Int) -> [Int] {
  var top: [Int] = []
  for (index, value) in values.enumerated() {
    if top.count == count, let last = top.last, values[last] >= value { continue }
    // Insert after every kept index whose value is at least this one (earlier wins a tie).
    var position = top.count
    while position > 0 && values[top[position - 1]] < value { position -= 1 }
    top.insert(index, at: position)
    if top.count > count { top.removeLast() }
  }
  return top
}

extension Float {
  /// base^exponent for a positive base: e^(exponent ln base).
  static func power(_ base: Float, _ exponent: Float) -> Float {
    exponent == 1 ? base : Float(Foundation.exp(Double(exponent) * Foundation.log(Double(base))))
  }
}
