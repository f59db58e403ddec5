import EncoderDecoder
import ExerciseSupport
import Layers
import LearnerTranslator
import MaskedLoss
import Prediction
import Run
import TeacherForcing
import TensorCore
import Testing

@testable import ExerciseChecks

/// `exercises translator`: your pieces in one encoder-decoder beside the library's. With the
/// stubs every piece is the library's; with your solutions (or the reference ones, under
/// `SEQ2SEQ_EXERCISES=solutions`) yours train to D2L's loss; a piece that loses its gradient is
/// named by the run (as by its check's random cases).
@Suite("your translator", .serialized)
struct LearnerTranslatorTests {
  /// Whether every piece of the model is the learner's (the solutions are built in).
  static var solved: Bool {
    let run = try? SideBySide(epochs: 1)
    try? run?.probe()
    return run?.pieces.all.allSatisfy(\.isLearners) ?? false
  }

  @Test("with the stubs, every piece is the library's and says so; the two models agree")
  func stubs() throws {
    let run = try SideBySide(epochs: 3, yours: Self.stubs)
    try run.probe()
    for piece in run.pieces.all {
      #expect(!piece.isLearners && piece.reason == "not written yet", "\(piece.id)")
    }
    for _ in 1...3 {
      let (yours, library, _) = try run.trainEpoch()
      #expect(run.agree(yours, library), "\(yours) against \(library)")
    }
  }

  @Test(
    "with every piece solved, yours reaches D2L's loss beside the library's and translates D2L's sentences",
    .enabled(if: solved, "the exercises are not all solved (SEQ2SEQ_EXERCISES=solutions runs it)"))
  func solutions() throws {
    let run = try SideBySide(epochs: 300)
    try run.probe()
    var last: (Float, Float) = (0, 0)
    for epoch in 1...300 {
      let (yours, library, _) = try run.trainEpoch()
      #expect(run.agree(yours, library), "epoch \(epoch): \(yours) against \(library)")
      last = (yours, library)
    }
    #expect(last.0 < 0.03 && last.1 < 0.03, "\(last)")
    #expect(try run.translateYours("go .") == "va !")
    #expect(try run.translateYours("i lost .") == "j'ai perdu .")
    #expect(try run.bleuYours("j'ai perdu .", "j'ai perdu .") == 1)
  }

  @Test("with attention: 8.1-8.3 join the pieces (c and 3.1 leave), and the two models agree")
  func attention() throws {
    let stubs = try SideBySide(epochs: 2, attends: true, yours: Self.stubs)
    try stubs.probe()
    let ids = stubs.pieces.all.map(\.key)
    #expect(
      ids.contains(.additiveScore) && !ids.contains(.concatenateContext)
        && !ids.contains(.lastState))
    #expect(stubs.pieces.all.allSatisfy { !$0.isLearners })
    for _ in 1...2 {
      let (yours, library, _) = try stubs.trainEpoch()
      #expect(stubs.agree(yours, library), "\(yours) against \(library)")
    }
    guard Self.solved else { return }
    // With the solutions: every attention piece is theirs, and 30 epochs agree.
    let solved = try SideBySide(epochs: 30, attends: true)
    try solved.probe()
    #expect(solved.pieces.all.allSatisfy { $0.isLearners })
    for epoch in 1...30 {
      let (yours, library, _) = try solved.trainEpoch()
      #expect(solved.agree(yours, library), "epoch \(epoch): \(yours) against \(library)")
    }
  }

  @Test("with --beam, 6.3 chooses the beams: the same translations as the library's beam search")
  func beamSearch() throws {
    let stubs = try SideBySide(epochs: 1, beamSize: 3, yours: Self.stubs)
    try stubs.probe()
    #expect(stubs.pieces.all.contains { $0.key == .beamStep && !$0.isLearners })
    #expect(!stubs.pieces.all.contains { $0.key == .greedyDecode })
    guard Self.solved else { return }
    // The solutions' beams on the untrained weights both models start from (their last bits
    // agree there: nothing has been trained apart yet).
    let run = try SideBySide(epochs: 1, beamSize: 3)
    try run.probe()
    #expect(run.pieces.all.contains { $0.key == .beamStep && $0.isLearners })
    for sentence in ["go .", "i lost .", "he's calm .", "i'm home ."] {
      #expect(try run.translateYours(sentence) == run.translateLibrary(sentence), "\(sentence)")
    }
  }

  /// A mistake whose values are right and whose gradient is lost: its check's random cases, which
  /// compare gradients too, name it, and so does the run for a learner who trains before checking.
  struct Planted: Sendable, CustomTestStringConvertible {
    let key: ExerciseID
    let what: String
    let check: @Sendable () throws -> Void
    let plant: @Sendable (inout Yours) -> Void
    var id: String { key.rawValue }
    var testDescription: String { "\(id): \(what)" }
  }

  static let planted: [Planted] = [
    Planted(
      key: .gruStep, what: "the new state rebuilt from its scalars",
      check: { try EncoderChecks.gruStep(detachedGRUStep) },
      plant: { $0.gruStep = detachedGRUStep }),
    Planted(
      key: .runCell, what: "the outputs stacked from their scalars",
      check: { try EncoderChecks.runCell(detachedRunCell) },
      plant: { $0.runCell = detachedRunCell }),
    Planted(
      key: .lastState, what: "c copied out of the state's scalars",
      check: { try ContextChecks.lastState(detachedLastState) },
      plant: { $0.lastState = detachedLastState }),
    Planted(
      key: .concatenateContext, what: "c repeated through its scalars",
      check: { try DecoderChecks.concatenateContext(detachedConcatenate) },
      plant: { $0.concatenateContext = detachedConcatenate }),
    Planted(
      key: .maskedLoss, what: "each sentence's loss rebuilt from scalars",
      check: { try MaskedLossChecks.maskedLoss(detachedMaskedLoss) },
      plant: { $0.maskedLoss = detachedMaskedLoss }),
  ]

  @Test("a piece that loses its gradient is named by its check and by the run", arguments: planted)
  func namesThePiece(_ mistake: Planted) throws {
    #expect {
      try mistake.check()
    } throws: { error in
      (error as? ExerciseFailure)?.message.contains("the gradient with respect to") == true
    }
    var yours = Self.stubs
    mistake.plant(&yours)
    let run = try SideBySide(epochs: 3, yours: yours)
    try run.probe()
    var lines: [String] = []
    _ = try run.train(every: 1) { lines.append($0) }
    let named = lines.filter { $0.hasPrefix("  \(mistake.id) (") }
    #expect(!named.isEmpty && named.allSatisfy { $0.contains("gradient") }, "\(lines)")
    // Without the gradient through the recurrence or the loss, the losses part at once too;
    // without it through c, the decoder's first state still carries the encoder's, and the loss
    // shows it only after tens of epochs (47 on one CPU's kernels, more on another's).
    if [.gruStep, .runCell, .maskedLoss].contains(mistake.key) {
      #expect(
        lines.contains { $0.hasPrefix("  epoch 1/3") && $0.hasSuffix("they part") }, "\(lines)")
    }
  }

  @Test("a trap is blamed on the piece running when it came, and on no other")
  func blame() throws {
    var yours = Self.stubs
    yours.gruStep = gruStep  // runs inside every decoder step of the search
    nonisolated(unsafe) var (transcript, atTrap) = ([String](), [String]?.none)
    yours.beamStep = { beams, next, beamSize in
      // The trap comes in a late piece, after 1.3 has run and returned many times.
      if atTrap == nil && transcript.contains("returned 1.3") {
        atTrap = transcript
        throw Trap()
      }
      return bestContinuations(beams, next, beamSize)
    }
    let run = try SideBySide(epochs: 1, beamSize: 3, yours: yours)
    Piece.announce = { transcript.append($0) }
    defer { Piece.announce = nil }
    _ = try run.translateYours("i lost .")
    let snapshot = try #require(atTrap)
    #expect(
      Pieces.running(in: snapshot)?.id == ExerciseID.beamStep.rawValue, "\(snapshot.suffix(4))")
    // An instant in the library's code between two pieces is no piece's.
    let between = try #require(snapshot.lastIndex(of: "returned 1.3"))
    #expect(Pieces.running(in: Array(snapshot[...between])) == nil)
    #expect(run.pieces.gruStep.isLearners && !run.pieces.beamSearch.isLearners)
  }

  @Test("a training step that hands the model the wrong lengths is named, though its loss is fine")
  func namesWhatIsHanded() throws {
    var yours = Self.stubs
    yours.trainStep = { model, optimizer, source, _, target, targetValidLen, shape, bos, maxNorm in
      optimizer.zeroGrad()
      let logits = try model(
        source: source, sourceValidLen: Array(repeating: shape[1], count: shape[0]),
        decoderInput: teacherForcingInput(target: target, shape: shape, bos: bos), shape: shape)
      let loss = maskedSoftmaxCrossEntropy(logits: logits, labels: target, validLen: targetValidLen)
        .sum()
      loss.backward()
      clipGradients(optimizer.parameters, maxNorm: maxNorm)
      optimizer.step()
      return loss.scalar
    }
    let run = try SideBySide(epochs: 1, attends: true, yours: yours)
    try run.probe()
    var lines: [String] = []
    _ = try run.train(every: 1) { lines.append($0) }
    #expect(
      lines.contains { $0.hasPrefix("  5.3 (") && $0.contains("the source valid lengths") },
      "\(lines)")
  }

  @Test("whatever runs the library's model runs yours: the figures' traces, the attention")
  func runsAnywhere() throws {
    var yours = Self.stubs
    yours.gruStep = gruStep
    let run = try SideBySide(epochs: 1, attends: true, yours: yours)
    _ = try run.trainEpoch()
    nonisolated(unsafe) var ran = 0
    Piece.announce = { if $0.hasPrefix("running 1.3") { ran += 1 } }
    defer { Piece.announce = nil }
    let traces = try TraceRecorder(model: run.learner, dataset: run.dataset, losses: [1])
      .traces(sentence: "i lost .", pair: 0)
    #expect(traces.attention != nil && ran > 0 && run.pieces.gruStep.isLearners)
    let translator = Translator(
      model: run.learner, sourceVocab: run.dataset.sourceVocab,
      targetVocab: run.dataset.targetVocab)
    #expect(try translator.attentionTrace("go .") != nil)
  }

  @Test(
    "your Transformer: 10.1-10.7 in the library's Transformer; a merge that loses its gradient is named"
  )
  func transformer() throws {
    let stubs = try SideBySide(epochs: 2, transformer: true, yours: Self.stubs)
    try stubs.probe()
    #expect(stubs.pieces.all.map(\.key).contains(.scaledDotProductAttention))
    #expect(!stubs.pieces.all.map(\.key).contains(.gruStep))
    #expect(stubs.pieces.all.allSatisfy { !$0.isLearners })
    for _ in 1...2 {
      let (yours, library, _) = try stubs.trainEpoch()
      #expect(stubs.agree(yours, library), "\(yours) against \(library)")
    }
    // A merge rebuilt from its scalars has the right values and no gradient: its check's random
    // cases name it, and so does the run.
    #expect {
      try TransformerChecks.mergeHeads(detachedMerge)
    } throws: { error in
      (error as? ExerciseFailure)?.message.contains("the gradient with respect to") == true
    }
    var yours = Self.stubs
    yours.mergeHeads = detachedMerge
    let run = try SideBySide(epochs: 2, transformer: true, yours: yours)
    try run.probe()
    var lines: [String] = []
    _ = try run.train(every: 1) { lines.append($0) }
    #expect(
      lines.contains { $0.hasPrefix("  10.4 (") && $0.contains("gradient") }, "\(lines)")
  }

  @Test(
    "with every piece solved, your Transformer trains beside the library's",
    .enabled(if: solved, "the exercises are not all solved (SEQ2SEQ_EXERCISES=solutions runs it)"))
  func solvedTransformer() throws {
    let run = try SideBySide(epochs: 10, transformer: true)
    try run.probe()
    #expect(run.pieces.all.allSatisfy { $0.isLearners })
    for epoch in 1...10 {
      let (yours, library, _) = try run.trainEpoch()
      #expect(run.agree(yours, library), "epoch \(epoch): \(yours) against \(library)")
    }
  }

  /// Every function a stub: the library's pieces, whatever the package was built with.
  static var stubs: Yours {
    var yours = Yours()
    let missing = { (key: ExerciseID) in ExerciseError.notImplemented(key.rawValue) }
    yours.timeMajor = { _, _, _ in throw missing(.timeMajor) }
    yours.rnnStep = { _, _, _ in throw missing(.rnnStep) }
    yours.gruStep = { _, _, _ in throw missing(.gruStep) }
    yours.runCell = { _, _, _ in throw missing(.runCell) }
    yours.lastState = { _ in throw missing(.lastState) }
    yours.meanOverTime = { _, _ in throw missing(.meanOverTime) }
    yours.maxOverTime = { _, _ in throw missing(.maxOverTime) }
    yours.concatenateContext = { _, _ in throw missing(.concatenateContext) }
    yours.initialState = { _, _, _ in throw missing(.initialState) }
    yours.decoderStep = { _, _, _, _, _, _ in throw missing(.decoderStep) }
    yours.maskedLoss = { _, _, _ in throw missing(.maskedLoss) }
    yours.lossPerToken = { _, _ in throw missing(.lossPerToken) }
    yours.teacherForcingInput = { _, _, _, _ in throw missing(.teacherForcingInput) }
    yours.trainStep = { _, _, _, _, _, _, _, _, _ in throw missing(.trainStep) }
    yours.greedyDecode = { _, _, _, _, _ in throw missing(.greedyDecode) }
    yours.bleu = { _, _, _ in throw missing(.bleu) }
    yours.beamStep = { _, _, _ in throw missing(.beamStep) }
    yours.maskedSoftmax = { _, _ in throw missing(.maskedWeights) }
    yours.additiveScores = { _, _, _, _, _ in throw missing(.additiveScore) }
    yours.weightedContext = { _, _ in throw missing(.context) }
    yours.scaledDotProductAttention = { _, _, _, _ in throw missing(.scaledDotProductAttention) }
    yours.causalMask = { _, _ in throw missing(.causalMask) }
    yours.splitHeads = { _, _ in throw missing(.splitHeads) }
    yours.mergeHeads = { _ in throw missing(.mergeHeads) }
    yours.positionalEncoding = { _, _ in throw missing(.positionalEncoding) }
    yours.layerNorm = { _, _, _, _ in throw missing(.layerNorm) }
    yours.addNorm = { _, _, _, _ in throw missing(.addNorm) }
    return yours
  }
}

/// `tensor`'s values in a new tensor that no longer remembers how they were computed.
private func detached(_ tensor: Tensor) -> Tensor {
  Tensor(shape: tensor.shape, scalars: tensor.scalars)
}

/// D2L's GRU step, right.
private func gruStep(_ x: Tensor, _ h: Tensor, _ weights: GateWeights) -> Tensor {
  let (input, state) = (weights.projectInputs(x), weights.projectHidden(h))
  let reset = (weights.gate(input, 0) + weights.gate(state, 0)).sigmoid()
  let update = (weights.gate(input, 1) + weights.gate(state, 1)).sigmoid()
  let candidate = (weights.gate(input, 2) + reset * weights.gate(state, 2)).tanh()
  return update * h + (1 - update) * candidate
}

private func detachedMerge(_ x: Tensor) -> Tensor {
  detached(x.permuted([0, 2, 1, 3]).reshaped([x.shape[0], x.shape[2], x.shape[1] * x.shape[3]]))
}

private func detachedGRUStep(_ x: Tensor, _ h: Tensor, _ weights: GateWeights) -> Tensor {
  detached(gruStep(x, h, weights))
}

private func detachedRunCell(_ cell: any RecurrentCell, _ inputs: Tensor, _ initial: RecurrentState)
  -> (outputs: Tensor, state: RecurrentState)
{
  var (state, outputs) = (initial, [Tensor]())
  for t in 0..<inputs.shape[0] {
    state = cell(inputs.select(axis: 0, t), state: state)
    outputs.append(state.hidden)
  }
  return (detached(Tensor.stack(outputs)), state)
}

private func detachedLastState(_ state: Tensor) -> Tensor {
  detached(state.select(axis: 0, state.shape[0] - 1))
}

private func detachedConcatenate(_ embedded: Tensor, _ context: Tensor) -> Tensor {
  let (numSteps, batchSize) = (embedded.shape[0], embedded.shape[1])
  let repeated = detached(context.expanded(to: [numSteps, batchSize, context.shape[1]]))
  return Tensor.concatenate([embedded, repeated], axis: 2)
}

private func detachedMaskedLoss(_ logits: Tensor, _ labels: [Int], _ validLen: [Int]) -> Tensor {
  let unweighted = logits.crossEntropy(labels: labels)
  let (batchSize, numSteps) = (unweighted.shape[0], unweighted.shape[1])
  let mask = Tensor(
    shape: [batchSize, numSteps],
    scalars: (0..<(batchSize * numSteps)).map { $0 % numSteps < validLen[$0 / numSteps] ? 1 : 0 })
  return detached((unweighted * mask).mean(axis: 1))
}

/// What a planted trap throws in place of trapping (a test cannot survive a real one).
private struct Trap: Error {}
