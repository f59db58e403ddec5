/// Adam (Kingma and Ba), with PyTorch's defaults: betas 0.9 and 0.999, eps 1e-8.
///
/// ```
/// m <- beta1 m + (1 - beta1) g          v <- beta2 v + (1 - beta2) g^2
/// mHat = m / (1 - beta1^t)              vHat = v / (1 - beta2^t)
/// theta <- theta - lr * mHat / (sqrt(vHat) + eps)
/// ```
public final class Adam: Optimizer {
  /// The tensors it updates.
  public let parameters: [Tensor]
  /// The step size lr.
  public var learningRate: Float
  /// The decay of the first moment (mean of gradients).
  public let beta1: Float
  /// The decay of the second moment (mean of squared gradients).
  public let beta2: Float
  /// Added to sqrt(vHat) so that the step stays finite.
  public let epsilon: Float
  /// The number of steps taken, t.
  public private(set) var stepCount = 0
  /// beta1^t and beta2^t, one multiplication a step (0 once they underflow).
  private var powers: (Float, Float) = (1, 1)
  private let firstMoments: [Storage]
  private let secondMoments: [Storage]

  /// Makes an optimizer for `parameters`; both moments start at zero.
  public init(
    parameters: [Tensor], learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999,
    epsilon: Float = 1e-8
  ) {
    self.parameters = parameters
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    firstMoments = parameters.map { Storage(count: $0.count, repeating: 0) }
    secondMoments = parameters.map { Storage(count: $0.count, repeating: 0) }
  }

  /// One Adam update of every parameter with a gradient, in one pass over m, v and theta.
  public func step() { step(threads: 1) }

  /// The same update, the parameters shared between `threads` threads (`forEachParameter`):
  /// each parameter's update is its own, so the result is the same on any number.
  public func step(threads: Int) {
    stepCount += 1
    powers = (powers.0 * beta1, powers.1 * beta2)
    let (b1, b2) = (Vector(repeating: beta1), Vector(repeating: beta2))
    let inverseCorrection1 = Vector(repeating: 1 / (1 - powers.0))
    let inverseCorrection2 = Vector(repeating: 1 / (1 - powers.1))
    let (rate, eps) = (Vector(repeating: learningRate), Vector(repeating: epsilon))
    forEachParameter(parameters, threads: threads) {
      [parameters, firstMoments, secondMoments] index in
      let parameter = parameters[index]
      guard let grad = parameter.gradStorage?.pointer else { return }
      let (m, v) = (firstMoments[index].pointer, secondMoments[index].pointer)
      let (theta, count) = (parameter.storage.pointer, parameter.count)
      for i in stride(from: 0, to: count, by: Vector.scalarCount) {
        let g = Loops.load(grad, i, count)
        let mNew = b1 * Loops.load(m, i, count) + (1 - b1) * g
        let vNew = b2 * Loops.load(v, i, count) + (1 - b2) * g * g
        let mHat = mNew * inverseCorrection1
        let vHat = vNew * inverseCorrection2
        let update = rate * mHat / (VectorMath.squareRoot(vHat) + eps)
        Loops.store(mNew, m, i, count)
        Loops.store(vNew, v, i, count)
        Loops.store(Loops.load(theta, i, count) - update, theta, i, count)
      }
    }
  }

  /// The optimizer's state: the step count t and both moments of every parameter, m then v, in
  /// parameter order; what a resumed run needs to take the steps an uninterrupted one would.
  public var state: (stepCount: Int, moments: [[Float]]) {
    (
      stepCount,
      (firstMoments + secondMoments).map {
        Array(UnsafeBufferPointer(start: $0.pointer, count: $0.count))
      }
    )
  }

  /// Restores a saved `state`; false, with nothing changed, unless it has one m and one v of the
  /// right size for every parameter.
  public func restore(stepCount: Int, moments: [[Float]]) -> Bool {
    let storages = firstMoments + secondMoments
    guard stepCount >= 0, moments.count == storages.count,
      zip(moments, storages).allSatisfy({ $0.count == $1.count })
    else { return false }
    for (values, storage) in zip(moments, storages) {
      values.withUnsafeBufferPointer {
        storage.pointer.update(from: $0.baseAddress!, count: $0.count)
      }
    }
    self.stepCount = stepCount
    powers = (Self.power(beta1, stepCount), Self.power(beta2, stepCount))
    return true
  }

  /// base^t by repeated multiplication, as the steps compute it, stopping once it reaches 0
  /// (after about 10^5 steps for beta2 = 0.999), so that a huge t costs no more.
  private static func power(_ base: Float, _ t: Int) -> Float {
    var (product, step): (Float, Int) = (1, 0)
    while step < t, product != 0 {
      product *= base
      step += 1
    }
    return product
  }
}
