#!/usr/bin/env python3
"""ctest serve.answers_match_schemas: the service's real answers checked with a
real JSON Schema validator (python3-jsonschema) against the schemas it
publishes.

Starts `decree serve` (the binary given) on 127.0.0.1 with an ephemeral port,
--no-auth and an audit store in a temporary directory, asks each route once
or a few times, and checks:
  - every answer against its schema in the OpenAPI document the server
    serves (GET /v1/openapi.json: the 200 and the problem+json answers);
  - the cases sent against GET /v1/rulesets/{name}/schema's "input" schema,
    and the results against its "output" schema.
Stops the server (SIGTERM) whatever happens. Load: a few dozen requests.

  check_answers.py DECREE RULES_DIR CASES.jsonl|CASE.json
"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import urllib.request

import jsonschema


def request(url, method="GET", body=None, content_type="application/json"):
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode()


def validator(document, ref):
    """A validator of the OpenAPI document's schema at `ref` ("#/components/schemas/X")."""
    schema = {"$ref": ref, "components": document["components"]}
    return jsonschema.Draft202012Validator(schema)


def response_schema(document, path, method, status):
    """The JSON schema of an operation's answer with `status` ($ref resolved one level)."""
    responses = document["paths"][path][method.lower()]["responses"]
    answer = responses.get(str(status)) or responses.get("default")
    if answer is None:
        return None
    if "$ref" in answer:
        answer = document["components"]["responses"][answer["$ref"].rsplit("/", 1)[1]]
    content = answer.get("content", {})
    for media in ("application/json", "application/problem+json"):
        if media in content:
            return content[media]["schema"]
    return None


def check(document, path, method, status, body, failures, where):
    schema = response_schema(document, path, method, status)
    if schema is None:
        failures.append(f"{where}: the document has no {status} answer for {method} {path}")
        return
    v = jsonschema.Draft202012Validator({**schema, "components": document["components"]})
    for error in v.iter_errors(json.loads(body)):
        failures.append(f"{where}: {status} answer: {error.message} at /{'/'.join(map(str, error.absolute_path))}")


def main():
    decree, rules, cases_path = sys.argv[1:4]
    # JSONL, or one JSON case file (pretty-printed).
    text = open(cases_path, encoding="utf-8").read()
    if cases_path.endswith(".json"):
        cases = [json.dumps(json.loads(text), ensure_ascii=False)]
    else:
        cases = [l for l in text.splitlines() if l.strip()][:20]
    work = tempfile.mkdtemp(prefix="decree-answers-")
    server = subprocess.Popen(
        [decree, "serve", rules, "--listen", "127.0.0.1:0", "--threads", "1", "--no-auth",
         "--audit", os.path.join(work, "audit.db")],
        stderr=subprocess.PIPE, text=True)
    failures = []
    try:
        port = None
        for line in server.stderr:
            m = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
            if m:
                port = int(m.group(1))
                break
        if port is None:
            print("the server did not start", file=sys.stderr)
            return 1
        base = f"http://127.0.0.1:{port}"
        status, _, text = request(base + "/v1/openapi.json")
        assert status == 200, status
        document = json.loads(text)
        status, _, text = request(base + "/v1/rulesets")
        check(document, "/v1/rulesets", "GET", status, text, failures, "rulesets")
        name = json.loads(text)["rule_sets"][0]["name"]
        status, _, text = request(f"{base}/v1/rulesets/{name}/schema")
        check(document, "/v1/rulesets/{name}/schema", "GET", status, text, failures, "schema")
        schemas = json.loads(text)
        case_schema = jsonschema.Draft202012Validator(schemas["input"])
        result_schema = jsonschema.Draft202012Validator(schemas["output"])
        evaluate = f"{base}/v1/rulesets/{name}/evaluate"
        for i, case in enumerate(cases):
            for error in case_schema.iter_errors(json.loads(case)):
                failures.append(f"case {i + 1}: the input schema refuses it: {error.message}")
            status, _, text = request(evaluate, "POST", case)
            check(document, "/v1/rulesets/{name}/evaluate", "POST", status, text, failures, f"case {i + 1}")
            if status == 200:
                for error in result_schema.iter_errors(json.loads(text)):
                    failures.append(f"case {i + 1}: the output schema refuses the result: {error.message}")
        status, _, text = request(evaluate + "?explain=true", "POST", cases[0])
        check(document, "/v1/rulesets/{name}/evaluate", "POST", status, text, failures, "explain")
        bad = json.loads(cases[0])
        bad["grade"] = "eight"
        status, _, text = request(evaluate, "POST", json.dumps(bad))
        if status != 400:
            failures.append(f"a bad case got {status}, not 400")
        check(document, "/v1/rulesets/{name}/evaluate", "POST", status, text, failures, "bad case")
        status, _, text = request(f"{base}/v1/rulesets/{name}/parameters")
        check(document, "/v1/rulesets/{name}/parameters", "GET", status, text, failures, "parameters")
        status, _, text = request(f"{base}/v1/rulesets/nope/evaluate", "POST", cases[0])
        check(document, "/v1/rulesets/{name}/evaluate", "POST", status, text, failures, "no such rule set")
        status, ctype, text = request(f"{base}/v1/rulesets/{name}/batch", "POST",
                                      "\n".join(cases + [json.dumps(bad)]) + "\n", "application/x-ndjson")
        if status != 200 or not ctype.startswith("application/x-ndjson"):
            failures.append(f"batch: {status} {ctype}")
        line_schema = validator(document, "#/components/schemas/BatchLine")
        for n, line in enumerate(text.splitlines()):
            for error in line_schema.iter_errors(json.loads(line)):
                failures.append(f"batch line {n + 1}: {error.message}")
        for path in ("/healthz", "/readyz"):
            status, _, text = request(base + path)
            check(document, path, "GET", status, text, failures, path)
        status, _, text = request(f"{base}/v1/audit/records?limit=5")
        check(document, "/v1/audit/records", "GET", status, text, failures, "audit records")
        status, _, text = request(f"{base}/v1/admin/reload", "POST", "")
        check(document, "/v1/admin/reload", "POST", status, text, failures, "reload")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    for f in failures:
        print(f)
    if failures:
        print(f"{len(failures)} answers do not match their schemas", file=sys.stderr)
        return 1
    print("every answer matches its schema")
    return 0


if __name__ == "__main__":
    sys.exit(main())
