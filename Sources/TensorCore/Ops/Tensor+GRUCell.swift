/// One GRU step fused into a single op: the engine behind `GRUCell`, whose composite of
/// primitive ops (the lesson) it must equal; a test proves they agree.
extension Tensor {
  /// The new hidden state of a GRU from the projected input, projected hidden state and hidden
  /// state, in PyTorch's gate layout (reset, update, candidate):
  ///
  /// ```
  /// gx = x W_ih + b_ih,  gh = h W_hh + b_hh        both (batchSize, 3 numHiddens)
  /// r  = sigma(gx_r + gh_r)                         reset gate
  /// z  = sigma(gx_z + gh_z)                         update gate
  /// n  = tanh(gx_n + r * gh_n)                      candidate state
  /// h' = (1 - z) * n + z * h                        (batchSize, numHiddens)
  /// ```
  ///
  /// Derivatives, with dh' the incoming gradient: dz = dh' (h - n) z (1 - z),
  /// dn = dh' (1 - z) (1 - n^2), dr = dn gh_n r (1 - r); then dgx = (dr, dz, dn),
  /// dgh = (dr, dz, dn * r), dh = dh' z.
  public static func gruCell(
    projectedInput gx: Tensor, projectedHidden gh: Tensor, hidden h: Tensor
  ) -> Tensor {
    let (batchSize, numHiddens) = (h.shape[0], h.shape.last ?? 0)
    require(
      h.rank == 2 && gx.shape == [batchSize, 3 * numHiddens] && gh.shape == gx.shape,
      "gruCell: expected gx and gh (batchSize, 3 numHiddens) and h (batchSize, numHiddens), got "
        + "\(Shape.describe(gx.shape)), \(Shape.describe(gh.shape)), \(Shape.describe(h.shape))")
    let gates = Tensor(uninitializedShape: gx.shape)  // r, z, n, kept for the backward pass
    let out = Tensor(uninitializedShape: h.shape)
    let width = 3 * numHiddens
    for b in 0..<batchSize {
      // Row b of each gate block: reset (r), update (z), candidate (n).
      let x = gx.storage.pointer + b * width
      let hh = gh.storage.pointer + b * width
      let g = gates.storage.pointer + b * width
      let (hPrev, hNew) = (h.storage.pointer + b * numHiddens, out.storage.pointer + b * numHiddens)
      for j in stride(from: 0, to: numHiddens, by: Vector.scalarCount) {
        @inline(__always) func load(_ p: UnsafePointer<Float>) -> Vector {
          Loops.load(p, j, numHiddens)
        }
        let r = VectorMath.sigmoid(load(x) + load(hh))
        let z = VectorMath.sigmoid(load(x + numHiddens) + load(hh + numHiddens))
        let n = VectorMath.tanh(load(x + 2 * numHiddens) + r * load(hh + 2 * numHiddens))
        Loops.store((1 - z) * n + z * load(hPrev), hNew, j, numHiddens)
        Loops.store(r, g, j, numHiddens)
        Loops.store(z, g + numHiddens, j, numHiddens)
        Loops.store(n, g + 2 * numHiddens, j, numHiddens)
      }
    }
    return out.recordBackward(from: [gx, gh, h]) { grad in
      let dGates = Tensor(uninitializedShape: gx.shape)  // d(pre-activations) (dr, dz, dn)
      let dHidden = Tensor(uninitializedShape: h.shape)
      for b in 0..<batchSize {
        let g = gates.storage.pointer + b * width
        let hh = gh.storage.pointer + b * width
        let d = dGates.storage.pointer + b * width
        let hPrev = h.storage.pointer + b * numHiddens
        let dOut = grad.storage.pointer + b * numHiddens
        let dPrev = dHidden.storage.pointer + b * numHiddens
        for j in stride(from: 0, to: numHiddens, by: Vector.scalarCount) {
          @inline(__always) func load(_ p: UnsafePointer<Float>) -> Vector {
            Loops.load(p, j, numHiddens)
          }
          let (r, z, n) = (load(g), load(g + numHiddens), load(g + 2 * numHiddens))
          let dh = load(dOut)
          let dn = dh * (1 - z) * (1 - n * n)
          let dz = dh * (load(hPrev) - n) * z * (1 - z)
          let dr = dn * load(hh + 2 * numHiddens) * r * (1 - r)
          Loops.store(dr, d, j, numHiddens)
          Loops.store(dz, d + numHiddens, j, numHiddens)
          Loops.store(dn, d + 2 * numHiddens, j, numHiddens)
          Loops.store(dh * z, dPrev, j, numHiddens)
        }
      }
      gx.accumulateGrad(dGates)
      h.accumulateGrad(dHidden)
      guard gh.requiresGrad else { return }
      // dgh differs from dgx only in the candidate block, where the reset gate scales it.
      for b in 0..<batchSize {
        let candidate = dGates.storage.pointer + b * width + 2 * numHiddens
        let reset = gates.storage.pointer + b * width
        Loops.zip(numHiddens, candidate, reset, into: candidate) { $0 * $1 }
      }
      gh.accumulateGrad(dGates)
    }
  }
}
