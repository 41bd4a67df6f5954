#!/usr/bin/env python3
"""Agreement on a tune/check split of the labelled corpora, with bootstrap intervals (issue 15).

    python3 scripts/split_eval.py [--bin target/release/turnscope] [--data ../shared/corpora]
        [--corpora esconv,annomi] [--split tune|check|all] [--json OUT.json] [--compare OLD.json]
        [--per-rule] [--ignore validation:shared_experience] [--resamples 2000] [--seed 15]
    python3 scripts/split_eval.py --probes tests/fixtures/support-replies/replies.jsonl

Runs `turnscope analyze --input-format convokit --format jsonl` on each corpus (in parallel),
labels its turns with `../shared/eval/gold.py` (imported from the `eval` folder beside --data,
so the mapping is the one evaluate.py uses), and counts a turn as showing a detector when it
has a finding of that detector that is not negated (as evaluate.py does).

Split: a conversation is in **tune** when the first 8 bytes of sha256(conversation id), read
big-endian, mod 100 are < 60, else in **check**. Rules may be shaped on tune; check is read
only as figures. Intervals: percentile bootstrap (95%) that resamples WHOLE conversations,
seeded by (seed, corpus, split), so every run, and both runs of --compare, use the same
resamples. --compare prints new - old per figure with the interval of the paired difference;
a difference whose interval holds 0 is no evidence.

Figures: P/R/F1/kappa where the corpus has labels for a detector; session escalation ROC AUC
(toxichat); and, for the cross-corpus view, the share of all turns a detector flags on the
corpora where it has no labels (a rule change shows there too, e.g. blame in support chats).

--per-rule lists, on tune only, each rule's (the finding's `rule`) true and false positives
among labelled turns, and `sole`: those where no other rule of the detector fired, i.e. the
turns that dropping the rule would flip.

--probes FILE scores invented probe turns (tests/fixtures/support-replies/, blame-turns/,
avoidance-replies/): a labelled turn carries `meta.expect`, {detector: true|false} for any
detector (e.g. {"blame": true}), or, in the support replies, `meta.validating` (the
validation detector); it is right when "has a counted finding of that detector" equals the
label. It prints the score per detector and by `meta.kind`; --list-misses names the turns
scored wrong (use it on the tune files, never on held-out.jsonl).
Shared experience, offers and wishes are validation in the support replies (issue 15), so
any category of a detector counts unless left out with --ignore.
"""
import argparse, hashlib, json, os, random, signal, subprocess, sys
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPLITS = ("tune", "check", "all")
DETECTORS = ("blame", "avoidance", "validation", "escalation")


def split_of(conversation_id):
    h = int.from_bytes(hashlib.sha256(str(conversation_id).encode()).digest()[:8], "big")
    return "tune" if h % 100 < 60 else "check"


def start_cli(binpath, path):
    cmd = [binpath, "analyze", "--input-format", "convokit", "--format", "jsonl", path]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def read_cli(proc, path, ignore):
    """-> ({turn id: {detector: [rules]}}, {session id: escalation score})"""
    out, err = proc.communicate()
    if proc.returncode != 0:
        sys.exit(f"split_eval: turnscope failed on {path} ({proc.returncode}): {err[-2000:]}")
    flags, scores = defaultdict(lambda: defaultdict(list)), {}
    for line in out.splitlines():
        if not line.strip():
            continue
        doc = json.loads(line)
        scores[doc["session"]["id"]] = float((doc.get("escalation") or {}).get("score", 0.0))
        for t in doc["turns"]:
            for f in t.get("findings", []):
                if f.get("negated") or f.get("suppressed") or f"{f['detector']}:{f['category']}" in ignore:
                    continue
                flags[t["id"]][f["detector"]].append(f["rule"])
    return flags, scores


# --- figures from per-conversation units, each weighted by how often a resample drew it ---

def binary_stats(units, w):
    """units: {conversation: (tp, fp, fn, tn)}; the formulas of ../shared/eval/agree.py."""
    tp = fp = fn = tn = 0
    for c, k in w.items():
        u = units.get(c)
        if u:
            tp += k * u[0]; fp += k * u[1]; fn += k * u[2]; tn += k * u[3]
    n = tp + fp + fn + tn or 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    po, pe = (tp + tn) / n, ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / (n * n)
    return {"n": tp + fp + fn + tn, "pos": tp + fn, "tp": tp, "fp": fp, "fn": fn,
            "P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0,
            "kappa": (po - pe) / (1 - pe) if pe < 1 else 0.0}


def auc_stats(units, w):
    """units: {conversation: (score, gold)}; ROC AUC with ties counted half."""
    groups = defaultdict(lambda: [0, 0])
    for c, k in w.items():
        if c in units:
            s, g = units[c]
            groups[s][0 if g else 1] += k
    wins = neg_below = pos = 0
    for s in sorted(groups):
        p, q = groups[s]
        wins += p * (neg_below + 0.5 * q); neg_below += q; pos += p
    return {"n": pos + neg_below, "pos": pos, "AUC": wins / (pos * neg_below) if pos and neg_below else float("nan")}


def rate_stats(units, w):
    """units: {conversation: (flagged turns, turns)}: share of turns flagged."""
    f = t = 0
    for c, k in w.items():
        u = units.get(c)
        if u:
            f += k * u[0]; t += k * u[1]
    return {"n": t, "rate": f / t if t else 0.0}


STATS = {"binary": (binary_stats, "kappa"), "auc": (auc_stats, "AUC"), "rate": (rate_stats, "rate")}


def resamples(convs, corpus, split, n, seed):
    rng, convs = random.Random(f"{seed}/{corpus}/{split}"), sorted(convs)
    return [Counter(rng.choices(convs, k=len(convs))) for _ in range(n)]


def interval(values):
    v = sorted(x for x in values if x == x)
    return [v[round(0.025 * (len(v) - 1))], v[round(0.975 * (len(v) - 1))]] if v else [None, None]


# --- one run over the corpora ---

def collect(args, ignore):
    """-> {corpus: {"convs": {conversation: split}, "figures": {name: (kind, units)}, "rules": ...}}"""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(args.data)), "eval"))
    from gold import gold, conversation_gold
    names = args.corpora.split(",") if args.corpora else sorted(
        d for d in os.listdir(args.data) if os.path.isdir(os.path.join(args.data, d)))
    procs = {n: start_cli(args.bin, os.path.join(args.data, n, "utterances.jsonl")) for n in names}
    result = {}
    for name in names:
        path = os.path.join(args.data, name)
        with open(os.path.join(path, "utterances.jsonl")) as fh:
            utts = [json.loads(l) for l in fh if l.strip()]
        with open(os.path.join(path, "conversations.json")) as fh:
            conv_labels = json.load(fh)
        flags, scores = read_cli(procs[name], path, ignore)
        convs = {u["conversation_id"]: split_of(u["conversation_id"]) for u in utts}
        counts = defaultdict(lambda: defaultdict(lambda: [0, 0, 0, 0]))
        turns, flagged = Counter(), defaultdict(Counter)
        labelled, rules = set(), defaultdict(lambda: defaultdict(lambda: [0, 0, 0, 0]))
        for u in utts:
            c, found = u["conversation_id"], flags.get(u["id"], {})
            turns[c] += 1
            for d in DETECTORS:
                flagged[d][c] += d in found
            for d, g in gold(name, u).items():
                labelled.add(d)
                p = d in found
                counts[d][c][{(True, True): 0, (True, False): 1, (False, True): 2, (False, False): 3}[p, g]] += 1
                if p and convs[c] == "tune":
                    distinct = set(found[d])
                    for r in distinct:
                        rules[d][r][0 if g else 1] += 1
                        if len(distinct) == 1:
                            rules[d][r][2 if g else 3] += 1
        figures = {d: ("binary", {c: tuple(v) for c, v in counts[d].items()}) for d in DETECTORS if d in labelled}
        session = {c: (scores.get(c, 0.0), conversation_gold(name, l)) for c, l in conv_labels.items()}
        session = {c: v for c, v in session.items() if v[1] is not None}
        if session:
            figures["session_escalation"] = ("auc", session)
        for d in DETECTORS:
            if d not in labelled:
                figures[f"{d}_rate"] = ("rate", {c: (flagged[d][c], turns[c]) for c in turns})
        result[name] = {"convs": convs, "figures": figures, "rules": rules}
    return result


def evaluate(run, splits, n, seed, old=None):
    """Figures per corpus/figure/split with intervals; with old, the paired difference too."""
    out = {}
    for corpus, data in run.items():
        for split in splits:
            convs = [c for c, s in data["convs"].items() if split == "all" or s == split]
            draws = resamples(convs, corpus, split, n, seed)
            for name, (kind, units) in data["figures"].items():
                fn, key = STATS[kind]
                row = dict(fn(units, Counter(convs)), convs=len(convs))
                row["ci"] = interval(fn(units, w)[key] for w in draws)
                if old is not None and name in old.get(corpus, {}).get("figures", {}):
                    prev = old[corpus]["figures"][name][1]
                    row["old"] = fn(prev, Counter(convs))[key]
                    row["diff"] = row[key] - row["old"]
                    row["diff_ci"] = interval(fn(units, w)[key] - fn(prev, w)[key] for w in draws)
                out[f"{corpus}.{name}.{split}"] = row
    return out


def fmt_ci(ci, digits=3):
    return f"[{ci[0]:.{digits}f}, {ci[1]:.{digits}f}]" if ci[0] is not None else "[n/a]"


def print_table(run, figs, splits):
    print(f"{'corpus':9} {'figure':19} {'split':5} {'convs':>5} {'n':>6} {'pos':>5} "
          f"{'P':>5} {'R':>5} {'F1':>5}  figure [95% interval]")
    for corpus, data in run.items():
        for name, (kind, _) in data["figures"].items():
            if kind == "rate":
                continue
            for split in splits:
                r = figs[f"{corpus}.{name}.{split}"]
                key = STATS[kind][1]
                prf = (f"{r['P']:5.3f} {r['R']:5.3f} {r['F1']:5.3f}" if kind == "binary" else " " * 17)
                line = (f"{corpus:9} {name:19} {split:5} {r['convs']:5} {r['n']:6} {r['pos']:5} {prf}  "
                        f"{key}={r[key]:.3f} {fmt_ci(r['ci'])}")
                if "diff" in r:
                    mark = "*" if r["diff_ci"][0] is not None and (r["diff_ci"][0] > 0 or r["diff_ci"][1] < 0) else " "
                    line += f"  old={r['old']:.3f} diff={r['diff']:+.4f} {fmt_ci(r['diff_ci'], 4)}{mark}"
                print(line)


def print_cross(run, figs, splits):
    cols = list(DETECTORS) + ["session_escalation"]
    print("\nCross-corpus view: kappa (AUC for sessions) where the corpus has labels, "
          "(share of all turns flagged) where it has none; diff to --compare in brackets")
    for split in splits:
        print(f"  {split:5}    " + "".join(f"{c:>19}" for c in cols))
        for corpus, data in run.items():
            cells = []
            for c in cols:
                name = c if c in data["figures"] else f"{c}_rate"
                r = figs.get(f"{corpus}.{name}.{split}")
                if r is None:
                    cells.append("")
                    continue
                v = r.get("kappa", r.get("AUC", r.get("rate")))
                s = f"{v:.3f}" if name == c else f"({100 * v:.1f}%)"
                if "diff" in r:
                    s += f" [{r['diff']:+.3f}]" if name == c else f" [{100 * r['diff']:+.1f}]"
                cells.append(s)
            print(f"  {corpus:9}" + "".join(f"{s:>19}" for s in cells))


def print_rules(run):
    print("\nPer rule, tune split only: tp/fp = labelled turns where the rule fired; "
          "sole = where no other rule of the detector fired")
    for corpus, data in run.items():
        for d, rules in data["rules"].items():
            print(f"\n  {corpus} {d}: {'tp':>5} {'fp':>5} {'sole tp':>8} {'sole fp':>8}  rule")
            for r, (tp, fp, stp, sfp) in sorted(rules.items(), key=lambda kv: (-kv[1][0] - kv[1][1], kv[0])):
                print(f"  {'':{len(corpus) + len(d) + 2}}{tp:>5} {fp:>5} {stp:>8} {sfp:>8}  {r}")


def probe_labels(u):
    """-> {detector: wanted} of one probe turn: `meta.expect` ({"blame": true, ...}), or the
    support replies' older `meta.validating` (the validation detector)."""
    meta = u.get("meta") or {}
    want = dict(meta.get("expect") or {})
    if meta.get("validating") is not None:
        want.setdefault("validation", meta["validating"])
    return {d: bool(v) for d, v in want.items() if v is not None}


def probes(args, ignore):
    with open(args.probes) as fh:
        utts = [json.loads(l) for l in fh if l.strip()]
    flags, _ = read_cli(start_cli(args.bin, args.probes), args.probes, ignore)
    legacy = not any("expect" in (u.get("meta") or {}) for u in utts)
    per = {}  # detector -> [right, by kind, misses, (tp, fp, fn, tn)]
    for u in utts:
        for d, want in probe_labels(u).items():
            right, by_kind, misses, conf = per.setdefault(d, [0, defaultdict(lambda: [0, 0]), [], [0, 0, 0, 0]])
            got = d in flags.get(u["id"], {})
            kind = u["meta"].get("kind", "?")
            by_kind[kind][0] += got == want; by_kind[kind][1] += 1
            per[d][0] += got == want
            conf[{(True, True): 0, (True, False): 1, (False, True): 2, (False, False): 3}[got, want]] += 1
            if got != want:
                misses.append((u["id"], kind, want, sorted(set(flags.get(u["id"], {}).get(d, [])))))
    if legacy:  # the support replies: output as it always was
        right, by_kind, misses, _ = per.get("validation", [0, {}, [], None])
        total = sum(t for _, t in by_kind.values())
        if args.json:
            with open(args.json, "w") as fh:
                json.dump({"file": args.probes, "right": right, "total": total,
                           "misses": [m[0] for m in misses]}, fh, indent=1)
        print(f"{args.probes}: {right} of {total} right")
        print("  by kind: " + ", ".join(f"{k} {r}/{t}" for k, (r, t) in sorted(by_kind.items())))
        for i, kind, want, rules in misses if args.list_misses else ():
            print(f"  miss {i} ({kind}): labelled {'validating' if want else 'not validating'}, "
                  f"validation rules {rules or 'none'}")
        return
    out = {"file": args.probes, "detectors": {}}
    for d in sorted(per):
        right, by_kind, misses, (tp, fp, fn, tn) = per[d]
        total = tp + fp + fn + tn
        out["detectors"][d] = {"right": right, "total": total, "tp": tp, "fp": fp, "fn": fn, "tn": tn,
                               "misses": [m[0] for m in misses]}
        print(f"{args.probes}: {d}: {right} of {total} right "
              f"({tp} of {tp + fn} labelled {d} found, {fp} of {fp + tn} others flagged)")
        print("  by kind: " + ", ".join(f"{k} {r}/{t}" for k, (r, t) in sorted(by_kind.items())))
        for i, kind, want, rules in misses if args.list_misses else ():
            print(f"  miss {i} ({kind}): labelled {d if want else 'not ' + d}, {d} rules {rules or 'none'}")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(out, fh, indent=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "turnscope"))
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "corpora"))
    ap.add_argument("--corpora", help="comma-separated folder names (default: every folder in --data)")
    ap.add_argument("--split", choices=SPLITS, help="show one split only (default: tune, check and all)")
    ap.add_argument("--json", metavar="OUT", help="write figures and per-conversation units to OUT (for --compare)")
    ap.add_argument("--compare", metavar="OLD", help="a --json file of an earlier run: print new - old, paired")
    ap.add_argument("--per-rule", action="store_true", help="true/false positives per rule, on tune only")
    ap.add_argument("--ignore", action="append", default=[], metavar="DETECTOR:CATEGORY",
                    help="do not count findings of this category (repeatable)")
    ap.add_argument("--probes", metavar="FILE", help="score the labelled probe turns of FILE (see tests/fixtures/*/README.md)")
    ap.add_argument("--list-misses", action="store_true",
                    help="with --probes, list each reply scored wrong (not for the held-out file)")
    ap.add_argument("--resamples", type=int, default=2000)
    ap.add_argument("--seed", default="15")
    args = ap.parse_args()
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends quietly
    if not os.path.exists(args.bin):
        sys.exit(f"split_eval: no binary at {args.bin} (cargo build --release, or --bin)")
    ignore = set(args.ignore)
    if args.probes:
        return probes(args, ignore)
    if not os.path.isdir(args.data):
        sys.exit(f"split_eval: no corpora at {args.data} (--data)")
    splits = (args.split,) if args.split else SPLITS
    old = None
    if args.compare:
        with open(args.compare) as fh:
            old = {c: {"figures": {n: (k, {u: tuple(v) for u, v in units.items()})
                                   for n, (k, units) in d["figures"].items()}}
                   for c, d in json.load(fh)["corpora"].items()}
    run = collect(args, ignore)
    figs = evaluate(run, splits, args.resamples, args.seed, old)
    print(f"tune = sha256(conversation id)[:8] mod 100 < 60; {args.resamples} resamples of whole "
          f"conversations, seed {args.seed}; --compare marks * where the paired interval excludes 0\n")
    print_table(run, figs, splits)
    print_cross(run, figs, splits)
    if args.per_rule:
        print_rules(run)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"ignore": sorted(ignore), "seed": args.seed, "resamples": args.resamples,
                       "figures": figs,
                       "corpora": {c: {"figures": {n: [k, u] for n, (k, u) in d["figures"].items()}}
                                   for c, d in run.items()}}, fh)


if __name__ == "__main__":
    main()
