#!/usr/bin/python3
"""Check summary.json files against docs/summary.schema.json (the contract).

    check_summary_schema.py [--schema S] FILE...     validate each FILE (a summary.json,
                                                      or a directory holding one)

A file named sweep.json or sensitivity.json is checked against docs/sweep.schema.json or
docs/sensitivity.schema.json instead, unless --schema names one schema for every file.
    check_summary_schema.py [--schema S] --docs MD   every member name of the schema is
                                                      documented in MD's summary.json section

Validation uses Debian's python3-jsonschema (draft 2020-12). Each violation is printed
as `FILE: PATH: message` with PATH in the form the docs use (scenarios[0].rto.p50_s);
the exit status is 1 when any file breaks the schema, 2 when a file cannot be read.
"""
import argparse
import json
import os
import re
import sys

try:
    import jsonschema
except ImportError:
    sys.exit("check_summary_schema: python3-jsonschema is missing (.ci/install-deps installs it)")

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "..", "docs")
DEFAULT_SCHEMA = os.path.join(DOCS, "summary.schema.json")
SCHEMA_OF = {"sweep.json": "sweep.schema.json", "sensitivity.json": "sensitivity.schema.json"}


def where(path):
    """A jsonschema error path as text: scenarios[0].rto.p50_s ('(top level)' when empty)."""
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(top level)"


def explain(e):
    """(path, message) of a violation. Under anyOf (a value or null, a number or
    "infinity"), the alternative that got furthest into the value says more than "not
    valid under any of the given schemas"; at the value itself, the schema's description
    says what was expected."""
    if e.context:
        deep = max(e.context, key=lambda c: len(c.absolute_path))
        if len(deep.absolute_path) > len(e.absolute_path):
            return explain(deep)
    msg = e.message
    if len(msg) > 240:
        msg = msg[:240] + "..."
    desc = e.schema.get("description") if isinstance(e.schema, dict) else None
    if desc and e.validator in ("anyOf", "oneOf", "enum", "const", "type", "pattern"):
        msg += f" (expected: {desc})"
    return where(e.absolute_path), msg


def validator(schema):
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate(schema, files, by_name):
    v = validator(schema)
    bad = 0
    for f in files:
        if os.path.isdir(f):
            f = os.path.join(f, "summary.json")
        name = os.path.basename(f)
        if by_name and name in SCHEMA_OF:
            with open(os.path.join(DOCS, SCHEMA_OF[name])) as fh:
                fv = validator(json.load(fh))
        else:
            fv = v
        try:
            with open(f) as fh:
                doc = json.load(fh)
        except (OSError, ValueError) as e:
            print(f"{f}: cannot read as JSON: {e}", file=sys.stderr)
            return 2
        errs = sorted(fv.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
        for e in errs[:20]:
            path, msg = explain(e)
            print(f"{f}: {path}: {msg}", file=sys.stderr)
        if len(errs) > 20:
            print(f"{f}: ... and {len(errs) - 20} more violations", file=sys.stderr)
        if errs:
            bad += 1
    return 1 if bad else 0


def names(node, out):
    """Every member name the schema defines (properties of any object, at any depth)."""
    if isinstance(node, dict):
        for k, sub in node.get("properties", {}).items():
            out.add(k)
            names(sub, out)
        for k, sub in node.items():
            if k != "properties":
                names(sub, out)
    elif isinstance(node, list):
        for sub in node:
            names(sub, out)
    return out


def check_docs(schema, md):
    with open(md) as fh:
        text = fh.read()
    m = re.search(r"^## summary\.json\n(.*?)(?=^## )", text, re.S | re.M)
    if not m:
        print(f"{md}: no '## summary.json' section", file=sys.stderr)
        return 1
    section = m.group(1)
    missing = sorted(n for n in names(schema, set()) if f"`{n}`" not in section
                     and not re.search(r"`[^`]*\b" + re.escape(n) + r"\b[^`]*`", section))
    for n in missing:
        print(f"{md}: summary.json section does not document member '{n}'", file=sys.stderr)
    return 1 if missing else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--schema")
    ap.add_argument("--docs")
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    with open(a.schema or DEFAULT_SCHEMA) as fh:
        schema = json.load(fh)
    rc = 0
    if a.docs:
        rc = check_docs(schema, a.docs)
    if a.files:
        rc = max(rc, validate(schema, a.files, a.schema is None))
    if not a.docs and not a.files:
        ap.error("nothing to check")
    return rc


if __name__ == "__main__":
    sys.exit(main())
