import EncoderDecoder
import Prediction
import TeacherForcing
import TensorCore
import TranslationData

/// The pieces that call the model (5.3 and the searches) compared with the library's on what
/// they hand it, not only on what comes back: a step that feeds the model the wrong lengths can
/// train to the same loss and still translate differently.
extension Diagnosis {
  /// What your 5.3 hands the model on the batch against what the library's step hands it:
  /// the shape, the sources, their valid lengths and the decoder's input (`<bos>` + the gold
  /// tokens); a description of the first difference, or nil.
  func trainStepHands() throws -> String? {
    let model = run.library
    let copy = try EncoderDecoder(model.configuration, seed: 0)
    copy.load(weights: model.weights)
    let recording = Recording(copy)
    let bos = run.dataset.targetVocab.bos
    _ = try run.pieces.yours.trainStep(
      recording, Adam(parameters: copy.parameters, learningRate: 0), batch.source,
      batch.sourceValidLen, batch.target, batch.targetValidLen, batch.shape, bos, 1)
    guard recording.calls.count == 1 else {
      return "your step called the model \(recording.calls.count) times on one batch, not once"
    }
    let got = recording.calls[0]
    let expected: [(String, [Int], [Int])] = [
      ("the shape", batch.shape, got.shape),
      ("the source ids", batch.source, got.source),
      ("the source valid lengths", batch.sourceValidLen, got.sourceValidLen),
      (
        "the decoder's input",
        teacherForcingInput(target: batch.target, shape: batch.shape, bos: bos), got.decoderInput
      ),
    ]
    for (what, expected, got) in expected where expected != got {
      return
        "what your step hands the model on a batch (\(batch.batchSize), \(batch.numSteps)): \(what): "
        + "expected \(expected.prefix(12)), got \(got.prefix(12))"
    }
    return nil
  }

  /// What your 6.2 hands the decoder step by step (each token, and whether the state is the one
  /// the last step returned) against what the library's greedy search hands it, on the batch's
  /// first source sentence; a description of the first difference, or nil.
  func greedyHands() throws -> String? {
    let model = run.library
    let (numSteps, vocab) = (batch.numSteps, run.dataset.targetVocab)
    let initial = try Translator.inference {
      try model.encode(
        Array(batch.source.prefix(numSteps)), shape: [1, numSteps],
        validLen: [batch.sourceValidLen[0]])
    }
    /// The steps `search` asks for, as "token" or "token (another state)".
    func handed(_ search: (DecodeStep<DecoderState>) throws -> Void) rethrows -> [String] {
      var (fed, last) = ([String](), initial)
      try Translator.inference {
        try search { token, state in
          fed.append("\(token)" + (sameState(state, last) ? "" : " (not the last step's state)"))
          let (logits, next) = model.decode([token], shape: [1, 1], state: state)
          last = next
          return (logits.logSoftmax().scalars, next)
        }
      }
      return fed
    }
    let got = try handed {
      _ = try run.pieces.yours.greedyDecode(vocab.bos, vocab.eos, numSteps, initial, $0)
    }
    let expected = try handed {
      _ = try greedySearch(
        maxSteps: numSteps, bos: vocab.bos, eos: vocab.eos, initial: initial, step: $0)
    }
    return got == expected
      ? nil
      : "the tokens your search hands the decoder, step by step: expected \(expected), got \(got)"
  }

  /// Your 6.3 against the library's on the second step of a beam search of the batch's first
  /// sentence (the live log-probabilities of its beams); a description of the first difference.
  func beamStepChooses() throws -> String? {
    let model = run.library
    let (numSteps, vocab, beamSize) = (batch.numSteps, run.dataset.targetVocab, run.pieces.beamSize)
    return try Translator.inference {
      let initial = try model.encode(
        Array(batch.source.prefix(numSteps)), shape: [1, numSteps],
        validLen: [batch.sourceValidLen[0]])
      let first = model.decode([vocab.bos], shape: [1, 1], state: initial)
      let beams = bestContinuations([0], [first.logits.logSoftmax().scalars], beamSize)
      let next = model.decode(
        beams.map(\.token), shape: [beams.count, 1], state: first.state.rows(beams.map { _ in 0 }))
      let width = vocab.count
      let scalars = next.logits.logSoftmax().scalars
      let rows = (0..<beams.count).map { Array(scalars[($0 * width)..<(($0 + 1) * width)]) }
      let scores = beams.map(\.logProbability)
      let got = try run.pieces.yours.beamStep(scores, rows, beamSize)
      let expected = bestContinuations(scores, rows, beamSize)
      let show = { (chosen: [(beam: Int, token: Int, logProbability: Float)]) in
        chosen.map { "(\($0.beam), \($0.token))" }.joined(separator: ", ")
      }
      return show(got) == show(expected)
        ? nil
        : "the continuations of \(beams.count) live beams of \(width) tokens: expected "
          + "[\(show(expected))], got [\(show(got))]"
    }
  }
}

/// Whether two decoder states are the same, value for value: the recurrent state, or a
/// Transformer's steps and cached keys.
private func sameState(_ a: DecoderState, _ b: DecoderState) -> Bool {
  switch (a, b) {
  case (.recurrent(let a), .recurrent(let b)):
    a.recurrent.hidden.shape == b.recurrent.hidden.shape
      && a.recurrent.hidden.scalars == b.recurrent.hidden.scalars
  case (.transformer(let a), .transformer(let b)):
    a.steps == b.steps && a.cache.map(\.keys.scalars) == b.cache.map(\.keys.scalars)
  default: false
  }
}

/// A model that records what a training step hands it, then answers as `model` does.
final class Recording: Seq2SeqModel {
  let model: EncoderDecoder
  var calls: [(source: [Int], sourceValidLen: [Int], decoderInput: [Int], shape: [Int])] = []

  init(_ model: EncoderDecoder) { self.model = model }

  var parameters: [Tensor] { model.parameters }

  func callAsFunction(
    source: [Int], sourceValidLen: [Int], decoderInput: [Int], shape: [Int]
  ) throws -> Tensor {
    calls.append((source, sourceValidLen, decoderInput, shape))
    return try model(
      source: source, sourceValidLen: sourceValidLen, decoderInput: decoderInput, shape: shape)
  }
}
