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

/// How beam search picks each step's `beamSize` best continuations of one sentence's beams, from
/// the beams' log-probabilities and each beam's next-token log-probabilities: (beam, token,
/// log P of the continued sequence), best first (`bestContinuations`, or a learner's exercise 6.3).
public typealias ChooseContinuations = (
  _ beamLogProbabilities: [Float], _ next: [[Float]], _ beamSize: Int
) throws -> [(beam: Int, token: Int, logProbability: Float)]

/// Beam search (D2L's section on it) for one sequence: keep the `beamSize` most probable partial
/// sequences at every step; a sequence that emits `<eos>`, or reaches `maxSteps`, becomes a
/// candidate; return the candidates best first by the length-normalised score
/// (1 / L^alpha) log P.
///
/// D2L's figure also counts every kept prefix as a candidate; we count only sequences that end,
/// so that a beam of size 1 is exactly greedy search.
///
/// `step` takes one beam at a time; this is the batched search below with one sentence, whose
/// state is the list of its beams' states. `choose` picks each step's continuations
/// (`bestContinuations` unless given). `record`, when given, receives the beams kept after every
/// step (token ids and log-probabilities), for figures; without it nothing is recorded.
public func beamSearch<State>(
  beamSize: Int, maxSteps: Int, bos: Int, eos: Int, alpha: Float = 0.75, initial: State,
  record: ((_ kept: [(tokens: [Int], logProbability: Float)]) -> Void)? = nil,
  choose: ChooseContinuations = bestContinuations, step: DecodeStep<State>
) rethrows -> [SearchResult] {
  try beamSearch(
    batchSize: 1, beamSize: beamSize, maxSteps: maxSteps, bos: bos, eos: eos, alpha: alpha,
    initial: [initial], record: record.map { record in { _, kept in record(kept) } },
    choose: choose, select: { states, rows in rows.map { states[$0] } },
    step: { tokens, states in
      var (logProbabilities, next) = ([Float](), [State]())
      for (token, state) in zip(tokens, states) {
        let expanded = try step(token, state)
        logProbabilities += expanded.logProbabilities
        next.append(expanded.state)
      }
      return (logProbabilities, next)
    })[0]
}

/// Beam search for `batchSize` sentences at once: every live beam of every sentence is one row of
/// the batch that `step` advances, so a step is one decoder call whatever the number of beams.
/// `initial` holds one row per sentence; after each step `select` keeps the rows of the beams
/// that go on (in order, a row repeated for each of its continuations). Each sentence's beams
/// are chosen from its own rows only, exactly as the search of one sentence chooses them, and
/// its candidates come back best first, one list per sentence. `record` receives the sentence
/// and its kept beams after every step.
public func beamSearch<State>(
  batchSize: Int, beamSize: Int, maxSteps: Int, bos: Int, eos: Int, alpha: Float = 0.75,
  initial: State,
  record: ((_ sentence: Int, _ kept: [(tokens: [Int], logProbability: Float)]) -> Void)? = nil,
  choose: ChooseContinuations = bestContinuations,
  select: (_ state: State, _ rows: [Int]) throws -> State, step: BatchDecodeStep<State>
) rethrows -> [[SearchResult]] {
  precondition(beamSize > 0, "beamSearch: beamSize must be at least 1")
  // The live beams, one per row of the batch, each sentence's rows next to each other.
  typealias Beam = (sentence: Int, tokens: [Int], logProbability: Float, last: Int)
  var beams: [Beam] = (0..<batchSize).map { ($0, [], 0, bos) }
  var state = initial
  var candidates = [[SearchResult]](repeating: [], count: batchSize)
  for _ in 0..<maxSteps where !beams.isEmpty {
    let (logProbabilities, next) = try step(beams.map(\.last), state)
    let vocabSize = logProbabilities.count / beams.count
    var (kept, rows) = ([Beam](), [Int]())
    var first = 0
    while first < beams.count {
      let sentence = beams[first].sentence
      let own = first..<(beams[first...].firstIndex { $0.sentence != sentence } ?? beams.count)
      let best = try choose(
        own.map { beams[$0].logProbability },
        own.map { Array(logProbabilities[($0 * vocabSize)..<(($0 + 1) * vocabSize)]) }, beamSize)
      record?(
        sentence, best.map { (beams[first + $0.beam].tokens + [$0.token], $0.logProbability) })
      for expansion in best {
        let row = first + expansion.beam
        if expansion.token == eos {
          candidates[sentence].append(
            SearchResult(
              tokens: beams[row].tokens, logProbability: expansion.logProbability,
              endedWithEOS: true))
        } else {
          kept.append(
            (
              sentence, beams[row].tokens + [expansion.token], expansion.logProbability,
              expansion.token
            ))
          rows.append(row)
        }
      }
      first = own.upperBound
    }
    beams = kept
    if !beams.isEmpty { state = try select(next, rows) }
  }
  for beam in beams {
    candidates[beam.sentence].append(
      SearchResult(tokens: beam.tokens, logProbability: beam.logProbability, endedWithEOS: false))
  }
  return candidates.map { $0.sorted { $0.score(alpha: alpha) > $1.score(alpha: alpha) } }
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
