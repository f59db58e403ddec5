import Files
import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// Why a download failed, in one line that says what to do.
public struct DownloadError: Error, CustomStringConvertible {
  /// What failed and what to do.
  public let description: String
}

/// Fetching a file's bytes: `http(s):` with the platform's client (URLSession, over libcurl on
/// Linux), `file:` from the disk. Nothing is written: the caller checks the bytes before keeping
/// them, so a partial or damaged download is never where anything looks for it.
enum Fetch {
  /// The bytes at `url`. A transfer that drops or ends early is restarted, up to `attempts`
  /// times in all (each named by `note`); one that receives nothing for `stallLimit` seconds
  /// fails. `progress` hears the bytes received and the total, when the server says it.
  static func bytes(
    from url: URL, attempts: Int = 3, stallLimit: TimeInterval = 60,
    progress: (Int, Int?) -> Void, note: (String) -> Void
  ) throws -> [UInt8] {
    if url.isFileURL {
      do {
        return try FileProblem.contents(of: url.path)
      } catch {
        throw DownloadError(description: error.description)
      }
    }
    var attempt = 1
    while true {
      do {
        return try once(url, stallLimit: stallLimit, progress: progress)
      } catch let failure as Interrupted where attempt < attempts {
        attempt += 1
        note("\(failure.reason); starting again (attempt \(attempt) of \(attempts))")
      } catch let failure as Interrupted {
        throw DownloadError(
          description: "\(url.absoluteString): \(failure.reason), \(attempts) times")
      }
    }
  }

  /// A transfer that stopped before its end: worth another attempt.
  struct Interrupted: Error {
    let reason: String
  }

  /// One attempt: the whole body of a 200 response.
  private static func once(
    _ url: URL, stallLimit: TimeInterval, progress: (Int, Int?) -> Void
  ) throws -> [UInt8] {
    let receiver = Receiver()
    let session = URLSession(configuration: .ephemeral, delegate: receiver, delegateQueue: nil)
    defer { session.invalidateAndCancel() }
    session.dataTask(with: url).resume()
    var (lastCount, lastChange) = (0, Date())
    while receiver.done.wait(timeout: .now() + 0.25) == .timedOut {
      let (count, expected) = receiver.progress
      if count != lastCount {
        (lastCount, lastChange) = (count, Date())
        progress(count, expected)
      } else if Date().timeIntervalSince(lastChange) > stallLimit {
        throw Interrupted(reason: "no data for \(Int(stallLimit)) s after \(megabytes(count))")
      }
    }
    let (bytes, expected, status, error) = receiver.result
    if let status, status != 200 {
      throw DownloadError(
        description:
          "\(url.absoluteString): HTTP \(status) \(HTTPURLResponse.localizedString(forStatusCode: status))"
      )
    }
    if let error {
      let reason = (error as? URLError).map(describe) ?? "\(error.localizedDescription)"
      // Nothing received: the server cannot be reached, so trying again will not help.
      guard !bytes.isEmpty else {
        throw DownloadError(description: "\(url.absoluteString): \(reason)")
      }
      throw Interrupted(
        reason: "the connection dropped after \(megabytes(bytes.count)) (\(reason))")
    }
    if let expected, bytes.count != expected {
      throw Interrupted(
        reason: "the transfer ended after \(megabytes(bytes.count)) of \(megabytes(expected))")
    }
    progress(bytes.count, expected)
    return bytes
  }

  /// What a URLError means, in words.
  private static func describe(_ error: URLError) -> String {
    switch error.code {
    case .cannotConnectToHost: "cannot connect (no server there, or offline)"
    case .cannotFindHost, .dnsLookupFailed: "cannot find the host (offline?)"
    case .notConnectedToInternet: "not connected to the internet"
    case .timedOut: "timed out"
    case .networkConnectionLost: "the connection was lost"
    default: "network error \(error.code.rawValue)"
    }
  }

  /// `1.2 MB`, or `83 KB` below a megabyte.
  static func megabytes(_ count: Int) -> String {
    guard count >= 1 << 20 else { return "\((count + 512) >> 10) KB" }
    let tenths = (count * 10 + (1 << 19)) >> 20
    return "\(tenths / 10).\(tenths % 10) MB"
  }
}

/// Collects a data task's response on URLSession's queue; the fetching thread reads it under the
/// lock and waits on `done`.
private final class Receiver: NSObject, URLSessionDataDelegate, @unchecked Sendable {
  private let lock = NSLock()
  private var bytes: [UInt8] = []
  private var expected: Int?
  private var status: Int?
  private var error: (any Error)?
  let done = DispatchSemaphore(value: 0)

  var progress: (Int, Int?) { lock.withLock { (bytes.count, expected) } }
  var result: ([UInt8], Int?, Int?, (any Error)?) {
    lock.withLock { (bytes, expected, status, error) }
  }

  func urlSession(
    _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
  ) {
    lock.withLock {
      status = (response as? HTTPURLResponse)?.statusCode
      expected = response.expectedContentLength >= 0 ? Int(response.expectedContentLength) : nil
    }
    completionHandler(.allow)
  }

  func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
    lock.withLock { bytes += data }
  }

  func urlSession(
    _ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?
  ) {
    lock.withLock { self.error = error }
    done.signal()
  }
}
