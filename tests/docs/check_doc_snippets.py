#!/usr/bin/env python3
"""Every rule snippet in the docs passes `decree check` (stdlib only).

    check_doc_snippets.py --root REPO --decree build/bin/decree [DOC.md ...]

Without DOC arguments: README.md and docs/*.md. For each doc:

1. Every fenced block has a language label, and no block that is not labelled
   `decree` looks like rules (a first line starting with `ruleset`, `let`,
   `output`, `table`, … : label it `decree` so that it is checked).
2. A block annotated `<!-- decree: file PATH -->` is the repository file PATH,
   verbatim (the test compares them).
3. Every ```decree block is checked with the real checker, in one of three ways
   (docs/README.md, "Code blocks in the docs"):
   - no annotation: the block is a whole `.decree` file, checked on its own;
   - `inside PATH`: a fragment of the rule set version at PATH. PATH's rule
     files and parameter files (and those of the versions it extends, beside
     it) are copied to a temporary directory; every declaration of the copy
     that the fragment declares too (a rule, table, enum, record, input field
     or parameter alias of the same name) is taken out of PATH's files, and
     out of the versions it extends unless the fragment writes `override`
     (a parameter alias stays there: an extension's parameters add to the
     base's);
     the fragment is added as one more file of PATH (with the line
     `ruleset NAME` in front, unless it starts with its own `ruleset`
     header), and the copy of PATH is checked;
   - `file PATH`: the block is that file of the repository, checked where it
     is as `decree check PATH` does (a version that extends another finds it
     beside its directory);
   - `beside RULES` (alone, or with `file PATH`): a new version, such as a
     draft that `extends` one of RULES' versions, which `decree diff` finds
     in RULES (LoadOptions::base_dirs). The versions of RULES are copied to a
     temporary directory, the block (or every file of PATH's directory) is
     put in one more directory beside them, and that directory is checked.
   Without `error` the check must give 0 errors (warnings are allowed). With
   `error "MESSAGE"` (repeatable) it must fail, every MESSAGE must be the
   message of one of its errors (exactly; a trailing ` (note: …)` aside), and
   no other error may appear.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import doc_blocks  # noqa: E402

# Languages a block may be labelled with in our docs.
LANGUAGES = {"decree", "sh", "console", "text", "json", "yaml", "cpp", "cmake"}

# A line that starts rules: a block starting like this must be labelled decree.
RULES_START = re.compile(
    r"^(ruleset\s|(override\s+)?(let|output|table|enum|record)\s+\S|input\s*\{|parameters\s+\")"
)
DECL = re.compile(
    r"^(?P<override>override\s+)?(?P<kind>let|output|table|enum|record)\s+(?P<name>[^\s:(={]+)"
)
PARAMS = re.compile(r'^parameters\s+"[^"]*"\s+as\s+(?P<alias>\S+)')
FIELD = re.compile(r"^\s*(?P<override>override\s+)?(?P<name>[^\s:#/{}]+)\s*:")
EXTENDS = re.compile(r'\bextends\s+"(?P<base>[^"]+)"')
RULESET = re.compile(r"^ruleset\s+(?P<name>\S+)", re.M)
ERROR_LINE = re.compile(r"^.*?: error: (?P<message>.*)$")
SUMMARY = re.compile(r"^\d+ rule sets? checked: (?P<errors>\d+) errors?, \d+ warnings?$")

FAMILY = {"let": "rule", "output": "rule", "table": "table", "enum": "enum", "record": "record"}


def first_code_line(text):
    for line in text.split("\n"):
        s = line.strip()
        if s and not s.startswith(("#", "//")):
            return line
    return ""


# ---------------------------------------------------------------- declarations


class Declarations:
    """What a fragment declares: (family, name) -> override?, input fields, aliases."""

    def __init__(self, text):
        self.decls = {}
        self.fields = {}
        self.aliases = set()
        in_input = False
        for line in text.split("\n"):
            if in_input:
                if line.startswith("}"):
                    in_input = False
                    continue
                m = FIELD.match(line)
                if m and not line.strip().startswith("///"):
                    self.fields[m.group("name")] = bool(m.group("override"))
                continue
            if re.match(r"^input\s*\{", line):
                inner = line.split("{", 1)[1]
                if "}" in inner:  # input { a: money, b: rate }
                    for part in re.split(r",|\n", inner.split("}", 1)[0]):
                        m = FIELD.match(part)
                        if m:
                            self.fields[m.group("name")] = bool(m.group("override"))
                else:
                    in_input = True
                continue
            m = DECL.match(line)
            if m:
                self.decls[(FAMILY[m.group("kind")], m.group("name"))] = bool(m.group("override"))
                continue
            m = PARAMS.match(line)
            if m:
                self.aliases.add(m.group("alias"))


def decl_extent(lines, start):
    """[begin, end) of the top-level declaration starting at lines[start]: its
    `///` doc lines above, and every line up to the next one at column 0 that
    is not a closing `}` or `)`."""
    begin = start
    while begin > 0 and lines[begin - 1].startswith("///"):
        begin -= 1
    end = start + 1
    while end < len(lines):
        line = lines[end]
        if line and not line[0].isspace() and not line.startswith(("}", ")")):
            break
        end += 1
    return begin, end


def remove_declarations(text, frag, keep_overridden):
    """TEXT without the declarations FRAG declares. With keep_overridden (a
    version below the fragment's), declarations the fragment overrides stay,
    and so do parameter files: a version's `parameters … as p` extends the
    base's parameters of that alias (docs/language.md, "Versions")."""
    lines = text.split("\n")
    out = []
    skip_until = -1
    in_input = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if in_input:
            if line.startswith("}"):
                in_input = False
            else:
                m = FIELD.match(line)
                if m and not line.strip().startswith("///"):
                    name = m.group("name")
                    if name in frag.fields and not (keep_overridden and frag.fields[name]):
                        while out and out[-1].strip().startswith("///"):
                            out.pop()
                        i += 1
                        continue
            out.append(line)
            i += 1
            continue
        if re.match(r"^input\s*\{", line) and "}" not in line:
            in_input = True
            out.append(line)
            i += 1
            continue
        m = DECL.match(line)
        if m:
            key = (FAMILY[m.group("kind")], m.group("name"))
            if key in frag.decls and not (keep_overridden and frag.decls[key]):
                begin, end = decl_extent(lines, i)
                del out[len(out) - (i - begin) :]
                i = end
                continue
        m = PARAMS.match(line)
        if m and m.group("alias") in frag.aliases and not keep_overridden:
            i += 1
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


# ---------------------------------------------------------------- the rule set copy


def decree_files(directory):
    return sorted(f for f in os.listdir(directory) if f.endswith(".decree"))


def header_text(text):
    """The part of a rule file before its first declaration (its header)."""
    lines = []
    for line in text.split("\n"):
        if DECL.match(line) or PARAMS.match(line) or line.startswith(("input", "///")):
            break
        lines.append(line)
    return "\n".join(lines)


def version_chain(directory):
    """DIRECTORY and the sibling directories of the versions it extends, top first."""
    chain = [directory]
    while True:
        bases = set()
        for name in decree_files(chain[-1]):
            with open(os.path.join(chain[-1], name), encoding="utf-8") as f:
                m = EXTENDS.search(header_text(f.read()))
            if m:
                bases.add(m.group("base"))
        if not bases:
            return chain
        base = os.path.join(os.path.dirname(chain[-1]), sorted(bases)[0])
        if not os.path.isdir(base) or base in chain or len(chain) > 16:
            return chain  # the checker reports it
        chain.append(base)


def copy_rule_files(source, dst, transform=None):
    """The .decree files (through TRANSFORM) and the parameter files of SOURCE."""
    os.makedirs(dst)
    for name in sorted(os.listdir(source)):
        path = os.path.join(source, name)
        if not os.path.isfile(path):
            continue
        if name.endswith(".decree"):
            with open(path, encoding="utf-8") as f:
                text = f.read()
            with open(os.path.join(dst, name), "w", encoding="utf-8") as f:
                f.write(transform(text) if transform else text)
        elif name.endswith((".yaml", ".yml")):
            shutil.copyfile(path, os.path.join(dst, name))


def build_beside(root, rules, block, tmp):
    """RULES' versions copied, and the block's version beside them, in a
    directory named after it (as a version's directory must be); returns the
    whole copied timeline, so the new version is checked as part of it (a
    payment-date version is only checked that way)."""
    src = os.path.join(root, rules)
    if not os.path.isdir(src):
        raise doc_blocks.DocError(f"`beside {rules}`: not a directory of the repository")
    for name in sorted(os.listdir(src)):
        if os.path.isdir(os.path.join(src, name)) and decree_files(os.path.join(src, name)):
            copy_rule_files(os.path.join(src, name), os.path.join(tmp, "rules", name))
    text = block.text
    if block.has("file"):
        with open(os.path.join(root, block.arg("file")), encoding="utf-8") as f:
            text = f.read()
    named = re.search(r'\bversion\s+"([^"]+)"', text)
    top = os.path.join(tmp, "rules", named.group(1) if named else "zz-doc-draft")
    if os.path.exists(top):
        raise doc_blocks.DocError(f"`beside {rules}`: {rules} already has a version of that name")
    if block.has("file"):
        copy_rule_files(os.path.dirname(os.path.join(root, block.arg("file"))), top)
    else:
        os.makedirs(top)
        with open(os.path.join(top, "snippet.decree"), "w", encoding="utf-8") as f:
            f.write(block.text)
    return os.path.join(tmp, "rules")


def build_inside(root, path, fragment, tmp):
    """Copies the rule set version at PATH with FRAGMENT in it; returns the
    copy's directory (or file) to check."""
    src = os.path.join(root, path)
    if not os.path.isdir(src):
        raise doc_blocks.DocError(f"`inside {path}`: not a directory of the repository")
    frag = Declarations(fragment)
    chain = version_chain(os.path.normpath(src))
    copies = []
    for level, directory in enumerate(chain):
        dst = os.path.join(tmp, "ruleset", os.path.basename(directory))
        copy_rule_files(directory, dst,
                        lambda text, below=level > 0: remove_declarations(text, frag, below))
        copies.append(dst)
    top = copies[0]
    text = fragment
    if not RULESET.match(first_code_line(fragment).strip()):
        with open(os.path.join(chain[0], decree_files(chain[0])[0]), encoding="utf-8") as f:
            m = RULESET.search(f.read())
        text = f"ruleset {m.group('name')}\n" + fragment
    with open(os.path.join(top, "zz_doc_snippet.decree"), "w", encoding="utf-8") as f:
        f.write(text)
    return top


# ---------------------------------------------------------------- checking


def run_check(decree, target):
    """(exit code, error messages, output) of `decree check --brief TARGET`."""
    # `--lang en`: the annotations quote the English messages, whatever the
    # locale of whoever runs the tests.
    p = subprocess.run([decree, "--lang", "en", "check", "--brief", target], capture_output=True,
                       text=True)
    output = p.stdout + p.stderr
    errors = []
    summary = None
    for line in output.split("\n"):
        s = SUMMARY.match(line)
        if s:
            summary = int(s.group("errors"))
            continue
        m = ERROR_LINE.match(line)
        if m:
            errors.append(m.group("message"))
    if summary is None:
        errors.append(f"(no summary line in the output of decree check; exit code {p.returncode})")
    return p.returncode, errors, output


def message_matches(actual, expected):
    return actual == expected or actual.startswith(expected + " (note: ")


def judge(block, code, errors, output):
    """Problems with one check's result, given the block's `error` directives."""
    expected = block.args("error")
    problems = []
    if not expected:
        if code != 0 or errors:
            problems.append("does not pass `decree check`")
    else:
        if code != 1:
            problems.append(f"`decree check` should fail (exit code 1), but gave {code}")
        for e in expected:
            if not any(message_matches(a, e) for a in errors):
                problems.append(f"expected the error `{e}`, which did not appear")
        for a in errors:
            if not any(message_matches(a, e) for e in expected):
                problems.append(f"an error the annotation does not expect: `{a}`")
    if problems:
        said = "\n".join("    " + line for line in output.rstrip().split("\n"))
        problems[-1] += "; decree check said:\n" + said
    return problems


def check_decree_block(root, decree, block):
    """Problems (strings) with one ```decree block."""
    for name in block.directives:
        if name not in ("inside", "file", "beside", "error"):
            return [f"`{name}` does not apply to a decree block"]
    if block.has("inside") and (block.has("file") or block.has("beside")):
        return ["`inside` excludes `file` and `beside`"]
    with tempfile.TemporaryDirectory(prefix="decree-doc-") as tmp:
        if block.has("inside"):
            target = build_inside(root, block.arg("inside"), block.text, tmp)
        elif block.has("beside"):
            target = build_beside(root, block.arg("beside"), block, tmp)
        elif block.has("file"):
            target = os.path.join(root, block.arg("file"))
        else:
            target = os.path.join(tmp, "snippet.decree")
            with open(target, "w", encoding="utf-8") as f:
                f.write(block.text)
        code, errors, output = run_check(decree, target)
    return judge(block, code, errors, output)


def check_block_file(root, block):
    path = os.path.join(root, block.arg("file"))
    if not os.path.isfile(path):
        return [f"`file {block.arg('file')}`: no such file in the repository"]
    with open(path, encoding="utf-8") as f:
        content = f.read()
    if content.rstrip("\n") != block.text.rstrip("\n"):
        return [f"differs from {block.arg('file')} (the block must be that file, verbatim)"]
    return []


def check_labels(block):
    if not block.lang:
        return ["has no language label (```decree, ```sh, ```console, ```text, ```json, …)"]
    if block.lang not in LANGUAGES:
        return [f"unknown language `{block.lang}` (use one of {', '.join(sorted(LANGUAGES))})"]
    if block.lang != "decree" and RULES_START.match(first_code_line(block.text)):
        return ["looks like rules: label it ```decree so that the test checks it"]
    return []


def check_doc(root, decree, rel):
    """(problems, number of decree blocks checked) for one doc."""
    problems = []
    checked = 0
    try:
        blocks = doc_blocks.read_blocks(root, rel)
    except doc_blocks.DocError as e:
        return [str(e)], 0
    for b in blocks:
        found = check_labels(b)
        if not found and b.has("file"):
            found += check_block_file(root, b)
        if not found and b.lang == "decree":
            try:
                found += check_decree_block(root, decree, b)
            except doc_blocks.DocError as e:
                found.append(str(e))
            checked += 1
        elif not found and b.lang != "decree" and (b.has("inside") or b.has("beside")
                                                   or b.has("error")):
            found.append("`inside`, `beside` and `error` apply to ```decree blocks only")
        problems += [f"{b.where()}: {b.lang or 'unlabelled'} block {p}" for p in found]
    return problems, checked


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", required=True)
    ap.add_argument("--decree", required=True)
    ap.add_argument("docs", nargs="*",
                    help="docs relative to the root (default: README.md, docs/*.md)")
    a = ap.parse_args()
    root = os.path.abspath(a.root)
    docs = a.docs or doc_blocks.doc_files(root)
    all_problems = []
    total = 0
    for rel in docs:
        problems, checked = check_doc(root, a.decree, rel)
        total += checked
        all_problems += problems
        print(f"{rel}: {checked} rule snippet{'s' if checked != 1 else ''} checked, "
              f"{len(problems)} problem{'s' if len(problems) != 1 else ''}")
    for p in all_problems:
        print("FAIL " + p)
    if all_problems:
        return 1
    print(f"all {total} rule snippets check as their annotations say")
    return 0


if __name__ == "__main__":
    sys.exit(main())
