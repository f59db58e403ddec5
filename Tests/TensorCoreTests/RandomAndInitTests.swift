import TensorCore
import TestSupport
import Testing

@Suite("random numbers and initialisation")
struct RandomAndInitTests {
  @Test("one seed gives one sequence; another seed another")
  func seeded() {
    var a = SeededGenerator(seed: 42)
    var b = SeededGenerator(seed: 42)
    var c = SeededGenerator(seed: 43)
    let first = (0..<5).map { _ in a.next() }
    #expect(first == (0..<5).map { _ in b.next() })
    #expect(first != (0..<5).map { _ in c.next() })
  }

  @Test("xoshiro256** reproduces the reference implementation's outputs")
  func referenceOutputs() {
    var generator = SeededGenerator(seed: 0)
    let outputs = (0..<4).map { _ in generator.next() }
    #expect(outputs == RandomReference.xoshiroSeed0)
  }

  @Test("uniform floats lie in [0, 1) with mean 1/2; normals have mean 0 and variance 1")
  func distributions() {
    var generator = SeededGenerator(seed: 7)
    let uniform = (0..<100_000).map { _ in generator.nextUnitFloat() }
    #expect(uniform.allSatisfy { (0..<1).contains($0) })
    #expect(abs(uniform.reduce(0, +) / 100_000 - 0.5) < 0.01)
    let normal = (0..<100_000).map { _ in generator.nextNormalFloat() }
    let mean = normal.reduce(0, +) / 100_000
    let variance = normal.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 100_000
    #expect(abs(mean) < 0.01)
    #expect(abs(variance - 1) < 0.02)
  }

  @Test("Xavier-uniform stays within sqrt(6 / (fanIn + fanOut)) and fills the range")
  func xavier() {
    var generator = SeededGenerator(seed: 3)
    let w = Tensor.xavierUniform([32, 96], using: &generator)
    let bound = (6 / Float(32 + 96)).squareRoot()
    #expect(w.requiresGrad)
    #expect(w.scalars.allSatisfy { abs($0) <= bound })
    #expect(w.scalars.max()! > 0.9 * bound)
    #expect(w.scalars.min()! < -0.9 * bound)
  }
}

@Suite("large buffers")
struct LargeBufferTests {
  @Test("mapped buffers hold their values, are reused, and are unmapped beyond the pool's budget")
  func mappedBuffers() {
    // 4 MB each: above the size that is mapped directly; 80 of them exceed the pool's budget,
    // so freeing them unmaps some, and the next round maps fresh pages (zeroed by the system,
    // filled here by `ones`).
    for round in 0..<2 {
      var tensors: [Tensor] = []
      for index in 0..<80 {
        let tensor = Tensor.ones([1024, 1024 + (index + round) % 3])  // a few size classes
        tensors.append(tensor)
      }
      for (index, tensor) in tensors.enumerated() {
        #expect(tensor.sum().scalar == Float(1024 * (1024 + (index + round) % 3)))
      }
    }
    let zeros = Tensor.zeros([2048, 1024])
    #expect(zeros.sum().scalar == 0)
  }
}
