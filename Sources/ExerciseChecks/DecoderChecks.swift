import ContextVariable
import Decoder
import ExerciseSupport
import Exercises
import Layers
import TensorCore

/// The checks of concept 3, the decoder.
enum DecoderChecks {
  /// Exercise 3.1, put c beside every decoder input.
  static func concatenateContext(
    _ exercise: (Tensor, Tensor) throws -> Tensor = DecoderExercises.concatenateContext
  ) throws {
    try handPicked {
      let tiny = try exercise(
        Tensor(shape: [2, 1, 2], scalars: [1, 2, 3, 4]), Tensor(shape: [1, 1], scalars: [9]))
      try expectClose(
        .concatenateContext,
        "embeddings [[1, 2]] then [[3, 4]] (2 steps, 1 sentence) with c = [[9]]",
        got: tiny, expected: Tensor(shape: [2, 1, 3], scalars: [1, 2, 9, 3, 4, 9]))
      let embedded = sample([7, 4, 8], seed: 21)
      let context = sample([4, 16], seed: 22)
      let got = try exercise(embedded, context)
      try expectEqual(
        .concatenateContext, "shape for embeddings (7, 4, 8) and c (4, 16)", got: got.shape,
        expected: [7, 4, 24])
      for step in [0, 6] {
        try expectClose(
          .concatenateContext, "step \(step): the embeddings first",
          got: got.select(axis: 0, step).slice(
            axis: 1, 0..<8), expected: embedded.select(axis: 0, step))
        try expectClose(
          .concatenateContext, "step \(step): then c",
          got: got.select(axis: 0, step).slice(axis: 1, 8..<24),
          expected: context)
      }
    }
    let sizes = [
      SizeRange("steps", 1...5), SizeRange("batch", 1...4), SizeRange("embed", 1...5),
      SizeRange("context", 1...5),
    ]
    try randomCases(.concatenateContext, sizes: sizes) { sizes, generator in
      let (numSteps, batchSize) = (sizes["steps"], sizes["batch"])
      let embedded = generator.tensor([numSteps, batchSize, sizes["embed"]])
      let context = generator.tensor([batchSize, sizes["context"]])
      try expectSame(
        .concatenateContext, "embeddings \(describe(embedded)) with c \(describe(context))",
        of: [("the embeddings", embedded), ("c", context)], yours: { try exercise($0[0], $0[1]) },
        library: { Seq2SeqDecoder.concatenateContext($0[0], $0[1]) })
    }
  }

  /// Exercise 3.2, start the decoder from the encoder's state.
  static func initialState(
    _ exercise: (Tensor, Int, Int) throws -> Tensor = DecoderExercises.initialState
  ) throws {
    let state = sample([2, 4, 16], seed: 24)
    try handPicked {
      try expectClose(
        .initialState, "the state (2, 4, 16) for a decoder of 2 layers of 16",
        got: try exercise(state, 2, 16), expected: state)
      for (numLayers, numHiddens) in [(3, 16), (2, 12), (3, 12)] {
        let what =
          "the state (2, 4, 16) for a decoder of \(numLayers) layers of \(numHiddens): the error"
        do {
          _ = try exercise(state, numLayers, numHiddens)
          throw ExerciseFailure(
            .initialState,
            "\(what): expected ContextError.stateMismatch, got no error (the state was accepted)")
        } catch let error as ContextError {
          let expected = ContextError.stateMismatch(
            encoder: [2, 4, 16], decoder: [numLayers, 4, numHiddens])
          guard error == expected else {
            throw ExerciseFailure(
              .initialState, "\(what): expected \(shapes(expected)), got \(shapes(error))")
          }
        }
      }
    }
    let sizes = [
      SizeRange("layers", 1...4), SizeRange("batch", 1...4), SizeRange("hiddens", 1...5),
    ]
    try randomCases(.initialState, count: 10, sizes: sizes) { sizes, generator in
      let (numLayers, batchSize, numHiddens) = (sizes["layers"], sizes["batch"], sizes["hiddens"])
      // The decoder's layers and hiddens: the state's, or one of them (or both) one more.
      let (moreLayers, moreHiddens) = (
        Bool.random(using: &generator), Bool.random(using: &generator)
      )
      let (layers, hiddens) = (numLayers + (moreLayers ? 1 : 0), numHiddens + (moreHiddens ? 1 : 0))
      let state = generator.tensor([numLayers, batchSize, numHiddens])
      let what = "the state \(describe(state)) for a decoder of \(layers) layers of \(hiddens)"
      var expected: ContextError?
      do {
        try ContextMode.both.checkSizes(
          encoderStates: numLayers, encoderHiddens: numHiddens, decoderLayers: layers,
          decoderHiddens: hiddens, batchSize: batchSize)
      } catch let error as ContextError {
        expected = error
      }
      guard let expected else {
        return try expectSame(
          .initialState, what, of: [("the state", state)],
          yours: { try exercise($0[0], layers, hiddens) },
          library: { $0[0] })
      }
      do {
        _ = try exercise(state, layers, hiddens)
        throw ExerciseFailure(
          .initialState,
          "\(what): expected \(shapes(expected)), got no error (the state was accepted)")
      } catch let error as ContextError where error != expected {
        throw ExerciseFailure(
          .initialState, "\(what): expected \(shapes(expected)), got \(shapes(error))")
      } catch is ContextError {}
    }
  }

  /// `.stateMismatch(encoder: [2, 4, 16], decoder: [3, 4, 16])`: the case, without its long text.
  static func shapes(_ error: ContextError) -> String {
    switch error {
    case .stateMismatch(let encoder, let decoder):
      "ContextError.stateMismatch(encoder: \(encoder), decoder: \(decoder))"
    default: "\(error)"
    }
  }

  /// Exercise 3.3, one decoder step by hand.
  static func decoderStep(
    _ exercise: ([Int], Tensor, [RecurrentState], Embedding, [any RecurrentCell], Dense) throws
      -> (logits: Tensor, states: [RecurrentState]) = DecoderExercises.decoderStep
  ) throws {
    var generator = SeededGenerator(seed: 25)
    let embedding = Embedding(vocabSize: 10, embedSize: 8, generator: &generator)
    let dense = Dense(inputSize: 16, outputSize: 10, generator: &generator)
    // One GRU layer, then two (c of 12 and hiddens of 16: the second layer reads 16, the first
    // 8 + 12), then two LSTM layers whose state is (h, c): every size differs.
    let gru = GRUCell(inputSize: 20, numHiddens: 16, generator: &generator)
    let upperGRU = GRUCell(inputSize: 16, numHiddens: 16, generator: &generator)
    let lstms = [
      LSTMCell(inputSize: 20, numHiddens: 16, generator: &generator),
      LSTMCell(inputSize: 16, numHiddens: 16, generator: &generator),
    ]
    let cases: [(String, [Int], [any RecurrentCell], [RecurrentState])] = [
      ("one GRU layer", [2, 5, 9], [gru], [RecurrentState(hidden: sample([3, 16], seed: 27))]),
      (
        "two GRU layers", [2, 5, 9], [gru, upperGRU],
        [
          RecurrentState(hidden: sample([3, 16], seed: 27)),
          RecurrentState(hidden: sample([3, 16], seed: 31)),
        ]
      ),
      (
        "two LSTM layers, states (h, c)", [7, 1], lstms,
        (0..<2).map {
          RecurrentState(
            hidden: sample([2, 16], seed: 40 + UInt64($0)),
            cell: sample([2, 16], seed: 50 + UInt64($0)))
        }
      ),
    ]
    try handPicked {
      for (name, tokens, cells, states) in cases {
        let context = sample([tokens.count, 12], seed: 26)
        let (logits, next) = try exercise(tokens, context, states, embedding, cells, dense)
        var input = Tensor.concatenate(
          [embedding(tokens, shape: [tokens.count]), context], axis: 1)
        var expected: [RecurrentState] = []
        for (cell, state) in zip(cells, states) {
          expected.append(cell(input, state: state))
          input = expected[expected.count - 1].hidden
        }
        let what = "\(name), tokens \(tokens) with c (\(tokens.count), 12)"
        try expectEqual(
          .decoderStep, "\(what): the number of new states", got: next.count, expected: cells.count)
        for (layer, (got, want)) in zip(next, expected).enumerated() {
          try expectClose(
            .decoderStep, "\(what): layer \(layer + 1)'s new hidden state", got: got.hidden,
            expected: want.hidden)
          if let cell = want.cell {
            try expectClose(
              .decoderStep,
              "\(what): layer \(layer + 1)'s new memory cell (return the whole state)",
              got: got.cell ?? Tensor.zeros(cell.shape), expected: cell)
          }
        }
        try expectClose(
          .decoderStep, "\(what): the logits (from the top layer's new state, before any softmax)",
          got: logits, expected: dense(input))
      }
    }
    try randomDecoderStep(exercise)
  }

  /// The random part of 3.3: a library decoder of random sizes and cell, whose c joins every
  /// input, stepped once from random states; the logits in value and gradients (c and every
  /// layer's h), then every layer's new state.
  static func randomDecoderStep(
    _ exercise: ([Int], Tensor, [RecurrentState], Embedding, [any RecurrentCell], Dense) throws
      -> (logits: Tensor, states: [RecurrentState])
  ) throws {
    let sizes = [
      SizeRange("layers", 1...3), SizeRange("batch", 1...4), SizeRange("vocab", 2...7),
      SizeRange("embed", 1...5), SizeRange("context", 1...5), SizeRange("hiddens", 1...5),
    ]
    try randomCases(.decoderStep, count: 6, sizes: sizes) { sizes, generator in
      let kind = CellKind.allCases.randomElement(using: &generator)!
      let (numLayers, batchSize, numHiddens) = (sizes["layers"], sizes["batch"], sizes["hiddens"])
      let decoder = Seq2SeqDecoder(
        vocabSize: sizes["vocab"], embedSize: sizes["embed"], numHiddens: numHiddens,
        numLayers: numLayers, cell: kind, contextSize: sizes["context"], contextMode: .everyInput,
        generator: &generator)
      let tokens = generator.tokens(batchSize, vocabSize: sizes["vocab"])
      let context = generator.tensor([batchSize, sizes["context"]])
      let hidden = (0..<numLayers).map { _ in generator.tensor([batchSize, numHiddens]) }
      let cells = (0..<numLayers).map { _ in generator.tensor([batchSize, numHiddens]) }
      let states = { (values: [Tensor]) in
        (0..<numLayers).map {
          RecurrentState(hidden: values[$0 + 1], cell: kind == .lstm ? cells[$0] : nil)
        }
      }
      let library = { (values: [Tensor]) in
        decoder(
          tokens, shape: [batchSize, 1],
          state: Seq2SeqDecoder.State(recurrent: .stack(states(values)), context: values[0]))
      }
      func yours(_ values: [Tensor]) throws -> (logits: Tensor, states: [RecurrentState]) {
        try exercise(
          tokens, values[0], states(values), decoder.embedding, decoder.rnn.cells, decoder.dense)
      }
      let what =
        "\(numLayers) \(kind.rawValue) layer\(numLayers == 1 ? "" : "s") of \(numHiddens), tokens \(tokens) "
        + "with c \(describe(context))"
      try expectSame(
        .decoderStep, "\(what): the logits (from the top layer's new state, before any softmax)",
        of: [("c", context)]
          + hidden.enumerated().map { ("layer \($0.offset + 1)'s h", $0.element) },
        yours: { try yours($0).logits },
        library: { library($0).logits.reshaped([batchSize, sizes["vocab"]]) })
      let values = [context] + hidden
      let (got, expected) = (try yours(values).states, library(values).state.recurrent)
      try expectEqual(
        .decoderStep, "\(what): the number of new states", got: got.count, expected: numLayers)
      for (layer, state) in got.enumerated() {
        let want = expected.select(layer)
        try expectClose(
          .decoderStep, "\(what): layer \(layer + 1)'s new hidden state", got: state.hidden,
          expected: want.hidden)
        if let cell = want.cell {
          try expectClose(
            .decoderStep, "\(what): layer \(layer + 1)'s new memory cell (return the whole state)",
            got: state.cell ?? Tensor.zeros(cell.shape), expected: cell)
        }
      }
    }
  }

}
