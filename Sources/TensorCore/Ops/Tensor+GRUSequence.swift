/// A whole GRU layer over time as one op: the engine behind `RecurrentLayer` and `GRUCell` for
/// GRUs. It runs the GRU's equations step after step (in PyTorch's gate layout: reset, update,
/// candidate) and backpropagates through time in one loop, so a layer is one graph node instead of
/// several per step; tests prove it equals the composite of primitive ops, values and gradients.
///
/// ```
/// gx = x W_ih + b_ih (given),  gh = h W_hh + b_hh
/// r  = sigma(gx_r + gh_r),  z = sigma(gx_z + gh_z),  n = tanh(gx_n + r * gh_n)
/// h' = (1 - z) * n + z * h
/// ```
extension Tensor {
  /// Every hidden state of a GRU layer, (numSteps, batchSize, numHiddens), in time order.
  ///
  /// - Parameters:
  ///   - projectedInputs: x_t W_ih + b_ih for all steps, (numSteps * batchSize, 3 numHiddens),
  ///     time-major.
  ///   - hiddenWeight: W_hh, (numHiddens, 3 numHiddens).
  ///   - hiddenBias: b_hh, (3 numHiddens,).
  ///   - initial: h_0, (batchSize, numHiddens).
  ///   - reversed: read the steps from last to first (the backward direction of a bidirectional
  ///     layer); the states are still returned in time order.
  ///   - validLen: if given, row b runs only the steps t < validLen[b]; at the others its state
  ///     passes through unchanged, so a reversed run starts each row at its last valid token
  ///     and its outputs over the padding are h_0 (as with r = 0, z = 1: h' = h).
  ///
  /// Backward, from the last step processed to the first: dh_t = dy_t + dh from step t+1; the
  /// gate derivatives dz = dh (h_{t-1} - n) z (1 - z), dn = dh (1 - z)(1 - n^2),
  /// dr = dn gh_n r (1 - r); dh_{t-1} = dh_t * z_t + dgh_t W_hh^T. Then, for all steps
  /// at once, dW_hh = H_prev^T dGh and db_hh = the column sums of dGh.
  public static func gruSequence(
    projectedInputs: Tensor, hiddenWeight: Tensor, hiddenBias: Tensor, initial: Tensor,
    reversed: Bool = false, validLen: [Int]? = nil
  ) -> Tensor {
    let (batchSize, numHiddens) = (initial.shape[0], initial.shape[1])
    let width = 3 * numHiddens
    require(
      validLen == nil || validLen!.count == batchSize,
      "gruSequence: expected \(batchSize) valid lengths, got \(validLen?.count ?? 0)")
    let rows = projectedInputs.shape[0]
    require(
      initial.rank == 2 && projectedInputs.rank == 2 && projectedInputs.shape[1] == width
        && rows % Swift.max(batchSize, 1) == 0 && hiddenWeight.shape == [numHiddens, width]
        && hiddenBias.shape == [width],
      "gruSequence: expected inputs (numSteps * batchSize, 3 numHiddens), W_hh (numHiddens, "
        + "3 numHiddens), b_hh (3 numHiddens,), h_0 (batchSize, numHiddens); got "
        + "\(Shape.describe(projectedInputs.shape)), \(Shape.describe(hiddenWeight.shape)), "
        + "\(Shape.describe(hiddenBias.shape)), \(Shape.describe(initial.shape))")
    let numSteps = rows / Swift.max(batchSize, 1)
    let block = batchSize * numHiddens
    let order = reversed ? Array((0..<numSteps).reversed()) : Array(0..<numSteps)
    let outputs = Tensor(uninitializedShape: [numSteps, batchSize, numHiddens])
    // Kept for the backward pass, in processing order: h_{t-1}, the gates r, z, n, and gh_n.
    let previous = Storage(count: numSteps * block)
    let gates = Storage(count: numSteps * batchSize * width)
    let projectedHidden = Storage(count: batchSize * width)
    let candidateHidden = Storage(count: numSteps * block)
    var hPrev = UnsafePointer(initial.storage.pointer)
    for (position, t) in order.enumerated() {
      (previous.pointer + position * block).update(from: hPrev, count: block)
      // gh = h_{t-1} W_hh + b_hh
      for row in 0..<batchSize {
        (projectedHidden.pointer + row * width).update(
          from: hiddenBias.storage.pointer, count: width)
      }
      BLAS.gemm(
        transposeA: false, transposeB: false, m: batchSize, n: width, k: numHiddens,
        hPrev, hiddenWeight.storage.pointer, beta: 1, projectedHidden.pointer)
      let hNewBlock = outputs.storage.pointer + t * block
      for b in 0..<batchSize {
        let x = projectedInputs.storage.pointer + (t * batchSize + b) * width
        let hh = projectedHidden.pointer + b * width
        let g = gates.pointer + (position * batchSize + b) * width
        let ghn = candidateHidden.pointer + position * block + b * numHiddens
        let (hOld, hNew) = (hPrev + b * numHiddens, hNewBlock + b * numHiddens)
        for j in stride(from: 0, to: numHiddens, by: Vector.scalarCount) {
          @inline(__always) func load(_ p: UnsafePointer<Float>) -> Vector {
            Loops.load(p, j, numHiddens)
          }
          let r = VectorMath.sigmoid(load(x) + load(hh))
          let z = VectorMath.sigmoid(load(x + numHiddens) + load(hh + numHiddens))
          let hn = load(hh + 2 * numHiddens)
          let n = VectorMath.tanh(load(x + 2 * numHiddens) + r * hn)
          Loops.store((1 - z) * n + z * load(hOld), hNew, j, numHiddens)
          Loops.store(r, g, j, numHiddens)
          Loops.store(z, g + numHiddens, j, numHiddens)
          Loops.store(n, g + 2 * numHiddens, j, numHiddens)
          Loops.store(hn, ghn, j, numHiddens)
        }
        if let validLen, t >= validLen[b] {
          // A step this row skips: r = 0, z = 1, n = 0 make h' = h, and the same backward pass
          // hands the gradient straight to h_{t-1}.
          hNew.update(from: hOld, count: numHiddens)
          g.update(repeating: 0, count: width)
          (g + numHiddens).update(repeating: 1, count: numHiddens)
          ghn.update(repeating: 0, count: numHiddens)
        }
      }
      hPrev = UnsafePointer(hNewBlock)
    }
    let inputs = [projectedInputs, hiddenWeight, hiddenBias, initial]
    return outputs.recordBackward(from: inputs) { grad in
      let dGates = Storage(count: numSteps * batchSize * width)  // d(x-side pre-activations)
      let dHidden = Storage(count: numSteps * batchSize * width)  // d(h-side pre-activations)
      let dh = Storage(count: block, repeating: 0)  // dL/dh flowing back from later steps
      for (position, t) in order.enumerated().reversed() {
        let dOutputs = grad.storage.pointer + t * block
        Loops.zip(block, dh.pointer, dOutputs, into: dh.pointer) { $0 + $1 }
        for b in 0..<batchSize {
          let g = gates.pointer + (position * batchSize + b) * width
          let ghn = candidateHidden.pointer + position * block + b * numHiddens
          let hOld = previous.pointer + position * block + b * numHiddens
          let dx = dGates.pointer + (position * batchSize + b) * width
          let dhh = dHidden.pointer + (position * batchSize + b) * width
          let dhRow = dh.pointer + b * numHiddens
          for j in stride(from: 0, to: numHiddens, by: Vector.scalarCount) {
            @inline(__always) func load(_ p: UnsafePointer<Float>) -> Vector {
              Loops.load(p, j, numHiddens)
            }
            let (r, z, n) = (load(g), load(g + numHiddens), load(g + 2 * numHiddens))
            let dy = load(dhRow)
            let dn = dy * (1 - z) * (1 - n * n)
            let dz = dy * (load(hOld) - n) * z * (1 - z)
            let dr = dn * load(ghn) * r * (1 - r)
            Loops.store(dr, dx, j, numHiddens)
            Loops.store(dz, dx + numHiddens, j, numHiddens)
            Loops.store(dn, dx + 2 * numHiddens, j, numHiddens)
            Loops.store(dr, dhh, j, numHiddens)
            Loops.store(dz, dhh + numHiddens, j, numHiddens)
            Loops.store(dn * r, dhh + 2 * numHiddens, j, numHiddens)
            Loops.store(dy * z, dhRow, j, numHiddens)  // the direct path h_{t-1} -> h_t
          }
        }
        // dh_{t-1} += dgh_t W_hh^T
        BLAS.gemm(
          transposeA: false, transposeB: true, m: batchSize, n: numHiddens, k: width,
          dHidden.pointer + position * batchSize * width, hiddenWeight.storage.pointer, beta: 1,
          dh.pointer)
      }
      projectedInputs.accumulateGrad(inProcessingOrder: dGates, order: order, rowWidth: width)
      accumulateHiddenGrads(
        hiddenWeight: hiddenWeight, hiddenBias: hiddenBias, previous: previous,
        dProjectedHidden: dHidden, rows: numSteps * batchSize)
      initial.contributeGrad { dInitial in dInitial.update(from: dh.pointer, count: block)
      }
    }
  }
}

extension Tensor {
  /// The gradients every fused recurrent kernel ends with, for all its steps at once:
  /// dW_hh = H_prev^T dGh and db_hh = the column sums of dGh, where `previous` holds h_{t-1} and
  /// `dProjectedHidden` the gradient of h_{t-1} W_hh + b_hh, `rows` (numSteps * batchSize) rows
  /// each, in processing order.
  static func accumulateHiddenGrads(
    hiddenWeight: Tensor, hiddenBias: Tensor, previous: Storage, dProjectedHidden: Storage,
    rows: Int
  ) {
    let (numHiddens, width) = (hiddenWeight.shape[0], hiddenWeight.shape[1])
    hiddenWeight.contributeGrad { dW in
      BLAS.gemm(
        transposeA: true, transposeB: false, m: numHiddens, n: width, k: rows, previous.pointer,
        dProjectedHidden.pointer, beta: 0, dW)
    }
    hiddenBias.contributeGrad { db in
      Loops.columnSums(rows: rows, columns: width, dProjectedHidden.pointer, into: db)
    }
  }

  /// Adds to the gradient of time-major projected inputs, (numSteps * batchSize, rowWidth), a
  /// gradient computed step by step in `order` (last to first for a reversed direction): the
  /// buffer itself when the order is time order, else its steps put back in time order. Shared
  /// by the fused recurrent kernels.
  func accumulateGrad(inProcessingOrder gradient: Storage, order: [Int], rowWidth: Int) {
    guard order != Array(order.indices) else {
      accumulateGrad(adopting: Tensor(shape: shape, storage: gradient))
      return
    }
    let stepSize = shape[0] / Swift.max(order.count, 1) * rowWidth
    contributeGrad { dInputs in
      for (position, t) in order.enumerated() {
        (dInputs + t * stepSize).update(
          from: gradient.pointer + position * stepSize, count: stepSize)
      }
    }
  }
}
