import TensorCore

/// A building block with trainable parameters that is called like a function, as in
/// tensorflow/swift-apis: `let y = dense(x)`.
///
/// Each layer's `callAsFunction` takes what that layer needs (token ids for an embedding, a
/// sequence and a state for a recurrent layer); what they share is `parameters`, which an
/// optimizer updates and a checkpoint saves, always in the same order.
public protocol Layer: AnyObject {
  /// The trainable tensors, in a fixed order.
  var parameters: [Tensor] { get }
}

extension Layer {
  /// The number of trainable scalars.
  public var parameterCount: Int {
    parameters.reduce(0) { $0 + $1.count }
  }
}

/// Whether layers are training (dropout active) or being used to predict (dropout off).
public enum LearningPhase: Sendable {
  /// Training: dropout drops.
  case training
  /// Inference: dropout passes everything through, as PyTorch's `model.eval()`.
  case inference

  /// The phase in effect; training unless inside `LearningPhase.inference { ... }`.
  @TaskLocal public static var current: LearningPhase = .training

  /// Runs `body` in inference: dropout off and no gradients recorded.
  public static func inference<R>(_ body: () throws -> R) rethrows -> R {
    try $current.withValue(.inference) { try GradientMode.withoutGradients(body) }
  }
}
