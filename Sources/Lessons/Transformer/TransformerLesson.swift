import Foundation
import Layers
import LessonSupport
import TensorCore
import Transformer

/// Lesson 10: the Transformer. Attention alone, no recurrence: every position reads every other
/// in one step, the order coming from a positional code.
enum TransformerLesson: Lesson {
  static func run(_ say: (String) -> Void) throws {
    say("Lesson 10: the Transformer, softmax(Q K^T / sqrt(d)) V in every layer")
    say("No recurrence: every position attends to every other at once; a positional code")
    say("tells the positions apart.")

    heading("1. scaled dot-product attention (D2L's check)").forEach(say)
    // D2L's example: 2 queries of width 2, 10 equal keys, values 0 ..< 40 in rows of 4, valid
    // lengths 2 and 6. Equal keys give equal scores: the weights are even over the valid keys.
    var generator = SeededGenerator(seed: 0)
    let queries = Tensor.normal([2, 1, 2], using: &generator)
    let keys = Tensor.ones([2, 10, 2])
    let values = Tensor(shape: [2, 10, 4], scalars: (0..<80).map { Float($0 % 40) })
    let (output, weights) = scaledDotProductAttention(
      queries: queries, keys: keys, values: values, validLen: [2, 6], causal: false)
    say("queries \(shape(queries)), keys \(shape(keys)), values \(shape(values)), validLen [2, 6]")
    say("weights of entry 1: \(format(weights.select(axis: 0, 0).scalars, digits: 2))")
    say("weights of entry 2: \(format(weights.select(axis: 0, 1).scalars, digits: 2))")
    say("output \(shape(output)): \(format(output, digits: 1)) (the mean of the valid rows)")
    let none = scaledDotProductAttention(
      queries: queries, keys: keys, values: values, validLen: [0, 6], causal: false)
    say(
      "validLen 0 sees nothing: outputs \(format(none.output.select(axis: 0, 0).scalars, digits: 1))"
    )
    say("  (zeros, not the mean of all ten rows: d2l-en PR #2423)")

    heading("2. multi-head attention: heads by reshapes").forEach(say)
    // D2L's sizes: 100 hiddens in 5 heads, a batch of 2, 4 queries over 6 keys and values.
    let attention = MultiHeadAttention(
      numHiddens: 100, numHeads: 5, dropout: 0, generator: &generator)
    let x = Tensor.ones([2, 4, 100])
    let y = Tensor.ones([2, 6, 100])
    let heads = attention.heads(x, attention.queryWeight)
    say("queries (2, 4, 100) split into heads: \(shape(heads)) (5 heads of 20)")
    let (attended, headWeights) = attention(queries: x, keys: y, values: y, validLen: [3, 2])
    say("weights of every head: \(shape(headWeights)); output after merging: \(shape(attended))")

    heading("3. the positional encoding").forEach(say)
    let encoding = PositionalEncoding(numHiddens: 32, maxLen: 60)
    say("P: \(shape(encoding.table)); columns 6 to 9 at positions 0 to 3:")
    for position in 0..<4 {
      let row = encoding.table.select(axis: 0, position).scalars[6..<10]
      say("  position \(position): \(format(Array(row), digits: 4))")
    }
    let wavelength = { (column: Double) in Float(2 * Double.pi * pow(10_000, column / 32)) }
    say(
      "column 6 turns once every \(format(wavelength(6), digits: 1)) positions, column 30 once "
        + "every \(format(wavelength(30), digits: 0)): a clock of its own frequency per pair")

    heading("4. an encoder block keeps the shape (D2L's check)").forEach(say)
    let block = TransformerEncoderBlock(
      numHiddens: 24, ffnNumHiddens: 48, numHeads: 8, dropout: 0.5, generator: &generator)
    let (encoded, blockWeights) = LearningPhase.inference {
      block(Tensor.ones([2, 100, 24]), validLen: [3, 2])
    }
    say("X (2, 100, 24) -> \(shape(encoded)); self-attention weights \(shape(blockWeights))")

    heading("5. the decoder caches keys and values in prediction").forEach(say)
    let encoder = TransformerEncoder(
      vocabSize: 200, numHiddens: 24, ffnNumHiddens: 48, numHeads: 8, numLayers: 2, dropout: 0.5,
      maxLen: 10, generator: &generator)
    let decoder = TransformerDecoder(
      vocabSize: 200, numHiddens: 24, ffnNumHiddens: 48, numHeads: 8, numLayers: 2, dropout: 0.5,
      maxLen: 10, generator: &generator)
    try LearningPhase.inference {
      let source = encoder([5, 6, 7, 3, 1], shape: [1, 5], validLen: [4]).outputs
      var state = decoder.initState(encoderOutputs: source, validLen: [4])
      say(
        "the encoder's outputs \(shape(source)), projected once: block 1 reads keys \(shape(state.memory[0].keys))"
      )
      var token = 2  // <bos>
      for step in 1...4 {
        let (logits, next) = decoder([token], shape: [1, 1], state: state)
        state = next
        token = argmaxRows(logits.scalars, width: logits.shape[2])[0]
        say(
          "step \(step): one query; block 1's cached self-attention keys \(shape(state.cache[0].keys))"
        )
      }
      try require(state.steps == 4)
    }
    say("each step attends over the steps so far, none recomputed.")

    heading("6. prediction runs with dropout off").forEach(say)
    // D2L's readers met it (d2l-en #1484): dropout left on at prediction makes every call differ.
    let tokens = [5, 6, 7, 3, 1]
    let twice = { (phase: (() -> Tensor) -> Tensor) -> Float in
      let first = phase { encoder(tokens, shape: [1, 5], validLen: [4]).outputs }
      let second = phase { encoder(tokens, shape: [1, 5], validLen: [4]).outputs }
      return zip(first.scalars, second.scalars).map { abs($0 - $1) }.max() ?? 0
    }
    say(
      "the encoder twice on one sentence, dropout 0.5 on (training): largest difference "
        + format(twice { $0() }, digits: 3))
    say(
      "the same, dropout off (LearningPhase.inference, as every search runs): "
        + format(twice { body in LearningPhase.inference(body) }, digits: 3))
  }

  /// Throws unless `condition` holds (the lesson's own sanity).
  static func require(_ condition: Bool) throws {
    struct Broken: Error {}
    if !condition { throw Broken() }
  }
}
