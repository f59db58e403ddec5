/// D2L's printed loss: the sentences' summed losses over the number of real tokens they hold,
/// sum_i loss_i / sum_i validLen[i], so that every token weighs the same whatever its sentence's
/// length (0 when there is no real token).
///
/// ```
/// lossPerToken(sentenceLosses: [3, 1], validLen: [1, 4])  // 4 / 5 = 0.8
/// ```
public func lossPerToken(sentenceLosses: [Float], validLen: [Int]) -> Float {
  let tokens = validLen.reduce(0, +)
  return tokens == 0 ? 0 : sentenceLosses.reduce(0, +) / Float(tokens)
}
