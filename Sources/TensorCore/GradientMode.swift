/// Whether ops record how they were computed, so that `backward()` can differentiate them.
///
/// Recording is on by default. Inference (translation, evaluation) runs inside
/// `GradientMode.withoutGradients { ... }`, which builds no graph and keeps no inputs alive.
public enum GradientMode {
  @TaskLocal static var isRecording = true

  /// Whether ops record their inputs and derivatives right now.
  public static var isEnabled: Bool { isRecording }

  /// Runs `body` with recording off: results need no gradient and hold no graph.
  public static func withoutGradients<R>(_ body: () throws -> R) rethrows -> R {
    try $isRecording.withValue(false, operation: body)
  }
}
