/// A whole vanilla RNN layer over time as one op: the engine behind `RNNCell`, with
/// backpropagation through time in one loop; tests prove it equals the composite of primitive
/// ops, values and gradients.
///
/// ```
/// h' = tanh(x W_ih + b_ih (given) + h W_hh + b_hh)
/// ```
extension Tensor {
  /// Every hidden state of a vanilla RNN layer, (numSteps, batchSize, numHiddens), in time order.
  ///
  /// - Parameters:
  ///   - projectedInputs: x_t W_ih + b_ih for all steps, (numSteps * batchSize, numHiddens),
  ///     time-major.
  ///   - hiddenWeight: W_hh, (numHiddens, numHiddens).
  ///   - hiddenBias: b_hh, (numHiddens,).
  ///   - initial: h_0, (batchSize, numHiddens).
  ///   - reversed: read the steps from last to first; the states are still in time order.
  ///   - validLen: if given, row b runs only the steps t < validLen[b]; at the others its state
  ///     passes through unchanged (a reversed run starts each row at its last valid token).
  ///
  /// Backward, from the last step processed to the first: da = (dy_t + dh) (1 - h_t^2), then
  /// dh_{t-1} = da W_hh^T (for a skipped step da = 0 and dh_{t-1} = dy_t + dh); for all steps at
  /// once dW_hh = H_prev^T dA, db_hh = column sums of dA.
  public static func rnnSequence(
    projectedInputs: Tensor, hiddenWeight: Tensor, hiddenBias: Tensor, initial: Tensor,
    reversed: Bool = false, validLen: [Int]? = nil
  ) -> Tensor {
    let (batchSize, numHiddens) = (initial.shape[0], initial.shape[1])
    let rows = projectedInputs.shape[0]
    require(
      validLen == nil || validLen!.count == batchSize,
      "rnnSequence: expected \(batchSize) valid lengths, got \(validLen?.count ?? 0)")
    require(
      initial.rank == 2 && projectedInputs.rank == 2 && projectedInputs.shape[1] == numHiddens
        && rows % Swift.max(batchSize, 1) == 0 && hiddenWeight.shape == [numHiddens, numHiddens]
        && hiddenBias.shape == [numHiddens],
      "rnnSequence: expected inputs (numSteps * batchSize, numHiddens), W_hh (numHiddens, "
        + "numHiddens), b_hh (numHiddens,), h_0 (batchSize, numHiddens); got "
        + "\(Shape.describe(projectedInputs.shape)), \(Shape.describe(hiddenWeight.shape)), "
        + "\(Shape.describe(hiddenBias.shape)), \(Shape.describe(initial.shape))")
    let numSteps = rows / Swift.max(batchSize, 1)
    let block = batchSize * numHiddens
    let order = reversed ? Array((0..<numSteps).reversed()) : Array(0..<numSteps)
    let outputs = Tensor(uninitializedShape: [numSteps, batchSize, numHiddens])
    let previous = Storage(count: numSteps * block)  // h_{t-1}, in processing order
    var hPrev = UnsafePointer(initial.storage.pointer)
    for (position, t) in order.enumerated() {
      (previous.pointer + position * block).update(from: hPrev, count: block)
      let hNew = outputs.storage.pointer + t * block
      for b in 0..<batchSize {
        let x = projectedInputs.storage.pointer + (t * batchSize + b) * numHiddens
        Loops.zip(numHiddens, x, hiddenBias.storage.pointer, into: hNew + b * numHiddens) {
          $0 + $1
        }
      }
      BLAS.gemm(
        transposeA: false, transposeB: false, m: batchSize, n: numHiddens, k: numHiddens, hPrev,
        hiddenWeight.storage.pointer, beta: 1, hNew)
      Loops.map(block, hNew, into: hNew) { VectorMath.tanh($0) }
      for b in 0..<batchSize where validLen.map({ t >= $0[b] }) ?? false {
        (hNew + b * numHiddens).update(from: hPrev + b * numHiddens, count: numHiddens)
      }
      hPrev = UnsafePointer(hNew)
    }
    let inputs = [projectedInputs, hiddenWeight, hiddenBias, initial]
    return outputs.recordBackward(from: inputs) { grad in
      let dA = Storage(count: numSteps * block)  // d(pre-activations), in processing order
      let dh = Storage(count: block, repeating: 0)  // dL/dh_t flowing back from later steps
      for (position, t) in order.enumerated().reversed() {
        let h = outputs.storage.pointer + t * block
        let da = dA.pointer + position * block
        let dy = grad.storage.pointer + t * block
        Loops.zip3(block, dy, dh.pointer, h, into: da) { ($0 + $1) * (1 - $2 * $2) }
        // dh_{t-1}: through W_hh for the rows that ran this step, straight on for the others.
        for b in 0..<batchSize {
          let (row, dhRow) = (b * numHiddens, dh.pointer + b * numHiddens)
          if validLen.map({ t >= $0[b] }) ?? false {
            (da + row).update(repeating: 0, count: numHiddens)
            Loops.zip(numHiddens, dy + row, dhRow, into: dhRow) { $0 + $1 }
          } else {
            dhRow.update(repeating: 0, count: numHiddens)
          }
        }
        BLAS.gemm(
          transposeA: false, transposeB: true, m: batchSize, n: numHiddens, k: numHiddens, da,
          hiddenWeight.storage.pointer, beta: 1, dh.pointer)
      }
      projectedInputs.accumulateGrad(inProcessingOrder: dA, order: order, rowWidth: numHiddens)
      accumulateHiddenGrads(
        hiddenWeight: hiddenWeight, hiddenBias: hiddenBias, previous: previous,
        dProjectedHidden: dA, rows: numSteps * batchSize)
      initial.contributeGrad { $0.update(from: dh.pointer, count: block) }
    }
  }
}
