/// A whole LSTM layer over time as one op: the engine behind `LSTMCell`. It runs the LSTM's
/// equations step after step (PyTorch's gate layout: input, forget, candidate, output) and
/// backpropagates through time in one loop; tests prove it equals the composite of primitive ops,
/// values and gradients.
///
/// ```
/// g = x W_ih + b_ih (given) + h W_hh + b_hh
/// i = sigma(g_i),  f = sigma(g_f),  c~ = tanh(g_c),  o = sigma(g_o)
/// c' = f * c + i * c~,  h' = o * tanh(c')
/// ```
extension Tensor {
  /// Every hidden state and memory cell of an LSTM layer side by side, (numSteps, batchSize,
  /// 2 numHiddens): h_t in the first numHiddens columns, c_t in the last, in time order.
  ///
  /// - Parameters:
  ///   - projectedInputs: x_t W_ih + b_ih for all steps, (numSteps * batchSize, 4 numHiddens),
  ///     time-major.
  ///   - hiddenWeight: W_hh, (numHiddens, 4 numHiddens).
  ///   - hiddenBias: b_hh, (4 numHiddens,).
  ///   - initialHidden: h_0, (batchSize, numHiddens).
  ///   - initialCell: c_0, (batchSize, numHiddens).
  ///   - reversed: read the steps from last to first; the states are still in time order.
  ///   - validLen: if given, row b runs only the steps t < validLen[b]; at the others h and c
  ///     pass through unchanged (a reversed run starts each row at its last valid token).
  ///
  /// Backward, from the last step processed to the first, with dh and dc the gradients of h_t
  /// and c_t (their own plus what flows back from step t+1):
  /// dc += dh o (1 - tanh(c)^2); do = dh tanh(c) o(1 - o); di = dc c~ i(1 - i);
  /// dc~ = dc i (1 - c~^2); df = dc c_{t-1} f(1 - f); then dc_{t-1} = dc f and
  /// dh_{t-1} = dg W_hh^T. For all steps at once: dW_hh = H_prev^T dG, db_hh = column sums of dG.
  public static func lstmSequence(
    projectedInputs: Tensor, hiddenWeight: Tensor, hiddenBias: Tensor, initialHidden: Tensor,
    initialCell: Tensor, reversed: Bool = false, validLen: [Int]? = nil
  ) -> Tensor {
    let (batchSize, numHiddens) = (initialHidden.shape[0], initialHidden.shape[1])
    let width = 4 * numHiddens
    require(
      validLen == nil || validLen!.count == batchSize,
      "lstmSequence: expected \(batchSize) valid lengths, got \(validLen?.count ?? 0)")
    /// Whether row b skips step t.
    func skips(_ b: Int, _ t: Int) -> Bool { validLen.map { t >= $0[b] } ?? false }
    let rows = projectedInputs.shape[0]
    require(
      initialHidden.rank == 2 && initialCell.shape == initialHidden.shape
        && projectedInputs.rank == 2 && projectedInputs.shape[1] == width
        && rows % Swift.max(batchSize, 1) == 0 && hiddenWeight.shape == [numHiddens, width]
        && hiddenBias.shape == [width],
      "lstmSequence: expected inputs (numSteps * batchSize, 4 numHiddens), W_hh (numHiddens, "
        + "4 numHiddens), b_hh (4 numHiddens,), h_0 and c_0 (batchSize, numHiddens); got "
        + "\(Shape.describe(projectedInputs.shape)), \(Shape.describe(hiddenWeight.shape)), "
        + "\(Shape.describe(hiddenBias.shape)), \(Shape.describe(initialHidden.shape)), "
        + "\(Shape.describe(initialCell.shape))")
    let numSteps = rows / Swift.max(batchSize, 1)
    let block = batchSize * numHiddens
    let order = reversed ? Array((0..<numSteps).reversed()) : Array(0..<numSteps)
    let outputs = Tensor(uninitializedShape: [numSteps, batchSize, 2 * numHiddens])
    // Kept for the backward pass, in processing order: h_{t-1}, c_{t-1}, the gates i, f, c~, o
    // and tanh(c_t).
    let previousHidden = Storage(count: numSteps * block)
    let previousCell = Storage(count: numSteps * block)
    let gates = Storage(count: numSteps * batchSize * width)
    let cellTanh = Storage(count: numSteps * block)
    let hidden = Storage(count: block)
    let cell = Storage(count: block)
    hidden.pointer.update(from: initialHidden.storage.pointer, count: block)
    cell.pointer.update(from: initialCell.storage.pointer, count: block)
    for (position, t) in order.enumerated() {
      (previousHidden.pointer + position * block).update(from: hidden.pointer, count: block)
      (previousCell.pointer + position * block).update(from: cell.pointer, count: block)
      // g = x W_ih + b_ih + h_{t-1} W_hh + b_hh, into this step's gate rows
      let g = gates.pointer + position * batchSize * width
      for b in 0..<batchSize {
        let x = projectedInputs.storage.pointer + (t * batchSize + b) * width
        Loops.zip(width, x, hiddenBias.storage.pointer, into: g + b * width) { $0 + $1 }
      }
      BLAS.gemm(
        transposeA: false, transposeB: false, m: batchSize, n: width, k: numHiddens,
        hidden.pointer, hiddenWeight.storage.pointer, beta: 1, g)
      for b in 0..<batchSize {
        let row = g + b * width
        let (h, c) = (hidden.pointer + b * numHiddens, cell.pointer + b * numHiddens)
        let tanhC = cellTanh.pointer + position * block + b * numHiddens
        let out = outputs.storage.pointer + (t * batchSize + b) * 2 * numHiddens
        for j in stride(from: 0, to: numHiddens, by: Vector.scalarCount) {
          @inline(__always) func load(_ p: UnsafePointer<Float>) -> Vector {
            Loops.load(p, j, numHiddens)
          }
          let i = VectorMath.sigmoid(load(row))
          let f = VectorMath.sigmoid(load(row + numHiddens))
          let candidate = VectorMath.tanh(load(row + 2 * numHiddens))
          let o = VectorMath.sigmoid(load(row + 3 * numHiddens))
          let newCell = f * load(c) + i * candidate
          let squashed = VectorMath.tanh(newCell)
          let newHidden = o * squashed
          Loops.store(i, row, j, numHiddens)
          Loops.store(f, row + numHiddens, j, numHiddens)
          Loops.store(candidate, row + 2 * numHiddens, j, numHiddens)
          Loops.store(o, row + 3 * numHiddens, j, numHiddens)
          Loops.store(squashed, tanhC, j, numHiddens)
          Loops.store(newCell, c, j, numHiddens)
          Loops.store(newHidden, h, j, numHiddens)
          Loops.store(newHidden, out, j, numHiddens)
          Loops.store(newCell, out + numHiddens, j, numHiddens)
        }
        if skips(b, t) {
          // h and c pass through; i = 0, f = 1, c~ = 0, o = 0, tanh(c) = 0 make the backward
          // pass hand dc straight on (dh is handed on below).
          let (hOld, cOld) = (
            previousHidden.pointer + position * block + b * numHiddens,
            previousCell.pointer + position * block + b * numHiddens
          )
          h.update(from: hOld, count: numHiddens)
          c.update(from: cOld, count: numHiddens)
          out.update(from: hOld, count: numHiddens)
          (out + numHiddens).update(from: cOld, count: numHiddens)
          row.update(repeating: 0, count: width)
          (row + numHiddens).update(repeating: 1, count: numHiddens)
          tanhC.update(repeating: 0, count: numHiddens)
        }
      }
    }
    let inputs = [projectedInputs, hiddenWeight, hiddenBias, initialHidden, initialCell]
    return outputs.recordBackward(from: inputs) { grad in
      let dGates = Storage(count: numSteps * batchSize * width)  // d(pre-activations), both sides
      let dh = Storage(count: block, repeating: 0)  // dL/dh_t flowing back from later steps
      let dc = Storage(count: block, repeating: 0)  // dL/dc_t flowing back from later steps
      for (position, t) in order.enumerated().reversed() {
        let dG = dGates.pointer + position * batchSize * width
        for b in 0..<batchSize {
          let gate = gates.pointer + (position * batchSize + b) * width
          let dRow = dG + b * width
          let tanhC = cellTanh.pointer + position * block + b * numHiddens
          let cOld = previousCell.pointer + position * block + b * numHiddens
          let dy = grad.storage.pointer + (t * batchSize + b) * 2 * numHiddens
          let (dhRow, dcRow) = (dh.pointer + b * numHiddens, dc.pointer + b * numHiddens)
          let skipped = skips(b, t)
          for j in stride(from: 0, to: numHiddens, by: Vector.scalarCount) {
            @inline(__always) func load(_ p: UnsafePointer<Float>) -> Vector {
              Loops.load(p, j, numHiddens)
            }
            let (i, f) = (load(gate), load(gate + numHiddens))
            let (candidate, o) = (load(gate + 2 * numHiddens), load(gate + 3 * numHiddens))
            let squashed = load(tanhC)
            let dH = load(dy) + load(dhRow)
            let dC = load(dy + numHiddens) + load(dcRow) + dH * o * (1 - squashed * squashed)
            Loops.store(dC * candidate * i * (1 - i), dRow, j, numHiddens)
            Loops.store(dC * load(cOld) * f * (1 - f), dRow + numHiddens, j, numHiddens)
            Loops.store(dC * i * (1 - candidate * candidate), dRow + 2 * numHiddens, j, numHiddens)
            Loops.store(dH * squashed * o * (1 - o), dRow + 3 * numHiddens, j, numHiddens)
            Loops.store(dC * f, dcRow, j, numHiddens)  // the direct path c_{t-1} -> c_t
            // dh_{t-1} is dg_t W_hh^T (added below), plus dh itself for a skipped step
            Loops.store(skipped ? dH : Vector(repeating: 0), dhRow, j, numHiddens)
          }
        }
        BLAS.gemm(
          transposeA: false, transposeB: true, m: batchSize, n: numHiddens, k: width, dG,
          hiddenWeight.storage.pointer, beta: 1, dh.pointer)
      }
      projectedInputs.accumulateGrad(inProcessingOrder: dGates, order: order, rowWidth: width)
      accumulateHiddenGrads(
        hiddenWeight: hiddenWeight, hiddenBias: hiddenBias, previous: previousHidden,
        dProjectedHidden: dGates, rows: numSteps * batchSize)
      initialHidden.contributeGrad { $0.update(from: dh.pointer, count: block) }
      initialCell.contributeGrad { $0.update(from: dc.pointer, count: block) }
    }
  }
}
