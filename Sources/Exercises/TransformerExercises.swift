// Your exercises. Replace each `throw ExerciseError.notImplemented(...)` between BEGIN and END
// with your code; check with `swift run exercises`. Hints: `swift run exercises hint X.Y`.
// (Generated from Sources/ExerciseSolutions by .ci/make-exercise-stubs.)

import ExerciseSupport
import Foundation
import Layers
import TensorCore
import Transformer

/// Exercises 10: the Transformer.
public enum TransformerExercises {
  // MARK: Worked example
  /// A worked example: the width of one head, numHiddens / numHeads, and why the heads must
  /// divide it: `exampleHeadSize(numHiddens: 32, numHeads: 4)` is 8; 32 and 3 give nil.
  public static func exampleHeadSize(numHiddens: Int, numHeads: Int) -> Int? {
    numHiddens % numHeads == 0 ? numHiddens / numHeads : nil
  }

  /// TODO(Exercise 10.1): scaled dot-product attention with a padding mask, softmax(Q K^T /
  /// sqrt(d)) V: queries (batch, querySteps, d), keys (batch, keySteps, d), values (batch,
  /// keySteps, valueSize) give (batch, querySteps, valueSize). Every query of entry b sees only
  /// the keys j < validLen[b]; an entry whose validLen is 0 sees nothing, and its outputs are 0
  /// (zero weights, not the uniform ones a softmax of all -1e6 would give).
  public static func scaledDotProductAttention(
    queries: Tensor, keys: Tensor, values: Tensor, validLen: [Int]
  ) throws -> Tensor {
    // BEGIN Exercise 10.1
    throw ExerciseError.notImplemented("10.1")
    // END Exercise 10.1
  }

  /// TODO(Exercise 10.2): the decoder's causal mask, (querySteps, keySteps): 1 where query i may
  /// see key j, else 0. The queries are the last querySteps of the keySteps positions (in
  /// prediction the keys of the earlier steps are cached), so query i sits at position
  /// i + keySteps - querySteps and sees every key up to that position, itself included.
  public static func causalMask(querySteps: Int, keySteps: Int) throws -> Tensor {
    // BEGIN Exercise 10.2
    throw ExerciseError.notImplemented("10.2")
    // END Exercise 10.2
  }

  /// TODO(Exercise 10.3): split the features into heads (D2L's `transpose_qkv`): x (batch,
  /// numSteps, numHiddens) to (batch, numHeads, numSteps, numHiddens / numHeads), head h taking
  /// features h * headSize ..< (h + 1) * headSize of every step.
  public static func splitHeads(_ x: Tensor, numHeads: Int) throws -> Tensor {
    // BEGIN Exercise 10.3
    throw ExerciseError.notImplemented("10.3")
    // END Exercise 10.3
  }

  /// TODO(Exercise 10.4): merge the heads back (D2L's `transpose_output`), the inverse of 10.3:
  /// (batch, numHeads, numSteps, headSize) to (batch, numSteps, numHeads * headSize).
  public static func mergeHeads(_ x: Tensor) throws -> Tensor {
    // BEGIN Exercise 10.4
    throw ExerciseError.notImplemented("10.4")
    // END Exercise 10.4
  }

  /// TODO(Exercise 10.5): the sinusoidal positional encoding, (maxLen, numHiddens): row i,
  /// column 2j is sin(i / 10000^(2j / numHiddens)) and column 2j + 1 is cos of the same angle.
  public static func positionalEncoding(numHiddens: Int, maxLen: Int) throws -> Tensor {
    // BEGIN Exercise 10.5
    throw ExerciseError.notImplemented("10.5")
    // END Exercise 10.5
  }

  /// TODO(Exercise 10.6): layer normalisation over the last axis, from primitive ops:
  /// gamma * (x - mean(x)) / sqrt(var(x) + epsilon) + beta, the mean and the (biased) variance
  /// taken over each position's features; x (..., width), gamma and beta (width,).
  public static func layerNorm(
    _ x: Tensor, gamma: Tensor, beta: Tensor, epsilon: Float
  ) throws -> Tensor {
    // BEGIN Exercise 10.6
    throw ExerciseError.notImplemented("10.6")
    // END Exercise 10.6
  }

  /// TODO(Exercise 10.7): add & norm around a sublayer (D2L's `AddNorm`): y is the sublayer's
  /// output for x; dropout acts on y, then the residual x is added, then `norm`:
  /// LayerNorm(x + dropout(y)).
  public static func addNorm(
    _ x: Tensor, _ y: Tensor, norm: LayerNorm, dropout: Dropout
  ) throws -> Tensor {
    // BEGIN Exercise 10.7
    throw ExerciseError.notImplemented("10.7")
    // END Exercise 10.7
  }
}
