extension Tensor {
  /// Scaled dot-product attention in one op, the engine of the Transformer's attention:
  ///
  /// ```
  /// A = masked softmax(Q K^T / sqrt(d)),   O = (A * M) V
  /// ```
  ///
  /// for each of `batch` independent (queries, keys, values) triples, where M is the dropout
  /// mask of the weights (all ones without `dropoutMask`). Query i of entry b sees key j when
  /// j < validLen[b] and, if `causal`, j <= i + (keySteps - querySteps): a query sees itself and
  /// what came before it, also when the keys hold earlier steps cached from before (prediction,
  /// one query after t cached keys). A query that sees no key gets all-zero weights and a zero
  /// output, not uniform weights (d2l-en PR #2423).
  ///
  /// Derivatives, per entry, with P = A * M and dS = A * (dA - rowsum(dA * A)), dA = (dO V^T) * M:
  /// dV = P^T dO, dQ = dS K / sqrt(d), dK = dS^T Q / sqrt(d). The composite it equals is
  /// `scaledDotProductAttention` in the Transformer module (batched products, a mask, softmax).
  ///
  /// - Parameters:
  ///   - queries: (batch, querySteps, d).
  ///   - keys: (batch, keySteps, d).
  ///   - values: (batch, keySteps, valueSize).
  ///   - validLen: each entry's valid keys, `batch` of them; `nil`: every key.
  ///   - causal: whether a query sees no later key.
  ///   - dropoutMask: (batch, querySteps, keySteps), 0 or 1 / (1 - p) (`dropoutMask(_:...)`).
  /// - Returns: the outputs O, (batch, querySteps, valueSize), and the weights A, (batch,
  ///   querySteps, keySteps), before dropout and outside the graph (for figures).
  public static func scaledDotProductAttention(
    queries: Tensor, keys: Tensor, values: Tensor, validLen: [Int]?, causal: Bool,
    dropoutMask: Tensor? = nil
  ) -> (output: Tensor, weights: Tensor) {
    let (batch, querySteps, d) = (queries.shape[0], queries.shape[1], queries.shape[2])
    let keySteps = keys.shape[1]
    let valueSize = values.shape.last ?? 0
    require(
      queries.rank == 3 && keys.shape == [batch, keySteps, d]
        && values.shape == [batch, keySteps, valueSize],
      "scaledDotProductAttention: expected queries (b, q, d), keys (b, k, d), values (b, k, v), "
        + "got \(Shape.describe(queries.shape)), \(Shape.describe(keys.shape)), "
        + "\(Shape.describe(values.shape))")
    require(
      validLen == nil || validLen!.count == batch,
      "scaledDotProductAttention: expected \(batch) valid lengths, got \(validLen?.count ?? 0)")
    require(
      dropoutMask == nil || dropoutMask!.shape == [batch, querySteps, keySteps],
      "scaledDotProductAttention: the dropout mask must be \(Shape.describe([batch, querySteps, keySteps]))"
    )
    let scale = 1 / Float(d).squareRoot()
    let weights = Tensor(uninitializedShape: [batch, querySteps, keySteps])
    // P = A * M, what multiplies V; A itself without dropout.
    let dropped = dropoutMask.map { _ in Tensor(uninitializedShape: weights.shape) } ?? weights
    let output = Tensor(uninitializedShape: [batch, querySteps, valueSize])
    let (q, k, v) = (queries.storage.pointer, keys.storage.pointer, values.storage.pointer)
    let (a, p) = (weights.storage.pointer, dropped.storage.pointer)
    let (qSize, kSize, vSize) = (querySteps * d, keySteps * d, keySteps * valueSize)
    let aSize = querySteps * keySteps

    /// The keys query `row` of `item` sees: the first `visible` of them.
    func visibleKeys(_ item: Int, _ row: Int) -> Int {
      var visible = Swift.min(validLen?[item] ?? keySteps, keySteps)
      if causal { visible = Swift.min(visible, row + keySteps - querySteps + 1) }
      return Swift.max(visible, 0)
    }

    for item in 0..<batch {
      BLAS.gemm(
        transposeA: false, transposeB: true, m: querySteps, n: keySteps, k: d, alpha: scale,
        q + item * qSize, k + item * kSize, beta: 0, a + item * aSize)
    }
    // The softmax of every row at once (rows are short, a dozen keys: one vector pass over all
    // of them beats a padded vector per row): each row shifted by its largest visible score,
    // the hidden ones set to -100 (e^-100 is 0 in Float), e^x, then each row over its sum (a row
    // that sees nothing sums to 0 and stays 0).
    for row in 0..<(batch * querySteps) {
      let x = a + row * keySteps
      let visible = visibleKeys(row / querySteps, row % querySteps)
      var largest = -Float.infinity
      for j in 0..<visible { largest = Swift.max(largest, x[j]) }
      for j in 0..<visible { x[j] -= largest }
      for j in visible..<keySteps { x[j] = -100 }
    }
    Loops.map(batch * aSize, a, into: a) { VectorMath.exp($0) }
    for row in 0..<(batch * querySteps) {
      let x = a + row * keySteps
      var total: Float = 0
      for j in 0..<keySteps { total += x[j] }
      let inverse = total > 0 ? 1 / total : 0
      for j in 0..<keySteps { x[j] *= inverse }
    }
    if let dropoutMask {
      Loops.zip(batch * aSize, a, dropoutMask.storage.pointer, into: p) { $0 * $1 }
    }
    for item in 0..<batch {
      BLAS.gemm(
        transposeA: false, transposeB: false, m: querySteps, n: valueSize, k: keySteps,
        p + item * aSize, v + item * vSize, beta: 0,
        output.storage.pointer + item * querySteps * valueSize)
    }

    let result = output.recordBackward(from: [queries, keys, values]) { grad in
      let dOut = grad.storage.pointer
      let oSize = querySteps * valueSize
      let (a, p) = (weights.storage.pointer, dropped.storage.pointer)
      values.contributeGrad { dv in
        for item in 0..<batch {
          BLAS.gemm(
            transposeA: true, transposeB: false, m: keySteps, n: valueSize, k: querySteps,
            p + item * aSize, dOut + item * oSize, beta: 0, dv + item * vSize)
        }
      }
      guard queries.requiresGrad || keys.requiresGrad else { return }
      // dS, scaled by 1 / sqrt(d), for every entry.
      let dScores = Tensor(uninitializedShape: weights.shape)
      let ds = dScores.storage.pointer
      for item in 0..<batch {
        let dsItem = ds + item * aSize
        BLAS.gemm(
          transposeA: false, transposeB: true, m: querySteps, n: keySteps, k: valueSize,
          dOut + item * oSize, v + item * vSize, beta: 0, dsItem)
      }
      if let dropoutMask {
        Loops.zip(batch * aSize, ds, dropoutMask.storage.pointer, into: ds) { $0 * $1 }
      }
      // dS = A * (dA - rowsum(dA * A)) / sqrt(d), row by row (short rows: scalar loops).
      for row in 0..<(batch * querySteps) {
        let (dA, aRow) = (ds + row * keySteps, a + row * keySteps)
        var dot: Float = 0
        for j in 0..<keySteps { dot += dA[j] * aRow[j] }
        for j in 0..<keySteps { dA[j] = (dA[j] - dot) * aRow[j] * scale }
      }
      queries.contributeGrad { dq in
        for item in 0..<batch {
          BLAS.gemm(
            transposeA: false, transposeB: false, m: querySteps, n: d, k: keySteps,
            ds + item * aSize, k + item * kSize, beta: 0, dq + item * qSize)
        }
      }
      keys.contributeGrad { dk in
        for item in 0..<batch {
          BLAS.gemm(
            transposeA: true, transposeB: false, m: keySteps, n: d, k: querySteps,
            ds + item * aSize, q + item * qSize, beta: 0, dk + item * kSize)
        }
      }
    }
    return (result, weights.detached())
  }
}
