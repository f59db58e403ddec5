/// Element-wise arithmetic with broadcasting (see `Broadcast`). Each derivative is the textbook
/// one, summed back to the operand's shape where the operand was broadcast.
extension Tensor {
  /// a + b, element-wise. d/da = 1, d/db = 1.
  public static func + (a: Tensor, b: Tensor) -> Tensor {
    let out = broadcastZip(a, b, op: "add") { $0 + $1 }
    return out.recordBackward(from: [a, b]) { grad in
      a.accumulateGrad(grad.sumBroadcast(to: a.shape))
      b.accumulateGrad(grad.sumBroadcast(to: b.shape))
    }
  }

  /// a - b, element-wise. d/da = 1, d/db = -1.
  public static func - (a: Tensor, b: Tensor) -> Tensor {
    let out = broadcastZip(a, b, op: "subtract") { $0 - $1 }
    return out.recordBackward(from: [a, b]) { grad in
      a.accumulateGrad(grad.sumBroadcast(to: a.shape))
      b.accumulateGrad((-grad).sumBroadcast(to: b.shape))
    }
  }

  /// a * b, element-wise (Hadamard product). d/da = b, d/db = a.
  public static func * (a: Tensor, b: Tensor) -> Tensor {
    let out = broadcastZip(a, b, op: "multiply") { $0 * $1 }
    return out.recordBackward(from: [a, b]) { grad in
      if a.requiresGrad { a.accumulateGrad((grad * b).sumBroadcast(to: a.shape)) }
      if b.requiresGrad { b.accumulateGrad((grad * a).sumBroadcast(to: b.shape)) }
    }
  }

  /// a / b, element-wise. d/da = 1 / b, d/db = -a / b^2.
  public static func / (a: Tensor, b: Tensor) -> Tensor {
    let out = broadcastZip(a, b, op: "divide") { $0 / $1 }
    let quotient = out.detached()
    return out.recordBackward(from: [a, b]) { grad in
      if a.requiresGrad { a.accumulateGrad((grad / b).sumBroadcast(to: a.shape)) }
      if b.requiresGrad { b.accumulateGrad((-grad * quotient / b).sumBroadcast(to: b.shape)) }
    }
  }

  /// -a, element-wise. d/da = -1.
  public static prefix func - (a: Tensor) -> Tensor {
    let out = Tensor(uninitializedShape: a.shape)
    Loops.map(a.count, a.storage.pointer, into: out.storage.pointer) { -$0 }
    return out.recordBackward(from: [a]) { grad in a.accumulateGrad(-grad) }
  }

  /// a + s for a scalar s.
  public static func + (a: Tensor, s: Float) -> Tensor { a + Tensor(s) }
  /// s + a for a scalar s.
  public static func + (s: Float, a: Tensor) -> Tensor { Tensor(s) + a }
  /// a - s for a scalar s.
  public static func - (a: Tensor, s: Float) -> Tensor { a - Tensor(s) }
  /// s - a for a scalar s, e.g. `1 - updateGate`.
  public static func - (s: Float, a: Tensor) -> Tensor { Tensor(s) - a }
  /// a * s for a scalar s.
  public static func * (a: Tensor, s: Float) -> Tensor { a * Tensor(s) }
  /// s * a for a scalar s.
  public static func * (s: Float, a: Tensor) -> Tensor { Tensor(s) * a }
  /// a / s for a scalar s.
  public static func / (a: Tensor, s: Float) -> Tensor { a / Tensor(s) }
}
