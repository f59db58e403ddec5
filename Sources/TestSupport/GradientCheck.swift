import TensorCore
import Testing

/// Compares the gradients `backward()` computes with central differences, in Float32.
///
/// The function's output is projected onto fixed random weights R, L = sum(R * f(x)), so that
/// every output element takes part; the analytic side seeds `backward` with R and the numerical
/// side estimates dL/dx_i = (L(x_i + h) - L(x_i - h)) / 2h, summing L in Double. With h = 1e-2
/// and inputs of order 1 the two agree to about 1e-4 when the derivative is right; the checker's
/// own tests show it flags a derivative that is off by 5%.
public struct GradientCheck {
  /// The step h of the central difference.
  public var step: Float = 1e-2
  /// Allowed |analytic - numerical| before the relative part.
  public var absoluteTolerance: Float = 1e-3
  /// Allowed |analytic - numerical| as a fraction of max(|analytic|, |numerical|).
  public var relativeTolerance: Float = 1e-2

  /// Makes a checker with the default step and tolerances.
  public init() {}

  /// The worst disagreement found, and where.
  public struct Result: CustomStringConvertible {
    /// Whether every gradient element agreed within tolerance.
    public var passed: Bool
    /// The largest |analytic - numerical| over all elements.
    public var maxAbsoluteError: Float
    /// The first element that disagreed: input index, element index, analytic, numerical.
    public var firstMismatch: (input: Int, element: Int, analytic: Float, numerical: Float)?

    /// A one-line summary naming the first mismatch.
    public var description: String {
      guard let mismatch = firstMismatch else {
        return "gradients agree (max |error| \(maxAbsoluteError))"
      }
      return "input \(mismatch.input), element \(mismatch.element): backward gave "
        + "\(mismatch.analytic), central difference \(mismatch.numerical) "
        + "(max |error| \(maxAbsoluteError))"
    }
  }

  /// Checks the gradient of `function` with respect to each of `inputs`, which are copied into
  /// leaves that require gradients, so the originals are left alone.
  public func check(_ inputs: [Tensor], _ function: ([Tensor]) -> Tensor) -> Result {
    let leaves = inputs.map { Tensor(shape: $0.shape, scalars: $0.scalars, requiresGrad: true) }
    return check(parameters: leaves) { function(leaves) }
  }

  /// Checks the gradient of `function` with respect to `parameters` (tensors that require
  /// gradients, such as a layer's weights), which are perturbed in place and then restored.
  public func check(parameters: [Tensor], _ function: () -> Tensor) -> Result {
    for parameter in parameters { parameter.zeroGrad() }
    let output = function()
    var generator = SeededGenerator(seed: 2024)
    let projection = Tensor.uniform(
      output.shape, in: -1...1, using: &generator, requiresGrad: false)
    output.backward(seed: projection)
    let weights = projection.scalars
    let analytic = parameters.map { $0.grad?.scalars ?? Array(repeating: 0, count: $0.count) }
    for parameter in parameters { parameter.zeroGrad() }

    func projectedLoss() -> Double {
      let values = GradientMode.withoutGradients { function().scalars }
      return zip(values, weights).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }

    var result = Result(passed: true, maxAbsoluteError: 0, firstMismatch: nil)
    for (index, parameter) in parameters.enumerated() {
      for element in 0..<parameter.count {
        let original = parameter.withUnsafeScalars { $0[element] }
        parameter.withUnsafeMutableScalars { $0[element] = original + step }
        let plus = projectedLoss()
        parameter.withUnsafeMutableScalars { $0[element] = original - step }
        let minus = projectedLoss()
        parameter.withUnsafeMutableScalars { $0[element] = original }
        let numerical = Float((plus - minus) / (2 * Double(step)))
        let error = abs(analytic[index][element] - numerical)
        result.maxAbsoluteError = max(result.maxAbsoluteError, error)
        let allowed =
          absoluteTolerance + relativeTolerance * max(abs(analytic[index][element]), abs(numerical))
        if !(error <= allowed) && result.firstMismatch == nil {
          result.passed = false
          result.firstMismatch = (index, element, analytic[index][element], numerical)
        }
      }
    }
    return result
  }
}

/// Records a test issue unless `function`'s gradients at `inputs` pass a `GradientCheck`.
public func expectGradientsMatch(
  _ inputs: [Tensor], checker: GradientCheck = GradientCheck(),
  sourceLocation: SourceLocation = #_sourceLocation, _ function: ([Tensor]) -> Tensor
) {
  record(checker.check(inputs, function), sourceLocation: sourceLocation)
}

/// Records a test issue unless `function`'s gradients with respect to `parameters` (a layer's
/// weights, used in place) pass a `GradientCheck`.
public func expectGradientsMatch(
  parameters: [Tensor], checker: GradientCheck = GradientCheck(),
  sourceLocation: SourceLocation = #_sourceLocation, _ function: () -> Tensor
) {
  record(checker.check(parameters: parameters, function), sourceLocation: sourceLocation)
}

private func record(_ result: GradientCheck.Result, sourceLocation: SourceLocation) {
  if !result.passed {
    Issue.record("gradient check failed: \(result)", sourceLocation: sourceLocation)
  }
}

/// A tensor of `shape` with scalars drawn uniformly from `range`, for gradient checks.
public func randomTensor(
  _ shape: [Int], in range: ClosedRange<Float> = -2...2, seed: UInt64
) -> Tensor {
  var generator = SeededGenerator(seed: seed)
  return Tensor.uniform(shape, in: range, using: &generator, requiresGrad: false)
}
