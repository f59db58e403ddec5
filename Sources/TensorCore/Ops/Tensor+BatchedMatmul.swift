extension Tensor {
  /// The batched matrix product C_b = op(A_b) op(B_b) of a (batch, m, k) and a (batch, k, n)
  /// tensor, shape (batch, m, n): one BLAS product per batch entry. With `transposeOther`, other
  /// is (batch, n, k) and B_b^T is used, as in the scores Q K^T of attention.
  ///
  /// Derivatives: dA_b += dC_b op(B_b)^T, dB_b += A_b^T dC_b (transposed back when B was).
  public func batchedMatmul(_ other: Tensor, transposeOther: Bool = false) -> Tensor {
    require(
      rank == 3 && other.rank == 3 && shape[0] == other.shape[0]
        && shape[2] == other.shape[transposeOther ? 2 : 1],
      "batchedMatmul: expected (b, m, k) x (b, \(transposeOther ? "n, k" : "k, n")), got "
        + "\(Shape.describe(shape)) x \(Shape.describe(other.shape))")
    let (batch, m, k) = (shape[0], shape[1], shape[2])
    let n = other.shape[transposeOther ? 1 : 2]
    let (a, b) = (self, other)
    let c = Tensor(uninitializedShape: [batch, m, n])
    for item in 0..<batch {
      BLAS.gemm(
        transposeA: false, transposeB: transposeOther, m: m, n: n, k: k,
        a.storage.pointer + item * m * k, b.storage.pointer + item * k * n, beta: 0,
        c.storage.pointer + item * m * n)
    }
    return c.recordBackward(from: [a, b]) { gradC in
      let dc = gradC.storage.pointer
      a.contributeGrad { gradA in
        for item in 0..<batch {
          // dA = dC op(B)^T: (m, n) x (n, k).
          BLAS.gemm(
            transposeA: false, transposeB: !transposeOther, m: m, n: k, k: n,
            dc + item * m * n, b.storage.pointer + item * k * n, beta: 0, gradA + item * m * k)
        }
      }
      b.contributeGrad { gradB in
        for item in 0..<batch {
          if transposeOther {
            // d(B^T) = A^T dC, so dB = dC^T A: (n, m) x (m, k).
            BLAS.gemm(
              transposeA: true, transposeB: false, m: n, n: k, k: m,
              dc + item * m * n, a.storage.pointer + item * m * k, beta: 0, gradB + item * n * k)
          } else {
            // dB = A^T dC: (k, m) x (m, n).
            BLAS.gemm(
              transposeA: true, transposeB: false, m: k, n: n, k: m,
              a.storage.pointer + item * m * k, dc + item * m * n, beta: 0, gradB + item * k * n)
          }
        }
      }
    }
  }
}
