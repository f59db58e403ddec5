import Foundation

/// The download tests' HTTP server on loopback (`Tests/CorpusDownloadTests/Server/
/// loopback_server.py`), serving a zip of a text file as D2L's `fra-eng.zip` holds `fra.txt`, and
/// that zip damaged in the ways a download goes wrong. It stops when the test process ends (its
/// standard input closes), so that `swift test` is not left waiting for its output.
public struct LoopbackServer: Sendable {
  /// The port it listens on, at 127.0.0.1.
  public let port: Int
  /// The SHA-1 of the zip it serves at `/good.zip`.
  public let zipSHA1: String
  /// The SHA-1 of the text inside.
  public let textSHA1: String

  /// The write ends of the servers' standard inputs, open as long as the tests run.
  nonisolated(unsafe) private static var keepAlive: [Pipe] = []
  private static let lock = NSLock()

  /// Starts a server of a zip of the text file at `text`.
  public static func start(serving text: String) -> LoopbackServer {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Tests/CorpusDownloadTests/Server/loopback_server.py")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script.path, text]
    let (output, input) = (Pipe(), Pipe())
    (process.standardOutput, process.standardInput) = (output, input)
    process.standardError = FileHandle.nullDevice
    try! process.run()
    lock.withLock { keepAlive.append(input) }
    var line = Data()
    while !line.contains(UInt8(ascii: "\n")) {
      let byte = output.fileHandleForReading.readData(ofLength: 1)
      guard !byte.isEmpty else { break }
      line += byte
    }
    let parts = String(decoding: line, as: UTF8.self).split(whereSeparator: \.isWhitespace)
    precondition(parts.count == 3, "the loopback server did not start (is python3 there?)")
    return LoopbackServer(
      port: Int(parts[0])!, zipSHA1: String(parts[1]), textSHA1: String(parts[2]))
  }
}
