import Foundation
import Layers
import TensorCore

/// Sinusoidal positional encoding (Vaswani et al., 2017; D2L's `PositionalEncoding`): attention
/// alone does not know the order of its inputs, so position i adds
///
/// ```
/// p_{i, 2j} = sin(i / 10000^(2j / d)),   p_{i, 2j+1} = cos(i / 10000^(2j / d))
/// ```
///
/// to its d features. Each pair of columns is a clock of its own frequency, from one turn every
/// 2 pi positions down to one every 10000 * 2 pi, so nearby positions get similar codes and
/// p_{i+k} is a fixed rotation of p_i.
public struct PositionalEncoding {
  /// P, (maxLen, numHiddens): the code of every position.
  public let table: Tensor

  /// The codes of positions 0 ..< maxLen for `numHiddens` features.
  public init(numHiddens: Int, maxLen: Int) {
    var p = [Float](repeating: 0, count: maxLen * numHiddens)
    for i in 0..<maxLen {
      for column in stride(from: 0, to: numHiddens, by: 2) {
        let angle = Double(i) / Double.power10000(Double(column) / Double(numHiddens))
        p[i * numHiddens + column] = Float(sin(angle))
        if column + 1 < numHiddens { p[i * numHiddens + column + 1] = Float(cos(angle)) }
      }
    }
    table = Tensor(shape: [maxLen, numHiddens], scalars: p)
  }

  /// x + P[offset ..< offset + numSteps]: (batchSize, numSteps, numHiddens), each step coded by
  /// its position in the sentence, the first being `offset` (a decoder's step t in prediction);
  /// P is `table` unless another is given (a substitute's).
  public func callAsFunction(_ x: Tensor, offset: Int = 0, table: Tensor? = nil) -> Tensor {
    let table = table ?? self.table
    let numSteps = x.shape[1]
    require(
      offset + numSteps <= table.shape[0],
      "PositionalEncoding: positions up to \(offset + numSteps), the table has \(table.shape[0])")
    return x + table.slice(axis: 0, offset..<(offset + numSteps))
  }
}

extension Double {
  /// 10000^x, the base of the encoding's wavelengths.
  static func power10000(_ x: Double) -> Double { exp(x * log(10_000)) }
}
