extension Array {
  /// Shuffles the array in place by Fisher-Yates with our own index draw (`next() % (i + 1)`),
  /// not the standard library's `shuffle`, whose draws are not specified: one seed gives one
  /// order on every platform. The batches, the split and the validation sample use it.
  public mutating func seededShuffle(using generator: inout some RandomNumberGenerator) {
    for i in stride(from: count - 1, to: 0, by: -1) {
      swapAt(i, Int(generator.next() % UInt64(i + 1)))
    }
  }
}
