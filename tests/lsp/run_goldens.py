#!/usr/bin/env python3
"""The language server's goldens: each goldens/NAME.in.json is a list of
client messages sent to a real `decree lsp` process (after `initialize`
unless the list starts with its own); NAME.out.json holds every message the
server sent back, in order, until the answer to the `shutdown` the runner
adds. In the messages `${ROOT}` is the repository's root as a file URI
path, and a didOpen `text` of the form "@PATH" is that repository file's
text. DECREE_UPDATE_GOLDEN=1 rewrites the .out.json files.

    run_goldens.py DECREE ROOT [NAME...]
"""
import json
import os
import subprocess
import sys
import urllib.parse

DECREE, ROOT = sys.argv[1], os.path.abspath(sys.argv[2])
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT_URI = "file://" + urllib.parse.quote(ROOT)


def expand(value):
    if isinstance(value, str):
        if value.startswith("@"):
            with open(os.path.join(ROOT, value[1:]), encoding="utf-8") as f:
                return f.read()
        return value.replace("${ROOT}", urllib.parse.quote(ROOT))
    if isinstance(value, list):
        return [expand(v) for v in value]
    if isinstance(value, dict):
        return {k: expand(v) for k, v in value.items()}
    return value


def normalise(value):
    """The root written back as ${ROOT}, so that goldens hold on any checkout."""
    if isinstance(value, str):
        return value.replace(ROOT_URI, "file://${ROOT}").replace(ROOT, "${ROOT}")
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, dict):
        return {normalise(k): normalise(v) for k, v in value.items()}
    return value


def run(name):
    with open(os.path.join(HERE, "goldens", name + ".in.json"), encoding="utf-8") as f:
        messages = expand(json.load(f))
    if not messages or messages[0].get("method") != "initialize":
        messages.insert(0, {"jsonrpc": "2.0", "id": 0, "method": "initialize",
                            "params": {"capabilities": {}}})
    messages += [{"jsonrpc": "2.0", "id": 9999, "method": "shutdown"},
                 {"jsonrpc": "2.0", "method": "exit"}]
    data = b""
    for m in messages:
        body = json.dumps(m, ensure_ascii=False).encode()
        data += b"Content-Length: %d\r\n\r\n" % len(body) + body
    p = subprocess.run([DECREE, "lsp"], input=data, capture_output=True, timeout=60)
    out, got = p.stdout, []
    while out:
        head, _, rest = out.partition(b"\r\n\r\n")
        n = int(head.split(b":")[1])
        got.append(json.loads(rest[:n]))
        out = rest[n:]
    got = normalise(got)
    problems = []
    if p.returncode != 0:
        problems.append(f"{name}: decree lsp exited with {p.returncode}: {p.stderr.decode()[:500]}")
    text = json.dumps(got, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    golden = os.path.join(HERE, "goldens", name + ".out.json")
    if os.environ.get("DECREE_UPDATE_GOLDEN"):
        with open(golden, "w", encoding="utf-8") as f:
            f.write(text)
    elif not os.path.exists(golden) or open(golden, encoding="utf-8").read() != text:
        problems.append(f"{name}: the answers differ from {golden}:\n{text[:3000]}")
    return problems


names = sys.argv[3:] or sorted(f[:-8] for f in os.listdir(os.path.join(HERE, "goldens"))
                               if f.endswith(".in.json"))
problems = [p for n in names for p in run(n)]
for p in problems:
    print(p, file=sys.stderr)
print(f"{len(names)} golden(s), {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
