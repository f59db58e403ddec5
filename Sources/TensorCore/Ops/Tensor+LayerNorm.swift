extension Tensor {
  /// Layer normalisation over the last axis, in one op (the Transformer's `nn.LayerNorm`):
  ///
  /// ```
  /// mu = mean_j x_j,   sigma^2 = mean_j (x_j - mu)^2,   x^_j = (x_j - mu) / sqrt(sigma^2 + eps)
  /// y_j = gamma_j x^_j + beta_j
  /// ```
  ///
  /// `gamma` and `beta` are (width,), the last axis of x. Derivatives, per row with r =
  /// 1 / sqrt(sigma^2 + eps) and g_j = dy_j gamma_j: dx_j = r (g_j - mean(g) - x^_j mean(g x^)),
  /// dgamma_j += sum over rows of dy_j x^_j, dbeta_j += sum over rows of dy_j. The composite it
  /// equals is `LayerNorm.composite` (Transformer), built from mean, subtraction and square roots.
  public func layerNorm(gamma: Tensor, beta: Tensor, epsilon: Float = 1e-5) -> Tensor {
    let width = shape.last ?? 1
    require(
      gamma.shape == [width] && beta.shape == [width],
      "layerNorm: gamma and beta must be (\(width)), got \(Shape.describe(gamma.shape)) and "
        + "\(Shape.describe(beta.shape))")
    let input = self
    let rows = count / Swift.max(width, 1)
    let out = Tensor(uninitializedShape: shape)
    let normalised = Tensor(uninitializedShape: shape)  // x^, kept for the derivative
    let inverseDeviation = Tensor(uninitializedShape: [rows])  // r of each row
    let (x, y) = (storage.pointer, out.storage.pointer)
    let (xHat, r) = (normalised.storage.pointer, inverseDeviation.storage.pointer)
    let (g, b) = (gamma.storage.pointer, beta.storage.pointer)
    let scale = 1 / Float(width)
    for row in 0..<rows {
      let (xRow, hatRow) = (x + row * width, xHat + row * width)
      let mu = Vector(repeating: Loops.sum(width, xRow) * scale)
      Loops.map(width, xRow, into: hatRow) { $0 - mu }
      let variance = Loops.dot(width, hatRow, hatRow) * scale
      let inverse = 1 / (variance + epsilon).squareRoot()
      r[row] = inverse
      let factor = Vector(repeating: inverse)
      Loops.map(width, hatRow, into: hatRow) { $0 * factor }
      Loops.zip3(width, hatRow, g, b, into: y + row * width) { $0 * $1 + $2 }
    }
    return out.recordBackward(from: [input, gamma, beta]) { grad in
      let dy = grad.storage.pointer
      // The closure holds the tensors, so that the buffers behind x^ and r live as long as it.
      let (xHat, r) = (normalised.storage.pointer, inverseDeviation.storage.pointer)
      input.contributeGrad { dx in
        for row in 0..<rows {
          let (dyRow, hatRow, dxRow) = (dy + row * width, xHat + row * width, dx + row * width)
          Loops.zip(width, dyRow, g, into: dxRow) { $0 * $1 }  // g_j = dy_j gamma_j
          let meanG = Vector(repeating: Loops.sum(width, dxRow) * scale)
          let meanGHat = Vector(repeating: Loops.dot(width, dxRow, hatRow) * scale)
          let inverse = Vector(repeating: r[row])
          Loops.zip(width, dxRow, hatRow, into: dxRow) { (($0 - meanG) - $1 * meanGHat) * inverse }
        }
      }
      gamma.contributeGrad { dGamma in
        dGamma.update(repeating: 0, count: width)
        for row in 0..<rows {
          Loops.zip3(width, dGamma, dy + row * width, xHat + row * width, into: dGamma) {
            $0 + $1 * $2
          }
        }
      }
      beta.contributeGrad { dBeta in
        Loops.columnSums(rows: rows, columns: width, dy, into: dBeta)
      }
    }
  }
}
