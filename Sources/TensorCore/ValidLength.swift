/// The one rule for a sentence with no valid step: it keeps its first. A row of a masked
/// softmax or a pooled context with nothing to read would be undefined (0 / 0); D2L's code reads
/// `<eos>`, so a valid length is at least 1 there, and the attention kernels, the masked softmax
/// and the pooled context variables all apply it through this one function.
extension Array where Element == Int {
  /// Each valid length raised to at least 1.
  public var keepingFirstStep: [Int] { map { Swift.max($0, 1) } }
}
