/// Softmax cross-entropy against integer labels, the loss of every classifier and of a decoder
/// predicting the next token.
extension Tensor {
  /// -ln softmax(x)[label] for each row of the logits (..., numClasses), without reduction:
  /// the result has the leading shape (...), one loss per row, e.g. (batchSize, numSteps).
  ///
  /// loss = logsumexp(x) - x[label]. Derivative per row: dx = dloss * (softmax(x) - onehot(label)).
  /// Fused (one node; the probabilities are kept for the backward pass) and checked against
  /// `logSoftmax` in the tests.
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
    // softmax(x) is kept for the backward pass, which then needs no exponentials.
    let probabilities = Tensor(uninitializedShape: shape)
    for (row, label) in labels.enumerated() {
      // One pass of exponentials: p = e^(x - m), then lse = m + ln sum p and softmax = p / sum p.
      let x = storage.pointer + row * numClasses
      let p = probabilities.storage.pointer + row * numClasses
      let largest = Vector(repeating: Loops.max(numClasses, x))
      Loops.map(numClasses, x, into: p) { VectorMath.exp($0 - largest) }
      let total = Loops.sum(numClasses, p)
      let scale = Vector(repeating: 1 / total)
      Loops.map(numClasses, p, into: p) { $0 * scale }
      let logSumExp = largest[0] + VectorMath.log(Vector(repeating: total))[0]
      out.storage.pointer[row] = logSumExp - x[label]
    }
    return out.recordBackward(from: [logits]) { grad in
      logits.accumulateGrad { dx in
        for (row, label) in labels.enumerated() {
          let p = probabilities.storage.pointer + row * numClasses
          let target = dx + row * numClasses
          let scale = Vector(repeating: grad.storage.pointer[row])
          Loops.zip(numClasses, p, target, into: target) { $1 + scale * $0 }
          target[label] -= grad.storage.pointer[row]
        }
      }
    }
  }
}
