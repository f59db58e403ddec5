/// Reverse-mode automatic differentiation, in micrograd's shape: every op makes its output and
/// records a backward closure that *adds* into its inputs' gradients; `backward()` visits the ops
/// once, in reverse topological order.
extension Tensor {
  /// Records that this tensor was computed from `inputs`, with `backward` to pass gradients on.
  ///
  /// `backward` receives d(loss)/d(self) and must add d(loss)/d(input) into each input that
  /// `requiresGrad`, with `accumulateGrad(_:)`. Nothing is recorded when no input needs a gradient
  /// or gradients are off (`GradientMode.withoutGradients`). Returns `self` for chaining.
  @discardableResult
  public func recordBackward(
    from inputs: [Tensor], _ backward: @escaping (_ gradOutput: Tensor) -> Void
  ) -> Tensor {
    guard GradientMode.isEnabled else { return self }
    let needingGrad = inputs.filter(\.requiresGrad)
    guard !needingGrad.isEmpty else { return self }
    parents = needingGrad
    backwardFn = backward
    requiresGrad = true
    return self
  }

  /// Adds `gradient` (same shape) into d(loss)/d(self); does nothing if no gradient is needed.
  public func accumulateGrad(_ gradient: Tensor) {
    guard requiresGrad else { return }
    require(
      gradient.shape == shape,
      "accumulateGrad: expected \(Shape.describe(shape)), got \(Shape.describe(gradient.shape))")
    guard let existing = gradStorage else {
      // The first gradient to arrive is copied, not added to zeros.
      let fresh = Storage(count: count)
      fresh.pointer.update(from: gradient.storage.pointer, count: count)
      gradStorage = fresh
      return
    }
    Loops.zip(count, existing.pointer, gradient.storage.pointer, into: existing.pointer) { $0 + $1 }
  }

  /// Adds `gradient` into d(loss)/d(self) like `accumulateGrad(_:)`, but when it is the first
  /// gradient to arrive its buffer is adopted instead of copied. Only for a gradient that nobody
  /// reads or writes afterwards: one made for this call, or a consumed node's own gradient passed
  /// on unchanged (reshape).
  func accumulateGrad(adopting gradient: Tensor) {
    guard requiresGrad, gradStorage == nil, gradient.shape == shape else {
      return accumulateGrad(gradient)
    }
    gradStorage = gradient.storage
  }

  /// Adds a gradient that `fill` writes whole into an uninitialised buffer: the first one to
  /// arrive becomes d(loss)/d(self) as it is, which saves zero-filling a buffer and adding into
  /// it. Does nothing (`fill` is not called) if no gradient is needed. Kernels whose derivative
  /// covers every scalar use this; scatters (gather, slice) use `addIntoGrad`.
  public func contributeGrad(_ fill: (UnsafeMutablePointer<Float>) -> Void) {
    guard requiresGrad else { return }
    let contribution = Storage(count: count)
    fill(contribution.pointer)
    guard let existing = gradStorage else {
      gradStorage = contribution
      return
    }
    Loops.zip(count, existing.pointer, contribution.pointer, into: existing.pointer) { $0 + $1 }
  }

  /// Calls `body` with d(loss)/d(self) to add into, zero-filled the first time; does nothing if
  /// no gradient is needed. Kernels that scatter their derivative into place (gather, slice) use
  /// this.
  public func addIntoGrad(_ body: (UnsafeMutablePointer<Float>) -> Void) {
    guard requiresGrad else { return }
    if gradStorage == nil { gradStorage = Storage(count: count, repeating: 0) }
    body(gradStorage!.pointer)
  }

  /// The same scalars (shared, not copied) cut off from the graph: no gradient flows through.
  ///
  /// Backward closures keep `detached()` copies of their own outputs, which would otherwise hold
  /// themselves alive in a cycle.
  public func detached() -> Tensor {
    Tensor(shape: shape, storage: storage)
  }

  /// Forgets the gradient, so the next `backward()` starts from zero.
  public func zeroGrad() {
    gradStorage = nil
  }

  /// Computes d(self)/d(x) for every tensor x that led to this one and needs a gradient.
  ///
  /// `self` must hold one scalar (a loss), whose gradient is seeded with 1; or pass `seed`, a
  /// tensor of this shape, to compute the gradient of `sum(seed * self)`. Gradients add up across
  /// calls until `zeroGrad()`. The graph is released afterwards, as PyTorch does by default.
  public func backward(seed: Tensor? = nil) {
    require(
      seed != nil || count == 1,
      "backward: expected a one-element loss or a seed, got shape \(Shape.describe(shape))")
    if let seed {
      require(
        seed.shape == shape,
        "backward: seed shape \(Shape.describe(seed.shape)) differs from \(Shape.describe(shape))")
    }
    guard requiresGrad else { return }
    let order = topologicalOrder()
    GradientMode.withoutGradients {
      accumulateGrad(seed ?? Tensor(repeating: 1, shape: shape))
      for node in order.reversed() {
        guard let backwardFn = node.backwardFn, let grad = node.grad else { continue }
        backwardFn(grad)
      }
    }
    for node in order where !node.parents.isEmpty {
      node.parents = []
      node.backwardFn = nil
      node.gradStorage = nil
      node.isReleased = true
    }
  }

  /// The tensors this one depends on, each after all of its own inputs (a depth-first post-order).
  func topologicalOrder() -> [Tensor] {
    var order: [Tensor] = []
    var visited = Set<ObjectIdentifier>()
    var stack: [(node: Tensor, expanded: Bool)] = [(self, false)]
    while let (node, expanded) = stack.popLast() {
      if expanded {
        order.append(node)
        continue
      }
      guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
      require(
        !node.isReleased,
        "backward: part of this graph was released by an earlier backward(); "
          + "recompute the forward pass (shared tensor of shape \(Shape.describe(node.shape)))")
      stack.append((node, true))
      for parent in node.parents where !visited.contains(ObjectIdentifier(parent)) {
        stack.append((parent, false))
      }
    }
    return order
  }
}
