import Layers
import TensorCore
import TestSupport
import Testing

@Suite("embedding, dense, dropout")
struct BasicLayerTests {
  @Test("an embedding maps (batchSize, numSteps) ids to (batchSize, numSteps, embedSize)")
  func embeddingShapes() {
    var generator = SeededGenerator(seed: 0)
    let embedding = Embedding(vocabSize: 10, embedSize: 8, generator: &generator)
    let vectors = embedding([1, 2, 3, 4, 5, 6, 7, 8], shape: [4, 2])
    expectShape(vectors, [4, 2, 8])
    #expect(
      vectors.select(axis: 0, 0).select(axis: 0, 1).scalars
        == Array(embedding.weight.scalars[16..<24]))
    #expect(embedding.parameterCount == 80)
    expectGradientsMatch(parameters: embedding.parameters) { embedding([3, 3, 9], shape: [3]) }
  }

  @Test("dense applies y = x W + b to the last axis of any rank")
  func denseShapesAndValues() {
    var generator = SeededGenerator(seed: 0)
    let dense = Dense(inputSize: 3, outputSize: 2, generator: &generator)
    dense.weight.assign([1, 0, 0, 1, 1, 1])
    dense.bias.assign([10, 20])
    expectClose(dense(Tensor(shape: [1, 3], scalars: [1, 2, 3])), [14, 25])
    let logits = dense(randomTensor([7, 4, 3], seed: 1))
    expectShape(logits, [7, 4, 2])
    expectClose(
      logits.select(axis: 0, 6).select(axis: 0, 3),
      dense(randomTensor([7, 4, 3], seed: 1).reshaped([28, 3])).select(axis: 0, 27).scalars)
    expectGradientsMatch(parameters: dense.parameters) { dense(randomTensor([2, 2, 3], seed: 2)) }
  }

  @Test("dropout drops while training and passes everything through in inference")
  func dropoutPhases() {
    let dropout = Dropout(p: 0.5, seed: 3)
    let x = Tensor.ones([1000])
    let dropped = dropout(x).scalars.filter { $0 == 0 }.count
    #expect((400...600).contains(dropped))
    #expect(LearningPhase.inference { dropout(x).scalars } == x.scalars)
    #expect(LearningPhase.current == .training)
  }
}
