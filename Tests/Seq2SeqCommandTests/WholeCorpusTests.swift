import Foundation
import TestSupport
import Testing

/// A new user's path to the whole corpus, as typed: `seq2seq data --download` (here from the
/// offline copy beside the project, through `SEQ2SEQ_FRA_ENG_URL`), then `--data fra-eng`.
@Suite("the whole corpus by name")
struct WholeCorpusTests {
  static let offline = FileFuzzTests.repository.deletingLastPathComponent()
    .appendingPathComponent("shared/data/fra-eng")

  @Test("--data fra-eng before the download says what to run, in one line")
  func notDownloaded() {
    let (status, output) = SecondRoundProbeTests.sh(
      "XDG_CACHE_HOME=$PWD/empty-cache $S data --data fra-eng")
    #expect(status == 1 && output.split(separator: "\n").count == 1, "\(output)")
    #expect(
      output.contains(
        "fra-eng: cannot read the corpus: not downloaded yet: `seq2seq data --download`"),
      "\(output)")
  }

  @Test(
    "data --download of a zip of D2L's fra.txt from a server on loopback, then --data fra-eng",
    .enabled(
      if: FileManager.default.fileExists(atPath: offline.appendingPathComponent("fra.txt").path)))
  func download() {
    let server = LoopbackServer.start(serving: Self.offline.appendingPathComponent("fra.txt").path)
    #expect(server.textSHA1 == "c43f99dce27311d3afd4d3e0716848194cfcc103")
    let cache = "cache-\(UUID().uuidString)"
    let (status, output) = SecondRoundProbeTests.sh(
      "export XDG_CACHE_HOME=$PWD/\(cache) SEQ2SEQ_FRA_ENG_URL=http://127.0.0.1:\(server.port)/good.zip; "
        + "$S data --download && $S data --data fra-eng --num-examples all --pairs 0",
      timeout: 600)  // 11.7 MB hashed and 167,130 pairs read, in a debug or ASan build
    #expect(status == 0, "\(output)")
    #expect(
      output.contains(
        "Saved \(SecondRoundProbeTests.folder.path)/\(cache)/seq2seq/fra-eng/fra.txt"), "\(output)")
    #expect(output.contains("Corpus: fra-eng, 167130 sentence pairs"), "\(output)")
  }

  @Test(
    "data --download from the offline copy by a file: URL of its folder",
    .enabled(
      if: FileManager.default.fileExists(atPath: offline.appendingPathComponent("fra.txt").path)))
  func offlineCopy() {
    let (status, output) = SecondRoundProbeTests.sh(
      "export XDG_CACHE_HOME=$PWD/cache-\(UUID().uuidString) SEQ2SEQ_FRA_ENG_URL=file://\(Self.offline.path)/; "
        + "$S data --download", timeout: 600)
    #expect(status == 0 && output.contains("Use it with --data fra-eng"), "\(output)")
  }
}
