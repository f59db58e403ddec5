/// Element-wise functions for the recurrent cells and the loss, computed 16 scalars at a time.
extension Tensor {
  /// Applies `f` element-wise and records `derivative(grad, input, output)` -> d(loss)/d(input).
  private func unary(
    _ f: (Vector) -> Vector,
    derivative: @escaping (_ grad: Vector, _ x: Vector, _ y: Vector) -> Vector
  ) -> Tensor {
    let input = self
    let out = Tensor(uninitializedShape: shape)
    Loops.map(count, storage.pointer, into: out.storage.pointer, f)
    let y = out.detached()
    return out.recordBackward(from: [input]) { grad in
      input.contributeGrad { dx in
        Loops.zip3(
          input.count, grad.storage.pointer, input.storage.pointer, y.storage.pointer, into: dx,
          derivative)
      }
    }
  }

  /// sigma(x) = 1 / (1 + e^-x). d/dx = sigma(x) (1 - sigma(x)).
  public func sigmoid() -> Tensor {
    unary(VectorMath.sigmoid) { grad, _, y in grad * y * (1 - y) }
  }

  /// tanh(x). d/dx = 1 - tanh(x)^2.
  public func tanh() -> Tensor {
    unary(VectorMath.tanh) { grad, _, y in grad * (1 - y * y) }
  }

  /// relu(x) = max(x, 0). d/dx = 1 where x > 0, else 0.
  public func relu() -> Tensor {
    unary(
      { x in x.replacing(with: 0, where: x .< 0) },
      derivative: { grad, x, _ in grad.replacing(with: 0, where: x .<= 0) })
  }

  /// e^x. d/dx = e^x.
  public func exp() -> Tensor {
    unary(VectorMath.exp) { grad, _, y in grad * y }
  }

  /// ln x (natural logarithm). d/dx = 1 / x.
  public func log() -> Tensor {
    unary(VectorMath.log) { grad, x, _ in grad / x }
  }

  /// sqrt x (x >= 0), Adam's denominator. d/dx = 1 / (2 sqrt x).
  public func squareRoot() -> Tensor {
    unary(VectorMath.squareRoot) { grad, _, y in grad * 0.5 / y }
  }
}
