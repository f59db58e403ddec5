/// Counting n-grams, the matching unit of BLEU.
enum NGrams {
  /// How often each n-gram (n consecutive tokens) occurs in `tokens`.
  static func counts<Token: Hashable>(_ tokens: [Token], n: Int) -> [[Token]: Int] {
    var counts: [[Token]: Int] = [:]
    guard tokens.count >= n, n > 0 else { return counts }
    for start in 0...(tokens.count - n) {
      counts[Array(tokens[start..<(start + n)]), default: 0] += 1
    }
    return counts
  }
}
