#!/usr/bin/env python3
"""Writes the DocC catalog of the website from the chapters (Chapters/*.md), the real code and the
figures, so that nothing is copied by hand and nothing can go stale:

  Scripts/make-catalog.py OUT.docc MANIFEST.json

OUT.docc gets the committed skeleton (Chapters/Seq2Seq.docc: the root page and the table of
contents), one tutorial per chapter, and Resources/ with the code the steps show (the lines of
the repository's files each step is about, copied now: Scripts/slices.py), the lesson's parts,
and the figures. MANIFEST.json lists every tutorial page with its title, first step, images,
equations and quiz questions, for the browser check (.ci/check-site).

How a chapter becomes a tutorial:
- `# 01 The encoder` is the title; `**Goal:** ...` and the chapter's first figure, the intro.
- every `## Section` is a tutorial section: its prose, tables and code blocks introduce it;
  its steps are, in order:
  - each table row naming a source file: the declarations the row names in that file in the
    code pane, the row's other cells as the step's text, with links to the API pages of the
    public types the file declares;
  - `swift run lesson-X`: each part of the lesson, from one `heading("N. ...")` to the next,
    with what it prints when the chapter's transcript has that part;
  - each exercise (`- **4.2** title`): the stub function the learner edits;
  - each figure: the image, with the italic caption under it;
  - a section with none of these: its prose's files, figures, or commands and output
    (`Catalog.prose_steps`); one left with nothing to show joins the next section.
- math, `$...$` and `$$...$$`, goes to DocC as code spans that keep their dollars, for KaTeX
  (Scripts/site/math.js) to typeset in the browser.
- `## Check yourself`: the quiz. Each numbered question has choices as list items; the right one
  is in bold; the text after ` — ` is the explanation shown once it is picked.
"""
import functools
import json
import pathlib
import re
import shutil
import sys

import slices

ROOT = pathlib.Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "Chapters"
SKELETON = CHAPTERS / "Seq2Seq.docc"
# The library's modules, whose API the site holds: the one list, `modules=(...)` in
# Scripts/build-site, which builds their symbol graphs.
LIBRARY = re.search(
    r"^modules=\(([^)]*)\)", (ROOT / "Scripts" / "build-site").read_text(), re.M)[1].split()

# A code pane shows a whole file only when it is this short; a longer one shows the declarations
# the step names (Scripts/slices.py).
WHOLE_FILE_LINES = 60

# `public struct Name`, `public final class Name`, ...: the types a file declares.
PUBLIC_TYPE = re.compile(r"^public (?:final )?(?:struct|class|enum|protocol|actor) (\w+)", re.M)


class CatalogError(Exception):
    pass


def slug(chapter: pathlib.Path) -> str:
    """01-encoder.md -> encoder; 00a-the-tensor-core.md -> the-tensor-core."""
    return re.sub(r"^\d+[a-z]?-", "", chapter.stem)


def escape(text: str) -> str:
    """Text safe inside a directive's quoted argument."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())


def blocks(text: str):
    """Markdown blocks: fenced code, tables, lists (with their continuation lines), images,
    paragraphs; each as (kind, text)."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if line.startswith("```"):
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            yield ("code", "\n".join(lines[i:j + 1]))
            i = j + 1
        elif line.startswith("|"):
            j = i
            while j < len(lines) and lines[j].startswith("|"):
                j += 1
            yield ("table", "\n".join(lines[i:j]))
            i = j
        elif line.startswith("!["):
            yield ("image", line)
            i += 1
        elif re.match(r"^(\s*)([-*]|\d+\.) ", line):
            j = i + 1
            while j < len(lines) and lines[j].strip() and not lines[j].startswith("```"):
                j += 1
            yield ("list", "\n".join(lines[i:j]))
            i = j
        else:
            j = i + 1
            while (j < len(lines) and lines[j].strip() and not lines[j].startswith(("```", "|", "![", "- "))):
                j += 1
            yield ("paragraph", "\n".join(lines[i:j]))
            i = j


def items(list_text: str):
    """The top-level items of a markdown list, each with its continuation lines."""
    result = []
    for line in list_text.splitlines():
        if re.match(r"^([-*]|\d+\.) ", line):
            result.append(line)
        elif result:
            result[-1] += "\n" + line
    return result


class Catalog:
    """The catalog being written into `out`, and the manifest of its pages."""

    def __init__(self, out: pathlib.Path):
        self.out = out
        self.resources = out / "Resources"
        self.files = sorted(
            p.relative_to(ROOT).as_posix()
            for folder in ("Sources", "Tests", "Benchmarks")
            for p in (ROOT / folder).rglob("*")
            if p.is_file() and p.suffix in (".swift", ".py"))
        self.chapter_slugs = {p.name: slug(p) for p in CHAPTERS.glob("[0-9]*.md")}
        self.manifest = []

    # Code files

    def resolve(self, path: str):
        """A path as the chapters write it (`Sources/Encoder/X.swift`, `Ops/Y.swift`,
        `GRUCell.swift`) -> the one repository file it names, or None."""
        path = path.strip("`")
        if not path.endswith((".swift", ".py")):
            return None
        if (ROOT / path).is_file():
            return path
        matches = [f for f in self.files if f.endswith("/" + path)]
        return matches[0] if len(matches) == 1 else None

    def files_named(self, text: str):
        """The repository files `text` names in code spans, in order."""
        return [p for m in re.findall(r"`([^`]+\.(?:swift|py))`", text) if (p := self.resolve(m))]

    def copy_code(self, tutorial: str, path: str) -> str:
        """Copies `path` into Resources as it is now; returns the resource's name."""
        name = f"{tutorial}--{path.replace('/', '--')}"
        shutil.copyfile(ROOT / path, self.resources / name)
        return name

    def code_pane(self, tutorial: str, path: str, ranges) -> str:
        """The @Code of a step: the lines `ranges` of `path` as it is now (the whole file when
        there are none), written into Resources."""
        lines = source_lines(path)
        if not ranges or sum(b - a + 1 for a, b in ranges) >= len(lines) - 2:
            resource = self.copy_code(tutorial, path)
        else:
            first = ranges[0][0] + 1
            resource = f"{tutorial}--{path.replace('/', '--')}--{first}"
            comment = "#" if path.endswith(".py") else "//"
            (self.resources / resource).write_text("\n".join(slices.excerpt(lines, ranges, path, comment)) + "\n")
        return f'@Code(name: "{pathlib.Path(path).name}", file: "{resource}")'

    def code_step(self, tutorial: str, text: str, path: str, about: str = ""):
        """A step showing the declarations of `path` that `text` (or `about`) names (the whole
        file when it is short), with links to the API pages of the public types it declares."""
        lines = source_lines(path)
        found = slices.declarations(lines, about or text, python=path.endswith(".py"))
        if not found and len(lines) > WHOLE_FILE_LINES:
            raise CatalogError(
                f"a step shows {path} ({len(lines)} lines) but names none of its declarations in "
                f"backticks (`Type`, `Type.member`, `function`): {plain(text)!r}")
        widest = max((b - a + 1 for a, b in found if slices.declares_type(lines, (a, b))), default=0)
        if len(lines) > 100 and widest > len(lines) * 2 // 3:
            raise CatalogError(
                f"a step names a type of {widest} of the {len(lines)} lines of {path}: name the "
                f"members it is about, not the type that holds them all: {plain(text)!r}")
        return (text + self.api_links(path), self.code_pane(tutorial, path, slices.merge(found)))

    def declaring_file(self, row: str, where):
        """The file of Sources/ (within the folder `where` gives, if any) that declares the most
        of what `row` names in code spans; None when none does."""
        folders = [c.strip("`").strip("/") for c in where if c.startswith("`")]
        # `Seq2SeqDecoder.initState`: a file that declares (or extends) Seq2SeqDecoder.
        types = set(re.findall(r"`([A-Z]\w*)\.\w", row))
        best, most = None, 0
        for path in self.files:
            if not path.startswith("Sources/") or not path.endswith(".swift"):
                continue
            if folders and not any(f"/{folder}/" in f"/{path}" for folder in folders):
                continue
            declared = re.findall(r"\b(?:struct|class|enum|protocol|actor|extension) (\w+)", "\n".join(source_lines(path)))
            if types and not types & set(declared):
                continue
            found = slices.declarations(source_lines(path), row, quotes=False)
            if len(found) > most:
                best, most = path, len(found)
        return best

    def exercise_step(self, tutorial: str, exercise: str, text: str):
        """A step showing exercise `exercise`'s stub, from its `// BEGIN Exercise` line to its
        `// END Exercise` line, beside `text`."""
        path = self.exercise_file(exercise)
        ranges = slices.exercise(source_lines(path), exercise)
        return (text, self.code_pane(tutorial, path, ranges))

    def exercise_file(self, exercise: str) -> str:
        """The stub file that holds exercise `exercise` ("4.2")."""
        for stub in sorted((ROOT / "Sources/Exercises").glob("*.swift")):
            if f"// BEGIN Exercise {exercise}\n" in stub.read_text():
                return stub.relative_to(ROOT).as_posix()
        raise CatalogError(f"exercise {exercise}: no stub in Sources/Exercises has it")

    def api_links(self, path: str) -> str:
        """Links to the API pages of the public types `path` declares, when it is a library file."""
        parts = path.split("/")
        if len(parts) < 3 or parts[0] != "Sources" or parts[1] not in LIBRARY:
            return ""
        source = (ROOT / path).read_text()
        declared = PUBLIC_TYPE.findall(source)
        # Extensions link too, when the module itself declares the type (Tensor's ops).
        extended = [n for n in re.findall(r"^(?:public )?extension (\w+)", source, re.M)
                    if n in module_types(parts[1])]
        names = list(dict.fromkeys(declared + extended))
        if not names:
            return ""
        return " API: " + ", ".join(f"``{parts[1]}/{n}``" for n in names) + "."

    # Prose

    def prose(self, text: str) -> str:
        """Chapter markdown made DocC-safe: links to other chapters become tutorial links,
        links into the repository become code spans."""
        def link(match):
            label, target = match[1], match[2]
            if target.startswith(("http://", "https://")):
                return match[0]
            name = target.split("#")[0]
            if name in self.chapter_slugs:
                return f"<doc:{self.chapter_slugs[name]}>"
            return f"{label} (`{target.lstrip('./')}`)" if not label.startswith("`") else label
        text = re.sub(r"(?<!!)\[([^\]]+)\]\(([^)]+)\)", link, text)
        pieces = re.split(r"(`[^`]*`)", text)
        text = "".join(p if p.startswith("`") else MATH.sub(math_span, p) for p in pieces)
        # DocC's directives count braces, even escaped ones, but not inside code spans.
        if any(not p.startswith("`") and ("{" in p or "}" in p) for p in re.split(r"(`[^`]*`)", text)):
            raise CatalogError(f"a brace outside code and math that DocC would misread: {text[:120]!r}")
        return text

    def image(self, line: str):
        match = re.match(r"!\[([^\]]*)\]\(([^)]+)\)", line)
        source = (CHAPTERS / match[2]).resolve()
        if not source.is_file():
            raise CatalogError(f"{line}: no such figure")
        return self.copy_figure(source), match[1]

    def copy_figure(self, source: pathlib.Path) -> str:
        """Copies a figure of Figures/ into Resources; returns the resource's name."""
        name = "figure--" + source.relative_to(ROOT / "Figures").as_posix().replace("/", "--")
        shutil.copyfile(source, self.resources / name)
        return name

    # A chapter

    def lesson_steps(self, tutorial: str, command: str, transcript: str = ""):
        """`swift run lesson-encoder` -> a step for each part of the lesson, from its
        `heading("N. ...")` line to the next: the part's code, and what it prints when the
        chapter's transcript (`transcript`, the ```text block after the command) has that part."""
        name = command.split("lesson-")[1].split()[0].replace("-", "").lower()
        folders = [d for d in (ROOT / "Sources/Lessons").iterdir() if d.name.lower() == name]
        if not folders:
            raise CatalogError(f"{command}: no lesson folder for it")
        source = next(p for p in sorted(folders[0].glob("*.swift")) if p.name != "main.swift")
        path = source.relative_to(ROOT).as_posix()
        lines = source.read_text().splitlines()
        starts = [i for i, l in enumerate(lines) if re.search(r'heading\("(\d+)\. ', l)]
        printed = transcript_parts(transcript)
        steps = []
        for k, start in enumerate(starts):
            end = starts[k + 1] - 1 if k + 1 < len(starts) else len(lines) - 1
            # Up to the next part, without the blank lines and closing braces of the lesson.
            indent = len(lines[start]) - len(lines[start].lstrip())
            while end > start and (not lines[end].strip() or (lines[end].strip() == "}"
                                   and len(lines[end]) - len(lines[end].lstrip()) < indent)):
                end -= 1
            title = re.search(r'heading\("((\d+)\. (?:[^"\\]|\\.)*)"', lines[start])
            shown = slices.excerpt(lines, [(start, end)], path)
            if printed.get(title[2]):
                shown += ["", "// What it prints (the chapter's transcript):"]
                shown += [f"// {line}".rstrip() for line in printed[title[2]]]
            resource = f"{tutorial}--part{k + 1}--{source.name}"
            (self.resources / resource).write_text("\n".join(shown) + "\n")
            text = f"Part {title[1]}".replace('\\"', '"') + (
                ": its code and what it prints." if printed.get(title[2]) else ": its code.")
            steps.append((text, f'@Code(name: "{source.name}", file: "{resource}")'))
        if not starts:
            resource = self.copy_code(tutorial, path)
            steps.append((f"The lesson: `{path}`.", f'@Code(name: "{source.name}", file: "{resource}")'))
        return steps

    def prose_steps(self, tutorial: str, content):
        """The steps of a section without code tables, lessons, exercises or figures of its own,
        each beside something to look at, the first kind found: a list item or paragraph that
        names a source file, beside that file, and a figure a paragraph names
        (`Figures/full/learning-curve.svg`), beside that figure; else the sentence of the
        introduction that names a file; else each command block (and the output block after
        it) in a terminal pane, beside the paragraph before it. What is not a step introduces
        the section, in the chapter's order. Returns (content, steps)."""
        kept, steps = [], []
        for k, text in enumerate(content):
            if text.startswith(("```", "|")):
                kept.append(text)
                continue
            # A bulleted list's items stand alone; a numbered list or a paragraph stays whole.
            pieces = items(text) if re.match(r"^[-*] ", text) else [text]
            rest = []
            for piece in pieces:
                paths = self.files_named(piece)
                if paths and (k or len(pieces) > 1):
                    steps.append(self.code_step(tutorial, piece, paths[0]))
                else:
                    rest.append(piece)
                    steps += self.figure_steps(piece)
            if rest:
                kept.append("\n".join(rest))
        for text in [] if steps else kept:
            for sentence in SENTENCE.split(flatten(text)):
                paths = self.files_named(sentence)
                if paths and not text.startswith(("```", "|", "#")):
                    steps.append(self.code_step(tutorial, sentence, paths[0]))
        if steps:
            return kept, steps
        content, kept = kept, []
        k = 0
        while k < len(content):
            text = content[k]
            if not text.startswith("```"):
                kept.append(text)
                k += 1
                continue
            block = [text]
            if text.startswith("```sh") and k + 1 < len(content) and content[k + 1].startswith("```text"):
                block.append(content[k + 1])
                k += 1
            words = kept.pop() if len(kept) > 1 and not kept[-1].startswith(("```", "|", "#")) else ""
            steps.append(self.terminal_step(tutorial, words, block, len(steps)))
            k += 1
        return kept, steps

    def terminal_step(self, tutorial: str, words: str, blocks, index: int):
        """A step showing commands (a ```sh block) and what they print (a ```text block) in a
        terminal pane, beside `words` (the paragraph that introduces them)."""
        lines = []
        for block in blocks:
            body = block.split("\n")[1:-1]
            lines += [f"$ {line}" if block.startswith("```sh") else line for line in body]
        resource = f"{tutorial}--terminal-{index + 1}.txt"
        (self.resources / resource).write_text("\n".join(lines) + "\n")
        pane = "Terminal" if blocks[0].startswith("```sh") else "Example"
        if not words:
            command = next((l for b in blocks if b.startswith("```sh") for l in b.split("\n")[1:-1]), "")
            words = f"`{command}`" + (", and what it prints." if len(blocks) > 1 else ".") if command else "What it prints."
        return (words, f'@Code(name: "{pane}", file: "{resource}")')

    def figure_steps(self, text: str):
        """A step for each figure of `Figures/` that `text` names, beside the figure (its PNG)."""
        steps = []
        for mention in re.findall(r"`(Figures/[^`]+)\.(?:svg|png)`", text):
            source = ROOT / (mention + ".png")
            if not source.is_file():
                raise CatalogError(f"{text[:80]!r} names {mention}, which has no PNG")
            name = self.copy_figure(source)
            sentence = next(s for s in SENTENCE.split(flatten(text)) if mention in s)
            steps.append((self.prose(sentence), f'@Image(source: "{name}", alt: "{escape(plain(sentence))}")'))
        return steps

    def section(self, tutorial: str, title: str, body: str):
        content, steps = [], []
        pending_caption = None
        body_blocks = list(blocks(body))
        for index, (kind, text) in enumerate(body_blocks):
            if kind == "table":
                # A code table (rows that name source files) is a step per row: the code the row
                # names beside its other cells. A row that gives a folder, "same file" or names
                # only is shown with the file that declares what it names; none is left out.
                rows, path = [], None
                for row in text.splitlines()[2:]:
                    cells = [c.strip() for c in row.strip("|").split("|")]
                    files = [[self.resolve(m) for m in re.findall(r"`([^`]+)`", c)] for c in cells]
                    found = [f for names in files for f in names if f]
                    where = [c for c, names in zip(cells, files) if any(names) or c == "same file"
                             or re.fullmatch(r"`[^`]*/[^`]*`", c)]
                    path = found[0] if found else path if "same file" in cells else self.declaring_file(row, where)
                    words = " — ".join(c for c in cells if c not in where)
                    rows.append((words, path, row))
                if not any(path for _, path, _ in rows):
                    content.append(self.prose(text))
                    continue
                for words, path, row in rows:
                    # A step says in words what to look at in its pane, not only a signature.
                    prose = re.sub(r"\$[^$]*\$", "", re.sub(r"`[^`]*`", "", words))
                    if len(re.findall(r"[A-Za-z]{2,}", prose)) < 3:
                        raise CatalogError(f"a row of a code table says in code only what its pane "
                                           f"shows; say it in words too: {row[:100]!r}")
                    if not path:
                        raise CatalogError(f"a row of a code table names no file, and nothing the "
                                           f"files of Sources/ declare: {row[:100]!r}")
                    steps.append(self.code_step(tutorial, self.prose(words or "") + f" (`{path}`).", path, row))
            elif kind == "code" and re.search(r"swift run (-q )?lesson-", text):
                command = re.search(r"swift run [^\n]*lesson-[^\n]*", text)[0]
                content.append(text)
                after = body_blocks[index + 1][1] if index + 1 < len(body_blocks) else ""
                steps += self.lesson_steps(tutorial, command, after if after.startswith("```text") else "")
            elif kind == "image":
                name, alt = self.image(text)
                steps.append((alt + ".", f'@Image(source: "{name}", alt: "{escape(alt)}")'))
                pending_caption = len(steps) - 1
                continue
            elif kind == "paragraph" and pending_caption is not None and text.startswith("*"):
                words, media = steps[pending_caption]
                steps[pending_caption] = (self.prose(text.strip("*")), media)
            elif kind == "list" and re.match(r"^- \*\*\d+\.\d+\*\*", text):
                # `- **4.2** title`: the exercise beside the stub file the learner edits.
                for item in items(text):
                    exercise, words = re.match(r"^- \*\*(\d+\.\d+)\*\* ?(.*)", item, re.S).groups()
                    steps.append(self.exercise_step(tutorial, exercise, f"Exercise {exercise}: " + self.prose(words)))
            elif kind == "code":
                content.append(text)
            else:
                content.append(self.prose(text))
            pending_caption = None
        return content, steps

    def markup(self, title: str, content, steps) -> str:
        out = [f'  @Section(title: "{escape(title.replace("`", ""))}") {{']
        if content:
            out += ["    @ContentAndMedia {", indent("\n\n".join(content), 6), "    }", ""]
        if steps:
            out.append("    @Steps {")
            for text, media in steps:
                out += ["      @Step {", indent(step_text(text), 8), "", "        " + media, "      }"]
            out.append("    }")
        out.append("  }")
        return "\n".join(out)

    def assessments(self, body: str, chapter: str):
        questions = [q for k, t in blocks(body) if k == "list" for q in items(t)
                     if re.match(r"^\d+\. ", q)]
        if len(questions) < 2:
            raise CatalogError(f"{chapter}: `## Check yourself` needs at least two questions")
        out = ["  @Assessments {"]
        for question in questions:
            lines = question.splitlines()
            stem = [re.sub(r"^\d+\. ", "", lines[0])]
            choices = []
            for line in lines[1:]:
                if re.match(r"^\s+- ", line):
                    choices.append(re.sub(r"^\s+- ", "", line))
                elif choices:
                    choices[-1] += " " + line.strip()
                else:
                    stem.append(line.strip())
            right = [c for c in choices if c.startswith("**")]
            if len(right) != 1 or len(choices) < 2:
                raise CatalogError(f"{chapter}: question {stem[0]!r} needs two choices or more, one in bold")
            out += ["    @MultipleChoice {", indent(self.prose(" ".join(stem)), 6), ""]
            for choice in choices:
                answer, _, why = choice.partition(" — ")
                correct = answer.startswith("**")
                answer = answer.strip("*").strip() if correct else answer
                out += [f"      @Choice(isCorrect: {'true' if correct else 'false'}) {{",
                        indent(self.prose(answer), 8), "",
                        f'        @Justification(reaction: "{"Right." if correct else "Not quite."}") {{',
                        indent(self.prose(why or answer), 10), "        }", "      }"]
            out.append("    }")
        out.append("  }")
        return "\n".join(out)

    def tutorial(self, chapter: pathlib.Path):
        name = slug(chapter)
        text = chapter.read_text()
        title_match = re.match(r"# (?:\d+[a-z]? )?(.+)\n", text)
        if not title_match:
            raise CatalogError(f"{chapter.name}: no `# NN Title` line")
        title = title_match[1]
        head, *sections = re.split(r"\n## ", text[title_match.end():])
        goal = head.strip().replace("**Goal:** ", "")
        goal = goal[:1].upper() + goal[1:]
        # No image in the intro: DocC lays it under the title, where a figure's text fights it.
        intro = [f'  @Intro(title: "{escape(title)}") {{', indent(self.prose(goal), 4), "  }"]
        # "The code" walks through the code of the section before it (e.g. "The idea"): when
        # that one has no steps of its own, the two are one section, the first's title on it and
        # the second's in bold. Any other section without steps takes them from its prose.
        parsed = []
        quiz = None
        for section in sections:
            section_title, _, body = section.partition("\n")
            section_title = section_title.strip()
            if section_title == "Check yourself":
                quiz = self.assessments(body, chapter.name)
            elif parsed and section_title == "The code" and not parsed[-1][2]:
                title_before, content_before, _ = parsed.pop()
                content, steps = self.section(name, section_title, body)
                parsed.append((title_before, content_before + ["**The code**"] + content, steps))
            else:
                parsed.append((section_title, *self.section(name, section_title, body)))
        # A section that still has nothing to show beside its text joins the next one (or, at
        # the end, the one before) as a heading and its prose: no step beside an empty pane.
        # Joined sections keep every title: the section's is theirs, joined with " · ", and each
        # one after the first heads its own prose.
        joined, pending, titles = [], [], []
        for section_title, content, steps in parsed:
            if not steps:
                content, steps = self.prose_steps(name, content)
            if titles:
                content = [f"### {section_title}"] + content
            titles.append(section_title)
            pending += content
            if steps:
                joined.append((" · ".join(titles), pending, steps))
                pending, titles = [], []
        if pending:
            if not joined:
                raise CatalogError(f"{chapter.name}: no section has anything to show beside its text")
            title_before, content_before, steps_before = joined.pop()
            joined.append((title_before, content_before + [f"### {titles[0]}"] + pending, steps_before))
        parts, first_step = [], None
        for section_title, content, steps in joined:
            parts.append(self.markup(section_title, content, steps))
            first_step = first_step or step_text(steps[0][0])
        images = sorted(set(re.findall(r'@Image\(source: "([^"]+)"', "\n".join(parts))))
        if quiz is None:
            raise CatalogError(f"{chapter.name}: no `## Check yourself` quiz")
        minutes = max(5, round(len(text.split()) / 150))  # reading at 150 words a minute
        tutorial = "\n".join([f"@Tutorial(time: {minutes}) {{"] + intro + parts + [quiz, "}"]) + "\n"
        (self.out / f"{name}.tutorial").write_text(tutorial)
        self.manifest.append({
            "chapter": chapter.name, "slug": name, "title": title,
            "firstStep": plain(first_step or ""), "images": images,
            # The equations a reader sees before the quiz (whose explanations show once picked).
            "math": len(re.findall(r"`\$[^`]*\$`", "\n".join(intro + parts))),
            "questions": quiz.count("@MultipleChoice {"),
        })

    def build(self):
        if self.out.exists():
            shutil.rmtree(self.out)
        shutil.copytree(SKELETON, self.out)
        self.resources.mkdir(exist_ok=True)
        toc = (SKELETON / "Table-of-Contents.tutorial").read_text()
        for chapter in sorted(CHAPTERS.glob("[0-9]*.md")):
            if f'"doc:{slug(chapter)}"' not in toc:
                raise CatalogError(f"Table-of-Contents.tutorial does not list {chapter.name} (doc:{slug(chapter)})")
            self.tutorial(chapter)
        for image in re.findall(r'@Image\(source: "(figure--[^"]+)"', toc):
            source = ROOT / "Figures" / image[len("figure--"):].replace("--", "/")
            shutil.copyfile(source, self.resources / image)


# Where a sentence ends: after `.` or `;`, before a capital, a code span or a parenthesis.
SENTENCE = re.compile(r"(?<=[.;])\s+(?=[A-Z`(])")

# `$$...$$` (display) and `$...$` (inline) math, as GitHub reads it in the chapters.
MATH = re.compile(r"\$\$(.+?)\$\$|(?<![\\\w$])\$(?=\S)((?:[^$\n]|\n(?!\s*\n))+?)(?<=\S)\$(?![\w$])", re.S)


def math_span(match) -> str:
    """Math as the site carries it: a code span that keeps its dollars (DocC's markdown leaves a
    code span alone: no curly quotes, no emphasis from `_` or `*`, braces allowed), typeset in
    the browser by Scripts/site/math.js with KaTeX."""
    display, inline = match[1], match[2]
    if display is not None:
        return "`$$" + " ".join(display.split()) + "$$`"
    return "`$" + " ".join(inline.split()) + "$`"


def transcript_parts(transcript: str):
    """A lesson's transcript (```text block) by part: {"2": the lines under its `2. title`
    heading and dashes, up to the next heading}, as the lessons print them."""
    parts, current = {}, None
    lines = transcript.split("\n")[1:-1] if transcript else []
    for i, line in enumerate(lines):
        heading = re.match(r"^(\d+)\. ", line)
        if heading and i + 1 < len(lines) and re.fullmatch(r"-{3,}", lines[i + 1]):
            current = heading[1]
            parts[current] = []
        elif current and not re.fullmatch(r"-{3,}", line):
            parts[current].append(line)
    return {k: "\n".join(v).strip("\n").split("\n") for k, v in parts.items() if "".join(v).strip()}


@functools.cache
def source_lines(path: str):
    """The lines of a repository file, read once."""
    return (ROOT / path).read_text().splitlines()


@functools.cache
def module_types(module: str) -> set:
    """The public types library module `module` declares, read once."""
    sources = "\n".join(p.read_text() for p in (ROOT / "Sources" / module).rglob("*.swift"))
    return set(PUBLIC_TYPE.findall(sources))


def flatten(markdown: str) -> str:
    """One paragraph, as a DocC step wants its text: list markers dropped, lines joined."""
    lines = [re.sub(r"^\s*([-*]|\d+\.) ", "", line).strip() for line in markdown.splitlines()]
    return " ".join(line for line in lines if line)


def step_text(text) -> str:
    """A step's text as the tutorial shows it: flattened, a first word capitalised (a word, not a
    variable such as f or a(s, h))."""
    text = flatten(text)
    if re.match(r"[a-z]{2,}[ ,]", text):
        text = text[:1].upper() + text[1:]
    return text


def plain(markdown: str) -> str:
    """The words of a step as a browser shows them: the first sentence, without markup."""
    text = re.sub(r"`\$[^`]*\$`", "", markdown.split("\n\n")[0])  # math reads otherwise, typeset
    text = re.sub(r"``([^`]+)``", lambda m: m[1].split("/")[-1], text)
    text = re.sub(r"<doc:([^>]+)>", "", text)
    text = re.sub(r"[`*]", "", text)
    return " ".join(text.split())[:60]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    catalog = Catalog(pathlib.Path(sys.argv[1]))
    try:
        catalog.build()
    except CatalogError as error:
        sys.exit(f"make-catalog: {error}")
    pathlib.Path(sys.argv[2]).write_text(json.dumps(catalog.manifest, indent=2) + "\n")


if __name__ == "__main__":
    main()
