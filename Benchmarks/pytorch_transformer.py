"""The peer of `seq2seq bench transformer`: D2L v0.17's Transformer (section 10.7) in PyTorch.

Not part of the package or its tests. D2L's `MultiHeadAttention` (no biases, heads split by
`transpose_qkv`, `masked_softmax` with -1e6, dropout on the weights), `PositionalEncoding`,
`AddNorm`, `PositionWiseFFN`, the encoder and decoder blocks (the decoder's self-attention under
the causal valid lengths `arange(1, num_steps + 1)`), `MaskedSoftmaxCELoss`, Xavier-initialised
linear layers, Adam and gradient clipping at norm 1, as the chapter writes them. Two sizes, on
the same batches as our benchmark: D2L's configuration (its first 600 pairs, batch 64, 10 steps,
32 hiddens, 2 blocks, 4 heads, FFN 64) and `--preset transformer`'s (128 hiddens, 3 blocks, 4
heads, FFN 512, vocabularies 12,000, batch 128 of the shipped pairs cut to 12 steps). Prints
valid target tokens per second for 1 and 2 threads.

    python3 Benchmarks/pytorch_transformer.py          # needs torch (CPU)
"""
import math
import sys

import torch
from torch import nn

from pytorch_seq2seq import batches, timed

CONFIGURATIONS = [
    # name, hiddens, blocks, heads, ffn, source vocab, target vocab, dropout, batch, steps, pairs
    ("D2L's configuration: 32 hiddens, 2 blocks, 4 heads, FFN 64, vocabularies 184/201, batch 64",
     32, 2, 4, 64, 184, 201, 0.1, 64, 10, 600),
    ("--preset transformer: 128 hiddens, 3 blocks, 4 heads, FFN 512, vocabularies 12000/12000, "
     "batch 128", 128, 3, 4, 512, 12000, 12000, 0.1, 128, 12, None),
]


def masked_softmax(x, valid_lens):
    """D2L's masked_softmax: scores past each valid length set to -1e6 before the softmax."""
    shape = x.shape
    if valid_lens.dim() == 1:
        valid_lens = torch.repeat_interleave(valid_lens, shape[1])
    else:
        valid_lens = valid_lens.reshape(-1)
    x = x.reshape(-1, shape[-1])
    mask = torch.arange(shape[-1])[None, :] < valid_lens[:, None]
    x = x.masked_fill(~mask, -1e6)
    return nn.functional.softmax(x.reshape(shape), dim=-1)


class MultiHeadAttention(nn.Module):
    def __init__(self, hiddens, heads, dropout):
        super().__init__()
        self.heads = heads
        self.dropout = nn.Dropout(dropout)
        self.W_q, self.W_k, self.W_v, self.W_o = (
            nn.Linear(hiddens, hiddens, bias=False) for _ in range(4))

    def split(self, x):  # D2L's transpose_qkv
        x = x.reshape(x.shape[0], x.shape[1], self.heads, -1).permute(0, 2, 1, 3)
        return x.reshape(-1, x.shape[2], x.shape[3])

    def forward(self, queries, keys, values, valid_lens):
        q, k, v = self.split(self.W_q(queries)), self.split(self.W_k(keys)), self.split(self.W_v(values))
        valid_lens = torch.repeat_interleave(valid_lens, self.heads, dim=0)
        scores = torch.bmm(q, k.transpose(1, 2)) / math.sqrt(q.shape[-1])
        output = torch.bmm(self.dropout(masked_softmax(scores, valid_lens)), v)
        output = output.reshape(-1, self.heads, output.shape[1], output.shape[2]).permute(0, 2, 1, 3)
        return self.W_o(output.reshape(output.shape[0], output.shape[1], -1))


class PositionalEncoding(nn.Module):
    def __init__(self, hiddens, dropout, max_len=1000):
        super().__init__()
        self.dropout = nn.Dropout(dropout)
        self.P = torch.zeros((1, max_len, hiddens))
        x = torch.arange(max_len, dtype=torch.float32).reshape(-1, 1) / torch.pow(
            10000, torch.arange(0, hiddens, 2, dtype=torch.float32) / hiddens)
        self.P[:, :, 0::2] = torch.sin(x)
        self.P[:, :, 1::2] = torch.cos(x)

    def forward(self, x):
        return self.dropout(x + self.P[:, :x.shape[1], :])


class AddNorm(nn.Module):
    def __init__(self, hiddens, dropout):
        super().__init__()
        self.dropout = nn.Dropout(dropout)
        self.ln = nn.LayerNorm(hiddens)

    def forward(self, x, y):
        return self.ln(self.dropout(y) + x)


class FFN(nn.Module):
    def __init__(self, hiddens, ffn):
        super().__init__()
        self.dense1, self.dense2 = nn.Linear(hiddens, ffn), nn.Linear(ffn, hiddens)

    def forward(self, x):
        return self.dense2(torch.relu(self.dense1(x)))


class EncoderBlock(nn.Module):
    def __init__(self, hiddens, ffn, heads, dropout):
        super().__init__()
        self.attention = MultiHeadAttention(hiddens, heads, dropout)
        self.addnorm1, self.ffn, self.addnorm2 = (
            AddNorm(hiddens, dropout), FFN(hiddens, ffn), AddNorm(hiddens, dropout))

    def forward(self, x, valid_lens):
        y = self.addnorm1(x, self.attention(x, x, x, valid_lens))
        return self.addnorm2(y, self.ffn(y))


class DecoderBlock(nn.Module):
    def __init__(self, hiddens, ffn, heads, dropout):
        super().__init__()
        self.attention1 = MultiHeadAttention(hiddens, heads, dropout)
        self.attention2 = MultiHeadAttention(hiddens, heads, dropout)
        self.addnorm1, self.addnorm2, self.addnorm3 = (AddNorm(hiddens, dropout) for _ in range(3))
        self.ffn = FFN(hiddens, ffn)

    def forward(self, x, enc_outputs, enc_valid_lens):
        batch, steps, _ = x.shape
        dec_valid_lens = torch.arange(1, steps + 1).repeat(batch, 1)  # training: causal
        y = self.addnorm1(x, self.attention1(x, x, x, dec_valid_lens))
        z = self.addnorm2(y, self.attention2(y, enc_outputs, enc_outputs, enc_valid_lens))
        return self.addnorm3(z, self.ffn(z))


class Transformer(nn.Module):
    def __init__(self, source_vocab, target_vocab, hiddens, blocks, heads, ffn, dropout):
        super().__init__()
        self.hiddens = hiddens
        self.source_embedding = nn.Embedding(source_vocab, hiddens)
        self.target_embedding = nn.Embedding(target_vocab, hiddens)
        self.source_positions = PositionalEncoding(hiddens, dropout)
        self.target_positions = PositionalEncoding(hiddens, dropout)
        self.encoder = nn.ModuleList(EncoderBlock(hiddens, ffn, heads, dropout) for _ in range(blocks))
        self.decoder = nn.ModuleList(DecoderBlock(hiddens, ffn, heads, dropout) for _ in range(blocks))
        self.dense = nn.Linear(hiddens, target_vocab)

    def forward(self, x, x_len, y_in):
        scale = math.sqrt(self.hiddens)
        h = self.source_positions(self.source_embedding(x) * scale)
        for block in self.encoder:
            h = block(h, x_len)
        s = self.target_positions(self.target_embedding(y_in) * scale)
        for block in self.decoder:
            s = block(s, h, x_len)
        return self.dense(s)


def measure(configuration, data, threads):
    hiddens, blocks, heads, ffn, source_vocab, target_vocab, dropout = configuration[1:8]
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    net = Transformer(source_vocab, target_vocab, hiddens, blocks, heads, ffn, dropout)
    for module in net.modules():
        if isinstance(module, nn.Linear):
            nn.init.xavier_uniform_(module.weight)  # D2L's xavier_init_weights
    net.train()
    return timed(net, list(net.parameters()), data)


def main():
    print(f"PyTorch {torch.__version__} (CPU), D2L's Transformer training step:")
    for configuration in CONFIGURATIONS:
        batch, steps, first = configuration[8:11]
        data = batches(batch, steps, min(configuration[5:7]), first)
        for threads in (1, 2):
            step, rate = measure(configuration, data, threads)
            print(f"  {configuration[0]}, {threads} thread{'s' if threads > 1 else ''}: "
                  f"{step * 1e3:.1f} ms a step, {rate:.0f} tokens/s")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
