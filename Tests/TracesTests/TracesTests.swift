import Foundation
import Testing
import Traces

/// The traces: what the committed files hold reads back to the same values and bytes, and a
/// damaged file is refused in one line naming it.
@Suite("traces")
struct TracesTests {
  /// `Figures/` at the package's root.
  static var committedFolder: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Figures")
  }

  static func committed(_ file: String, in folder: URL = committedFolder) throws -> Data {
    try Data(contentsOf: folder.appendingPathComponent(file))
  }

  static var runFolder: URL { committedFolder.appendingPathComponent("full") }
  static var attentionFolder: URL { committedFolder.appendingPathComponent("attention") }

  @Test("the committed traces files are what the writers write, and read back to the same values")
  func tracesRoundTrip() throws {
    let file = try Self.committed(FigureTraces.fileName)
    let traces = try FigureTraces.read(from: Self.committedFolder)
    #expect(try traces.json() == file)
    #expect(try JSONDecoder().decode(FigureTraces.self, from: traces.json()) == traces)
    for folder in [Self.runFolder, Self.attentionFolder] {
      let runFile = try Self.committed(RunTraces.fileName, in: folder)
      let run = try RunTraces.read(from: folder)
      #expect(try run.json() == runFile)
      #expect(try JSONDecoder().decode(RunTraces.self, from: run.json()) == run)
    }
  }

  @Test("traces that are missing or damaged are refused with one line naming the file")
  func badTraces() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("traces-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent(FigureTraces.fileName).path
    for (content, reason) in [
      (nil, "no such file"), ("{", "not valid trace JSON"), ("{}", "missing"),
      (#"{"losses": "high"}"#, "missing"),
    ] {
      if let content { try content.write(toFile: file, atomically: true, encoding: .utf8) }
      do {
        _ = try FigureTraces.read(from: folder)
        Issue.record("\(content ?? "no file") was read as traces")
      } catch {
        let message = "\(error)"
        #expect(
          message.hasPrefix(file) && message.contains(reason) && !message.contains("\n"),
          "\(message)")
      }
    }
  }
}
