/// An n-dimensional array of `Float` that remembers how it was computed, so it can be
/// differentiated (reverse mode, as micrograd's `Value` but for whole arrays).
///
/// Scalars are stored contiguously in row-major order; `shape` lists the dimensions with the
/// slowest-varying first, e.g. `(batchSize, numSteps, numHiddens)`. A tensor is computed once and
/// not changed afterwards, except leaves (parameters and inputs) whose scalars an optimizer or a
/// gradient check updates in place.
public final class Tensor {
  /// The dimensions, slowest-varying first; `[]` for a scalar.
  public let shape: [Int]
  /// The number of scalars: the product of `shape`.
  public let count: Int
  /// The scalars, row-major.
  let storage: Storage

  /// The gradient d(loss)/d(self), filled by `backward()`; `nil` until something flows in.
  var gradStorage: Storage?
  /// Whether gradients flow into this tensor.
  public internal(set) var requiresGrad: Bool
  /// The op's inputs that need gradients; empty for leaves.
  var parents: [Tensor] = []
  /// Adds this op's share of the gradient into its inputs' gradients, given `gradOutput`.
  var backwardFn: ((_ gradOutput: Tensor) -> Void)?
  /// Whether an earlier `backward()` released the op that made this tensor.
  var isReleased = false

  /// Wraps `storage` (shared, not copied) as a tensor of `shape`.
  init(shape: [Int], storage: Storage, requiresGrad: Bool = false) {
    require(
      Shape.count(shape) <= storage.count && shape.allSatisfy { $0 >= 0 },
      "Tensor: shape \(Shape.describe(shape)) does not fit \(storage.count) scalars")
    self.shape = shape
    self.count = Shape.count(shape)
    self.storage = storage
    self.requiresGrad = requiresGrad
  }

  /// Makes a tensor of `shape` whose scalars are not yet set; ops fill it.
  convenience init(uninitializedShape shape: [Int]) {
    self.init(shape: shape, storage: Storage(count: Shape.count(shape)))
  }

  /// Makes a tensor of `shape` from `scalars` in row-major order.
  public convenience init(shape: [Int], scalars: [Float], requiresGrad: Bool = false) {
    require(
      Shape.count(shape) == scalars.count,
      "Tensor: shape \(Shape.describe(shape)) needs \(Shape.count(shape)) scalars, got \(scalars.count)"
    )
    self.init(uninitializedShape: shape)
    self.requiresGrad = requiresGrad
    scalars.withUnsafeBufferPointer { source in
      if let base = source.baseAddress { storage.pointer.update(from: base, count: count) }
    }
  }

  /// Makes a tensor of `shape` with every scalar equal to `value`.
  public convenience init(repeating value: Float, shape: [Int], requiresGrad: Bool = false) {
    self.init(shape: shape, storage: Storage(count: Shape.count(shape), repeating: value))
    self.requiresGrad = requiresGrad
  }

  /// Makes a scalar tensor, shape `[]`.
  public convenience init(_ value: Float) {
    self.init(repeating: value, shape: [])
  }

  /// Makes a tensor of zeros.
  public static func zeros(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
    Tensor(repeating: 0, shape: shape, requiresGrad: requiresGrad)
  }

  /// Makes a tensor of ones.
  public static func ones(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
    Tensor(repeating: 1, shape: shape, requiresGrad: requiresGrad)
  }

  /// The number of dimensions.
  public var rank: Int { shape.count }

  /// A copy of the scalars, row-major.
  public var scalars: [Float] {
    Array(UnsafeBufferPointer(start: storage.pointer, count: count))
  }

  /// The only scalar of a one-element tensor, e.g. a loss.
  public var scalar: Float {
    require(count == 1, "scalar: expected one element, got shape \(Shape.describe(shape))")
    return storage.pointer[0]
  }

  /// The gradient d(loss)/d(self) after `backward()`, as a tensor of the same shape; `nil` when
  /// no gradient reached this tensor.
  public var grad: Tensor? {
    gradStorage.map { Tensor(shape: shape, storage: $0) }
  }

  /// Calls `body` with the scalars, read-only.
  public func withUnsafeScalars<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
    try body(UnsafeBufferPointer(start: storage.pointer, count: count))
  }

  /// Calls `body` with the scalars to change them in place: meant for leaves (parameters and
  /// inputs), as optimizers and gradient checks do. Tensors computed from this one are not updated.
  public func withUnsafeMutableScalars<R>(
    _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
  ) rethrows -> R {
    try body(UnsafeMutableBufferPointer(start: storage.pointer, count: count))
  }

  /// Replaces the scalars of this leaf with `scalars` (same count), e.g. to load weights.
  public func assign(_ scalars: [Float]) {
    require(
      scalars.count == count,
      "assign: tensor of shape \(Shape.describe(shape)) needs \(count) scalars, got \(scalars.count)"
    )
    withUnsafeMutableScalars { target in
      for (index, value) in scalars.enumerated() { target[index] = value }
    }
  }
}

extension Tensor: CustomStringConvertible {
  /// The shape and up to the first eight scalars, e.g. `Tensor(2, 3) [0.1, 0.2, ...]`.
  public var description: String {
    let shown = scalars.prefix(8).map { "\($0)" }
    let more = count > 8 ? ", ..." : ""
    return "Tensor\(Shape.describe(shape)) [\(shown.joined(separator: ", "))\(more)]"
  }
}
