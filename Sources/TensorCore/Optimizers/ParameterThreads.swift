import Dispatch

/// Runs `body(i)` for every index `i` of `parameters`, the indices split into `threads` runs of
/// consecutive parameters of about equal scalar counts, the runs on as many threads at once.
///
/// The update after each training step (the workers' gradients summed, the norm clipped, Adam, the
/// new weights copied back) touches each parameter on its own, so with `body(i)` touching only
/// parameter `i` (and slot `i` of an array) the result is the same bytes as one after the other;
/// on two cores it takes half the time instead of leaving one core idle. One thread: in order,
/// on the caller's.
public func forEachParameter(_ parameters: [Tensor], threads: Int, _ body: (Int) -> Void) {
  guard threads > 1, parameters.count > 1 else { return parameters.indices.forEach(body) }
  // Cut where the running scalar count passes k/threads of the total.
  let total = parameters.reduce(0) { $0 + $1.count }
  var starts = [0]
  var running = 0
  for (index, parameter) in parameters.enumerated() where starts.count < threads {
    running += parameter.count
    if running * threads >= total * starts.count, index + 1 < parameters.count {
      starts.append(index + 1)
    }
  }
  let runs = zip(starts, starts.dropFirst() + [parameters.count]).map { $0..<$1 }
  withoutActuallyEscaping(body) { body in
    let work = UncheckedBody(body)
    DispatchQueue.concurrentPerform(iterations: runs.count) { run in
      for index in runs[run] { work.body(index) }
    }
  }
}

/// `body` handed to other threads on `forEachParameter`'s word that each index is used by one.
private struct UncheckedBody: @unchecked Sendable {
  let body: (Int) -> Void
  init(_ body: @escaping (Int) -> Void) { self.body = body }
}
