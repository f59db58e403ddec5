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

  /// Checks the gradient of `function` with respect to each of `inputs` (leaves; they are set to
  /// require gradients and perturbed in place, then restored).
  public func check(_ inputs: [Tensor], _ function: ([Tensor]) -> Tensor) -> Result {
    let analyticInputs = inputs.map {
      Tensor(shape: $0.shape, scalars: $0.scalars, requiresGrad: true)
    }
    let output = function(analyticInputs)
    var generator = SeededGenerator(seed: 2024)
    let projection = Tensor.uniform(
      output.shape, in: -1...1, using: &generator, requiresGrad: false)
    output.backward(seed: projection)
    let weights = projection.scalars

    func projectedLoss() -> Double {
      let values = GradientMode.withoutGradients { function(inputs).scalars }
      return zip(values, weights).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }

    var result = Result(passed: true, maxAbsoluteError: 0, firstMismatch: nil)
    for (inputIndex, input) in inputs.enumerated() {
      let analytic =
        analyticInputs[inputIndex].grad?.scalars
        ?? Array(repeating: 0, count: input.count)
      for element in 0..<input.count {
        let original = input.withUnsafeScalars { $0[element] }
        input.withUnsafeMutableScalars { $0[element] = original + step }
        let plus = projectedLoss()
        input.withUnsafeMutableScalars { $0[element] = original - step }
        let minus = projectedLoss()
        input.withUnsafeMutableScalars { $0[element] = original }
        let numerical = Float((plus - minus) / (2 * Double(step)))
        let error = abs(analytic[element] - numerical)
        result.maxAbsoluteError = max(result.maxAbsoluteError, error)
        let allowed =
          absoluteTolerance + relativeTolerance * max(abs(analytic[element]), abs(numerical))
        if !(error <= allowed) && result.firstMismatch == nil {
          result.passed = false
          result.firstMismatch = (inputIndex, element, analytic[element], numerical)
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
  let result = checker.check(inputs, function)
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
