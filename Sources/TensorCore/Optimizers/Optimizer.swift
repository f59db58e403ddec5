/// Something that updates parameters from their gradients, one step at a time.
public protocol Optimizer {
  /// The tensors it updates.
  var parameters: [Tensor] { get }
  /// Updates every parameter that has a gradient.
  func step()
}

extension Optimizer {
  /// Forgets every parameter's gradient, before the next `backward()`.
  public func zeroGrad() {
    for parameter in parameters { parameter.zeroGrad() }
  }
}
