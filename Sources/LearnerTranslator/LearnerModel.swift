import Attention
import ContextVariable
import EncoderDecoder
import Exercises
import Layers
import MaskedLoss
import TeacherForcing
import TensorCore

/// D2L's encoder-decoder computed by your exercises: the weights are those of a library
/// `EncoderDecoder` built from the same seed (so both models start equal); every step of the
/// computation is a piece, yours where you solved it. Reads top to bottom like the chapter.
public final class LearnerModel: Seq2SeqModel {
  /// The library model whose layers hold the weights.
  public let base: EncoderDecoder
  /// Whose code runs where.
  public let pieces: Pieces
  let encoderCells: [LearnerCell]
  let decoderCells: [LearnerCell]

  /// The additive attention whose weights your 8.2 scores with, when the model attends.
  let attention: AdditiveAttention?

  /// Your model over the weights of `base`: a one-way encoder whose c starts the decoder and
  /// joins every decoder input (D2L's), or, with additive attention, whose c_t' does.
  public init(_ base: EncoderDecoder, pieces: Pieces) throws {
    let c = base.configuration
    guard !c.bidirectional, c.contextMode == .both, c.attention != .dot, !c.outputContext else {
      throw LearnerError(
        "your translator is D2L's model: one-way, c to the first state and every input")
    }
    attention = base.decoder.attention?.score as? AdditiveAttention
    self.base = base
    self.pieces = pieces
    encoderCells = base.encoder.rnn.cells.map { LearnerCell($0, kind: c.cell, pieces: pieces) }
    decoderCells = base.decoder.rnn.cells.map { LearnerCell($0, kind: c.cell, pieces: pieces) }
  }

  /// The functions you wrote.
  var yours: Yours { pieces.yours }

  /// The trainable tensors: the base model's.
  public var parameters: [Tensor] { base.parameters }

  // MARK: The encoder (concept 1) and c (concept 2)

  /// h_t = f(x_t, h_{t-1}) through every layer of the encoder: the top layer's outputs
  /// (numSteps, batchSize, numHiddens) and every layer's final state.
  func encode(_ source: [Int], shape: [Int]) throws -> (outputs: Tensor, finals: [RecurrentState]) {
    let ids = try timeMajor(source, shape: shape)
    let x = base.encoder.embedding(ids, shape: [shape[1], shape[0]])  // (numSteps, batch, embed)
    let zeros = encoderCells.map { $0.zeroState(batchSize: shape[0]) }
    return try layers(encoderCells, x, from: zeros, dropout: base.encoder.rnn.dropout)
  }

  /// The decoder's start: c = q(h_1, ..., h_T) and its first states, copied from the encoder's
  /// (your 3.2 checks that they fit).
  func start(_ encoded: (outputs: Tensor, finals: [RecurrentState]), validLen: [Int]) throws
    -> (context: Tensor, states: [RecurrentState])
  {
    let state = RecurrentState.stack(encoded.finals)
    let context = try pieces.context.run(
      on:
        "outputs \(dims(encoded.outputs)), state \(dims(state.hidden)), validLen \(validLen.count)",
      {
        switch pieces.context.id {
        case "2.2": try yours.meanOverTime(encoded.outputs, validLen)
        case "2.3": try yours.maxOverTime(encoded.outputs, validLen)
        default: try yours.lastState(state.hidden)
        }
      },
      library: {
        base.configuration.context(outputs: encoded.outputs, state: state, validLen: validLen)
      })
    let numLayers = decoderCells.count
    let first = try pieces.initialState.run(
      on: "the encoder's state \(dims(state.hidden)), \(numLayers) layers",
      {
        try yours.initialState(
          state.hidden, numLayers, base.configuration.resolvedDecoderNumHiddens)
      }, library: { state.hidden })
    return (context, (0..<numLayers).map { RecurrentState(hidden: first.select(axis: 0, $0)) })
  }

  // MARK: The decoder (concept 3), trained with teacher forcing (concept 5)

  /// D2L's forward pass: logits (batchSize, numSteps, vocabSize) of `decoderInput` given the
  /// sources, every decoder step at once.
  public func callAsFunction(
    source: [Int], sourceValidLen: [Int], decoderInput: [Int], shape: [Int]
  ) throws -> Tensor {
    let encoded = try encode(source, shape: shape)
    let (context, states) = try start(encoded, validLen: sourceValidLen)
    let ids = try timeMajor(decoderInput, shape: shape)
    let embedded = base.decoder.embedding(ids, shape: [shape[1], shape[0]])
    if attention != nil {
      return try attending(embedded, states, values: encoded.outputs, validLen: sourceValidLen)
    }
    let input = try pieces.concatenateContext.run(
      on: "embedded \(dims(embedded)), c \(dims(context))",
      { try yours.concatenateContext(embedded, context) },
      library: {
        Tensor.concatenate(
          [embedded, context.expanded(to: [shape[1], shape[0], context.shape[1]])], axis: 2)
      })
    let (outputs, _) = try layers(
      decoderCells, input, from: states, dropout: base.decoder.rnn.dropout)
    return base.decoder.dense(outputs.permuted([1, 0, 2]))  // batch-major, then the output layer
  }

  // MARK: Attention (concept 8)

  /// The decoder with attention over every step of `embedded` (numSteps, batchSize, embedSize),
  /// one step at a time: c_t' from the top layer's last state, [embed(y); c_t'] through every
  /// layer (dropout between layers while training, as `RecurrentLayer` does), the logits of the
  /// top layer's states, batch-major.
  func attending(
    _ embedded: Tensor, _ first: [RecurrentState], values: Tensor, validLen: [Int]
  ) throws -> Tensor {
    var (states, outputs) = (first, [Tensor]())
    for t in 0..<embedded.shape[0] {
      let context = try attend(states[states.count - 1].hidden, values: values, validLen: validLen)
      var input = Tensor.concatenate([embedded.select(axis: 0, t), context], axis: 1)
      for (index, cell) in decoderCells.enumerated() {
        states[index] = cell(input, state: states[index])
        input = states[index].hidden
        if index < decoderCells.count - 1 { input = base.decoder.rnn.dropout(input) }
      }
      outputs.append(states[states.count - 1].hidden)
    }
    return base.decoder.dense(Tensor.stack(outputs, axis: 1))
  }

  /// c_t' = sum_t alpha_{t',t} h_t for the query s (batchSize, numHiddens) over the encoder's
  /// outputs (numSteps, batchSize, numHiddens): your 8.2 scores, your 8.1 weights, your 8.3 sum.
  func attend(_ query: Tensor, values outputs: Tensor, validLen: [Int]) throws -> Tensor {
    let score = attention!
    let values = outputs.permuted([1, 0, 2])  // (batchSize, numSteps, numHiddens)
    let scores = try pieces.additiveScores.run(
      on: "the query \(dims(query)), the encoder's states \(dims(values))",
      {
        try yours.additiveScores(
          query, values, score.queryWeight, score.keyWeight, score.scoreWeight)
      }, library: { score.scores(query: query, keys: score.keys(values)) })
    let weights = try pieces.maskedSoftmax.run(
      on: "scores \(dims(scores)), validLen \(validLen.count)",
      { try yours.maskedSoftmax(scores, validLen) },
      library: { maskedSoftmax(scores, validLen: validLen) })
    return try pieces.weightedContext.run(
      on: "weights \(dims(weights)), states \(dims(values))",
      { try yours.weightedContext(weights, values) },
      library: { weightedContext(weights, values) })
  }

  /// One decoder step while translating: the logits of the next token (batchSize, vocabSize)
  /// and every layer's new state. With attention, `context` is recomputed from `values` (the
  /// encoder's outputs) before the step.
  func decodeStep(
    _ tokens: [Int], context: Tensor, states: [RecurrentState],
    values: (outputs: Tensor, validLen: [Int])? = nil
  ) throws -> (logits: Tensor, states: [RecurrentState]) {
    let (embedding, dense) = (base.decoder.embedding, base.decoder.dense)
    let context =
      try values.map {
        try attend(states[states.count - 1].hidden, values: $0.outputs, validLen: $0.validLen)
      } ?? context
    return try pieces.decoderStep.run(
      on: "\(tokens.count) tokens, c \(dims(context)), \(states.count) layers",
      {
        try yours.decoderStep(tokens, context, states, embedding, decoderCells, dense)
      },
      library: {
        var input = Tensor.concatenate(
          [embedding(tokens, shape: [tokens.count]), context], axis: 1)
        var next: [RecurrentState] = []
        for (cell, state) in zip(decoderCells, states) {
          next.append(cell(input, state: state))
          input = next[next.count - 1].hidden
        }
        return (dense(input), next)
      })
  }

  // MARK: What the encoder and the decoder share

  /// Ids (batchSize, numSteps) row-major, time first: (numSteps, batchSize).
  func timeMajor(_ ids: [Int], shape: [Int]) throws -> [Int] {
    try pieces.timeMajor.run(
      on: "ids (\(shape[0]), \(shape[1]))",
      { try yours.timeMajor(ids, shape[0], shape[1]) },
      library: { (0..<shape[1]).flatMap { t in (0..<shape[0]).map { ids[$0 * shape[1] + t] } } })
  }

  /// Stacked layers over `x` (numSteps, batchSize, width), each run over time by your 1.4 from
  /// its initial state, dropout between layers while training (as `RecurrentLayer` does).
  func layers(
    _ cells: [LearnerCell], _ x: Tensor, from initial: [RecurrentState], dropout: Dropout
  ) throws -> (outputs: Tensor, finals: [RecurrentState]) {
    var (input, finals) = (x, [RecurrentState]())
    for (index, (cell, state)) in zip(cells, initial).enumerated() {
      let (outputs, final) = try pieces.runCell.run(
        on: "inputs \(dims(input)), state \(dims(state.hidden))",
        { try yours.runCell(cell, input, state) },
        library: {
          var (state, outputs) = (state, [Tensor]())
          for t in 0..<input.shape[0] {
            state = cell(input.select(axis: 0, t), state: state)
            outputs.append(state.hidden)
          }
          return (Tensor.stack(outputs), state)
        })
      finals.append(final)
      input = index < cells.count - 1 ? dropout(outputs) : outputs
    }
    return (input, finals)
  }
}

/// Something your translator cannot do, in one line.
public struct LearnerError: Error, CustomStringConvertible {
  /// What.
  public let description: String
  init(_ description: String) { self.description = description }
}
