import Foundation
import TestSupport
import Testing

@testable import CorpusDownload
@testable import Files

/// `seq2seq data --download` against a real HTTP server on loopback (`Server/loopback_server.py`,
/// started by the tests): the good zip, a mirror of the text alone, a corrupted zip, a
/// truncated one, a 404, a connection dropped midway (restarted), a slow one (the progress line
/// moves), and a cache folder that cannot be written. No test needs the internet.
@Suite("downloading the whole corpus", .serialized)
struct CorpusDownloadTests {
  /// A small corpus of its own (200 KB of seeded pairs), so that its sums are known here.
  static let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
    "seq2seq-download-\(UUID().uuidString)")

  /// The running server of that corpus.
  static let server: LoopbackServer = {
    try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var lines: [String] = []
    var state: UInt64 = 42
    for index in 0..<4000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      lines.append("Sentence \(index) \(state >> 40).\tPhrase \(index) \(state & 0xFFFF) !")
    }
    let text = folder.appendingPathComponent("fra.txt")
    try! Data((lines.joined(separator: "\n") + "\n").utf8).write(to: text)
    return LoopbackServer.start(serving: text.path)
  }()

  /// A source at `path` of the server, into a fresh folder.
  static func source(_ path: String, folder: String? = nil) -> FraEng.Source {
    FraEng.Source(
      address: "http://127.0.0.1:\(server.port)\(path)", zipSHA1: server.zipSHA1,
      textSHA1: server.textSHA1,
      folder: folder ?? Self.folder.appendingPathComponent(UUID().uuidString).path)
  }

  /// Downloads `source`; what it said, and the error if it failed.
  static func download(_ source: FraEng.Source, stallLimit: TimeInterval = 60)
    -> (lines: [String], error: String?)
  {
    var lines: [String] = []
    do {
      _ = try FraEng.download(source, stallLimit: stallLimit) { lines.append($0) }
      return (lines, nil)
    } catch {
      return (lines, "\(error)")
    }
  }

  /// The file the download leaves, if any, and everything else in its folder.
  static func left(in source: FraEng.Source) -> (text: Data?, others: [String]) {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: source.folder)) ?? []
    return (
      FileManager.default.contents(atPath: "\(source.folder)/fra.txt"),
      entries.filter { $0 != "fra.txt" }
    )
  }

  @Test("the good zip: fra.txt unzipped into the folder, checked, and not fetched again")
  func good() throws {
    let source = Self.source("/good.zip")
    let (lines, error) = Self.download(source)
    #expect(error == nil, "\(error ?? "")")
    let (text, others) = Self.left(in: source)
    #expect(text.map { SHA1.hex([UInt8]($0)) } == Self.server.textSHA1 && others.isEmpty)
    #expect(lines.last?.hasPrefix("Saved \(source.folder)/fra.txt") == true, "\(lines)")
    let again = Self.download(source)
    #expect(
      again.lines == [
        "Already there: \(source.folder)/fra.txt (SHA-1 \(Self.server.textSHA1) checked)."
      ])
  }

  @Test("a mirror of the text alone is checked against the text's SHA-1")
  func mirror() throws {
    let source = Self.source("/text.txt")
    #expect(Self.download(source).error == nil)
    #expect(Self.left(in: source).text.map { SHA1.hex([UInt8]($0)) } == Self.server.textSHA1)
  }

  @Test("a corrupted zip is refused naming both sums, and nothing is left")
  func corrupt() throws {
    let source = Self.source("/corrupt.zip")
    let error = try #require(Self.download(source).error)
    #expect(error.contains("SHA-1 of the zip") && error.contains(Self.server.zipSHA1), "\(error)")
    #expect(error.contains("not kept") && !error.contains("\n"))
    #expect(Self.left(in: source).text == nil && Self.left(in: source).others.isEmpty)
  }

  @Test("a truncated transfer is tried three times, then refused; nothing is left")
  func truncated() throws {
    let source = Self.source("/truncated.zip")
    let (lines, error) = Self.download(source)
    #expect(
      error?.contains("3 times") == true && error?.contains("to do it by hand") == true,
      "\(error ?? "")")
    #expect(lines.filter { $0.contains("starting again") }.count == 2, "\(lines)")
    #expect(Self.left(in: source).text == nil && Self.left(in: source).others.isEmpty)
  }

  @Test("a connection dropped midway is restarted and the download completes")
  func dropped() throws {
    let source = Self.source("/drop.zip")
    let (lines, error) = Self.download(source)
    #expect(error == nil, "\(error ?? "")")
    #expect(lines.contains { $0.contains("starting again (attempt 2 of 3)") }, "\(lines)")
    #expect(Self.left(in: source).text.map { SHA1.hex([UInt8]($0)) } == Self.server.textSHA1)
  }

  @Test("a 404 says what failed and how to put the file in place by hand")
  func missing() throws {
    let source = Self.source("/nothing-here.zip")
    let error = try #require(Self.download(source).error)
    #expect(error.contains("HTTP 404") && error.contains("unzip fra-eng/fra.txt of"), "\(error)")
    #expect(!FileManager.default.fileExists(atPath: source.folder))
  }

  @Test("a slow server: the progress line moves")
  func slow() throws {
    let source = Self.source("/slow.zip")
    let (lines, error) = Self.download(source)
    #expect(error == nil, "\(error ?? "")")
    let progress = lines.filter { $0.hasPrefix("  ") && $0.hasSuffix("KB") }
    #expect(Set(progress).count >= 3, "\(lines)")
  }

  @Test("a cache folder that cannot be written is named, with what to do")
  func unwritable() throws {
    let file = Self.folder.appendingPathComponent("a-file")
    try Data("x".utf8).write(to: file)
    let source = Self.source("/good.zip", folder: file.appendingPathComponent("cache").path)
    let error = try #require(Self.download(source).error)
    #expect(
      error.hasPrefix("cannot write \(source.folder)/fra.txt:") && error.contains("XDG_CACHE_HOME"),
      "\(error)")
  }

  @Test("nobody listening: one line, nothing left")
  func offline() throws {
    var source = Self.source("/good.zip")
    source.address = "http://127.0.0.1:9/fra-eng.zip"
    let error = try #require(Self.download(source).error)
    #expect(error.contains("cannot connect") && !error.contains("\n"), "\(error)")
    #expect(!FileManager.default.fileExists(atPath: source.folder))
  }

  @Test("SHA-1 equals coreutils' sha1sum on every length around the block size, and FIPS's vectors")
  func sha1() throws {
    #expect(SHA1.hex(Array("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
    #expect(SHA1.hex([UInt8]()) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
    #expect(
      SHA1.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
        == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    for length in [1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000] {
      let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
      let file = Self.folder.appendingPathComponent("sha-\(length)")
      try Data(bytes).write(to: file)
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = ["sha1sum", file.path]
      let output = Pipe()
      process.standardOutput = output
      try process.run()
      process.waitUntilExit()
      let expected = String(
        decoding: output.fileHandleForReading.readDataToEndOfFile().prefix(40), as: UTF8.self)
      #expect(SHA1.hex(bytes) == expected, "length \(length)")
    }
  }
}
