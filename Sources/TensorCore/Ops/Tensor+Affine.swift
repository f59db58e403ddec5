/// y = x W + b as one op: the engine behind dense layers and the recurrent cells' projections,
/// equal to the composite `x.matmul(weight) + bias` (a test proves it) with one node and one pass
/// less. BLAS adds the product onto the bias rows.
extension Tensor {
  /// y = x W + b for x (m, k), W (k, n), b (n,): shape (m, n).
  ///
  /// Derivatives: dx += dy W^T, dW += x^T dy, db += the column sums of dy.
  public func affine(weight: Tensor, bias: Tensor) -> Tensor {
    require(
      rank == 2 && weight.rank == 2 && shape[1] == weight.shape[0]
        && bias.shape == [weight.shape[1]],
      "affine: expected (m, k) x (k, n) + (n,), got \(Shape.describe(shape)) x "
        + "\(Shape.describe(weight.shape)) + \(Shape.describe(bias.shape))")
    let (m, k, n) = (shape[0], shape[1], weight.shape[1])
    let x = self
    let y = Tensor(uninitializedShape: [m, n])
    for row in 0..<m { (y.storage.pointer + row * n).update(from: bias.storage.pointer, count: n) }
    BLAS.gemm(
      transposeA: false, transposeB: false, m: m, n: n, k: k,
      x.storage.pointer, weight.storage.pointer, beta: 1, y.storage.pointer)
    return y.recordBackward(from: [x, weight, bias]) { grad in
      x.contributeGrad { dx in
        BLAS.gemm(
          transposeA: false, transposeB: true, m: m, n: k, k: n,
          grad.storage.pointer, weight.storage.pointer, beta: 0, dx)
      }
      weight.contributeGrad { dW in
        BLAS.gemm(
          transposeA: true, transposeB: false, m: k, n: n, k: m,
          x.storage.pointer, grad.storage.pointer, beta: 0, dW)
      }
      bias.contributeGrad { db in
        Loops.columnSums(rows: m, columns: n, grad.storage.pointer, into: db)
      }
    }
  }
}
