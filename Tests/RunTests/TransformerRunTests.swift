import Checkpoint
import EncoderDecoder
import Foundation
import Prediction
import Run
import Testing
import TranslationData

/// D2L's Transformer run (section 10.7) at a reduced epoch count, and a split Transformer run
/// with warm-up and label smoothing stopped and resumed.
@Suite("a Transformer's training run", .serialized)
struct TransformerRunTests {
  /// A file in the folder of the split run's tests (names of their own, `transformer-...`).
  static func path(_ name: String) -> String { SplitRunTests.path("transformer-" + name) }

  @Test("D2L's Transformer run, 30 of its 200 epochs: the loss falls from 1.6 to near 0.1")
  func d2lRun() throws {
    var c = RunConfiguration.d2lTransformer
    #expect(c.model.transformer == TransformerSizes(numHeads: 4, ffnNumHiddens: 64))
    #expect((c.model.numHiddens, c.model.numLayers, c.model.dropout) == (32, 2, 0.1))
    #expect((c.epochs, c.batchSize, c.lr, c.numSteps) == (200, 64, 0.005, .fixed(10)))
    c.epochs = 30
    var session = try TrainingSession(c, dataPath: nil, out: Self.path("d2l.ckpt"), resume: nil)
    try session.train(every: 10, say: { _ in })
    let model = try Checkpoint.read(from: Self.path("d2l.ckpt"))
    let history = model.header.lossHistory
    #expect(history.count == 30)
    // Seen here: 0.50 after epoch 1 ... 0.100 after 30 (0.032 after all 200, as D2L's 0.033).
    #expect(history[0] > 0.3 && history[29] < 0.13, "\(history)")
    #expect(history[29] < history[9] && history[9] < history[0])
    #expect(try model.makeModel().configuration.transformer != nil)
  }

  /// A split run of a small Transformer with warm-up and label smoothing, `epochs` long.
  static func train(_ out: String, epochs: Int, resume: String? = nil) throws {
    var c = RunConfiguration.d2lTransformer
    (c.numExamples, c.split) = (
      .lines(through: 299), SplitShares(train: 80, validation: 10, test: 10)
    )
    (c.model.numHiddens, c.model.numLayers) = (16, 1)
    c.model.transformer?.ffnNumHiddens = 24
    (c.epochs, c.batchSize, c.labelSmoothing, c.warmupSteps) = (epochs, 32, 0.1, 12)
    var session = try TrainingSession(c, dataPath: nil, out: path(out), resume: resume)
    try session.train(every: 1, say: { _ in })
  }

  @Test(
    "stopped after 2 epochs and resumed to 4, it ends where 4 in one run end (warm-up included)")
  func resumeEqualsUninterrupted() throws {
    try Self.train("straight.ckpt", epochs: 4)
    try Self.train("halves.ckpt", epochs: 2)
    try Self.train("halves.ckpt", epochs: 4, resume: Self.path("halves.last.ckpt"))
    for suffix in [".ckpt", ".last.ckpt"] {
      let straight = try Checkpoint.read(from: Self.path("straight" + suffix))
      let halves = try Checkpoint.read(from: Self.path("halves" + suffix))
      #expect(straight.weights == halves.weights && straight.moments == halves.moments)
      #expect(straight.header == halves.header)
    }
    let settings = try #require(
      try Checkpoint.read(from: Self.path("straight.last.ckpt")).header.run?.settings)
    #expect(settings["--architecture"] == "transformer" && settings["--num-heads"] == "4")
    #expect(settings["--label-smoothing"] == "0.1" && settings["--warmup"] == "12")
  }

  @Test("a Transformer checkpoint translates as the model that wrote it, greedy and beam")
  func checkpointRoundTrip() throws {
    try Self.train("round.ckpt", epochs: 1)
    let checkpoint = try Checkpoint.read(from: Self.path("round.last.ckpt"))
    let translator = try checkpoint.translator()
    let again = try Checkpoint.read(from: Self.path("round.last.ckpt")).translator()
    let sentences = ["go .", "i lost .", "he's calm ."]
    #expect(try translator.greedyBatch(sentences) == again.greedyBatch(sentences))
    // Beam search of a batch finds what it finds one sentence at a time, up to the last bits of
    // a product whose batch has other rows; a beam of one is greedy search.
    let batch = try translator.nBestBatch(sentences, beamSize: 3)
    for (sentence, list) in zip(sentences, batch) {
      let alone = try translator.nBest(sentence, beamSize: 3)
      #expect(alone.map(\.tokens) == list.map(\.tokens))
      for (a, b) in zip(alone, list) { #expect(abs(a.logProbability - b.logProbability) < 1e-4) }
    }
    let greedy = try translator.greedyBatch(sentences)
    #expect(try translator.beamBatch(sentences, beamSize: 1).map(\.tokens) == greedy.map(\.tokens))
  }

  @Test("the exported cross-attention holds every head; its weights are their mean, rows sum to 1")
  func attentionHeads() throws {
    try Self.train("heads.ckpt", epochs: 1)
    let translator = try Checkpoint.read(from: Self.path("heads.last.ckpt")).translator()
    let traces = try #require(
      try translator.forcedAttention([("go .", "va !"), ("i lost .", "j'ai perdu .")]))
    for trace in traces {
      let heads = try #require(trace.heads)
      #expect(heads.count == 4)
      for (step, row) in trace.weights.enumerated() {
        #expect(abs(row.reduce(0, +) - 1) < 1e-5)
        for (column, weight) in row.enumerated() {
          let mean = heads.map { $0[step][column] }.reduce(0, +) / 4
          #expect(abs(weight - mean) < 1e-6)
        }
      }
    }
  }
}
