"""Does attention align? The attention weights of models compared with a word aligner's links.

Not part of the package or its tests (Chapters/08 reports what it printed). It

1. tokenises the whole corpus as the models read it (D2L's preprocessing, as
   `Sources/TranslationData/Preprocessing.swift`) and word-aligns it, English to French, with
   eflomal (a Bayesian IBM-model aligner; `pip install eflomal`), both directions, symmetrised
   with grow-diag-final-and;
2. runs `seq2seq attention` for each model: every test pair's reference force-decoded (teacher
   forcing), with the weights alpha_{t',t} of every step;
3. for every French token of the references that the aligner links to at least one English
   token the encoder read, takes the English token with the largest weight, and counts a hit
   when the aligner links the two (and, beside it, when the strongest token is at most one
   token away from a linked one: a two-way encoder's state describes a word with its
   neighbours). The share of hits is printed for each model and for
   baselines that ignore the sentence: always the last English token before `<eos>` (usually
   `.`), always the first, and the diagonal (French token j of n looks at English token
   round(j (m-1) / (n-1)) of m);
4. writes the test pairs' links as `seq2seq figures --links` reads them: a line per pair, its
   corpus line (from 0), a tab, then `i-j` links (English token i, French token j).

    python3 -m venv /tmp/alignenv && /tmp/alignenv/bin/pip install eflomal
    /tmp/alignenv/bin/python Benchmarks/alignment.py --data ~/.cache/seq2seq/fra-eng/fra.txt \
        --model one-way=full-attention-one-way.ckpt --model two-way=full-attention.ckpt \
        --links Figures/attention/alignment-links.tsv

The aligner's links are computed once and kept in --cache (default /tmp/seq2seq-alignment).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def preprocess(text, previous):
    """D2L's preprocess_nmt on one piece of the file: no-break spaces to spaces, lowercase, a
    space before ,.!? unless a space precedes; `previous` is the character before the piece
    (None at the very start of the file), as the Swift `preprocessNMT(_:after:)`."""
    text = text.replace("\u202f", " ").replace("\xa0", " ").lower()
    out = []
    before = previous
    for char in text:
        if char in ",.!?" and before is not None and before != " ":
            out.append(" ")
        out.append(char)
        before = char
    return "".join(out)


def read_corpus(path):
    """Every line's English and French tokens, empty tokens dropped (as the translator drops
    them when it reads a sentence)."""
    pairs = []
    with open(path, encoding="utf-8") as corpus:
        for index, line in enumerate(corpus.read().split("\n")):
            if line == "" and index > 0:
                continue
            line = line[:-1] if line.endswith("\r") else line
            english, french = preprocess(line, None if index == 0 else "\n").split("\t")
            pairs.append(([t for t in english.split(" ") if t], [t for t in french.split(" ") if t]))
    return pairs


def read_links(path):
    """Pharaoh links (`i-j` per token pair, a line per sentence) as sets of (i, j)."""
    with open(path) as lines:
        return [
            {tuple(int(n) for n in link.split("-")) for link in line.split()} for line in lines
        ]


def grow_diag_final_and(forward, backward):
    """Koehn's symmetrisation: the links both directions agree on, grown into neighbouring
    links of either direction that align a word not yet aligned, then any link of either
    direction between two words both still unaligned."""
    union = forward | backward
    links = forward & backward
    neighbours = [(-1, 0), (0, -1), (1, 0), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1)]
    english = {i for i, _ in links}
    french = {j for _, j in links}
    grown = True
    while grown:
        grown = False
        for i, j in sorted(links):
            for di, dj in neighbours:
                link = (i + di, j + dj)
                if link in union and link not in links and (
                        link[0] not in english or link[1] not in french):
                    links.add(link)
                    english.add(link[0])
                    french.add(link[1])
                    grown = True
    for direction in (forward, backward):
        for i, j in sorted(direction):
            if i not in english and j not in french:
                links.add((i, j))
                english.add(i)
                french.add(j)
    return links


def align(pairs, cache):
    """The symmetrised links of every pair, computed by eflomal once per corpus and cached."""
    os.makedirs(cache, exist_ok=True)
    done = os.path.join(cache, f"links-{len(pairs)}.txt")
    if not os.path.exists(done):
        import eflomal  # imported here: the rest of the script runs without it

        forward, backward = os.path.join(cache, "forward"), os.path.join(cache, "backward")
        print(f"aligning {len(pairs)} pairs with eflomal...", flush=True)
        eflomal.Aligner().align(
            [" ".join(e) + "\n" for e, _ in pairs], [" ".join(f) + "\n" for _, f in pairs],
            links_filename_fwd=forward, links_filename_rev=backward)
        with open(done + ".tmp", "w") as out:
            for f, b in zip(read_links(forward), read_links(backward)):
                out.write(" ".join(f"{i}-{j}" for i, j in sorted(grow_diag_final_and(f, b))) + "\n")
        os.replace(done + ".tmp", done)
    return read_links(done)


def export(seq2seq, model, data):
    """`seq2seq attention`'s JSON for the model's test pairs."""
    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, "attention.json")
        subprocess.run(seq2seq + ["attention", "--model", model, "--data", data, "--out", out],
                       check=True, stdout=subprocess.DEVNULL)
        with open(out) as exported:
            return json.load(exported)


def check_tokens(pair, english, french):
    """The exported tokens are the script's, position by position (`<unk>` for unknown words):
    otherwise the links would point at other tokens."""
    for exported, ours in ((pair["source"], english), (pair["target"], french)):
        for position, token in enumerate(exported):
            if token in ("<eos>", "<pad>"):
                break
            if token != "<unk>" and (position >= len(ours) or ours[position] != token):
                sys.exit(f"line {pair['line']}: the model read {exported}, the script {ours}")


def scores(exported, pairs, links):
    """Hits and French tokens counted, for the model and for each baseline."""
    counts = {name: [0, 0, 0] for name in ("model", "last", "first", "diagonal")}
    for exported_pair in exported["pairs"]:
        pair = dict(exported_pair["attention"], line=exported_pair["line"])
        english, french = pairs[pair["line"]]
        check_tokens(pair, english, french)
        read = pair["source"].index("<eos>") if "<eos>" in pair["source"] else len(pair["source"])
        rows = [t for t in pair["target"] if t != "<eos>"]
        for j in range(len(rows)):
            linked = {i for i, jj in links[pair["line"]] if jj == j and i < read}
            if not linked:
                continue
            weights = pair["weights"][j]
            guesses = {
                "model": max(range(len(weights)), key=lambda t: (weights[t], -t)),
                "last": read - 1,
                "first": 0,
                "diagonal": round(j * (read - 1) / max(len(rows) - 1, 1)),
            }
            for name, guess in guesses.items():
                counts[name][0] += guess in linked
                counts[name][1] += 1
                counts[name][2] += any(abs(guess - i) <= 1 for i in linked)
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, help="the corpus file the models trained on")
    parser.add_argument("--model", action="append", default=[], metavar="NAME=CHECKPOINT",
                        help="a model with attention trained with --split (repeatable)")
    parser.add_argument("--seq2seq", default=os.path.join(ROOT, ".build/release/seq2seq"),
                        help="the seq2seq executable (swift build -c release)")
    parser.add_argument("--links", help="write the test pairs' links here, for figures --links")
    parser.add_argument("--cache", default="/tmp/seq2seq-alignment")
    args = parser.parse_args()

    pairs = read_corpus(args.data)
    links = align(pairs, args.cache)
    rows = []
    test_lines = None
    for named in args.model:
        name, _, path = named.partition("=")
        exported = export([args.seq2seq], path, args.data)
        test_lines = [pair["line"] for pair in exported["pairs"]]
        counts = scores(exported, pairs, links)
        if not rows:
            rows += [(f"baseline: always the {b} English token" if b != "diagonal"
                      else "baseline: the diagonal", counts[b]) for b in ("last", "first", "diagonal")]
        rows.append((f"{name} ({path})", counts["model"]))
    print(f"{len(test_lines or [])} test pairs; of the French tokens the aligner links to an "
          f"English token the encoder read, the share whose strongest English token is linked to "
          f"it (and the share where it is at most one token away from a linked one):")
    for name, (hits, total, near) in rows:
        print(f"  {name:55s} {hits / max(total, 1):.3f}  ({hits} of {total}; "
              f"within one token {near / max(total, 1):.3f})")
    if args.links and test_lines is not None:
        with open(args.links + ".tmp", "w") as out:
            for line in test_lines:
                out.write(f"{line}\t" + " ".join(f"{i}-{j}" for i, j in sorted(links[line])) + "\n")
        os.replace(args.links + ".tmp", args.links)
        print(f"wrote {args.links}")


if __name__ == "__main__":
    main()
