extension Tensor {
  /// The matrix product C = A B of a (m, k) and a (k, n) tensor, shape (m, n), via BLAS.
  ///
  /// Derivatives: dA += dC B^T, dB += A^T dC (both written by BLAS into fresh gradient buffers).
  public func matmul(_ other: Tensor) -> Tensor {
    require(
      rank == 2 && other.rank == 2 && shape[1] == other.shape[0],
      "matmul: expected (m, k) x (k, n), got \(Shape.describe(shape)) x \(Shape.describe(other.shape))"
    )
    let (m, k, n) = (shape[0], shape[1], other.shape[1])
    let a = self
    let b = other
    let c = Tensor(uninitializedShape: [m, n])
    BLAS.gemm(
      transposeA: false, transposeB: false, m: m, n: n, k: k,
      a.storage.pointer, b.storage.pointer, beta: 0, c.storage.pointer)
    return c.recordBackward(from: [a, b]) { gradC in
      a.contributeGrad { gradA in
        BLAS.gemm(
          transposeA: false, transposeB: true, m: m, n: k, k: n,
          gradC.storage.pointer, b.storage.pointer, beta: 0, gradA)
      }
      b.contributeGrad { gradB in
        BLAS.gemm(
          transposeA: true, transposeB: false, m: k, n: n, k: m,
          a.storage.pointer, gradC.storage.pointer, beta: 0, gradB)
      }
    }
  }
}
