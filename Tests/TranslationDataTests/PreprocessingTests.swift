import Testing
import TranslationData

@Suite("preprocessing and tokenisation")
struct PreprocessingTests {
  @Test("D2L's first lines: no-break spaces become spaces, lowercase, space before punctuation")
  func firstLines() {
    #expect(preprocessNMT("Go.\tVa !") == "go .\tva !")
    #expect(preprocessNMT("Run!\tCours\u{202F}!") == "run !\tcours !")
    #expect(preprocessNMT("Who?\tQui\u{A0}?") == "who ?\tqui ?")
    #expect(preprocessNMT("Wow!\tÇa alors\u{202F}!") == "wow !\tça alors !")
  }

  @Test("a punctuation mark first in the text gets no space, after a newline it does")
  func startOfText() {
    #expect(preprocessNMT("!hi") == "!hi")
    #expect(preprocessNMT("!hi", after: "\n") == " !hi")
    #expect(preprocessNMT("a,b. c") == "a ,b . c")
  }

  @Test("tokens are split at every single space, as Python's split(' ')")
  func tokenize() {
    #expect(tokenizeNMT("go .") == ["go", "."])
    #expect(tokenizeNMT("a  b") == ["a", "", "b"])
    #expect(tokenizeNMT("ça alors !") == ["ça", "alors", "!"])
  }
}
