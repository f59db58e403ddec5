/// Softmax cross-entropy against integer labels, the loss of every classifier and of a decoder
/// predicting the next token.
extension Tensor {
  /// -ln softmax(x)[label] for each row of the logits (..., numClasses), without reduction:
  /// the result has the leading shape (...), one loss per row, e.g. (batchSize, numSteps).
  ///
  /// loss = logsumexp(x) - x[label]. Derivative per row: dx = dloss * (softmax(x) - onehot(label)).
  /// Fused (one pass, no stored probabilities) and checked against `logSoftmax` in the tests.
  public func crossEntropy(labels: [Int]) -> Tensor {
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
    let logSumExps = Tensor(uninitializedShape: leadingShape)
    for (row, label) in labels.enumerated() {
      let x = storage.pointer + row * numClasses
      let logSumExp = Tensor.logSumExp(numClasses, x)
      logSumExps.storage.pointer[row] = logSumExp
      out.storage.pointer[row] = logSumExp - x[label]
    }
    return out.recordBackward(from: [logits]) { grad in
      logits.accumulateGrad { dx in
        for (row, label) in labels.enumerated() {
          let x = logits.storage.pointer + row * numClasses
          let target = dx + row * numClasses
          let scale = Vector(repeating: grad.storage.pointer[row])
          let shift = Vector(repeating: logSumExps.storage.pointer[row])
          Loops.zip(numClasses, x, target, into: target) { $1 + scale * VectorMath.exp($0 - shift) }
          target[label] -= grad.storage.pointer[row]
        }
      }
    }
  }
}
