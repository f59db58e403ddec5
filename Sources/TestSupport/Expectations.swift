import TensorCore
import Testing

/// Records a test issue unless every element of `actual` is within tolerance of `expected`:
/// |a - e| <= absoluteTolerance + relativeTolerance * |e|. The message names the first mismatch.
public func expectClose(
  _ actual: [Float], _ expected: [Float], absoluteTolerance: Float = 1e-5,
  relativeTolerance: Float = 1e-4, _ comment: Comment? = nil,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard actual.count == expected.count else {
    Issue.record(
      "expected \(expected.count) values, got \(actual.count)\(suffix(comment))",
      sourceLocation: sourceLocation)
    return
  }
  for (index, (a, e)) in zip(actual, expected).enumerated() {
    let close = abs(a - e) <= absoluteTolerance + relativeTolerance * abs(e)
    if !close || a.isNaN != e.isNaN {
      Issue.record(
        "element \(index): expected \(e), got \(a) (difference \(abs(a - e)))\(suffix(comment))",
        sourceLocation: sourceLocation)
      return
    }
  }
}

/// Records a test issue unless `tensor`'s scalars are close to `expected` (see `expectClose`).
public func expectClose(
  _ tensor: Tensor, _ expected: [Float], absoluteTolerance: Float = 1e-5,
  relativeTolerance: Float = 1e-4, _ comment: Comment? = nil,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  expectClose(
    tensor.scalars, expected, absoluteTolerance: absoluteTolerance,
    relativeTolerance: relativeTolerance, comment, sourceLocation: sourceLocation)
}

/// Records a test issue unless `tensor` has `shape`, printed the way the book prints shapes.
public func expectShape(
  _ tensor: Tensor, _ shape: [Int], sourceLocation: SourceLocation = #_sourceLocation
) {
  if tensor.shape != shape {
    Issue.record(
      "expected shape \(Shape.describe(shape)), got \(Shape.describe(tensor.shape))",
      sourceLocation: sourceLocation)
  }
}

private func suffix(_ comment: Comment?) -> String {
  comment.map { " — \($0.rawValue)" } ?? ""
}
