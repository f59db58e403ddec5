import BLEU
import Checkpoint
import EncoderDecoder
import Foundation
import Prediction
import TensorCore
import Testing
import TranslationData

/// Seeded random inputs thrown at everything that reads outside data: 10,000 each. A crash or a
/// hang fails the run; every error must be a typed error with a one-line message.
@Suite("fuzzing")
struct FuzzTests {
  static let count = 10_000

  /// Random bytes of a random kind: arbitrary bytes, invalid UTF-8, tabs and newlines in odd
  /// places, only punctuation, huge lines, no-break spaces, combining marks.
  static func input(_ generator: inout SeededGenerator) -> [UInt8] {
    let pieces: [[UInt8]] = [
      Array("\t".utf8), Array("\n".utf8), Array("\r\n".utf8), Array(" ".utf8), Array("Go.".utf8),
      Array("Va !".utf8), Array("\u{202F}!".utf8), Array("\u{A0}".utf8), Array("e\u{301}".utf8),
      Array("?!.,".utf8), Array("&amp;".utf8), Array("<skipped>".utf8), Array("-\n".utf8),
      [0xFF], [0xC3], [0xE2, 0x80], [0x00], Array("東京".utf8), Array("'s".utf8), Array("3.5".utf8),
    ]
    var bytes: [UInt8] = []
    switch generator.next() % 20 {
    case 0..<6:  // arbitrary bytes
      bytes = (0..<Int(generator.next() % 200)).map { _ in
        UInt8(truncatingIfNeeded: generator.next())
      }
    case 6:  // a huge line (one input in twenty)
      bytes =
        Array(repeating: UInt8(ascii: "a"), count: 1000 + Int(generator.next() % 4000))
        + Array("\tb.\n".utf8)
    default:  // pieces in random order
      for _ in 0..<Int(generator.next() % 40) {
        bytes += pieces[Int(generator.next() % UInt64(pieces.count))]
      }
    }
    return bytes
  }

  @Test("the corpus reader: every input is parsed or refused with a one-line CorpusError")
  func corpusReader() {
    var generator = SeededGenerator(seed: 1)
    var (parsed, refused) = (0, 0)
    for _ in 0..<Self.count {
      let bytes = Self.input(&generator)
      do {
        let corpus = try Corpus(bytes: bytes, origin: "fuzz.txt")
        parsed += 1
        _ = TranslationDataset(corpus: corpus, numSteps: 5, minFreq: 1)
      } catch let error as CorpusError {
        refused += 1
        #expect(!error.description.contains("\n"))
      } catch {
        Issue.record("unexpected error type: \(error)")
      }
    }
    #expect(parsed + refused == Self.count)
  }

  @Test("preprocessing, tokenising and vocabulary lookup take any text")
  func preprocessing() {
    var generator = SeededGenerator(seed: 2)
    let vocab = Vocabulary(sentences: [["go", "."], ["hi", "!"]])
    for _ in 0..<Self.count {
      let text = String(decoding: Self.input(&generator), as: UTF8.self)
      let tokens = tokenizeNMT(preprocessNMT(text, after: "\n"))
      let ids = vocab.indices(of: tokens)
      #expect(ids.allSatisfy { (0..<vocab.count).contains($0) })
      #expect(vocab.tokens(at: ids + [-1, 99]).count == ids.count + 2)
    }
  }

  @Test("13a tokenisation and BLEU take any text and stay within 0...100")
  func bleu() {
    var generator = SeededGenerator(seed: 3)
    for _ in 0..<Self.count {
      let hypothesis = String(decoding: Self.input(&generator), as: UTF8.self)
      let reference = String(decoding: Self.input(&generator), as: UTF8.self)
      _ = tokenize13a(hypothesis)
      let score = CorpusBLEU().sentenceScore(hypothesis: hypothesis, references: [reference])
      #expect(score.score >= 0 && score.score <= 100.000_001)
      let d2l = d2lBLEU(prediction: hypothesis, label: reference, k: 2)
      #expect(d2l >= 0 && d2l <= 1.000_001)
    }
  }

  static func tinyModel() throws -> (EncoderDecoder, Vocabulary, Vocabulary) {
    let source = Vocabulary(sentences: [["go", "."], ["hi", "!"]])
    let target = Vocabulary(sentences: [["va", "!"], ["salut", "!"]])
    let configuration = Seq2SeqConfiguration(
      sourceVocabSize: source.count, targetVocabSize: target.count, numSteps: 6, embedSize: 3,
      numHiddens: 4, numLayers: 1)
    return (try EncoderDecoder(configuration, seed: 1), source, target)
  }

  @Test("the checkpoint reader refuses every truncated or bit-flipped file with one line")
  func checkpoints() throws {
    let (model, source, target) = try Self.tinyModel()
    let bytes = try Checkpoint(
      model: model, sourceVocab: source, targetVocab: target, trainingPairs: 2
    ).encoded()
    var generator = SeededGenerator(seed: 4)
    var refused = 0
    for index in 0..<Self.count {
      var damaged = bytes
      if index % 2 == 0 {
        damaged = Array(bytes.prefix(Int(generator.next() % UInt64(bytes.count))))
      } else {
        for _ in 0...Int(generator.next() % 3) {
          let position = Int(generator.next() % UInt64(bytes.count))
          damaged[position] ^= UInt8(truncatingIfNeeded: 1 << (generator.next() % 8))
        }
      }
      do {
        _ = try Checkpoint(bytes: damaged, path: "fuzz.ckpt")
        Issue.record("a damaged checkpoint was accepted (case \(index))")
      } catch let error as CheckpointError {
        refused += 1
        #expect(!error.description.contains("\n"))
      }
    }
    #expect(refused == Self.count)
  }

  @Test("translation takes any input: unknown words become <unk>, never a crash")
  func translation() throws {
    let (model, source, target) = try Self.tinyModel()
    let translator = Translator(model: model, sourceVocab: source, targetVocab: target)
    var generator = SeededGenerator(seed: 5)
    for index in 0..<Self.count {
      let text = String(decoding: Self.input(&generator), as: UTF8.self)
      let translation = try translator.greedy(text)
      #expect(translation.tokens.count <= 6)
      if index % 1000 == 0 { _ = try translator.beamSearch(text, beamSize: 2) }
    }
  }
}
