"""The lines of a source file that a tutorial step is about, found by what the source keeps: the
names of its declarations (`func initState`, `static let attention`, `def align`) and the
`// BEGIN Exercise 4.2` ... `// END Exercise 4.2` lines around an exercise. Used by
Scripts/make-catalog.py, so that a code pane shows the function a step talks about, not its
whole file, and a change to those lines reaches the site on the next build."""
import re

# A Swift or Python identifier.
IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
# The keywords that declare a name, and what may stand before a declaration.
SWIFT_KEYWORDS = r"(?:func|var|let|case|struct|class|enum|protocol|typealias|actor|extension)"
MODIFIER = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s*|///.*|(?:public|private|fileprivate|internal|"
                      r"static|final|override|mutating|nonisolated|package)\s+)*$")


def names(text: str):
    """The declarations a step's text names in code spans, as (kind, name, first label):
    `Translator.greedy` -> ("name", "greedy", None); `Seq2SeqDecoder(vocabSize:...)` -> the
    initialiser of Seq2SeqDecoder whose first label is vocabSize, ("init", "Seq2SeqDecoder",
    "vocabSize"); `maskedSoftmax(_:validLen:)` -> ("func", "maskedSoftmax", "_"); `+ - * /` ->
    four ("operator", ...). Paths, math and command lines name nothing."""
    found = []
    for span in re.findall(r"`([^`]+)`", text):
        if re.fullmatch(r"[-+*/<>=!%&|^~]+(?: [-+*/<>=!%&|^~]+)*", span):
            found += [("operator", op, None) for op in span.split()]
            continue
        if span.startswith("$") or "/" in span or span.endswith((".swift", ".py")):
            continue
        call = re.match(r"^(?:\w+\.)?(\w+)\((\w+):", span)
        if call:
            found.append(("init" if call[1][0].isupper() else "func", call[1], call[2]))
            continue
        head = re.split(r"[(\s]", span)[0]
        parts = [p for p in head.split(".") if p]
        if parts and all(IDENTIFIER.fullmatch(p) for p in parts):
            found.append(("name", parts[-1], None))
    return found


def _code(line: str) -> str:
    """A Swift line without its string literals and its `//` comment, for counting brackets."""
    line = re.sub(r'"(?:\\.|[^"\\])*"', '""', line)
    return line.split("//")[0]


def _end(lines, start: int) -> int:
    """The last line of the declaration that starts at `start`: its body's closing brace, or, for
    one without a body, the line where its brackets balance and the statement ends."""
    depth, body = 0, False
    for i in range(start, len(lines)):
        code = _code(lines[i])
        for char in code:
            if char in "{([":
                depth += 1
                body = body or char == "{"
            elif char in "})]":
                depth -= 1
        following = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if depth > 0 or (not body and (code.rstrip().endswith(("=", ",", "(", "->", "."))
                                        or following.startswith(("{", ".", "where")))):
            continue
        return i
    return len(lines) - 1


def _start(lines, declaration: int) -> int:
    """The first line of the doc comment and attributes above a declaration."""
    start = declaration
    while start > 0 and MODIFIER.match(lines[start - 1]) and lines[start - 1].strip():
        start -= 1
    return start


def _declarations(lines, kind, name, label, python: bool):
    """(start, end) of every declaration of `name` a reader would look for: top level, a type's
    member, or anything with a doc comment (not a local variable deep in a body)."""
    found = []
    for i, line in enumerate(lines):
        indent = len(line) - len(line.lstrip())
        if python:
            if re.match(rf"^\s*(?:def|class) {re.escape(name)}\b", line) or re.match(rf"^{re.escape(name)} = ", line):
                end = i
                for j in range(i + 1, len(lines)):
                    if lines[j].strip() and len(lines[j]) - len(lines[j].lstrip()) <= indent:
                        break
                    if lines[j].strip():
                        end = j
                found.append((_start_python(lines, i), end))
            continue
        if kind == "init":
            if not re.match(r"^\s*(?:[\w@]+\s+)*init\(", line):
                continue
            signature = " ".join(lines[i:i + 4])
            if not re.search(rf"init\(\s*(?:_ )?{re.escape(label)}\b", signature):
                continue
            if name not in "\n".join(lines[:i]):  # not in the file before it: another type's
                continue
        elif name == "init":
            if not re.match(r"^\s*(?:[\w@]+\s+)*init[?!]?\(", line):
                continue
        elif kind == "func":
            if not re.search(rf"\bfunc {re.escape(name)}\b", _code(line)):
                continue
            signature = " ".join(lines[i:i + 4])
            if not re.search(rf"\bfunc {re.escape(name)}(?:<[^>]*>)?\(\s*(?:_ )?{re.escape(label)}\b", signature):
                continue
        elif kind == "operator":
            if not re.search(rf"\bfunc {re.escape(name)} ?\(", line):
                continue
        elif not re.search(rf"\b{SWIFT_KEYWORDS}\s+{re.escape(name)}\b(?!\.)", _code(line)):
            continue
        documented = i > 0 and lines[i - 1].strip().startswith(("///", "@"))
        if indent > 2 and not documented:
            continue
        found.append((_start(lines, i), _end(lines, i)))
    return found


def _start_python(lines, declaration: int) -> int:
    """The first line of the decorators and comments above a Python definition."""
    start = declaration
    while start > 0 and lines[start - 1].lstrip().startswith(("@", "#")):
        start -= 1
    return start


def exercise(lines, number: str):
    """The function that holds `// BEGIN Exercise N` ... `// END Exercise N`, with its doc
    comment: what the learner reads, then edits."""
    begin = next((i for i, l in enumerate(lines) if l.strip() == f"// BEGIN Exercise {number}"), None)
    if begin is None:
        return None
    declaration = next((i for i in range(begin, -1, -1) if re.search(r"\bfunc \w+", _code(lines[i]))), begin)
    return [(_start(lines, declaration), _end(lines, declaration))]


def declarations(lines, text: str, python: bool = False, quotes: bool = True):
    """The (start, end) line ranges, 0-based and inclusive, of the declarations `text` names in
    `lines`; of a type named with its members, the members only. With `quotes`, when it names
    none, the lines around code it quotes."""
    ranges = []
    for kind, name, label in names(text):
        ranges += _declarations(lines, kind, name, label, python)
    if not ranges and quotes:
        # Code quoted from the file (`numLayers: 2`): the lines around it, between blank lines.
        for span in re.findall(r"`([^`]+)`", text):
            for i, line in enumerate(lines):
                if len(span) > 3 and span in line and not line.lstrip().startswith(("//", "#")):
                    start, end = i, i
                    while start > 0 and lines[start - 1].strip():
                        start -= 1
                    while end + 1 < len(lines) and lines[end + 1].strip():
                        end += 1
                    ranges.append((start, end))
                    break
    return sorted(r for r in set(ranges)
                  if not any(o != r and r[0] <= o[0] and o[1] <= r[1] for o in ranges))


def declares_type(lines, declaration) -> bool:
    """Whether the declaration at `declaration` (a range) is a type's, whose body holds others."""
    start, end = declaration
    first = next((l for l in lines[start:end + 1] if not l.lstrip().startswith(("///", "@", "#"))), "")
    return bool(re.search(r"\b(?:struct|class|enum|protocol|actor|extension)\s", _code(first)))


def merge(ranges):
    """Ranges that touch or overlap joined, in file order."""
    merged = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def excerpt(lines, ranges, path: str, comment: str = "//"):
    """The lines of `ranges` with a first line naming the file and the lines, and `// ...`
    between ranges that are apart."""
    spans = ", ".join(f"{a + 1}-{b + 1}" if a != b else f"{a + 1}" for a, b in ranges)
    shown = [f"{comment} {path}, lines {spans} of {len(lines)}", ""]
    for k, (start, end) in enumerate(ranges):
        if k:
            shown.append(f"{' ' * (len(lines[start]) - len(lines[start].lstrip()))}{comment} ...")
        shown += lines[start:end + 1]
    return shown
