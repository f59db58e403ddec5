import LessonSupport
import MaskedLoss
import TensorCore

/// Lesson 4: the masked loss. Padding positions must count for nothing.
enum MaskedLossLesson: Lesson {
  static func run(_ say: (String) -> Void) throws {
    say("Lesson 4: the masked softmax cross-entropy loss")
    say("Sentences in a batch have different lengths; shorter ones are padded with <pad> up to")
    say("numSteps. The loss must ignore the padding, or the model learns to predict <pad>.")

    heading("1. sequenceMask keeps the first validLen steps of each row").forEach(say)
    // D2L: X = [[1, 2, 3], [4, 5, 6]], valid lengths [1, 2].
    let x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    say("X = \(format(x, digits: 0))  validLen = [1, 2]")
    say(
      "sequenceMask(X, validLen: [1, 2]) = \(format(sequenceMask(x, validLen: [1, 2]), digits: 0))")
    // The same along the steps of a 3-D tensor, with another fill value.
    let ones = Tensor.ones([2, 3, 4])
    let masked = sequenceMask(ones, validLen: [1, 2], value: -1)
    say(
      "ones (2, 3, 4) masked with value -1, row 0 = \(format(masked.select(axis: 0, 0), digits: 0))"
    )

    heading("2. the masked loss of D2L's check").forEach(say)
    // All-ones logits: every one of the 10 classes is equally likely, so each real token
    // costs -log(1/10) = log 10 = 2.3026.
    let logits = Tensor.ones([3, 4, 10])
    let labels = [Int](repeating: 1, count: 12)
    let validLen = [4, 2, 0]
    say("logits: \(shape(logits)) all ones, labels: (3, 4) all ones, validLen: \(validLen)")
    say("each real token costs -log(1/10) = log 10 = \(format(Float(10).logNatural))")
    let d2lLoss = maskedSoftmaxCrossEntropy(logits: logits, labels: labels, validLen: validLen)
    say("loss (D2L, mean over numSteps)      = \(format(d2lLoss.scalars))")
    let tokenLoss = maskedSoftmaxCrossEntropy(
      logits: logits, labels: labels, validLen: validLen, reduction: .meanOverValidTokens)
    say("loss (mean over valid tokens only)  = \(format(tokenLoss.scalars))")
    say("Row 2 is all padding: its loss is 0 either way. Row 1 has 2 real tokens of 4: D2L")
    say("divides their loss by numSteps = 4 and reports 1.1513; per valid token it is 2.3026.")

    heading("3. the padding gets no gradient").forEach(say)
    let trainable = Tensor(shape: [3, 4, 10], scalars: logits.scalars, requiresGrad: true)
    maskedSoftmaxCrossEntropy(logits: trainable, labels: labels, validLen: validLen).sum()
      .backward()
    let gradient = trainable.grad!
    for row in 0..<3 {
      let norms = (0..<4).map { step -> Float in
        let g = gradient.select(axis: 0, row).select(axis: 0, step).scalars
        return g.map { $0 * $0 }.reduce(0, +).squareRoot()
      }
      say("row \(row) (validLen \(validLen[row])): |dloss/dlogits| per step = \(format(norms))")
    }
    say("Steps at or beyond a row's valid length receive exactly zero gradient: the mask")
    say("multiplies them by 0 on the way forward, so the chain rule multiplies them by 0 back.")
  }
}

extension Float {
  /// The natural logarithm, through the core's vector kernel.
  fileprivate var logNatural: Float { Tensor(self).log().scalar }
}
