import EncoderDecoder
import Layers
import TensorCore
import Transformer

/// The Transformer's pieces (10.1-10.7) against the library's on the live tensors of a batch:
/// the batch's embedded sources through the library model's first encoder block (its weights,
/// the batch's sizes and valid lengths), values and, for the differentiable pieces, gradients.
extension Diagnosis {
  /// The comparisons, in the order the model runs the pieces.
  var transformerComparisons: [(Piece, () throws -> String?)] {
    guard case .transformer(let encoder, _) = run.library.halves else { return [] }
    let pieces = run.pieces
    let yours = pieces.yours
    let block = encoder.blocks[0]
    let attention = block.attention
    let (numHeads, numHiddens) = (attention.numHeads, attention.numHiddens)
    let x = LearningPhase.inference { encoder.input(batch.source, shape: batch.shape) }
    let (batchSize, numSteps) = (batch.batchSize, batch.numSteps)
    let heads = MultiHeadAttention.split(x, numHeads: numHeads)
    let what = "the batch's embedded sources \(dims(x)) into \(numHeads) heads"
    return [
      (
        pieces.positionalEncoding,
        {
          let table = encoder.input.positionalEncoding.table
          return differs(
            try yours.positionalEncoding(table.shape[1], table.shape[0]), table
          ).map { "the positions' codes \(dims(table)): \($0)" }
        }
      ),
      (
        pieces.splitHeads,
        {
          try compare(
            what, inputs: [("x", x)], parameters: [],
            yours: { try yours.splitHeads($0[0], numHeads) },
            library: { MultiHeadAttention.split($0[0], numHeads: numHeads) })
        }
      ),
      (
        pieces.attend,
        {
          let entries = [batchSize * numHeads, numSteps, numHiddens / numHeads]
          let validLen = batch.sourceValidLen.flatMap { Array(repeating: $0, count: numHeads) }
          let qkv = [attention.queryWeight, attention.keyWeight, attention.valueWeight].map {
            weight in LearningPhase.inference { attention.heads(x, weight) }.reshaped(entries)
          }
          return try compare(
            "the first block's queries, keys and values \(dims(qkv[0])) over the batch's valid "
              + "source lengths",
            inputs: [("the queries", qkv[0]), ("the keys", qkv[1]), ("the values", qkv[2])],
            parameters: [],
            yours: { try yours.scaledDotProductAttention($0[0], $0[1], $0[2], validLen) },
            library: {
              scaledDotProductAttention(
                queries: $0[0], keys: $0[1], values: $0[2], validLen: validLen, causal: false
              ).output
            })
        }
      ),
      (
        pieces.causalMask,
        {
          for (querySteps, keySteps) in [(numSteps, numSteps), (1, numSteps)] {
            let expected = attentionMask(
              batch: 1, querySteps: querySteps, keySteps: keySteps, validLen: nil, causal: true)
            if let difference = differs(
              try yours.causalMask(querySteps, keySteps), expected.reshaped([querySteps, keySteps]))
            {
              return "\(querySteps) queries over \(keySteps) keys: \(difference)"
            }
          }
          return nil
        }
      ),
      (
        pieces.mergeHeads,
        {
          try compare(
            "the heads \(dims(heads))", inputs: [("the heads", heads)], parameters: [],
            yours: { try yours.mergeHeads($0[0]) },
            library: { MultiHeadAttention.merge($0[0]) })
        }
      ),
      (
        pieces.layerNorm,
        {
          let norm = block.addNorm1.norm
          return try compare(
            "the batch's embedded sources \(dims(x)) through the first block's norm",
            inputs: [("x", x)], parameters: norm.parameters,
            yours: { try yours.layerNorm($0[0], norm.gamma, norm.beta, norm.epsilon) },
            library: { norm.composite($0[0]) })
        }
      ),
      (
        pieces.addNorm,
        {
          let y = LearningPhase.inference { block.ffn(x) }
          let addNorm = block.addNorm2
          return try compare(
            "x \(dims(x)) and the first block's FFN of it",
            inputs: [("x", x), ("y", y)], parameters: addNorm.norm.parameters,
            yours: { try yours.addNorm($0[0], $0[1], addNorm.norm, addNorm.dropout) },
            library: { addNorm($0[0], $0[1]) })
        }
      ),
    ]
  }
}
