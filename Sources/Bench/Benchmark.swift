import BLEU
import COpenBLAS
import EncoderDecoder
import Formatting
import Foundation
import Layers
import Prediction
import Run
import TeacherForcing
import TensorCore
import TranslationData

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The benchmarks of `seq2seq bench`: how fast the core's building blocks and the translator
/// run on this machine, each printed as it is measured. Benchmarks/RESULTS.md records the
/// figures with the machine.
public enum Benchmark: String, CaseIterable, Sendable {
  case matmul, ops, composite, gru, layers, training, corpus, attention, transformer, decoding,
    bleu

  /// Runs `benchmarks` in order with `stopwatch`, after the line of `BLAS.report()` (which
  /// kernels run the matrix products, and what a slower choice than the CPU's costs), then prints the peak
  /// memory.
  public static func run(_ benchmarks: [Benchmark], stopwatch: Stopwatch) throws {
    print(BLAS.report() + "\n")
    for benchmark in benchmarks {
      try benchmark.run(stopwatch)
      print()
    }
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    print("peak memory (max resident set): \(usage.ru_maxrss / 1024) MB")
  }

  /// Runs and prints this benchmark.
  func run(_ stopwatch: Stopwatch) throws {
    switch self {
    case .matmul: Self.benchMatmul(stopwatch)
    case .ops: Self.benchOps(stopwatch)
    case .composite: Self.benchComposite(stopwatch)
    case .gru: Self.benchGRU(stopwatch)
    case .layers: Self.benchLayers(stopwatch)
    case .training: try Self.benchTraining(stopwatch)
    case .corpus: try Self.benchCorpus(stopwatch)
    case .attention: try Self.benchAttention(stopwatch)
    case .transformer: try Self.benchTransformer(stopwatch)
    case .decoding: try Self.benchDecoding(stopwatch)
    case .bleu: try Self.benchBLEU(stopwatch)
    }
  }

  /// D2L's configuration: one training step and one full epoch.
  static func benchTraining(_ stopwatch: Stopwatch) throws {
    let dataset = try D2L.dataset()
    let model = try D2L.model(for: dataset)
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
  static func benchCorpus(_ stopwatch: Stopwatch) throws {
    let dataset = TranslationDataset(corpus: try Corpus.load(), numSteps: 12)
    let full = RunConfiguration.full
    let configurations = [
      ("probe: embed 64, GRU 2x128, vocabularies 9844/17483", 64, 128, 9844, 17483, 0.1),
      (
        "--preset full: embed \(full.model.embedSize), GRU \(full.model.numLayers)x\(full.model.numHiddens), "
          + "vocabularies \(full.maxVocab!)/\(full.maxVocab!)", full.model.embedSize,
        full.model.numHiddens,
        full.maxVocab!, full.maxVocab!, Double(full.model.dropout)
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
  static func benchAttention(_ stopwatch: Stopwatch) throws {
    let d2l = try D2L.dataset()
    var configuration = Seq2SeqConfiguration(
      sourceVocabSize: d2l.sourceVocab.count, targetVocabSize: d2l.targetVocab.count,
      attention: .additive)
    print("Training with additive attention, 2 workers, tokens = valid target tokens:")
    try benchSteps(
      "D2L's configuration (GRU 2x32, batch 64, 10 steps)", configuration, d2l, stopwatch,
      batchSize: 64)
    let full = RunConfiguration.full
    configuration = Seq2SeqConfiguration(
      sourceVocabSize: full.maxVocab!, targetVocabSize: full.maxVocab!, numSteps: 12,
      embedSize: full.model.embedSize, numHiddens: full.model.numHiddens,
      dropout: full.model.dropout,
      attention: .additive)
    try benchSteps(
      "--preset full --attention additive (GRU 2x192, batch 128, 12 steps)", configuration,
      TranslationDataset(corpus: try Corpus.load(), numSteps: 12), stopwatch)
  }

  /// Training a Transformer, the peer of `Benchmarks/pytorch_transformer.py`: D2L's section 10.7
  /// configuration on its 601 pairs (a step and an epoch, 1 and 2 workers), and
  /// `--preset transformer`'s sizes on batches of 128 shipped pairs cut to 12 steps.
  static func benchTransformer(_ stopwatch: Stopwatch) throws {
    let dataset = try D2L.dataset()
    let d2l = RunConfiguration.d2lTransformer
    let model = try EncoderDecoder(
      d2l.model(
        sourceVocabSize: dataset.sourceVocab.count, targetVocabSize: dataset.targetVocab.count,
        numSteps: dataset.numSteps),
      seed: 0)
    var generator = SeededGenerator(seed: 0)
    let batch = dataset.batches(batchSize: d2l.batchSize, using: &generator)[0]
    let tokens = Double(batch.targetValidLen.reduce(0, +))
    print("Training a Transformer, D2L's configuration (2 blocks, 32 hiddens, 4 heads, batch 64):")
    for workers in [1, 2] {
      var options = d2l.trainingOptions
      options.workers = workers
      let trainer = Trainer(model: model, dataset: dataset, options: options)
      let step = try stopwatch.medianSeconds { try trainer.step(batch) }
      var epochTokens = 0
      let epoch = try stopwatch.medianSeconds { epochTokens = try trainer.trainEpoch().tokens }
      print(
        "  \(workers) worker\(workers == 1 ? ": " : "s:") one step \(fixed(step * 1e3, 2)) ms "
          + "(\(fixed(tokens / step, 0)) tokens/s), one epoch \(fixed(epoch * 1e3, 1)) ms "
          + "(\(fixed(Double(epochTokens) / epoch, 0)) tokens/s; 200 epochs: \(fixed(epoch * 200, 1)) s)"
      )
    }
    let preset = RunConfiguration.transformer
    let sizes = preset.model.transformer!
    try benchSteps(
      "--preset transformer: \(preset.model.numLayers) blocks, \(preset.model.numHiddens) hiddens, "
        + "\(sizes.numHeads) heads, FFN \(sizes.ffnNumHiddens), vocabularies 12000/12000, batch 128, 12 steps",
      preset.model(
        sourceVocabSize: preset.maxVocab!, targetVocabSize: preset.maxVocab!, numSteps: 12),
      TranslationDataset(corpus: try Corpus.load(), numSteps: 12), stopwatch)
    try benchPresetDecoding(stopwatch)
  }

  /// Greedy decoding at the whole-corpus presets' sizes, a Transformer's beside Bahdanau's
  /// attention: one batch of 256 sentences run for all 13 steps (the cost of a translation of
  /// numSteps tokens, the longest), fresh weights, vocabularies of 12,000.
  static func benchPresetDecoding(_ stopwatch: Stopwatch) throws {
    let (rows, numSteps) = (256, 13)
    print("Greedy decoding at the presets' sizes, \(rows) sentences x \(numSteps) steps:")
    for (name, preset) in [
      ("--preset transformer", RunConfiguration.transformer),
      ("--preset attention", RunConfiguration.attention),
    ] {
      let model = try EncoderDecoder(
        preset.model(
          sourceVocabSize: preset.maxVocab!, targetVocabSize: preset.maxVocab!, numSteps: numSteps),
        seed: 0)
      var generator = SeededGenerator(seed: 1)
      let source = (0..<(rows * numSteps)).map { _ in 4 + Int(generator.next() % 11_000) }
      let validLen = (0..<rows).map { 4 + $0 % (numSteps - 3) }
      let seconds = try stopwatch.medianSeconds {
        try LearningPhase.inference {
          var state = try model.encode(source, shape: [rows, numSteps], validLen: validLen)
          var tokens = [Int](repeating: 2, count: rows)
          for _ in 0..<numSteps {
            let (logits, next) = model.decode(tokens, shape: [rows, 1], state: state)
            tokens = argmaxRows(logits.logSoftmax().scalars, width: logits.shape[2])
            state = next
          }
        }
      }
      print("  \(name): \(fixed(seconds / Double(rows) * 1e3, 3)) ms a sentence")
    }
  }

  /// The median time of 8 training steps of a fresh `configuration` model on `dataset`'s first
  /// batches, 2 workers, printed as ms a step and valid target tokens per second.
  static func benchSteps(
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
  static func benchDecoding(_ stopwatch: Stopwatch) throws {
    let dataset = try D2L.dataset()
    let model = try D2L.model(for: dataset)
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
  static func benchBLEU(_ stopwatch: Stopwatch) throws {
    let corpus = try Corpus.load()
    let lines = corpus.target.map { $0.joined(separator: " ") }
    let seconds = stopwatch.medianSeconds {
      _ = CorpusBLEU().score(hypotheses: lines, references: [lines])
    }
    print("Corpus BLEU (13a, 4-grams), \(lines.count) shipped French lines against themselves:")
    print("  \(fixed(seconds, 3)) s (\(fixed(Double(lines.count) / seconds, 0)) lines/s)")
  }

  static func benchMatmul(_ stopwatch: Stopwatch) {
    print("Matrix products, single-threaded OpenBLAS sgemm, median of \(stopwatch.repeats):")
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

  static func benchOps(_ stopwatch: Stopwatch) {
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

  static func benchComposite(_ stopwatch: Stopwatch) {
    print("A small composite, forward+backward (batch 64, 32 -> 96 tanh -> 201, softmax CE):")
    let step = CompositeStep()
    let seconds = stopwatch.medianSeconds { step.run() }
    print("  \(fixed(seconds * 1e6, 1)) us per step (\(step.nodeCount) graph nodes)")
  }

  static func benchGRU(_ stopwatch: Stopwatch) {
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

  static func gflops(_ flops: Double, _ seconds: Double) -> String {
    fixed(flops / seconds / 1e9, 1)
  }
}
