import Dispatch
import EncoderDecoder
import Layers
import TensorCore
import TranslationData

/// Data parallelism: each batch split between copies of the model, one per worker thread.
///
/// Every worker holds its own copy of the model (the same weights, its own gradients and dropout
/// masks), computes the loss of its share of the batch and backpropagates it. The gradients are
/// then summed into the first copy, the one the optimizer steps, and the new weights are copied
/// back to the others. Both exchanges share the parameters between the workers' threads
/// (`forEachParameter`). The loss is a sum over sentences, so the summed gradient is the whole
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
      let copy = try! EncoderDecoder(
        model.configuration, seed: seed &+ UInt64(worker) &* 0x9E37_79B9)
      (copy.pieces, copy.transformerPieces) = (model.pieces, model.transformerPieces)
      return copy
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
    let total = try eachShare(of: batch, concurrently: concurrently) { share, model in
      let total = try loss(share, model).sum()
      total.backward()
      return total.scalar
    }
    let parameters = models.map(\.parameters)
    forEachParameter(parameters[0], threads: models.count) { index in
      for copy in parameters.dropFirst() {
        if let grad = copy[index].grad { parameters[0][index].accumulateGrad(grad) }
        copy[index].zeroGrad()
      }
    }
    return total
  }

  /// The summed `loss` of `batch`, each share on its own model at once, with dropout off and no
  /// graph recorded: validation in the shares training uses, so on every core and in buffers of
  /// the sizes training has left in the pool. The models must hold the same weights.
  func evaluate(_ batch: Batch, loss: (Batch, EncoderDecoder) throws -> Tensor) rethrows -> Float {
    try eachShare(of: batch, concurrently: true) { share, model in
      // The phase is a task-local value: set it on the worker's own thread.
      try LearningPhase.inference { try loss(share, model).sum().scalar }
    }
  }

  /// `body` on each share of `batch` with its own model (an empty share counts 0), all at once
  /// when `concurrently`; the shares' results summed in order, or the first share's error.
  private func eachShare(
    of batch: Batch, concurrently: Bool, _ body: (Batch, EncoderDecoder) throws -> Float
  ) rethrows -> Float {
    let shares = batch.split(into: models.count)
    var results = [Result<Float, any Error>](repeating: .success(0), count: models.count)
    withoutActuallyEscaping(body) { body in
      results.withUnsafeMutableBufferPointer { buffer in
        let results = buffer  // a copy: the closure's own parameter is inout
        // Each worker touches only its own share, model and result slot.
        let work = Unchecked { (worker: Int) in
          results[worker] = Result {
            shares[worker].batchSize > 0 ? try body(shares[worker], self.models[worker]) : 0
          }
        }
        if concurrently && models.count > 1 {
          DispatchQueue.concurrentPerform(iterations: models.count) { work.value($0) }
        } else {
          (0..<models.count).forEach(work.value)
        }
      }
    }
    return try results.reduce(0) { try $0 + $1.get() }
  }

  /// Copies the weights of `models[0]` into every other model, after an optimizer step.
  func copyWeights() {
    let parameters = models.map(\.parameters)
    forEachParameter(parameters[0], threads: models.count) { index in
      for copy in parameters.dropFirst() {
        parameters[0][index].withUnsafeScalars { source in
          copy[index].withUnsafeMutableScalars { _ = $0.update(fromContentsOf: source) }
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
