import ExerciseSupport
import Formatting
import Foundation
import TensorCore

/// Throws an `ExerciseFailure` naming exercise `id` unless `got` equals `expected`.
func expectEqual<T: Equatable>(_ id: String, _ what: String, got: T, expected: T) throws {
  guard got == expected else {
    throw ExerciseFailure(id, "\(what): expected \(expected), got \(got)")
  }
}

/// Throws an `ExerciseFailure` unless `got` has `expected`'s shape and scalars within `tolerance`.
func expectClose(
  _ id: String, _ what: String, got: Tensor, expected: Tensor, tolerance: Float = 1e-4
) throws {
  try expectEqual(id, "\(what) shape", got: got.shape, expected: expected.shape)
  try expectClose(id, what, got: got.scalars, expected: expected.scalars, tolerance: tolerance)
}

/// Throws an `ExerciseFailure` unless every value is within `tolerance` (plus 1e-4 relative).
func expectClose(
  _ id: String, _ what: String, got: [Float], expected: [Float], tolerance: Float = 1e-4
) throws {
  guard got.count == expected.count else {
    throw ExerciseFailure(id, "\(what): expected \(expected.count) values, got \(got.count)")
  }
  for (index, (a, b)) in zip(got, expected).enumerated()
  where !(abs(a - b) <= tolerance + 1e-4 * abs(b)) {
    let shown = { (values: [Float]) in
      "[" + values.prefix(6).map { fixed($0, 4) }.joined(separator: ", ")
        + (values.count > 6 ? ", ..." : "") + "]"
    }
    throw ExerciseFailure(
      id,
      "\(what): element \(index) should be \(b), got \(a); expected \(shown(expected)), got \(shown(got))"
    )
  }
}

/// A tensor of `shape` with seeded uniform scalars in [-1, 1].
func sample(_ shape: [Int], seed: UInt64) -> Tensor {
  var generator = SeededGenerator(seed: seed)
  return Tensor.uniform(shape, in: -1...1, using: &generator, requiresGrad: false)
}
