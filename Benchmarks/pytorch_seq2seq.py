"""The peer of `seq2seq bench corpus`: D2L's seq2seq training step in PyTorch, same sizes.

Not part of the package or its tests. D2L v0.17's `Seq2SeqEncoder`, `Seq2SeqDecoder` (the
context concatenated to every input and the encoder's state as the decoder's first state),
`MaskedSoftmaxCELoss`, Adam and gradient clipping at norm 1, as the chapter writes them, at the
sizes of the full-corpus issue's probe and of `seq2seq train --preset full`. The batches are those
of the shipped corpus (its first 20,000 lines, D2L's preprocessing), 128 pairs cut or padded to 12
tokens, as in our benchmark. Prints valid target tokens per second for 1 and 2 threads.

    python3 Benchmarks/pytorch_seq2seq.py            # needs torch (CPU)

D2L's own configuration (its first 600 pairs, batch 64, 10 steps) is the peer of `seq2seq bench
training`.
"""
import os
import random
import sys
import time

import torch
from torch import nn

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "Sources/TranslationData/Resources/fra-eng-20000.txt")
CONFIGURATIONS = [
    # name, embed, hiddens, layers, source vocab, target vocab, dropout, batch, steps, pairs
    # (pairs: D2L's first 600 in corpus order, as `seq2seq bench training`; otherwise shuffled)
    ("D2L's configuration: embed 32, GRU 2x32, vocabularies 184/201, batch 64, 10 steps",
     32, 32, 2, 184, 201, 0.1, 64, 10, 600),
    ("probe: embed 64, GRU 2x128, vocabularies 9844/17483", 64, 128, 2, 9844, 17483, 0.1, 128, 12,
     None),
    ("--preset full: embed 128, GRU 2x192, vocabularies 12000/12000", 128, 192, 2, 12000, 12000, 0.2,
     128, 12, None),
]
BATCHES = 8


def preprocess(text):
    """D2L's preprocess_nmt: non-breaking spaces to spaces, lowercase, a space before ,.!?"""
    text = text.replace("\u202f", " ").replace("\xa0", " ").lower()
    out = [" " + c if i > 0 and c in set(",.!?") and text[i - 1] != " " else c
           for i, c in enumerate(text)]
    return "".join(out)


def batches(batch, steps, vocab_size, first):
    """BATCHES batches of `batch` pairs (of the `first` pairs in corpus order, cycled, or of all
    pairs shuffled) cut or padded to `steps`, as (X, X_valid_len, Y, Y_valid_len)."""
    pairs = []
    for line in open(CORPUS, encoding="utf-8"):
        english, french = preprocess(line.rstrip("\n")).split("\t")
        pairs.append((english.split(" "), french.split(" ")))
    vocab = {}
    def ids(tokens):
        row = [vocab.setdefault(t, 4 + len(vocab) % min(9000, vocab_size - 4)) for t in tokens]
        row = row[:steps - 1] + [3]
        return row + [1] * (steps - len(row)), len(row)
    if first:
        pairs = (pairs[:first] * (batch * BATCHES // first + 1))[:batch * BATCHES]
    else:
        random.Random(0).shuffle(pairs)
    out = []
    for b in range(BATCHES):
        chunk = pairs[b * batch:(b + 1) * batch]
        xs, xl = zip(*(ids(e) for e, _ in chunk))
        ys, yl = zip(*(ids(f) for _, f in chunk))
        out.append((torch.tensor(xs), torch.tensor(xl), torch.tensor(ys), torch.tensor(yl)))
    return out


class Encoder(nn.Module):
    def __init__(self, vocab, embed, hiddens, layers, dropout):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embed)
        self.rnn = nn.GRU(embed, hiddens, layers, dropout=dropout)

    def forward(self, x):
        return self.rnn(self.embedding(x).permute(1, 0, 2))


class Decoder(nn.Module):
    def __init__(self, vocab, embed, hiddens, layers, dropout):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embed)
        self.rnn = nn.GRU(embed + hiddens, hiddens, layers, dropout=dropout)
        self.dense = nn.Linear(hiddens, vocab)

    def forward(self, x, state):
        x = self.embedding(x).permute(1, 0, 2)
        context = state[-1].repeat(x.shape[0], 1, 1)
        output, state = self.rnn(torch.cat((x, context), 2), state)
        return self.dense(output).permute(1, 0, 2), state


def masked_loss(logits, labels, valid_len):
    """D2L's MaskedSoftmaxCELoss: cross-entropy, padding weighted 0, mean over the steps."""
    mask = torch.arange(labels.shape[1])[None, :] < valid_len[:, None]
    loss = nn.functional.cross_entropy(logits.permute(0, 2, 1), labels, reduction="none")
    return (loss * mask).mean(dim=1)


def timed(train_step, parameters, data):
    """Trains on `data` once to warm up, then three times: the median round's seconds a step and
    valid target tokens per second. `train_step(x, x_len, decoder_input)` gives the logits."""
    optimizer = torch.optim.Adam(parameters, lr=0.005)

    def epoch():
        for x, x_len, y, y_len in data:
            optimizer.zero_grad()
            bos = torch.full((y.shape[0], 1), 2)
            logits = train_step(x, x_len, torch.cat([bos, y[:, :-1]], 1))
            masked_loss(logits, y, y_len).sum().backward()
            nn.utils.clip_grad_norm_(parameters, 1)
            optimizer.step()

    epoch()  # warm-up
    rounds = []
    for _ in range(3):
        start = time.perf_counter()
        epoch()
        rounds.append(time.perf_counter() - start)
    seconds = sorted(rounds)[1]
    tokens = sum(int(y_len.sum()) for *_, y_len in data)
    return seconds / len(data), tokens / seconds


def measure(configuration, data, threads):
    name, embed, hiddens, layers, source_vocab, target_vocab, dropout = configuration[:7]
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    encoder = Encoder(source_vocab, embed, hiddens, layers, dropout)
    decoder = Decoder(target_vocab, embed, hiddens, layers, dropout)
    parameters = list(encoder.parameters()) + list(decoder.parameters())

    def train_step(x, x_len, decoder_input):
        _, state = encoder(x)
        return decoder(decoder_input, state)[0]

    return timed(train_step, parameters, data)


def main():
    print(f"PyTorch {torch.__version__} (CPU), D2L's training step:")
    for configuration in CONFIGURATIONS:
        batch, steps, first = configuration[7:10]
        data = batches(batch, steps, min(configuration[4:6]), first)
        for threads in (1, 2):
            step, rate = measure(configuration, data, threads)
            print(f"  {configuration[0]}, {threads} thread{'s' if threads > 1 else ''}: "
                  f"{step * 1e3:.1f} ms a step, {rate:.0f} tokens/s")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
