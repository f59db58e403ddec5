/// Scales all gradients down together when their global norm exceeds `maxNorm`, as D2L's
/// `grad_clipping`: with ||g|| = sqrt(sum over every parameter of g^2), if ||g|| > maxNorm then
/// g <- g * maxNorm / ||g||. Keeps the recurrent layers' exploding gradients in check.
/// `threads` threads share the work (`forEachParameter`); the result is the same on any number.
///
/// - Returns: the norm before clipping.
@discardableResult
public func clipGradients(_ parameters: [Tensor], maxNorm: Float, threads: Int = 1) -> Float {
  // Each parameter's sum of squares, then their sum in order: the same norm on any threads.
  var squares = [Float](repeating: 0, count: parameters.count)
  squares.withUnsafeMutableBufferPointer { squares in
    let squares = squares
    forEachParameter(parameters, threads: threads) { index in
      guard let grad = parameters[index].gradStorage else { return }
      squares[index] = Loops.dot(grad.count, grad.pointer, grad.pointer)
    }
  }
  let norm = squares.reduce(0, +).squareRoot()
  if norm > maxNorm {
    let scale = Vector(repeating: maxNorm / norm)
    forEachParameter(parameters, threads: threads) { index in
      guard let grad = parameters[index].gradStorage else { return }
      Loops.map(grad.count, grad.pointer, into: grad.pointer) { $0 * scale }
    }
  }
  return norm
}
