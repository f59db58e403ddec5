/// Softmax cross-entropy against integer labels, the loss of every classifier and of a decoder
/// predicting the next token.
extension Tensor {
  /// -ln softmax(x)[label] for each row of the logits (..., numClasses), without reduction:
  /// the result has the leading shape (...), one loss per row, e.g. (batchSize, numSteps).
  ///
  /// loss = logsumexp(x) - x[label]. Derivative per row: dx = dloss * (softmax(x) - onehot(label)).
  ///
  /// With label smoothing eps (Szegedy et al., 2016; the Transformer's 0.1) the target is
  /// (1 - eps) onehot(label) + eps / numClasses instead of the one-hot: loss = logsumexp(x) -
  /// (1 - eps) x[label] - eps mean(x), dx = dloss * (softmax(x) - (1 - eps) onehot(label) -
  /// eps / numClasses).
  /// Fused (one node) and checked against `logSoftmax` in the tests. The forward pass keeps
  /// e^(x - max) and 1 / sum for each row, so the backward pass needs no exponentials; rows whose
  /// incoming gradient is zero (the masked padding of a decoder's loss) add nothing and are skipped.
  public func crossEntropy(labels: [Int], smoothing: Float = 0) -> Tensor {
    require(rank >= 1, "crossEntropy: expected logits (..., numClasses), got a scalar")
    let numClasses = shape[rank - 1]
    let leadingShape = Array(shape.dropLast())
    require(
      labels.count == Shape.count(leadingShape),
      "crossEntropy: logits \(Shape.describe(shape)) need \(Shape.count(leadingShape)) labels, "
        + "got \(labels.count)")
    if let bad = labels.first(where: { !(0..<numClasses).contains($0) }) {
      fatalError("crossEntropy: label \(bad) is out of range 0..<\(numClasses)")
    }
    let logits = self
    let out = Tensor(uninitializedShape: leadingShape)
    // Kept for the backward pass: p = e^(x - max) per scalar and 1 / sum p per row.
    let exponentials = Storage(count: count)
    let inverseTotals = Storage(count: labels.count)
    for (row, label) in labels.enumerated() {
      let x = storage.pointer + row * numClasses
      let p = exponentials.pointer + row * numClasses
      let largest = Vector(repeating: Loops.max(numClasses, x))
      Loops.map(numClasses, x, into: p) { VectorMath.exp($0 - largest) }
      let total = Loops.sum(numClasses, p)
      inverseTotals.pointer[row] = 1 / total
      let logSumExp = largest[0] + VectorMath.log(Vector(repeating: total))[0]
      let smoothed = smoothing == 0 ? 0 : smoothing * Loops.sum(numClasses, x) / Float(numClasses)
      out.storage.pointer[row] = logSumExp - (1 - smoothing) * x[label] - smoothed
    }
    return out.recordBackward(from: [logits]) { grad in
      logits.contributeGrad { dx in
        for (row, label) in labels.enumerated() {
          let g = grad.storage.pointer[row]
          let target = dx + row * numClasses
          if g == 0 {
            target.update(repeating: 0, count: numClasses)
            continue
          }
          let scale = Vector(repeating: g * inverseTotals.pointer[row])
          let uniform = Vector(repeating: g * smoothing / Float(numClasses))
          Loops.map(numClasses, exponentials.pointer + row * numClasses, into: target) {
            scale * $0 - uniform
          }
          target[label] -= g * (1 - smoothing)
        }
      }
    }
  }
}
