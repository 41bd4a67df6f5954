#!/usr/bin/env python3
"""Keeps a lexicon file in canonical form: entries sorted by category then term, one
layout; the header (the detector's declaration, before the first entry) is kept as
written. With --add FILE.toml, merges the entries of FILE (same format) into the lexicon
first (an entry with a term already there replaces it).

    python3 scripts/lexicon_tool.py lexicons/validation.toml [--add new-entries.toml]
"""
import argparse, json, tomllib

KEYS = ["term", "also", "category", "weight", "detector", "require", "negation", "except", "match", "no_match", "note"]


def value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(value(x) for x in v) + "]"
    raise TypeError(v)


def dump(header, doc):
    """The header (everything before the first entry) as written, then the entries."""
    out = [header.rstrip("\n")]
    for e in doc.get("entry", []):
        out.append("")
        out.append("[[entry]]")
        for k in KEYS:
            if k in e:
                out.append(f"{k} = {value(e[k])}")
        for k in e:
            if k not in KEYS:
                raise SystemExit(f"unknown key {k} in entry {e.get('term')}")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--add")
    a = ap.parse_args()
    with open(a.file, "rb") as fh:
        raw = fh.read()
    doc = tomllib.loads(raw.decode())
    header = raw.decode().split("\n[[entry]]", 1)[0]
    if a.add:
        with open(a.add, "rb") as fh:
            extra = tomllib.load(fh).get("entry", [])
        terms = {e["term"] for e in extra}
        doc["entry"] = [e for e in doc["entry"] if e["term"] not in terms] + extra
    doc["entry"].sort(key=lambda e: (e["category"].encode(), e["term"].encode()))
    with open(a.file, "w") as fh:
        fh.write(dump(header, doc))


if __name__ == "__main__":
    main()
