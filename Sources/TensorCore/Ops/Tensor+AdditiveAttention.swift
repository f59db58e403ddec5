/// One decoder step of additive (Bahdanau) attention as one op: the engine behind
/// `AdditiveAttention`, whose composite of primitive ops (`+`, `tanh`, `matmul`, `masked`,
/// `softmax`, a weighted `sum`) is the lesson; tests prove the two agree, values and gradients.
///
/// ```
/// f_t     = tanh(q + k_t)                      q = W_q s (given), k_t = W_k h_t (given)
/// a_t     = w_v . f_t
/// alpha_t = exp(a_t) / sum_{k < valid} exp(a_k) for t < valid, else 0
/// c       = sum_t alpha_t v_t
/// ```
extension Tensor {
  /// The context c (batchSize, valueSize), differentiable, and the weights alpha (batchSize,
  /// numSteps), for reading only (no gradient flows back through them).
  ///
  /// - Parameters:
  ///   - query: W_q s, (batchSize, numHiddens).
  ///   - keys: W_k h_t, (batchSize, numSteps, numHiddens).
  ///   - scoreWeight: w_v, (numHiddens, 1).
  ///   - values: h_t, (batchSize, numSteps, valueSize).
  ///   - validLen: each row's valid steps (at least the first one counts).
  ///
  /// Backward, row by row: dalpha_t = dc . v_t, dv_t = alpha_t dc,
  /// da_t = alpha_t (dalpha_t - sum_k alpha_k dalpha_k), df_t = da_t w_v (1 - f_t^2), then
  /// dq = sum_t df_t, dk_t = df_t and dw_v = sum over rows and steps of da_t f_t.
  public static func additiveAttention(
    query: Tensor, keys: Tensor, scoreWeight: Tensor, values: Tensor, validLen: [Int]
  ) -> (context: Tensor, weights: Tensor) {
    let (batchSize, numSteps, numHiddens) = (keys.shape[0], keys.shape[1], keys.shape[2])
    let valueSize = values.shape[2]
    require(
      query.shape == [batchSize, numHiddens] && scoreWeight.shape == [numHiddens, 1]
        && values.rank == 3 && values.shape[0...1] == [batchSize, numSteps]
        && validLen.count == batchSize,
      "additiveAttention: expected q (batchSize, numHiddens), k (batchSize, numSteps, numHiddens), "
        + "w_v (numHiddens, 1), v (batchSize, numSteps, valueSize), batchSize valid lengths; got "
        + "\(Shape.describe(query.shape)), \(Shape.describe(keys.shape)), "
        + "\(Shape.describe(scoreWeight.shape)), \(Shape.describe(values.shape)), "
        + "\(validLen.count)")
    let features = Storage(count: batchSize * numSteps * numHiddens)  // f, kept for backward
    let weights = Tensor(repeating: 0, shape: [batchSize, numSteps])
    let context = Tensor(repeating: 0, shape: [batchSize, valueSize])
    let (q, k, wv, v) = (
      query.storage.pointer, keys.storage.pointer, scoreWeight.storage.pointer,
      values.storage.pointer
    )
    let (alpha, c, f) = (weights.storage.pointer, context.storage.pointer, features.pointer)
    let valid = validLen.keepingFirstStep.map { Swift.min($0, numSteps) }
    for b in 0..<batchSize {
      let row = alpha + b * numSteps
      for t in 0..<valid[b] {
        let offset = (b * numSteps + t) * numHiddens
        Loops.zip(numHiddens, q + b * numHiddens, k + offset, into: f + offset) {
          VectorMath.tanh($0 + $1)
        }
        row[t] = Loops.dot(numHiddens, f + offset, wv)
      }
      let largest = Vector(repeating: Loops.max(valid[b], row))
      Loops.map(valid[b], row, into: row) { VectorMath.exp($0 - largest) }
      let total = Vector(repeating: Loops.sum(valid[b], row))
      Loops.map(valid[b], row, into: row) { $0 / total }
      for t in 0..<valid[b] {
        let weight = Vector(repeating: row[t])
        Loops.zip(
          valueSize, c + b * valueSize, v + (b * numSteps + t) * valueSize, into: c + b * valueSize
        ) {
          $0 + weight * $1
        }
      }
    }
    let readOnly = weights.detached()
    let out = context.recordBackward(from: [query, keys, scoreWeight, values]) { grad in
      // The closure owns f and alpha: their buffers live as long as the graph does.
      let (f, alpha) = (features.pointer, readOnly.storage.pointer)
      let dc = grad.storage.pointer
      let dq = Storage(count: batchSize * numHiddens, repeating: 0)
      let dk = Storage(count: batchSize * numSteps * numHiddens, repeating: 0)
      let dwv = Storage(count: numHiddens, repeating: 0)
      let dv = Storage(count: batchSize * numSteps * valueSize, repeating: 0)
      let da = Storage(count: numSteps)
      for b in 0..<batchSize {
        let (row, dcRow) = (alpha + b * numSteps, dc + b * valueSize)
        for t in 0..<valid[b] {
          let offset = (b * numSteps + t) * valueSize
          da.pointer[t] = Loops.dot(valueSize, dcRow, v + offset)  // dalpha_t
          let weight = Vector(repeating: row[t])
          Loops.map(valueSize, dcRow, into: dv.pointer + offset) { weight * $0 }
        }
        let mean = Loops.dot(valid[b], da.pointer, row)
        for t in 0..<valid[b] {
          let scoreGrad = row[t] * (da.pointer[t] - mean)
          let offset = (b * numSteps + t) * numHiddens
          let s = Vector(repeating: scoreGrad)
          let dfRow = dk.pointer + offset
          Loops.zip(numHiddens, f + offset, wv, into: dfRow) { s * $1 * (1 - $0 * $0) }
          Loops.zip(
            numHiddens, dq.pointer + b * numHiddens, dfRow, into: dq.pointer + b * numHiddens
          ) {
            $0 + $1
          }
          Loops.zip(numHiddens, dwv.pointer, f + offset, into: dwv.pointer) { $0 + s * $1 }
        }
      }
      // The buffers become the gradients (or are added to them): no copy.
      for (input, gradient) in [(query, dq), (keys, dk), (scoreWeight, dwv), (values, dv)] {
        input.accumulateGrad(adopting: Tensor(shape: input.shape, storage: gradient))
      }
    }
    return (out, readOnly)
  }
}
