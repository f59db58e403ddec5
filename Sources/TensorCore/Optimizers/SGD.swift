/// Stochastic gradient descent: theta <- theta - lr * g.
public final class SGD: Optimizer {
  /// The tensors it updates.
  public let parameters: [Tensor]
  /// The step size lr.
  public var learningRate: Float

  /// Makes an optimizer for `parameters` with step size `learningRate`.
  public init(parameters: [Tensor], learningRate: Float) {
    self.parameters = parameters
    self.learningRate = learningRate
  }

  /// theta <- theta - lr * g for every parameter with a gradient.
  public func step() {
    let rate = Vector(repeating: learningRate)
    for parameter in parameters {
      guard let grad = parameter.gradStorage else { continue }
      let theta = parameter.storage.pointer
      Loops.zip(parameter.count, theta, grad.pointer, into: theta) { $0 - rate * $1 }
    }
  }
}
