import Formatting
import Layers
import TensorCore
import Transformer

extension Benchmark {
  /// One layer of each, by sentence length: a GRU layer runs its steps one after another (a path
  /// of numSteps steps between the first token and the last), self-attention all at once (a path
  /// of one). Forward only, dropout off, batch 32 of width 128 (`--preset transformer`'s).
  static func benchLayers(_ stopwatch: Stopwatch) {
    print(
      "One layer, forward, batch 32, width 128: a GRU (numSteps steps in sequence) against\n"
        + "self-attention with 4 heads (one step for every position):")
    var generator = SeededGenerator(seed: 0)
    let gru = RecurrentLayer(.gru, inputSize: 128, numHiddens: 128, generator: &generator)
    let attention = MultiHeadAttention(
      numHiddens: 128, numHeads: 4, dropout: 0, generator: &generator)
    print("  steps      GRU   self-attention   GRU / attention")
    for numSteps in [10, 25, 50, 100, 200] {
      let x = Tensor.uniform(
        [32, numSteps, 128], in: -1...1, using: &generator, requiresGrad: false)
      let timeMajor = x.permuted([1, 0, 2])
      let recurrent = stopwatch.medianSeconds {
        LearningPhase.inference { _ = gru(timeMajor).outputs }
      }
      let attending = stopwatch.medianSeconds {
        LearningPhase.inference {
          _ = attention(queries: x, keys: x, values: x, validLen: nil).output
        }
      }
      print(
        "  \(pad(String(numSteps), 5))\(pad(fixed(recurrent * 1e3, 2) + " ms", 10))"
          + "\(pad(fixed(attending * 1e3, 2) + " ms", 17))x\(fixed(recurrent / attending, 1))")
    }
  }
}
