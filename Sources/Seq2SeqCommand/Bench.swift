import ArgumentParser
import COpenBLAS
import Layers
import TensorCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `seq2seq bench`: how fast the core's building blocks run on this machine.
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Measure matrix products (GFLOP/s) and a small forward+backward pass.",
    discussion: """
      Build in release mode for meaningful numbers: swift run -c release seq2seq bench. \
      Each figure is the best of --repeats timed rounds, the one least disturbed by other work.
      """
  )

  /// The parts of the benchmark.
  enum Section: String, CaseIterable, ExpressibleByArgument {
    case matmul, ops, composite, gru
  }

  @Argument(help: "Which parts to run: matmul, ops, composite, gru (default: all).")
  var sections: [Section] = Section.allCases

  @Option(help: "Timed rounds per measurement; the best one is reported.")
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
    let stopwatch = Stopwatch(repeats: repeats, seconds: seconds)
    for section in sections {
      switch section {
      case .matmul: benchMatmul(stopwatch)
      case .ops: benchOps(stopwatch)
      case .composite: benchComposite(stopwatch)
      case .gru: benchGRU(stopwatch)
      }
      print()
    }
  }

  private func benchMatmul(_ stopwatch: Stopwatch) {
    print("Matrix products, single-threaded OpenBLAS sgemm, best of \(repeats):")
    print(pad("shape", 22) + pad("sgemm GFLOP/s", 16) + "Tensor.matmul GFLOP/s")
    for (m, k, n) in [(64, 32, 96), (640, 32, 201), (256, 256, 256)] {
      let flops = 2.0 * Double(m * k * n)
      let a = Tensor.ones([m, k])
      let b = Tensor.ones([k, n])
      let c = Tensor.zeros([m, n])
      let raw = stopwatch.bestSeconds {
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
      let op = stopwatch.bestSeconds { GradientMode.withoutGradients { _ = a.matmul(b) } }
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
      let seconds = stopwatch.bestSeconds { GradientMode.withoutGradients { _ = op() } }
      print("  " + pad(name, 14) + fixed(seconds * 1e9 / Double(logits.count), 2))
    }
  }

  private func benchComposite(_ stopwatch: Stopwatch) {
    print("A small composite, forward+backward (batch 64, 32 -> 96 tanh -> 201, softmax CE):")
    let step = CompositeStep()
    let seconds = stopwatch.bestSeconds { step.run() }
    print("  \(fixed(seconds * 1e6, 1)) us per step (\(step.nodeCount) graph nodes)")
  }

  private func benchGRU(_ stopwatch: Stopwatch) {
    print("GRU layers, D2L's shape (10 steps, batch 64, 32 -> 32 hiddens), forward+backward:")
    for numLayers in [1, 2] {
      let gru = GRUStep(numLayers: numLayers)
      let seconds = stopwatch.bestSeconds { gru.run() }
      print(
        "  \(numLayers) layer\(numLayers == 1 ? " " : "s"): "
          + "\(fixed(seconds * 1e6, 1)) us (\(fixed(640 / seconds, 0)) tokens/s)")
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

/// Forward and backward through a GRU layer over a (numSteps, batchSize, embedSize) sequence.
struct GRUStep {
  let layer: RecurrentLayer
  let inputs: Tensor

  init(numLayers: Int, numSteps: Int = 10, batchSize: Int = 64, size: Int = 32) {
    var generator = SeededGenerator(seed: 0)
    layer = RecurrentLayer(
      .gru, inputSize: size, numHiddens: size, numLayers: numLayers, dropout: 0.1,
      generator: &generator)
    inputs = Tensor.normal([numSteps, batchSize, size], using: &generator, requiresGrad: true)
  }

  /// outputs, state = GRU(inputs); backward from the sum of the outputs.
  func run() {
    let (outputs, _) = layer(inputs)
    outputs.sum().backward()
    for parameter in layer.parameters + [inputs] { parameter.zeroGrad() }
  }
}

/// Times a closure: runs it repeatedly for at least `seconds`, `repeats` times, keeps the best.
struct Stopwatch {
  let repeats: Int
  let seconds: Double

  /// The best per-call time in seconds over `repeats` rounds.
  func bestSeconds(_ body: () -> Void) -> Double {
    body()
    var best = Double.infinity
    for _ in 0..<repeats {
      var calls = 0
      let start = now()
      var elapsed = 0.0
      repeat {
        body()
        calls += 1
        elapsed = now() - start
      } while elapsed < seconds
      best = min(best, elapsed / Double(calls))
    }
    return best
  }

  private func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
  }
}
