#!/usr/bin/env python3
"""The dominant problem area against ESConv's problem types: a coarse check on real talk.

    python3 scripts/areas_esconv.py [--bin target/release/turnscope] [--data ../shared/corpora]
        [--resamples 2000] [--seed 13]

ESConv (emotional-support chats) labels each conversation with the seeker's problem type,
not an IPT problem area, so the check is coarse. The mapping below was fixed before the
figures were first read, and the lexicons were never tuned on ESConv:

- job crisis -> role_transition; breakup with partner -> role_transition or dispute (a
  relationship ending is a transition, a live conflict a dispute); conflict with parents,
  issues with parents, issues with children -> dispute; problems with friends -> dispute or
  deficit: the interpersonal types;
- academic pressure, sleep problems, procrastination, appearance anxiety, alcohol abuse:
  no problem area (the non-interpersonal types);
- ongoing depression and school bullying: left out (any area, or none, may lie behind them).

Figures, with 95% percentile bootstrap intervals over conversations:
- fits: of the conversations of a mapped type that have a dominant area, the share whose
  area the mapping allows for their type;
- none: of the non-interpersonal conversations, the share with no dominant area;
- found: of the interpersonal conversations, the share whose dominant area fits (most
  support chats are short: many have none).
"""
import argparse, json, os, random, subprocess
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FITS = {
    "job crisis": {"role_transition"},
    "breakup with partner": {"role_transition", "dispute"},
    "conflict with parents": {"dispute"},
    "issues with parents": {"dispute"},
    "issues with children": {"dispute"},
    "problems with friends": {"dispute", "deficit"},
    "academic pressure": {"none"},
    "sleep problems": {"none"},
    "procrastination": {"none"},
    "appearance anxiety": {"none"},
    "alcohol abuse": {"none"},
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/turnscope"))
    ap.add_argument("--data", default=os.path.join(ROOT, "../shared/corpora"))
    ap.add_argument("--resamples", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=13)
    a = ap.parse_args()
    esconv = os.path.join(a.data, "esconv")
    if not os.path.isdir(esconv):
        raise SystemExit(f"no ESConv corpus at {esconv}")
    with open(os.path.join(esconv, "conversations.json")) as f:
        types = {k: v["problem_type"].lower() for k, v in json.load(f).items()}
    out = subprocess.run(
        [a.bin, "analyze", "--input-format", "convokit", "--format", "jsonl",
         os.path.join(esconv, "utterances.jsonl")],
        check=True, capture_output=True, text=True).stdout
    found = {}
    for line in out.splitlines():
        d = json.loads(line)
        found[d["session"]["id"]] = (d.get("problem_areas") or {}).get("dominant", "none")
    rows = [(types[k], v) for k, v in found.items() if types.get(k) in FITS]

    table = Counter(rows)
    areas = ["grief", "role_transition", "dispute", "deficit", "none"]
    print(f"{'problem type':24}" + "".join(f"{x:>16}" for x in areas))
    for t in FITS:
        print(f"{t:24}" + "".join(f"{table[(t, x)]:>16}" for x in areas))

    def figures(sample):
        with_area = [(t, v) for t, v in sample if v != "none"]
        plain = [(t, v) for t, v in sample if FITS[t] == {"none"}]
        personal = [(t, v) for t, v in sample if FITS[t] != {"none"}]
        share = lambda xs, ok: sum(ok(t, v) for t, v in xs) / len(xs) if xs else float("nan")
        return {
            "fits": share(with_area, lambda t, v: v in FITS[t]),
            "none": share(plain, lambda t, v: v == "none"),
            "found": share(personal, lambda t, v: v in FITS[t]),
        }, (len(with_area), len(plain), len(personal))

    point, sizes = figures(rows)
    rng = random.Random(a.seed)
    boots = [figures([rng.choice(rows) for _ in rows])[0] for _ in range(a.resamples)]
    print(f"\n{len(rows)} conversations of mapped types")
    for (name, n) in zip(("fits", "none", "found"), sizes):
        vals = sorted(b[name] for b in boots)
        lo, hi = vals[int(0.025 * len(vals))], vals[int(0.975 * len(vals)) - 1]
        print(f"{name:6} {point[name]:.3f}  [{lo:.3f}, {hi:.3f}]  (of {n})")


if __name__ == "__main__":
    main()
