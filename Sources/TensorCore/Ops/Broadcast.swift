/// NumPy's broadcasting for element-wise ops: shapes are aligned at their last axis, and an axis
/// of size 1 (or a missing leading axis) is repeated to match the other operand.
///
/// The common cases get fast loops: equal shapes, a scalar, and a trailing block such as a bias
/// row `(numHiddens,)` added to `(batchSize, numHiddens)`. Anything else walks the index space.
struct Broadcast {
  /// How one operand's scalars map onto the result's.
  enum Layout {
    /// The operand has the result's shape.
    case same
    /// The operand holds one scalar, repeated everywhere.
    case scalar
    /// The operand is the result's last axes (`count` scalars), repeated over the leading ones.
    case trailing(count: Int)
    /// Anything else: the operand's stride along each axis of the result (0 where repeated).
    case strided([Int])
  }

  /// The shape of the result.
  let shape: [Int]

  /// The broadcast shape of `a` and `b`, or a stop naming both shapes and `op`.
  init(_ a: [Int], _ b: [Int], op: String) {
    let rank = max(a.count, b.count)
    let paddedA = Array(repeating: 1, count: rank - a.count) + a
    let paddedB = Array(repeating: 1, count: rank - b.count) + b
    shape = zip(paddedA, paddedB).map { dimA, dimB in
      require(
        dimA == dimB || dimA == 1 || dimB == 1,
        "\(op): cannot broadcast \(Shape.describe(a)) with \(Shape.describe(b))")
      return dimA == 1 ? dimB : dimA
    }
  }

  /// How an operand of `operand` shape lies in the result.
  func layout(of operand: [Int]) -> Layout {
    if operand == shape { return .same }
    let count = Shape.count(operand)
    if count == 1 { return .scalar }
    let trimmed = Array(operand.drop { $0 == 1 })
    if trimmed == Array(shape.suffix(trimmed.count)) { return .trailing(count: count) }
    let padded = Array(repeating: 1, count: shape.count - operand.count) + operand
    var strides = Array(repeating: 0, count: shape.count)
    var stride = 1
    for axis in padded.indices.reversed() {
      strides[axis] = padded[axis] == 1 ? 0 : stride
      stride *= padded[axis]
    }
    return .strided(strides)
  }

  /// The strides of `layout` along each axis of the result.
  func strides(of layout: Layout, operand: [Int]) -> [Int] {
    if case .strided(let strides) = layout { return strides }
    if case .scalar = layout { return Array(repeating: 0, count: shape.count) }
    var strides = Array(repeating: 0, count: shape.count)
    var stride = 1
    let operandCount = Shape.count(operand)
    for axis in shape.indices.reversed() where stride < operandCount {
      strides[axis] = stride
      stride *= shape[axis]
    }
    return strides
  }
}

extension Tensor {
  /// `f` applied element-wise to `a` and `b` broadcast together; no graph is recorded.
  static func broadcastZip(
    _ a: Tensor, _ b: Tensor, op: String, _ f: (Vector, Vector) -> Vector
  ) -> Tensor {
    let plan = Broadcast(a.shape, b.shape, op: op)
    let out = Tensor(uninitializedShape: plan.shape)
    let (x, y, z) = (a.storage.pointer, b.storage.pointer, out.storage.pointer)
    switch (plan.layout(of: a.shape), plan.layout(of: b.shape)) {
    case (.same, .same):
      Loops.zip(out.count, x, y, into: z, f)
    case (.same, .scalar):
      let scalar = Vector(repeating: y[0])
      Loops.map(out.count, x, into: z) { f($0, scalar) }
    case (.scalar, .same):
      let scalar = Vector(repeating: x[0])
      Loops.map(out.count, y, into: z) { f(scalar, $0) }
    case (.same, .trailing(let block)):
      for start in stride(from: 0, to: out.count, by: block) {
        Loops.zip(block, x + start, y, into: z + start, f)
      }
    case (.trailing(let block), .same):
      for start in stride(from: 0, to: out.count, by: block) {
        Loops.zip(block, x, y + start, into: z + start, f)
      }
    case (let layoutA, let layoutB):
      let stridesA = plan.strides(of: layoutA, operand: a.shape)
      let stridesB = plan.strides(of: layoutB, operand: b.shape)
      Shape.forEachOffset(plan.shape, stridesA, stridesB) { position, offsetA, offsetB in
        z[position] = f(Vector(repeating: x[offsetA]), Vector(repeating: y[offsetB]))[0]
      }
    }
    return out
  }

  /// This tensor summed down to `target`, the shape it was broadcast from: the derivative of
  /// broadcasting, since a scalar used in many places receives the sum of their gradients.
  func sumBroadcast(to target: [Int]) -> Tensor {
    if target == shape { return self }
    let plan = Broadcast(target, shape, op: "sumBroadcast")
    let out = Tensor(repeating: 0, shape: target)
    let (g, z) = (storage.pointer, out.storage.pointer)
    switch plan.layout(of: target) {
    case .same:
      return self
    case .scalar:
      z[0] = Loops.sum(count, g)
    case .trailing(let block):
      for start in stride(from: 0, to: count, by: block) {
        Loops.zip(block, z, g + start, into: z) { $0 + $1 }
      }
    case .strided(let strides):
      Shape.forEachOffset(shape, strides, plan.strides(of: .same, operand: shape)) {
        position, offset, _ in
        z[offset] += g[position]
      }
    }
    return out
  }
}
