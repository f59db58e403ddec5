import Exercises
import MaskedLoss
import TensorCore

enum MaskedLossChecks {
  static func sequenceMask() throws {
    // D2L: [[1, 2, 3], [4, 5, 6]] with valid lengths [1, 2] gives [[1, 0, 0], [4, 5, 0]].
    let x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    try expectClose(
      "4.1", "sequenceMask([[1, 2, 3], [4, 5, 6]], validLen: [1, 2])",
      got: try MaskedLossExercises.sequenceMask(x, validLen: [1, 2]),
      expected: Tensor(shape: [2, 3], scalars: [1, 0, 0, 4, 5, 0]))
    try expectClose(
      "4.1", "valid lengths 0 and 3 with value -1",
      got: try MaskedLossExercises.sequenceMask(x, validLen: [0, 3], value: -1),
      expected: Tensor(shape: [2, 3], scalars: [-1, -1, -1, 4, 5, 6]))
  }

  static func maskedLoss() throws {
    // D2L: all-ones logits (3, 4, 10), all-ones labels, valid lengths [4, 2, 0].
    let got = try MaskedLossExercises.maskedSoftmaxCrossEntropy(
      logits: Tensor.ones([3, 4, 10]), labels: Array(repeating: 1, count: 12), validLen: [4, 2, 0])
    try expectClose(
      "4.2", "D2L's check", got: got, expected: Tensor(shape: [3], scalars: [2.3026, 1.1513, 0]))
    let logits = sample([2, 5, 7], seed: 31)
    let labels = [0, 6, 2, 2, 1, 3, 3, 4, 5, 0]
    try expectClose(
      "4.2", "random logits, valid lengths [5, 1]",
      got: try MaskedLossExercises.maskedSoftmaxCrossEntropy(
        logits: logits, labels: labels, validLen: [5, 1]),
      expected: maskedSoftmaxCrossEntropy(logits: logits, labels: labels, validLen: [5, 1]))
  }

  static func lossPerToken() throws {
    try expectClose(
      "4.3", "losses [2.3026, 1.1513, 0] over valid lengths [4, 2, 0]",
      got: [
        try MaskedLossExercises.lossPerToken(
          sentenceLosses: [2.3026, 1.1513, 0], validLen: [4, 2, 0])
      ],
      expected: [3.4539 / 6])
    try expectClose(
      "4.3", "no valid tokens at all",
      got: [try MaskedLossExercises.lossPerToken(sentenceLosses: [0, 0], validLen: [0, 0])],
      expected: [0])
  }
}
