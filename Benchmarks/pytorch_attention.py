"""The peer of `seq2seq bench attention`: D2L's Bahdanau training step in PyTorch, same sizes.

Not part of the package or its tests. D2L's `AdditiveAttention` (no dropout on the weights, as
ours), `masked_softmax` and `Seq2SeqAttentionDecoder` (the query is the top layer's last state,
the decoder reads [embed(y); c_t'], its first state is the encoder's final state), the encoder,
loss, Adam and clipping of `pytorch_seq2seq.py`. Two configurations: D2L's (embed 32, GRU 2x32,
batch 64, 10 steps, vocabularies 184/201 as on its 601 pairs) and `seq2seq train --preset full
--attention additive` (embed 128, GRU 2x192, vocabularies 12000/12000, batch 128, 12 steps), on
batches of the shipped corpus. Prints valid target tokens per second for 1 and 2 threads.

    python3 Benchmarks/pytorch_attention.py          # needs torch (CPU)
"""
import sys
import time

import torch
from torch import nn

import pytorch_seq2seq as plain

CONFIGURATIONS = [
    # name, embed, hiddens, layers, source vocab, target vocab, dropout, batch, steps
    ("D2L's configuration (GRU 2x32, batch 64, 10 steps)", 32, 32, 2, 184, 201, 0.1, 64, 10),
    ("--preset full --attention additive (GRU 2x192, batch 128, 12 steps)",
     128, 192, 2, 12000, 12000, 0.2, 128, 12),
]


def masked_softmax(scores, valid_len):
    """D2L's masked_softmax over the last axis: steps from valid_len on get -1e6, then softmax."""
    mask = torch.arange(scores.shape[-1])[None, None, :] < valid_len[:, None, None]
    return nn.functional.softmax(scores.masked_fill(~mask, -1e6), dim=-1)


class AdditiveAttention(nn.Module):
    def __init__(self, hiddens):
        super().__init__()
        self.W_k = nn.Linear(hiddens, hiddens, bias=False)
        self.W_q = nn.Linear(hiddens, hiddens, bias=False)
        self.w_v = nn.Linear(hiddens, 1, bias=False)

    def forward(self, queries, keys, values, valid_len):
        features = torch.tanh(self.W_q(queries).unsqueeze(2) + keys.unsqueeze(1))
        weights = masked_softmax(self.w_v(features).squeeze(-1), valid_len)
        return torch.bmm(weights, values)


class AttentionDecoder(nn.Module):
    def __init__(self, vocab, embed, hiddens, layers, dropout):
        super().__init__()
        self.attention = AdditiveAttention(hiddens)
        self.embedding = nn.Embedding(vocab, embed)
        self.rnn = nn.GRU(embed + hiddens, hiddens, layers, dropout=dropout)
        self.dense = nn.Linear(hiddens, vocab)

    def forward(self, x, outputs, state, valid_len):
        values = outputs.permute(1, 0, 2)
        keys = self.attention.W_k(values)  # once per batch, as ours
        steps = []
        for x_t in self.embedding(x).permute(1, 0, 2):
            context = self.attention(state[-1].unsqueeze(1), keys, values, valid_len)
            out, state = self.rnn(torch.cat((x_t.unsqueeze(1), context), -1).permute(1, 0, 2), state)
            steps.append(out)
        return self.dense(torch.cat(steps, 0)).permute(1, 0, 2), state


def batches(batch, steps, count=8):
    plain.BATCH, plain.STEPS, plain.BATCHES = batch, steps, count
    return plain.batches()


def measure(configuration, threads):
    name, embed, hiddens, layers, source_vocab, target_vocab, dropout, batch, steps = configuration
    data = [(x.clamp(max=source_vocab - 1), xl, y.clamp(max=target_vocab - 1), yl)
            for x, xl, y, yl in batches(batch, steps)]
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    encoder = plain.Encoder(source_vocab, embed, hiddens, layers, dropout)
    decoder = AttentionDecoder(target_vocab, embed, hiddens, layers, dropout)
    parameters = list(encoder.parameters()) + list(decoder.parameters())
    optimizer = torch.optim.Adam(parameters, lr=0.005)

    def epoch():
        for x, x_len, y, y_len in data:
            optimizer.zero_grad()
            bos = torch.full((y.shape[0], 1), 2)
            outputs, state = encoder(x)
            logits, _ = decoder(torch.cat([bos, y[:, :-1]], 1), outputs, state, x_len)
            plain.masked_loss(logits, y, y_len).sum().backward()
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


def main():
    print(f"PyTorch {torch.__version__} (CPU), D2L's Bahdanau training step:")
    for configuration in CONFIGURATIONS:
        for threads in (1, 2):
            step, rate = measure(configuration, threads)
            print(f"  {configuration[0]}, {threads} thread{'s' if threads > 1 else ''}: "
                  f"{step * 1e3:.1f} ms a step, {rate:.0f} tokens/s")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
