#!/usr/bin/env python3
"""Golden test of one `decree` command: tests/lang/cli/NAME.cmd.

NAME.cmd holds the command's arguments on one line (split like a shell would,
run from the project root; `{build}` is the build directory, `{tmp}` a fresh
temporary directory); NAME.stdin, if present, is its standard input. Its
standard error, exit status, standard output and the files it wrote into
`{tmp}` are compared with NAME.out, and, run again with `--lang zh`, with
NAME.zh.out wherever the Chinese differs. The codes the command printed (DECREE_RECORD_CODES) go to
the file named by the last argument, for tests/base/golden_coverage_test.cpp.
DECREE_UPDATE_GOLDEN=1 rewrites the goldens; review them with git diff.

usage: cli_golden.py DECREE SOURCE_DIR BUILD_DIR NAME.cmd CODES_OUT
"""
import os
import re
import shlex
import subprocess
import sys
import tempfile


def run(decree, source, build, args, stdin, lang, codes):
    env = dict(os.environ, LANG="C.UTF-8", DECREE_RECORD_CODES=codes)
    env.pop("LC_ALL", None)
    env.pop("LC_MESSAGES", None)
    with tempfile.TemporaryDirectory() as tmp:
        argv = [a.replace("{build}", build).replace("{tmp}", tmp) for a in args]
        proc = subprocess.run([decree, "--lang", lang] + argv, cwd=source, input=stdin,
                              capture_output=True, timeout=60, env=env)
        text = proc.stderr.decode("utf-8") + f"# exit status {proc.returncode}\n"
        if proc.stdout:
            text += "# stdout\n" + proc.stdout.decode("utf-8")
        for name in sorted(os.listdir(tmp)):
            with open(os.path.join(tmp, name), encoding="utf-8") as f:
                text += f"# file {{tmp}}/{name}\n" + f.read()
        text = text.replace(source + "/", "").replace(tmp, "{tmp}")
    # A rules hash changes with every edit of the rules: the goldens show where
    # it is printed, not its value.
    return proc.returncode, re.sub(r"sha256:[0-9a-f]{6,64}", "sha256:…", text)


def main():
    decree, source, build, cmd, codes = sys.argv[1:6]
    os.makedirs(os.path.dirname(codes), exist_ok=True)
    with open(cmd, encoding="utf-8") as f:
        args = shlex.split(f.read())
    stem = cmd[: -len(".cmd")]
    stdin = open(stem + ".stdin", "rb").read() if os.path.exists(stem + ".stdin") else b""
    _, en = run(decree, source, build, args, stdin, "en", codes)
    _, zh = run(decree, source, build, args, stdin, "zh", codes + ".zh")
    # Both runs print the same codes; the English run's list is the one kept.
    if os.path.exists(codes + ".zh"):
        os.remove(codes + ".zh")
    goldens = {stem + ".out": en, stem + ".zh.out": zh if zh != en else None}
    if os.environ.get("DECREE_UPDATE_GOLDEN"):
        for path, text in goldens.items():
            if text is None:
                if os.path.exists(path):
                    os.remove(path)
            else:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
        print("rewrote the goldens of", cmd)
        return 0
    failed = False
    for path, text in goldens.items():
        if text is None:
            if os.path.exists(path):
                print(f"{path} is the English: remove it")
                failed = True
            continue
        expected = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
        if expected != text:
            print(f"{path} differs:\n--- expected\n{expected}--- actual\n{text}")
            failed = True
    if not os.path.exists(codes) or os.path.getsize(codes) == 0:
        print(f"{cmd}: the command recorded no catalogue codes in {codes}")
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
