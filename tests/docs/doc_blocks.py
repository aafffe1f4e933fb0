"""Fenced blocks of the docs and their `<!-- decree: … -->` annotations.

Shared by check_doc_snippets.py and run_doc_commands.py; the conventions are
documented for contributors in docs/README.md ("Code blocks in the docs").

A block is a fenced code block (three or more backticks, possibly indented, as
in a list item) with a language label. The annotation lines directly above its
opening fence (no blank line between) are HTML comments

    <!-- decree: DIRECTIVE [ARGUMENT] ... -->

whose words are split like a shell's (so an argument with spaces is quoted,
"…" or '…'). Every directive has a fixed number of arguments (DIRECTIVES).
An annotation that is not directly above a block, or an unknown directive, is
an error: a misspelt annotation must never be ignored silently.
"""
import os
import re
import shlex

# Directive -> number of arguments. What each means is in docs/README.md.
DIRECTIVES = {
    "inside": 1,  # decree: a fragment of the rule set version at PATH
    "file": 1,  # any language: the block is the repository file PATH, verbatim
    "beside": 1,  # decree: a new version (a draft) placed beside the versions of RULES
    "error": 1,  # decree: checking gives this error (repeatable)
    "exit": 1,  # sh, console: the exit code of the command(s), instead of 0
    "no-run": 1,  # sh: not run by the test, with the reason (minutes-long runs only)
    "stdout": 0,  # text, json: the stdout of the one command of the sh block above
    "stderr": 0,  # text: the stderr of the one command of the sh block above
}

REPEATABLE = {"error"}

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<ticks>`{3,})(?P<lang>[^`\s]*)\s*$")
ANNOTATION = re.compile(r"^\s*<!--\s*decree:(?P<body>.*?)-->\s*$")


class DocError(Exception):
    """A malformed doc (an annotation, a fence), reported with file:line."""


class Block:
    def __init__(self, path, line, lang, text, directives, annotation_line):
        self.path = path  # as given (relative to the project root)
        self.line = line  # 1-based line of the opening fence
        self.lang = lang  # "" when unlabelled
        self.text = text  # the content, indentation of the fence removed, ends with "\n"
        self.directives = directives  # name -> list of argument lists
        self.annotation_line = annotation_line

    def where(self):
        return f"{self.path}:{self.line}"

    def has(self, name):
        return name in self.directives

    def arg(self, name, default=None):
        values = self.directives.get(name)
        return values[0][0] if values else default

    def args(self, name):
        return [a[0] for a in self.directives.get(name, [])]


def parse_annotation(body, where):
    try:
        words = shlex.split(body)
    except ValueError as e:
        raise DocError(f"{where}: cannot read the annotation: {e}")
    directives = {}
    i = 0
    while i < len(words):
        name = words[i]
        if name not in DIRECTIVES:
            known = ", ".join(sorted(DIRECTIVES))
            raise DocError(f"{where}: unknown directive `{name}` (known: {known})")
        n = DIRECTIVES[name]
        if i + 1 + n > len(words):
            raise DocError(f"{where}: `{name}` needs {n} argument{'s' if n != 1 else ''}")
        if name in directives and name not in REPEATABLE:
            raise DocError(f"{where}: `{name}` given twice")
        directives.setdefault(name, []).append(words[i + 1 : i + 1 + n])
        i += 1 + n
    return directives


def read_blocks(root, rel_path):
    """The fenced blocks of ROOT/REL_PATH, in order."""
    with open(os.path.join(root, rel_path), encoding="utf-8") as f:
        lines = f.read().split("\n")
    blocks = []
    pending = {}  # directives of the annotation lines just above
    pending_line = None
    i = 0
    while i < len(lines):
        line = lines[i]
        m_note = ANNOTATION.match(line)
        if m_note:
            where = f"{rel_path}:{i + 1}"
            for name, values in parse_annotation(m_note.group("body"), where).items():
                if name in pending and name not in REPEATABLE:
                    raise DocError(f"{where}: `{name}` given twice")
                pending.setdefault(name, []).extend(values)
            pending_line = pending_line or i + 1
            i += 1
            continue
        m = FENCE.match(line)
        if not m:
            if pending:
                raise DocError(
                    f"{rel_path}:{pending_line}: a `decree:` annotation must be directly "
                    "above a fenced block (no blank line between)"
                )
            i += 1
            continue
        indent, ticks = m.group("indent"), m.group("ticks")
        start = i
        body = []
        i += 1
        close = re.compile(r"^[ \t]*" + ticks + r"`*\s*$")
        while i < len(lines) and not close.match(lines[i]):
            text = lines[i]
            body.append(text[len(indent) :] if text.startswith(indent) else text.lstrip())
            i += 1
        if i == len(lines):
            raise DocError(f"{rel_path}:{start + 1}: this fence is never closed")
        text = "\n".join(body) + "\n" if body else ""
        blocks.append(Block(rel_path, start + 1, m.group("lang"), text, pending, pending_line))
        pending, pending_line = {}, None
        i += 1
    if pending:
        raise DocError(f"{rel_path}:{pending_line}: a `decree:` annotation at the end of the file")
    return blocks


def doc_files(root):
    """README.md and docs/*.md, relative to ROOT, sorted."""
    files = ["README.md"] if os.path.exists(os.path.join(root, "README.md")) else []
    docs = os.path.join(root, "docs")
    files += sorted(
        "docs/" + name for name in os.listdir(docs) if name.endswith(".md")
    )
    return files
