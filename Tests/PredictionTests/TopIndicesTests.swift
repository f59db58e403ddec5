import Testing

@testable import Prediction

@Suite("beam search's per-beam selection")
struct TopIndicesTests {
  @Test("the k largest, largest first, ties in index order: the prefix of a full stable sort")
  func matchesFullSort() {
    var state: UInt64 = 1
    for trial in 0..<200 {
      let count = 1 + trial % 7
      let values: [Float] = (0..<(5 + trial % 40)).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Float((state >> 33) % 9) - 4  // few distinct values: many ties
      }
      let sorted = values.indices.sorted {
        values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1
      }
      #expect(topIndices(values, count: count) == Array(sorted.prefix(count)), "\(values)")
    }
    #expect(topIndices([3, 1, 2], count: 5) == [0, 2, 1])
  }
}
