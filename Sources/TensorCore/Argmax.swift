/// The position of the largest of `scores`, the first of equal ones: the token that greedy
/// decoding picks from a row of logits or log-probabilities.
public func argmax(_ scores: some Collection<Float>) -> Int {
  var (best, bestScore) = (0, -Float.infinity)
  for (position, score) in scores.enumerated() where score > bestScore {
    (best, bestScore) = (position, score)
  }
  return best
}

/// `argmax` of every row of `scores`, rows of `width` scores one after another.
public func argmaxRows(_ scores: [Float], width: Int) -> [Int] {
  stride(from: 0, to: scores.count, by: max(width, 1)).map {
    argmax(scores[$0..<Swift.min($0 + width, scores.count)])
  }
}
