import ArgumentParser
import BLEU
import COpenBLAS
import EncoderDecoder
import Formatting
import Foundation
import Layers
import Prediction
import TeacherForcing
import TensorCore
import TranslationData

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `seq2seq bench`: how fast the core's building blocks run on this machine.
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Measure the core and the translator: GFLOP/s, GRU layers, training, decoding, BLEU.",
    discussion: """
      Build in release mode for meaningful numbers: swift run -c release seq2seq bench. \
      Each figure is the median of --repeats timed rounds; the last line is the peak memory.
      """
  )

  /// The parts of the benchmark.
  enum Section: String, CaseIterable, ExpressibleByArgument {
    case matmul, ops, composite, gru, training, corpus, attention, decoding, bleu
  }

  @Argument(
    help:
      "Which parts to run: matmul, ops, composite, gru, training, corpus, attention, decoding, bleu (default: all)."
  )
  var sections: [Section] = Section.allCases

  @Option(help: "Timed rounds per measurement; the median is reported.")
  var repeats: Int = 5

  @Option(help: "Minimum seconds per round (more iterations give steadier numbers).")
  var seconds: Double = 0.2

  func validate() throws {
    guard repeats > 0 else {
      throw ValidationError("--repeats must be at least 1, got \(repeats).")
    }
    guard seconds > 0 else { throw ValidationError("--seconds must be positive, got \(seconds).") }
  }

  func run() throws {
    #if DEBUG
      print(
        "note: this is a debug build; use `swift run -c release seq2seq bench` for real numbers.\n")
    #endif
    // OpenBLAS picks its kernels by CPU; one it does not know gets generic ones, several times
    // slower (the Xeon of Benchmarks/RESULTS.md gets Prescott's).
    print("OpenBLAS kernels: \(String(cString: openblas_get_corename()))\n")
    let stopwatch = Stopwatch(repeats: repeats, seconds: seconds)
    for section in sections {
      switch section {
      case .matmul: benchMatmul(stopwatch)
      case .ops: benchOps(stopwatch)
      case .composite: benchComposite(stopwatch)
      case .gru: benchGRU(stopwatch)
      case .training: try benchTraining(stopwatch)
      case .corpus: try benchCorpus(stopwatch)
      case .attention: try benchAttention(stopwatch)
      case .decoding: try benchDecoding(stopwatch)
      case .bleu: try benchBLEU(stopwatch)
      }
      print()
    }
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    print("peak memory (max resident set): \(usage.ru_maxrss / 1024) MB")
  }

  /// D2L's configuration: one training step and one full epoch.
  private func benchTraining(_ stopwatch: Stopwatch) throws {
    let dataset = try D2LRun.dataset()
    let model = try D2LRun.model(for: dataset)
    var generator = SeededGenerator(seed: 0)
    let batch = dataset.batches(batchSize: 64, using: &generator)[0]
    let tokens = Double(batch.targetValidLen.reduce(0, +))
    print("Training, D2L's configuration (2-layer GRU, 32 units, batch 64, 10 steps):")
    for workers in [1, 2] {
      let trainer = Trainer(
        model: model, dataset: dataset, options: TrainingOptions(workers: workers))
      let step = try stopwatch.medianSeconds { try trainer.step(batch) }
      var epochTokens = 0
      let epoch = try stopwatch.medianSeconds { epochTokens = try trainer.trainEpoch().tokens }
      print(
        "  \(workers) worker\(workers == 1 ? ": " : "s:") one step \(fixed(step * 1e3, 2)) ms "
          + "(\(fixed(tokens / step, 0)) valid target tokens/s), one epoch \(fixed(epoch * 1e3, 1)) ms "
          + "(\(fixed(Double(epochTokens) / epoch, 0)) tokens/s; 300 epochs: \(fixed(epoch * 300, 1)) s)"
      )
    }
  }

  /// Training steps at full-corpus sizes: the probe of the full-corpus issue (embed 64, a 2-layer
  /// GRU of 128, vocabularies 9,844 / 17,483, batch 128) and `--preset full`, on batches of the
  /// shipped pairs cut to 12 steps (their words index any vocabulary this large).
  private func benchCorpus(_ stopwatch: Stopwatch) throws {
    let dataset = TranslationDataset(corpus: try Corpus.load(), numSteps: 12)
    let full = Preset.full.values
    let configurations = [
      ("probe: embed 64, GRU 2x128, vocabularies 9844/17483", 64, 128, 9844, 17483, 0.1),
      (
        "--preset full: embed \(full.embedSize), GRU \(full.numLayers)x\(full.numHiddens), "
          + "vocabularies \(full.maxVocab!)/\(full.maxVocab!)", full.embedSize, full.numHiddens,
        full.maxVocab!, full.maxVocab!, Double(full.dropout)
      ),
    ]
    print(
      "Training at full-corpus sizes (batch 128, 12 steps, 2 workers), tokens = valid target tokens:"
    )
    for (name, embed, hiddens, sourceVocab, targetVocab, dropout) in configurations {
      try benchSteps(
        name,
        Seq2SeqConfiguration(
          sourceVocabSize: sourceVocab, targetVocabSize: targetVocab, numSteps: 12,
          embedSize: embed, numHiddens: hiddens, dropout: Float(dropout)),
        dataset, stopwatch)
    }
  }

  /// Training with additive attention, the peer of `Benchmarks/pytorch_attention.py`: D2L's
  /// configuration (its Bahdanau section's sizes) and `--preset full`'s at full-corpus sizes.
  private func benchAttention(_ stopwatch: Stopwatch) throws {
    let d2l = try D2LRun.dataset()
    var configuration = Seq2SeqConfiguration(
      sourceVocabSize: d2l.sourceVocab.count, targetVocabSize: d2l.targetVocab.count,
      attention: .additive)
    print("Training with additive attention, 2 workers, tokens = valid target tokens:")
    try benchSteps(
      "D2L's configuration (GRU 2x32, batch 64, 10 steps)", configuration, d2l, stopwatch,
      batchSize: 64)
    let full = Preset.full.values
    configuration = Seq2SeqConfiguration(
      sourceVocabSize: full.maxVocab!, targetVocabSize: full.maxVocab!, numSteps: 12,
      embedSize: full.embedSize, numHiddens: full.numHiddens, dropout: full.dropout,
      attention: .additive)
    try benchSteps(
      "--preset full --attention additive (GRU 2x192, batch 128, 12 steps)", configuration,
      TranslationDataset(corpus: try Corpus.load(), numSteps: 12), stopwatch)
  }

  /// The median time of 8 training steps of a fresh `configuration` model on `dataset`'s first
  /// batches, 2 workers, printed as ms a step and valid target tokens per second.
  private func benchSteps(
    _ name: String, _ configuration: Seq2SeqConfiguration, _ dataset: TranslationDataset,
    _ stopwatch: Stopwatch, batchSize: Int = 128
  ) throws {
    let model = try EncoderDecoder(configuration, seed: 0)
    let trainer = Trainer(
      model: model, dataset: dataset, options: TrainingOptions(batchSize: batchSize, workers: 2))
    var generator = SeededGenerator(seed: 0)
    let batches = Array(dataset.batches(batchSize: batchSize, using: &generator).prefix(8))
    let tokens = Double(batches.reduce(0) { $0 + $1.targetValidLen.reduce(0, +) })
    let seconds = try stopwatch.medianSeconds { for batch in batches { try trainer.step(batch) } }
    print(
      "  \(name): \(fixed(seconds / Double(batches.count) * 1e3, 1)) ms a step, "
        + "\(fixed(tokens / seconds, 0)) tokens/s")
  }

  /// Greedy decoding of D2L's test sentences, one by one and as a batch.
  private func benchDecoding(_ stopwatch: Stopwatch) throws {
    let dataset = try D2LRun.dataset()
    let model = try D2LRun.model(for: dataset)
    let translator = Translator(
      model: model, sourceVocab: dataset.sourceVocab, targetVocab: dataset.targetVocab)
    let sentences = dataset.corpus.source.prefix(64).map { $0.joined(separator: " ") }
    print("Greedy decoding (untrained model, so every translation runs all 10 steps):")
    let single = try stopwatch.medianSeconds {
      for sentence in sentences { _ = try translator.greedy(sentence) }
    }
    print("  one by one: \(fixed(Double(sentences.count) / single, 0)) sentences/s")
    let batched = try stopwatch.medianSeconds { _ = try translator.greedyBatch(sentences) }
    print(
      "  batch of \(sentences.count): \(fixed(Double(sentences.count) / batched, 0)) sentences/s")
  }

  /// Corpus BLEU of the shipped French sentences against themselves.
  private func benchBLEU(_ stopwatch: Stopwatch) throws {
    let corpus = try Corpus.load()
    let lines = corpus.target.map { $0.joined(separator: " ") }
    let seconds = stopwatch.medianSeconds {
      _ = CorpusBLEU().score(hypotheses: lines, references: [lines])
    }
    print("Corpus BLEU (13a, 4-grams), \(lines.count) shipped French lines against themselves:")
    print("  \(fixed(seconds, 3)) s (\(fixed(Double(lines.count) / seconds, 0)) lines/s)")
  }

  private func benchMatmul(_ stopwatch: Stopwatch) {
    print("Matrix products, single-threaded OpenBLAS sgemm, median of \(repeats):")
    print(pad("shape", 22) + pad("sgemm GFLOP/s", 16) + "Tensor.matmul GFLOP/s")
    for (m, k, n) in [(64, 32, 96), (640, 32, 201), (256, 256, 256)] {
      let flops = 2.0 * Double(m * k * n)
      let a = Tensor.ones([m, k])
      let b = Tensor.ones([k, n])
      let c = Tensor.zeros([m, n])
      let raw = stopwatch.medianSeconds {
        a.withUnsafeScalars { x in
          b.withUnsafeScalars { y in
            c.withUnsafeMutableScalars { z in
              cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
                x.baseAddress, Int32(k), y.baseAddress, Int32(n), 0, z.baseAddress, Int32(n))
            }
          }
        }
      }
      let op = stopwatch.medianSeconds { GradientMode.withoutGradients { _ = a.matmul(b) } }
      print(pad("(\(m)x\(k))x(\(k)x\(n))", 22) + pad(gflops(flops, raw), 16) + gflops(flops, op))
    }
  }

  private func benchOps(_ stopwatch: Stopwatch) {
    print("Element-wise ops on a (64, 201) tensor, forward only, nanoseconds per element:")
    let logits = Tensor.ones([64, 201])
    let labels = Array(repeating: 3, count: 64)
    let ops: [(String, () -> Tensor)] = [
      ("add", { logits + logits }), ("exp", { logits.exp() }), ("tanh", { logits.tanh() }),
      ("sigmoid", { logits.sigmoid() }), ("log", { logits.log() }),
      ("softmax", { logits.softmax() }), ("crossEntropy", { logits.crossEntropy(labels: labels) }),
    ]
    for (name, op) in ops {
      let seconds = stopwatch.medianSeconds { GradientMode.withoutGradients { _ = op() } }
      print("  " + pad(name, 14) + fixed(seconds * 1e9 / Double(logits.count), 2))
    }
  }

  private func benchComposite(_ stopwatch: Stopwatch) {
    print("A small composite, forward+backward (batch 64, 32 -> 96 tanh -> 201, softmax CE):")
    let step = CompositeStep()
    let seconds = stopwatch.medianSeconds { step.run() }
    print("  \(fixed(seconds * 1e6, 1)) us per step (\(step.nodeCount) graph nodes)")
  }

  private func benchGRU(_ stopwatch: Stopwatch) {
    print(
      "Recurrent layers, D2L's shape (10 steps, batch 64, 32 -> 32 hiddens), forward+backward,\n"
        + "each cell through its fused kernel (time relative to the 2-layer GRU):")
    let layers: [(name: String, step: RecurrentStep)] = [
      ("gru, 1 layer", RecurrentStep(.gru, numLayers: 1)),
      ("gru, 2 layers", RecurrentStep(.gru, numLayers: 2)),
      ("rnn, 2 layers", RecurrentStep(.rnn, numLayers: 2)),
      ("lstm, 2 layers", RecurrentStep(.lstm, numLayers: 2)),
      ("gru, 2 layers, both ways", RecurrentStep(.gru, numLayers: 2, bidirectional: true)),
    ]
    var reference = 0.0
    for (name, step) in layers {
      let seconds = stopwatch.medianSeconds { step.run() }
      if name == "gru, 2 layers" { reference = seconds }
      let relative = reference > 0 ? " x\(fixed(seconds / reference, 2))" : ""
      print(
        "  \(pad(name + ":", 26))\(fixed(seconds * 1e6, 1)) us (\(fixed(640 / seconds, 0)) tokens/s)"
          + relative)
    }
  }

  private func gflops(_ flops: Double, _ seconds: Double) -> String {
    fixed(flops / seconds / 1e9, 1)
  }
}

/// One forward+backward pass of a two-layer classifier of about the size of D2L's decoder.
struct CompositeStep {
  let inputs: Tensor
  let hiddenWeight: Tensor
  let hiddenBias: Tensor
  let outputWeight: Tensor
  let outputBias: Tensor
  let labels: [Int]
  let nodeCount = 8

  init() {
    var generator = SeededGenerator(seed: 0)
    inputs = Tensor.normal([64, 32], using: &generator, requiresGrad: false)
    hiddenWeight = Tensor.xavierUniform([32, 96], using: &generator)
    hiddenBias = Tensor.zeros([96], requiresGrad: true)
    outputWeight = Tensor.xavierUniform([96, 201], using: &generator)
    outputBias = Tensor.zeros([201], requiresGrad: true)
    labels = (0..<64).map { _ in Int(generator.next() % 201) }
  }

  /// logits = tanh(X W1 + b1) W2 + b2; loss = mean(CE(logits, labels)); backward.
  func run() {
    let hidden = (inputs.matmul(hiddenWeight) + hiddenBias).tanh()
    let logits = hidden.matmul(outputWeight) + outputBias
    let loss = logits.crossEntropy(labels: labels).mean()
    loss.backward()
    for parameter in [hiddenWeight, hiddenBias, outputWeight, outputBias] { parameter.zeroGrad() }
  }
}

/// Forward and backward through a recurrent layer over a (numSteps, batchSize, embedSize)
/// sequence.
struct RecurrentStep {
  let layer: RecurrentLayer
  let inputs: Tensor

  init(
    _ kind: CellKind, numLayers: Int, bidirectional: Bool = false, numSteps: Int = 10,
    batchSize: Int = 64, size: Int = 32
  ) {
    var generator = SeededGenerator(seed: 0)
    layer = RecurrentLayer(
      kind, inputSize: size, numHiddens: size, numLayers: numLayers, dropout: 0.1,
      bidirectional: bidirectional, generator: &generator)
    inputs = Tensor.normal([numSteps, batchSize, size], using: &generator, requiresGrad: true)
  }

  /// outputs, state = RNN(inputs); backward from the sum of the outputs.
  func run() {
    let (outputs, _) = layer(inputs)
    outputs.sum().backward()
    for parameter in layer.parameters + [inputs] { parameter.zeroGrad() }
  }
}

/// Times a closure: rounds of at least `seconds` each, `repeats` rounds, the median round.
struct Stopwatch {
  let repeats: Int
  let seconds: Double

  /// The median per-call time in seconds over `repeats` rounds (after one warm-up call).
  func medianSeconds(_ body: () throws -> Void) rethrows -> Double {
    try body()
    var rounds: [Double] = []
    for _ in 0..<repeats {
      var calls = 0
      let start = now()
      var elapsed = 0.0
      repeat {
        try body()
        calls += 1
        elapsed = now() - start
      } while elapsed < seconds
      rounds.append(elapsed / Double(calls))
    }
    return rounds.sorted()[rounds.count / 2]
  }

  private func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
  }
}
