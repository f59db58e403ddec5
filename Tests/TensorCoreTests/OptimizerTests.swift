import TensorCore
import TestSupport
import Testing

@Suite("optimizers")
struct OptimizerTests {
  @Test("SGD takes theta - lr * g")
  func sgdStep() {
    let w = Tensor(shape: [2], scalars: [1, 2], requiresGrad: true)
    let sgd = SGD(parameters: [w], learningRate: 0.1)
    (w * w).sum().backward()  // g = 2w
    sgd.step()
    expectClose(w, [0.8, 1.6])
    sgd.zeroGrad()
    #expect(w.grad == nil)
  }

  @Test("Adam's first step moves each weight by about lr against the gradient's sign")
  func adamFirstStep() {
    let w = Tensor(shape: [3], scalars: [1, -2, 3], requiresGrad: true)
    let adam = Adam(parameters: [w], learningRate: 0.01)
    (w * Tensor(shape: [3], scalars: [5, -0.1, 0.001])).sum().backward()
    adam.step()
    // mHat = g and vHat = g^2 after one step, so the update is lr * g / (|g| + eps).
    expectClose(w, [0.99, -1.99, 2.99], absoluteTolerance: 1e-5)
    #expect(adam.stepCount == 1)
  }

  @Test("SGD minimises a quadratic")
  func sgdConverges() {
    let w = Tensor(shape: [2], scalars: [5, -3], requiresGrad: true)
    let target = Tensor(shape: [2], scalars: [1, 2])
    let sgd = SGD(parameters: [w], learningRate: 0.1)
    for _ in 0..<200 {
      sgd.zeroGrad()
      let difference = w - target
      (difference * difference).sum().backward()
      sgd.step()
    }
    expectClose(w, [1, 2], absoluteTolerance: 1e-4)
  }
}

@Suite("saving and restoring training state")
struct TrainingStateTests {
  @Test("a generator restored from its state goes on with the same numbers")
  func generatorState() {
    var generator = SeededGenerator(seed: 5)
    for _ in 0..<10 { _ = generator.next() }
    var restored = SeededGenerator(state: generator.state)!
    #expect((0..<5).map { _ in generator.next() } == (0..<5).map { _ in restored.next() })
    #expect(SeededGenerator(state: [1, 2, 3]) == nil)
    #expect(SeededGenerator(state: [0, 0, 0, 0]) == nil)
  }

  @Test("Adam restored from its state takes the same next step")
  func adamState() {
    func setup() -> (Tensor, Adam) {
      let weight = Tensor(shape: [3], scalars: [1, -2, 3], requiresGrad: true)
      return (weight, Adam(parameters: [weight], learningRate: 0.1))
    }
    func step(_ weight: Tensor, _ adam: Adam) {
      adam.zeroGrad()
      (weight * weight).sum().backward()
      adam.step()
    }
    let (weight, adam) = setup()
    for _ in 0..<3 { step(weight, adam) }
    let (copy, restored) = setup()
    copy.assign(weight.scalars)
    #expect(restored.restore(stepCount: adam.state.stepCount, moments: adam.state.moments))
    step(weight, adam)
    step(copy, restored)
    #expect(copy.scalars == weight.scalars)
    #expect(!restored.restore(stepCount: 1, moments: [[0, 0, 0]]))
    #expect(!restored.restore(stepCount: 1, moments: [[0, 0], [0, 0]]))
  }

  @Test("forEachParameter visits every parameter once, on any number of threads")
  func everyParameterOnce() {
    let sizes = [[3, 5], [7], [1], [40, 2], [9], [2, 2]]
    let parameters = sizes.map { Tensor.zeros($0) }
    for threads in [1, 2, 3, 8] {
      for count in [1, 2, sizes.count] {
        let some = Array(parameters.prefix(count))
        let visits = UnsafeMutableBufferPointer<Int>.allocate(capacity: count)
        defer { visits.deallocate() }
        visits.initialize(repeating: 0)
        forEachParameter(some, threads: threads) { visits[$0] += 1 }
        #expect(Array(visits) == Array(repeating: 1, count: count), "\(threads) threads")
      }
    }
  }

  @Test("clipping and Adam shared between threads give the same bytes as on one")
  func threadsChangeNothing() {
    func run(threads: Int) -> [[Float]] {
      let parameters = [[64, 33], [5], [300], [17, 9]].enumerated().map {
        let values = randomTensor($0.element, seed: UInt64(80 + $0.offset))
        return Tensor(shape: values.shape, scalars: values.scalars, requiresGrad: true)
      }
      let adam = Adam(parameters: parameters, learningRate: 0.01)
      for _ in 0..<3 {
        adam.zeroGrad()
        parameters.map { ($0 * $0 * $0).sum() }.reduce(Tensor(0), +).backward()
        let norm = clipGradients(parameters, maxNorm: 0.5, threads: threads)
        #expect(norm > 0.5)  // the clipping scales
        adam.step(threads: threads)
      }
      return parameters.map(\.scalars)
    }
    let one = run(threads: 1)
    #expect(run(threads: 2) == one)
    #expect(run(threads: 3) == one)
  }
}
