import Layers

/// Dropout off, so that two models' losses can be compared exactly.
enum LearningPhaseInference {
  static func run<R>(_ body: () throws -> R) rethrows -> R {
    try LearningPhase.inference(body)
  }
}
