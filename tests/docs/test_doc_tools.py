#!/usr/bin/env python3
"""Self-test of check_doc_snippets.py and run_doc_commands.py (stdlib only).

    test_doc_tools.py --root REPO --decree build/bin/decree

The two doc tests would be worthless if they could not fail. This runs them
on the sample docs of tests/docs/data/: every problem planted in the *_bad.md
files must be reported (each with its own message, at its own line), and the
*_good.md files, which use every convention, must give none.
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import check_doc_snippets as snippets  # noqa: E402
import doc_blocks  # noqa: E402
import run_doc_commands as commands  # noqa: E402

DATA = "tests/docs/data"
failures = []


def expect(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


def expect_problems(problems, expected, what):
    """Each (line, text) of EXPECTED is in one problem, and nothing else is."""
    for line, text in expected:
        found = [p for p in problems if f".md:{line}:" in p and text in p]
        expect(len(found) == 1, f"{what}: line {line} reported as `{text}`")
    expect(len(problems) == len(expected),
           f"{what}: {len(expected)} problems, got {len(problems)}" +
           "".join("\n       " + p.split("\n")[0] for p in problems))


def test_output_matching():
    m = commands.output_matches
    expect(m(["a", "b"], ["a", "b"]), "equal lines match")
    expect(not m(["a", "b"], ["a", "c"]), "a different line does not match")
    expect(not m(["a"], ["a", "b"]), "an extra actual line does not match")
    expect(not m(["a", "b"], ["a"]), "a missing actual line does not match")
    expect(m(["a  ", ""], ["a", "", ""]), "trailing spaces and blank lines are ignored")
    expect(m(["a", "…", "d"], ["a", "b", "c", "d"]), "a `…` line stands for lines")
    expect(m(["a", "  … (note)", "b"], ["a", "b"]), "a `…` line stands for no line too")
    expect(not m(["a", "…", "d"], ["a", "b", "c"]), "the line after `…` must still come")
    expect(m(["x = …, y"], ["x = 42, y"]), "`…` inside a line stands for text")
    expect(not m(["x = …, y"], ["x = 42, z"]), "the text around an inner `…` must match")
    expect(not m(["a.b"], ["axb"]), "no regular expression in the shown text")
    expect(not m(["a  b"], ["a    b"]), "padding counts")
    expect(m(["a  b"], ["a    b"], any_padding=True), "padding aside, when a temp path widened it")
    expect(not m(["a b"], ["a  b"], any_padding=True), "a single space still counts")


def test_logical_lines():
    ll = commands.logical_lines
    expect(ll("a \\\n  b\n# c\n\nd") == ["a \\\n  b", "d"], "continuations join, comments drop")
    doc = "cat > /tmp/f <<'EOF'\n# kept\n\nx: 1\nEOF\necho done"
    expect(ll(doc) == ["cat > /tmp/f <<'EOF'\n# kept\n\nx: 1\nEOF", "echo done"],
           "a here-document is one command with its lines as they are")
    expect(ll("cat <<END\nEOF\nEND\nls") == ["cat <<END\nEOF\nEND", "ls"],
           "a here-document ends at its own delimiter only")
    expect(ll("echo 'a << b'") == ["echo 'a << b'"], "`<<` without a word is no here-document")


def test_snippets(root, decree):
    problems, checked = snippets.check_doc(root, decree, f"{DATA}/snippets_good.md")
    expect(problems == [] and checked == 6,
           f"snippets_good.md: 6 snippets pass ({checked} checked: {problems})")
    problems, _ = snippets.check_doc(root, decree, f"{DATA}/snippets_bad.md")
    expect_problems(problems, [
        (3, "has no language label"),
        (7, "looks like rules"),
        (11, "does not pass `decree check`"),
        (18, "should fail (exit code 1), but gave 0"),
        (18, "expected the error `cannot add rate to money`, which did not appear"),
        (25, "does not pass `decree check`"),
        (30, "expected the error `cannot add money to rate`"),
        (30, "an error the annotation does not expect: `cannot add rate to money`"),
        (37, "differs from tests/lang/check/bad/money_plus_rate.decree"),
        (44, "not a directory of the repository"),
        (48, "unknown language `python`"),
        (53, "does not pass `decree check`"),
    ], "snippets_bad.md")
    for name, text in (("annotation_unknown.md", "unknown directive `insdie`"),
                       ("annotation_detached.md", "must be directly above a fenced block")):
        problems, _ = snippets.check_doc(root, decree, f"{DATA}/{name}")
        expect(len(problems) == 1 and text in problems[0], f"{name}: `{text}` ({problems})")


def test_commands(root, bin_dir):
    log = []
    problems = commands.run_doc(root, bin_dir, f"{DATA}/commands_good.md", log.append)
    expect(problems == [], f"commands_good.md: every command passes ({problems})")
    expect(any("not run: would take minutes" in l for l in log), "a no-run block is not run")
    problems = commands.run_doc(root, bin_dir, f"{DATA}/commands_bad.md", log.append)
    expect_problems(problems, [
        (3, "its output differs from the doc"),
        (8, "exited with 2, not 0"),
        (12, "its stdout (tests/docs/data/commands_bad.md:17) differs from the doc"),
        (21, "its output differs from the doc"),
        (27, "exited with 0, not 1"),
        (31, "its output differs from the doc"),
    ], "commands_bad.md")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", required=True)
    ap.add_argument("--decree", required=True)
    a = ap.parse_args()
    root = os.path.abspath(a.root)
    test_output_matching()
    test_logical_lines()
    test_snippets(root, a.decree)
    test_commands(root, os.path.dirname(os.path.abspath(a.decree)))
    if failures:
        print(f"{len(failures)} self-test{'s' if len(failures) != 1 else ''} failed")
        return 1
    print("the doc tests catch every planted problem")
    return 0


if __name__ == "__main__":
    sys.exit(main())
