import ExerciseSupport
import Formatting
import Foundation
import TensorCore

// Every failure names the input (`what`), the expected value and the value got. Each check runs
// its cases from the smallest to the largest, so the first that fails is the smallest example
// that shows the mistake.

/// Throws an `ExerciseFailure` naming exercise `id` unless `got` equals `expected`.
func expectEqual<T: Equatable>(_ id: ExerciseID, _ what: String, got: T, expected: T) throws {
  guard got == expected else {
    throw ExerciseFailure(id, "\(what): expected \(expected), got \(got)")
  }
}

/// Throws an `ExerciseFailure` unless `got` has `expected`'s shape and scalars within `tolerance`.
func expectClose(
  _ id: ExerciseID, _ what: String, got: Tensor, expected: Tensor, tolerance: Float = 1e-4
) throws {
  guard got.shape == expected.shape else {
    throw ExerciseFailure(
      id,
      "\(what): expected shape \(Shape.describe(expected.shape)), got \(Shape.describe(got.shape))")
  }
  try expectClose(id, what, got: got.scalars, expected: expected.scalars, tolerance: tolerance)
}

/// Throws an `ExerciseFailure` unless every value is within `tolerance` (plus 1e-4 relative):
/// both lists around the first difference, and that element's two values.
func expectClose(
  _ id: ExerciseID, _ what: String, got: [Float], expected: [Float], tolerance: Float = 1e-4
) throws {
  guard got.count == expected.count else {
    throw ExerciseFailure(id, "\(what): expected \(expected.count) values, got \(got.count)")
  }
  let close = { (a: Float, b: Float) in abs(a - b) <= tolerance + 1e-4 * abs(b) }
  guard let index = got.indices.first(where: { !close(got[$0], expected[$0]) }) else { return }
  let start = max(0, min(index - 2, expected.count - 6))
  let shown = { (values: [Float]) in
    (start > 0 ? "[..., " : "[")
      + values[start..<min(start + 6, values.count)].map { fixed($0, 4) }.joined(separator: ", ")
      + (start + 6 < values.count ? ", ...]" : "]")
  }
  let element =
    expected.count == 1 ? "" : " (element \(index): \(expected[index]) expected, \(got[index]) got)"
  throw ExerciseFailure(
    id, "\(what): expected \(shown(expected)), got \(shown(got))\(element)")
}

/// Throws unless the gradient of (f(input) * a fixed random tensor).sum() with respect to
/// `input` is the library's.
func expectGradient(
  _ id: ExerciseID, _ what: String, of input: Tensor, yours: (Tensor) throws -> Tensor,
  library: (Tensor) throws -> Tensor
) throws {
  try expectGradients(
    id, what, of: [("the input", input)], yours: { try yours($0[0]) },
    library: { try library($0[0]) })
}

/// Throws unless the gradients of (f(inputs) * a fixed random tensor).sum() with respect to each
/// of `inputs` (named, e.g. ("x", x)) are the library's: a value rebuilt from `.scalars` has the
/// right value and no gradient.
func expectGradients(
  _ id: ExerciseID, _ what: String, of inputs: [(name: String, value: Tensor)],
  yours: ([Tensor]) throws -> Tensor, library: ([Tensor]) throws -> Tensor
) throws {
  try expectSame(id, what, of: inputs, values: false, yours: yours, library: library)
}

/// f at copies of `inputs` that need gradients, and the gradients of (f * a fixed random
/// tensor).sum() with respect to each copy, then each of `parameters` (zero where none flows):
/// the probe of every comparison of a learner's piece with the library's, in a check and in the
/// translator's diagnosis. The parameters' gradients are cleared before and after.
public func valueAndGradients(
  of f: ([Tensor]) throws -> Tensor, at inputs: [Tensor], parameters: [Tensor] = []
) rethrows -> (value: Tensor, gradients: [Tensor]) {
  let leaves = inputs.map { Tensor(shape: $0.shape, scalars: $0.scalars, requiresGrad: true) }
  for parameter in parameters { parameter.zeroGrad() }
  let value = try f(leaves)
  if value.requiresGrad { (value * Tensor.sample(value.shape, seed: 7)).sum().backward() }
  let gradients = (leaves + parameters).map { $0.grad ?? Tensor.zeros($0.shape) }
  for parameter in parameters { parameter.zeroGrad() }
  return (value, gradients)
}

/// Throws unless `yours` equals `library` on `inputs`, in value (unless `values` is false) and in
/// the gradients with respect to each input; each function runs once.
func expectSame(
  _ id: ExerciseID, _ what: String, of inputs: [(name: String, value: Tensor)],
  tolerance: Float = 1e-4, values: Bool = true, yours: ([Tensor]) throws -> Tensor,
  library: ([Tensor]) throws -> Tensor
) throws {
  let at = inputs.map(\.value)
  let expected = try valueAndGradients(of: library, at: at)
  let got = try valueAndGradients(of: yours, at: at)
  if values {
    try expectClose(id, what, got: got.value, expected: expected.value, tolerance: tolerance)
  }
  for (input, (got, expected)) in zip(inputs, zip(got.gradients, expected.gradients)) {
    try expectClose(
      id, what + ": the gradient with respect to \(input.name) (did a value leave the graph?)",
      got: got, expected: expected)
  }
}

/// A tensor of `shape` with seeded uniform scalars in [-1, 1].
func sample(_ shape: [Int], seed: UInt64) -> Tensor { Tensor.sample(shape, seed: seed) }
