/// Scales all gradients down together when their global norm exceeds `maxNorm`, as D2L's
/// `grad_clipping`: with ||g|| = sqrt(sum over every parameter of g^2), if ||g|| > maxNorm then
/// g <- g * maxNorm / ||g||. Keeps the recurrent layers' exploding gradients in check.
///
/// - Returns: the norm before clipping.
@discardableResult
public func clipGradients(_ parameters: [Tensor], maxNorm: Float) -> Float {
  var squares: Float = 0
  for parameter in parameters {
    guard let grad = parameter.gradStorage else { continue }
    squares += Loops.dot(parameter.count, grad.pointer, grad.pointer)
  }
  let norm = squares.squareRoot()
  if norm > maxNorm {
    let scale = Vector(repeating: maxNorm / norm)
    for parameter in parameters {
      guard let grad = parameter.gradStorage else { continue }
      Loops.map(parameter.count, grad.pointer, into: grad.pointer) { $0 * scale }
    }
  }
  return norm
}
