#!/usr/bin/env python3
"""Every command the docs show runs as written, and gives the output they show.

    run_doc_commands.py --root REPO --bin build/bin [DOC.md ...]

Without DOC arguments: README.md and docs/*.md (less EXCLUDED). Commands run
with bash from the project root, with BIN first on PATH (so `decree` is the
one just built). The conventions (docs/README.md, "Code blocks in the docs"):

- ```sh block: each command (a line; a line ending in `\\` continues on the
  next; a here-document `<<'EOF'` runs to its `EOF` line; `#` lines are
  comments) must exit with 0, or with the code of an
  `exit N` annotation. `no-run "REASON"` exempts a block whose run takes
  minutes (keep these few). A block annotated `stdout` or `stderr` after it
  (before the next sh block) is what the sh block's one command writes there.
- ```console block: a transcript. Each `$ COMMAND` line is run; the lines up
  to the next `$ ` are its stdout followed by its stderr.

Comparison of outputs: trailing spaces and trailing blank lines aside, line by
line and exact, except for the docs' marks of omission: a line whose first
non-blank character is `…` stands for any number of lines (the rest of it is
a note for readers), and `…` inside a line for any text.

What truly varies is normalised, and only that: every `/tmp/` path a command
names is redirected to a private temporary directory (other worktrees run
these tests at the same time), and that directory is written back as `/tmp`
in the outputs. In an output that named it, runs of two or more spaces
compare equal whatever their length, because the longer path widened the
columns of its table (a single space still has to match). No command the
docs show prints a timing, so no timing is normalised; one that did would
need a rule here.

A command already run in the same doc, as written (a trailing `# comment`
aside), is not run again: its first result is compared (regression.md
generates the same historical cases three times and shows one diff twice).
"""
import argparse
import difflib
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import doc_blocks  # noqa: E402

# Docs this test does not run yet, and why. Keep it empty where possible.
EXCLUDED = {}

TIMEOUT = 120  # seconds per command
TMP = re.compile(r"(?<![\w./-])/tmp/")
SPACES = re.compile(r"  +")
TRAILING_COMMENT = re.compile(r"\s+#[^'\"`]*$")


HEREDOC = re.compile(r"<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1")


def logical_lines(text):
    """Lines with `\\` continuations joined, comments and blank lines dropped.

    A here-document (`cat > FILE <<'EOF'` … `EOF`) is part of its command:
    the lines up to its delimiter line are taken as they are (blank lines and
    `#` lines included), so a doc can show a file being written."""
    out, current, heredoc = [], "", None
    for line in text.split("\n"):
        if heredoc is not None:
            current += "\n" + line
            if line.strip() == heredoc:
                heredoc = None
                out.append(current)
                current = ""
            continue
        if current:
            current += "\n" + line
        elif line.strip() and not line.lstrip().startswith("#"):
            current = line
        else:
            continue
        if current.endswith("\\"):
            continue
        m = HEREDOC.search(TRAILING_COMMENT.sub("", line))
        if m:
            heredoc = m.group(2)
            continue
        out.append(current)
        current = ""
    if current:
        out.append(current)
    return out


def console_steps(text):
    """[(command, expected output lines)] of a console transcript."""
    steps = []
    lines = text.rstrip("\n").split("\n")
    i = 0
    while i < len(lines):
        if not lines[i].startswith("$ "):
            raise doc_blocks.DocError(f"console output before any `$ ` command: {lines[i]!r}")
        command = lines[i][2:]
        i += 1
        while command.endswith("\\") and i < len(lines):
            command += "\n" + lines[i]
            i += 1
        expected = []
        while i < len(lines) and not lines[i].startswith("$ "):
            expected.append(lines[i])
            i += 1
        steps.append((command, expected))
    return steps


def line_pattern(expected):
    if "…" not in expected:
        return None
    return re.compile(".*".join(re.escape(part) for part in expected.split("…")))


def output_matches(expected, actual, any_padding=False):
    """Whether ACTUAL lines are what EXPECTED lines show (with `…` omissions).
    With any_padding, runs of two or more spaces compare equal."""
    exp = [l.rstrip() for l in expected]
    act = [l.rstrip() for l in actual]
    if any_padding:
        exp = [SPACES.sub("  ", l) for l in exp]
        act = [SPACES.sub("  ", l) for l in act]
    while exp and not exp[-1]:
        exp.pop()
    while act and not act[-1]:
        act.pop()
    patterns = [line_pattern(l) for l in exp]
    memo = {}

    def match(i, j):
        if (i, j) in memo:
            return memo[(i, j)]
        if i == len(exp):
            result = j == len(act)
        elif exp[i].lstrip().startswith("…"):
            result = match(i + 1, j) or (j < len(act) and match(i, j + 1))
        elif j == len(act):
            result = False
        elif patterns[i]:
            result = bool(patterns[i].fullmatch(act[j])) and match(i + 1, j + 1)
        else:
            result = exp[i] == act[j] and match(i + 1, j + 1)
        memo[(i, j)] = result
        return result

    sys.setrecursionlimit(max(10000, 4 * (len(exp) + len(act))))
    return match(0, 0)


class Runner:
    def __init__(self, root, bin_dir, scratch):
        self.root = root
        self.scratch = scratch
        self.env = dict(os.environ)
        self.env["PATH"] = os.path.abspath(bin_dir) + os.pathsep + self.env.get("PATH", "")
        self.env["PYTHONDONTWRITEBYTECODE"] = "1"
        # The docs show English output unless a command asks for --lang zh:
        # the locale of whoever runs the tests must not change it.
        for var in ("LC_ALL", "LC_MESSAGES"):
            self.env.pop(var, None)
        self.env["LANG"] = "C.UTF-8"

    def run(self, command):
        """(exit code, stdout, stderr, seconds, named_scratch) of COMMAND as
        written; named_scratch: whether the output named the scratch dir."""
        actual = TMP.sub(self.scratch + "/", command)
        start = time.monotonic()
        try:
            p = subprocess.run(["bash", "-c", actual], cwd=self.root, env=self.env,
                               capture_output=True, text=True, timeout=TIMEOUT)
            code, out, err = p.returncode, p.stdout, p.stderr
        except subprocess.TimeoutExpired:
            code, out, err = None, "", f"(timed out after {TIMEOUT} s)"
        seconds = time.monotonic() - start
        named = self.scratch in out or self.scratch in err
        return code, self.normalise(out), self.normalise(err), seconds, named

    def normalise(self, text):
        return text.replace(self.scratch, "/tmp")


def compare(what, expected_text, actual_text, any_padding):
    expected = expected_text.rstrip("\n").split("\n") if expected_text.strip() else []
    actual = actual_text.rstrip("\n").split("\n") if actual_text.strip() else []
    if output_matches(expected, actual, any_padding):
        return []
    diff = difflib.unified_diff(expected, actual, "shown in the doc", "actual", lineterm="")
    return [f"{what} differs from the doc:\n" + "\n".join("    " + l for l in diff)]


def expected_code(block):
    code = block.arg("exit", "0")
    if not code.isdigit():
        raise doc_blocks.DocError(f"{block.where()}: `exit {code}`: not a number")
    return int(code)


def run_doc(root, bin_dir, rel, log):
    """Problems (strings) with the commands of one doc."""
    blocks = doc_blocks.read_blocks(root, rel)
    problems = []
    # The stdout/stderr blocks that follow an sh block belong to it.
    shown = {}  # id(sh block) -> {"stdout": block, "stderr": block}
    last_sh = None
    for b in blocks:
        if b.lang == "sh":
            last_sh = b
        for stream in ("stdout", "stderr"):
            if not b.has(stream):
                continue
            if last_sh is None:
                problems.append(f"{b.where()}: `{stream}` block with no sh block before it")
            elif stream in shown.setdefault(id(last_sh), {}):
                problems.append(f"{b.where()}: a second `{stream}` block for {last_sh.where()}")
            else:
                shown[id(last_sh)][stream] = b
    with tempfile.TemporaryDirectory(prefix="decree-doc-cmd-") as scratch:
        runner = Runner(root, bin_dir, scratch)
        done = {}  # command (comment aside) -> its result
        for b in blocks:
            if b.lang not in ("sh", "console"):
                continue
            try:
                problems += run_block(runner, b, shown.get(id(b), {}), done, log)
            except doc_blocks.DocError as e:
                problems.append(str(e))
    return problems


def run_block(runner, b, outputs, done, log):
    if b.has("no-run"):
        if outputs:
            return [f"{b.where()}: a `no-run` block cannot have its output shown"]
        log(f"{b.where()}: not run: {b.arg('no-run')}")
        return []
    for name in b.directives:
        if name not in ("exit", "no-run"):
            return [f"{b.where()}: `{name}` does not apply to a {b.lang} block"]
    problems = []
    want = expected_code(b)
    if b.lang == "sh":
        steps = [(c, None) for c in logical_lines(b.text)]
        if outputs and len(steps) != 1:
            return [f"{b.where()}: an sh block whose output is shown must hold one command"]
    else:
        steps = console_steps(b.text)
    for command, expected in steps:
        key = TRAILING_COMMENT.sub("", command)
        if key in done:
            code, out, err, seconds, named = done[key]
            log(f"{b.where()}: already run above: {command.splitlines()[0]}")
        else:
            code, out, err, seconds, named = done[key] = runner.run(command)
            log(f"{b.where()}: {seconds:5.2f} s  exit {code}  {command.splitlines()[0]}")
        where = f"{b.where()}: `{command}`"
        if code != want:
            problems.append(f"{where} exited with {code}, not {want}\n"
                            + "\n".join("    " + l for l in (out + err).rstrip().split("\n")))
            continue
        if expected is not None:
            problems += compare(where + ": its output", "\n".join(expected), out + err, named)
        for stream, text in (("stdout", out), ("stderr", err)):
            if stream in outputs:
                shown_block = outputs[stream]
                problems += compare(f"{where}: its {stream} ({shown_block.where()})",
                                    shown_block.text, text, named)
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", required=True)
    ap.add_argument("--bin", required=True, help="directory of the built decree")
    ap.add_argument("docs", nargs="*", help="docs relative to the root (default: all); "
                    "those in EXCLUDED are skipped")
    a = ap.parse_args()
    root = os.path.abspath(a.root)
    problems = []
    for rel in a.docs or doc_blocks.doc_files(root):
        if rel in EXCLUDED:
            print(f"{rel}: not run: {EXCLUDED[rel]}")
            continue
        try:
            problems += run_doc(root, a.bin, rel, print)
        except doc_blocks.DocError as e:
            problems.append(str(e))
    for p in problems:
        print("FAIL " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
