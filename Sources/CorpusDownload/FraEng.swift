import Files
import Foundation
import TranslationData
import ZIPFoundation

/// D2L's English-French corpus, fetched the way D2L's `d2l.download('fra-eng')` does it: from
/// D2L's data address, its SHA-1 checked against the one `DATA_HUB['fra-eng']` names, then
/// unzipped; here into the cache folder `--data fra-eng` reads (`WholeCorpus`).
public enum FraEng {
  /// D2L's address of the zip (`d2l.DATA_URL + 'fra-eng.zip'`).
  public static let d2lURL = "http://d2l-data.s3-accelerate.amazonaws.com/fra-eng.zip"
  /// The SHA-1 D2L's code checks the zip against.
  public static let zipSHA1 = "94646ad1522d915e7b0f9296181140edcf86a4f5"
  /// The SHA-1 of the `fra.txt` inside it (167,130 lines, 11,669,748 bytes): what a mirror of the
  /// zip, or of the text alone, is checked against, since a zip made again has other bytes.
  public static let textSHA1 = "c43f99dce27311d3afd4d3e0716848194cfcc103"
  /// The environment variable that overrides the address: another server, or a `file:` URL of a
  /// zip, of a `fra.txt`, or of a folder holding one (the offline copy `../shared/data/fra-eng/`).
  public static let addressVariable = "SEQ2SEQ_FRA_ENG_URL"

  /// Where the corpus comes from: `SEQ2SEQ_FRA_ENG_URL` when set, else D2L's address.
  public static var address: String {
    ProcessInfo.processInfo.environment[addressVariable].flatMap { $0.isEmpty ? nil : $0 }
      ?? d2lURL
  }

  /// Where a download comes from, what it must hash to, and where it goes.
  public struct Source: Sendable {
    /// The zip's (or the text's) address.
    public var address: String
    /// The SHA-1 of the zip as published.
    public var zipSHA1: String
    /// The SHA-1 of the `fra.txt` inside.
    public var textSHA1: String
    /// The folder `fra.txt` goes to.
    public var folder: String

    /// A source from its parts (tests use a corpus of their own).
    public init(address: String, zipSHA1: String, textSHA1: String, folder: String) {
      (self.address, self.zipSHA1, self.textSHA1, self.folder) = (
        address, zipSHA1, textSHA1, folder
      )
    }

    /// D2L's corpus, from `address` (D2L's unless overridden), into `WholeCorpus.folder`.
    public static var d2l: Source {
      Source(
        address: FraEng.address, zipSHA1: FraEng.zipSHA1, textSHA1: FraEng.textSHA1,
        folder: WholeCorpus.folder)
    }
  }

  /// Puts the checked `fra.txt` of `source` in its folder (nothing to do when a good copy is
  /// there already) and returns its path. Each progress line goes to `say` as it is known; a
  /// transfer silent for `stallLimit` seconds fails.
  /// - Throws: `DownloadError`, one line naming what failed and how to put the file in place by
  ///   hand; nothing partial is ever left where `--data fra-eng` looks.
  public static func download(
    _ source: Source = .d2l, stallLimit: TimeInterval = 60, say: (String) -> Void
  ) throws -> String {
    let file = "\(source.folder)/fra.txt"
    if let bytes = try? FileProblem.contents(of: file), SHA1.hex(bytes) == source.textSHA1 {
      say("Already there: \(file) (SHA-1 \(source.textSHA1) checked).")
      return file
    }
    guard var url = URL(string: source.address), url.scheme != nil else {
      throw DownloadError(
        description: "\(source.address): not a URL (http:, https: or file:); \(byHand(source))")
    }
    if url.isFileURL, (try? url.resourceValues(forKeys: [.isDirectoryKey]))?.isDirectory == true {
      url.appendPathComponent("fra.txt")
    }
    say("Downloading \(url.absoluteString) ...")
    var shown = Date.distantPast
    let bytes: [UInt8]
    do {
      bytes = try Fetch.bytes(
        from: url, stallLimit: stallLimit,
        progress: { received, expected in
          guard Date().timeIntervalSince(shown) >= 0.5 || received == expected else { return }
          shown = Date()
          say(
            "  \(Fetch.megabytes(received))"
              + (expected.map { " of \(Fetch.megabytes($0))" } ?? ""))
        }, note: { say("  \($0)") })
    } catch let failure as DownloadError {
      throw DownloadError(description: "\(failure.description); \(byHand(source))")
    }
    let text = try corpus(in: bytes, from: url.absoluteString, source)
    do {
      try FileManager.default.createDirectory(
        atPath: source.folder, withIntermediateDirectories: true)
      try AtomicFile.write(text, to: file)
    } catch {
      let reason = (error as? FileError)?.reason ?? FileProblem.reason(error)
      throw DownloadError(
        description:
          "cannot write \(file): \(reason); set XDG_CACHE_HOME to a folder you can write")
    }
    say("Saved \(file): D2L's fra.txt, SHA-1 \(source.textSHA1). Use it with --data fra-eng.")
    return file
  }

  /// `fra.txt` from what was fetched: a zip whose SHA-1 is the published one (its `fra.txt` is
  /// taken as it is), another zip holding a `fra.txt` with the pinned SHA-1, or that `fra.txt`.
  static func corpus(in bytes: [UInt8], from address: String, _ source: Source) throws
    -> [UInt8]
  {
    let sum = SHA1.hex(bytes)
    guard bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) else {  // "PK\3\4": not a zip
      guard sum == source.textSHA1 else {
        throw mismatch(address, source, sum: sum, what: "the file")
      }
      return bytes
    }
    let text: [UInt8]
    do {
      let archive = try Archive(data: Data(bytes), accessMode: .read)
      guard let entry = archive.first(where: { $0.path.hasSuffix("fra.txt") }) else {
        throw DownloadError(
          description: "\(address): the zip holds no fra.txt; \(byHand(source))")
      }
      var extracted: [UInt8] = []
      extracted.reserveCapacity(Int(entry.uncompressedSize))
      _ = try archive.extract(entry) { extracted += $0 }
      text = extracted
    } catch let failure as DownloadError {
      throw failure
    } catch {
      throw mismatch(address, source, sum: sum, what: "the zip (which cannot be read)")
    }
    let textSum = SHA1.hex(text)
    guard sum == source.zipSHA1 || textSum == source.textSHA1 else {
      throw mismatch(address, source, sum: sum, what: "the zip", textSum: textSum)
    }
    return text
  }

  /// A checksum that is not the published one, both sums named.
  private static func mismatch(
    _ address: String, _ source: Source, sum: String, what: String, textSum: String? = nil
  ) -> DownloadError {
    let inside = textSum.map { ", its fra.txt \($0)" } ?? ""
    return DownloadError(
      description:
        "\(address): SHA-1 of \(what) \(sum)\(inside), but D2L's fra-eng.zip has "
        + "\(source.zipSHA1) and its fra.txt \(source.textSHA1): a damaged download or another "
        + "file, not kept; \(byHand(source))")
  }

  /// How to put the corpus in place without this command.
  static func byHand(_ source: Source) -> String {
    "to do it by hand, unzip fra-eng/fra.txt of \(d2lURL) into \(source.folder)"
  }
}
