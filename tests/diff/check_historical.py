#!/usr/bin/env python3
"""The synthetic historical cases (fixtures/historical/) against the shipped rules.

    check_historical.py --root SOURCE_DIR --decree BUILD/bin/decree

1. The committed sample is exactly what the generator writes (fixed seed).
2. Every generated case fits the input declarations of the Jilin benefits
   rules: under `decree diff` no case fails with an input error; the only
   failures are evaluations refused for unsourced figures.
3. The worked example of docs/regression.md still changes exactly one output
   (lump_sum_disability), upwards, and nothing else.
4. The wi-bench shape evaluates completely.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr[:2000]}")
    return r.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--decree", required=True)
    args = ap.parse_args()
    root = args.root
    gen = os.path.join(root, "fixtures/historical/gen_historical.py")
    sample = os.path.join(root, "fixtures/historical/jilin-sample.jsonl")
    rules = os.path.join(root, "rules/jilin/work-injury-benefits")
    draft = os.path.join(root, "fixtures/historical/drafts/lump-sum-plus-one-month")
    failures = []

    generated = run([sys.executable, gen, "500"])
    with open(sample, encoding="utf-8") as f:
        if f.read() != generated:
            failures.append("jilin-sample.jsonl is not `gen_historical.py 500` (regenerate it)")

    with tempfile.TemporaryDirectory() as tmp:
        cases = os.path.join(tmp, "jilin.jsonl")
        with open(cases, "w", encoding="utf-8") as f:
            f.write(run([sys.executable, gen, "3000", "--seed", "11"]))
        report = json.loads(run([args.decree, "diff", rules, "--base", "2021-07-01",
                                 "--candidate", "2021-07-01", "--as-of", "2023-12-31", cases,
                                 "--json"]))
        c = report["cases"]
        if c["read"] != 3000 or c["changed"] != 0 or c["evaluated_both"] < 100:
            failures.append(f"identical versions: unexpected counts {c}")
        for m in report["failures"]["messages"]:
            if "(in rule " not in m["message"]:
                failures.append(f"a generated case does not fit the inputs: {m['message']} "
                                f"(first: line {m['first_case']['line']})")
        if any(report["failures"]["other_messages"].values()):
            failures.append("too many distinct failure messages")

        report = json.loads(run([args.decree, "diff", rules, "--base", "2021-07-01",
                                 "--candidate", draft, "--as-of", "2023-12-31", cases, "--json"]))
        changed = {o["name"]: o for o in report["outputs"] if o["changed"]}
        if set(changed) != {"lump_sum_disability"}:
            failures.append(f"the worked example changes {sorted(changed)}")
        else:
            o = changed["lump_sum_disability"]
            if o["decreased"] != 0 or not o["difference"] or o["difference"].startswith("-"):
                failures.append(f"lump_sum_disability should only go up: {o['difference']}")

        wb = os.path.join(tmp, "wi-bench.csv")
        with open(wb, "w", encoding="utf-8") as f:
            f.write(run([sys.executable, gen, "2000", "--shape", "wi-bench", "--format", "csv"]))
        report = json.loads(run([args.decree, "diff", os.path.join(root, "fixtures/bench/wi-bench"),
                                 "--base", "", "--candidate-param", "p.min_wage=2200", wb,
                                 "--json"]))
        if report["cases"]["evaluated_both"] != 2000:
            failures.append(f"wi-bench shape: {report['cases']}")

    for f in failures:
        print("FAIL:", f)
    if failures:
        sys.exit(1)
    print("historical cases: ok")


if __name__ == "__main__":
    main()
