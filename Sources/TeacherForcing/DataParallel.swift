import Dispatch
import EncoderDecoder
import TensorCore
import TranslationData

/// Data parallelism: each batch split between copies of the model, one per worker thread.
///
/// Every worker holds its own copy of the model (the same weights, its own gradients and dropout
/// masks), computes the loss of its share of the batch and backpropagates it. The gradients are
/// then summed into the first copy, the one the optimizer steps, and the new weights are copied
/// back to the others. The loss is a sum over sentences, so the summed gradient is the whole
/// batch's gradient, up to rounding. Results depend on the number of workers, never on how many
/// cores the machine has: the shares are computed the same way one after the other.
final class DataParallel {
  /// models[0] is the model being trained; the others are its copies.
  let models: [EncoderDecoder]

  /// Copies `model` for `workers - 1` more workers; each copy's dropout draws its own masks.
  init(model: EncoderDecoder, workers: Int, seed: UInt64) {
    precondition(workers > 0, "DataParallel: workers must be positive")
    let copies = (1..<workers).map { worker in
      // Cannot throw: the same configuration has already built `model`.
      try! EncoderDecoder(model.configuration, seed: seed &+ UInt64(worker) &* 0x9E37_79B9)
    }
    models = [model] + copies
    copyWeights()
  }

  /// Computes `loss` of each share of `batch` on its own model and backpropagates it, all shares
  /// at once when `concurrently`; then sums the gradients into `models[0]`. Returns the summed
  /// loss, or rethrows the first share's error.
  func backward(
    _ batch: Batch, concurrently: Bool, loss: (Batch, EncoderDecoder) throws -> Tensor
  ) throws -> Float {
    let shares = batch.split(into: models.count)
    var results = [Result<Float, any Error>](repeating: .success(0), count: models.count)
    withoutActuallyEscaping(loss) { loss in
      results.withUnsafeMutableBufferPointer { buffer in
        let results = buffer  // a copy: the closure's own parameter is inout
        // Each worker touches only its own share, model and result slot.
        let work = Unchecked { (worker: Int) in
          results[worker] = Result {
            guard shares[worker].batchSize > 0 else { return 0 }
            let total = try loss(shares[worker], self.models[worker]).sum()
            total.backward()
            return total.scalar
          }
        }
        if concurrently && models.count > 1 {
          DispatchQueue.concurrentPerform(iterations: models.count) { work.value($0) }
        } else {
          (0..<models.count).forEach(work.value)
        }
      }
    }
    for copy in models.dropFirst() {
      for (parameter, copied) in zip(models[0].parameters, copy.parameters) {
        if let grad = copied.grad { parameter.accumulateGrad(grad) }
        copied.zeroGrad()
      }
    }
    return try results.reduce(0) { try $0 + $1.get() }
  }

  /// Copies the weights of `models[0]` into every other model, after an optimizer step.
  func copyWeights() {
    for copy in models.dropFirst() {
      for (parameter, copied) in zip(models[0].parameters, copy.parameters) {
        parameter.withUnsafeScalars { source in
          copied.withUnsafeMutableScalars { _ = $0.update(fromContentsOf: source) }
        }
      }
    }
  }
}

/// A value handed to other threads on the caller's word that they use it safely.
private struct Unchecked<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}
