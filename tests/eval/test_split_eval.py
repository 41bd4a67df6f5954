#!/usr/bin/env python3
"""Tests of scripts/split_eval.py: the split, the figures and their bootstrap, the probe
fixtures, and (where ../shared/corpora is there) that its figures on the whole corpora equal
../shared/eval/evaluate.py's.

    python3 tests/eval/test_split_eval.py [--bin target/release/turnscope]

Run by scripts/test.sh. Parts that need the corpora or the binary skip, saying why."""
import json, os, random, subprocess, sys, tempfile, unittest
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import split_eval as se  # noqa: E402

BIN = os.path.join(ROOT, "target", "release", "turnscope")
if "--bin" in sys.argv:  # taken out before unittest reads the arguments
    i = sys.argv.index("--bin")
    BIN = os.path.abspath(sys.argv[i + 1])
    del sys.argv[i:i + 2]
DATA = os.path.join(ROOT, "..", "shared", "corpora")
PROBES = os.path.join(ROOT, "tests", "fixtures", "support-replies")


def kappa_of_pairs(pairs):
    """Cohen's kappa written out from the definition, apart from split_eval's code."""
    n = len(pairs)
    po = sum(p == g for p, g in pairs) / n
    pe = (sum(p for p, _ in pairs) / n) * (sum(g for _, g in pairs) / n) + \
         (sum(not p for p, _ in pairs) / n) * (sum(not g for _, g in pairs) / n)
    return (po - pe) / (1 - pe)


class Split(unittest.TestCase):
    def test_stable_and_sixty_percent(self):
        self.assertEqual(se.split_of("train-0000"), se.split_of("train-0000"))
        # pinned so the split never drifts: sha256("a") starts ca978112ca1bbdca, which is 50
        # mod 100 (tune); sha256("f") starts 252f10c83610ebca, 82 mod 100 (check)
        self.assertEqual(int.from_bytes(bytes.fromhex("ca978112ca1bbdca"), "big") % 100, 50)
        self.assertEqual(int.from_bytes(bytes.fromhex("252f10c83610ebca"), "big") % 100, 82)
        self.assertEqual((se.split_of("a"), se.split_of("f")), ("tune", "check"))
        share = Counter(se.split_of(f"conv-{i}") for i in range(20000))["tune"] / 20000
        self.assertAlmostEqual(share, 0.60, delta=0.015)


class Figures(unittest.TestCase):
    def setUp(self):
        rng = random.Random(1)
        # 50 conversations of 1-9 labelled turns each: (predicted, gold)
        self.convs = {f"c{i}": [(rng.random() < 0.4, rng.random() < 0.35) for _ in range(rng.randint(1, 9))]
                      for i in range(50)}
        self.units = {}
        for c, pairs in self.convs.items():
            k = Counter({(True, True): 0, (True, False): 1, (False, True): 2, (False, False): 3}[p] for p in pairs)
            self.units[c] = tuple(k[i] for i in range(4))

    def test_kappa_equals_the_definition(self):
        pairs = [p for ps in self.convs.values() for p in ps]
        got = se.binary_stats(self.units, Counter(list(self.convs)))
        self.assertAlmostEqual(got["kappa"], kappa_of_pairs(pairs), places=12)
        self.assertEqual(got["n"], len(pairs))

    def test_weights_are_repeated_conversations(self):
        w = Counter({"c1": 3, "c7": 1, "c9": 2})
        pairs = self.convs["c1"] * 3 + self.convs["c7"] + self.convs["c9"] * 2
        self.assertAlmostEqual(se.binary_stats(self.units, w)["kappa"], kappa_of_pairs(pairs), places=12)

    def test_auc_with_ties_and_weights(self):
        rng = random.Random(2)
        units = {f"s{i}": (rng.choice([0.0, 0.5, 1.0, 2.0]), rng.random() < 0.3) for i in range(80)}
        w = Counter({c: rng.randint(1, 3) for c in units})
        expanded = [units[c] for c, k in w.items() for _ in range(k)]
        pos = [s for s, g in expanded if g]; neg = [s for s, g in expanded if not g]
        brute = sum((p > q) + 0.5 * (p == q) for p in pos for q in neg) / (len(pos) * len(neg))
        self.assertAlmostEqual(se.auc_stats(units, w)["AUC"], brute, places=12)

    def test_resamples_are_seeded_and_whole(self):
        a = se.resamples(self.convs, "x", "tune", 20, "15")
        b = se.resamples(reversed(list(self.convs)), "x", "tune", 20, "15")
        self.assertEqual(a, b)
        self.assertNotEqual(a, se.resamples(self.convs, "x", "check", 20, "15"))
        self.assertTrue(all(sum(w.values()) == len(self.convs) and set(w) <= set(self.convs) for w in a))

    def test_interval(self):
        self.assertEqual(se.interval(range(1001)), [25, 975])
        self.assertEqual(se.interval([float("nan"), 1.0]), [1.0, 1.0])


class Probes(unittest.TestCase):
    def test_fixtures_are_balanced_and_well_formed(self):
        texts = set()
        for name in ("replies.jsonl", "held-out.jsonl"):
            with open(os.path.join(PROBES, name)) as fh:
                utts = [json.loads(l) for l in fh]
            replies = [u for u in utts if u["speaker"] == "replier"]
            self.assertEqual(len(replies), 40, name)
            self.assertEqual(sum(u["meta"]["validating"] for u in replies), 20, name)
            posts = {u["id"]: u for u in utts if u["speaker"] == "poster"}
            for u in replies:
                self.assertIn(u["reply_to"], posts, u["id"])
                self.assertEqual(posts[u["reply_to"]]["conversation_id"], u["conversation_id"])
                self.assertIn(u["meta"]["kind"], {"reflection", "sympathy", "normalising", "legitimising",
                                                  "affirmation", "reassurance", "shared_experience", "offer",
                                                  "wish", "advice", "information", "question", "self_talk",
                                                  "dismissive", "minimising"}, u["id"])
                texts.add(u["text"])
        self.assertEqual(len(texts), 80, "a reply is written twice")

    @unittest.skipUnless(os.path.exists(BIN), f"no binary at {BIN}")
    def test_scorer_runs(self):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "p.json")
            subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "split_eval.py"), "--bin", BIN,
                            "--probes", os.path.join(PROBES, "replies.jsonl"), "--json", out],
                           check=True, capture_output=True)
            with open(out) as fh:
                got = json.load(fh)
        self.assertEqual(got["total"], 40)
        self.assertEqual(got["right"] + len(got["misses"]), 40)


FIXTURES = os.path.join(ROOT, "tests", "fixtures")
EXPECT_PROBES = {"blame-turns": "blame", "avoidance-replies": "avoidance"}


class ExpectProbes(unittest.TestCase):
    """The blame and avoidance probes: labels in `meta.expect`, 40 a file, half of each."""

    def test_fixtures_are_balanced_and_well_formed(self):
        for folder, detector in EXPECT_PROBES.items():
            texts = set()
            for name in ("tune.jsonl", "held-out.jsonl"):
                with open(os.path.join(FIXTURES, folder, name)) as fh:
                    utts = [json.loads(l) for l in fh]
                ids = {u["id"]: u for u in utts}
                self.assertEqual(len(ids), len(utts), f"{folder}/{name}: an id twice")
                labelled = [u for u in utts if u["meta"].get("expect")]
                self.assertEqual(len(labelled), 40, f"{folder}/{name}")
                self.assertEqual(sum(u["meta"]["expect"][detector] for u in labelled), 20, f"{folder}/{name}")
                for u in labelled:
                    self.assertEqual(set(u["meta"]["expect"]), {detector}, u["id"])
                    self.assertTrue(u["meta"].get("kind"), u["id"])
                    if u["reply_to"] is not None:
                        self.assertEqual(ids[u["reply_to"]]["conversation_id"], u["conversation_id"])
                    if detector == "avoidance":  # every reply answers a question
                        self.assertTrue(ids[u["reply_to"]]["text"].endswith("?"), u["id"])
                    texts.add(u["text"])
            self.assertEqual(len(texts), 80, f"{folder}: a turn is written twice")

    def test_labels_read_from_either_form(self):
        self.assertEqual(se.probe_labels({"meta": {"validating": True, "kind": "offer"}}), {"validation": True})
        self.assertEqual(se.probe_labels({"meta": {"expect": {"blame": False}}}), {"blame": False})
        self.assertEqual(se.probe_labels({"meta": {}}), {})

    @unittest.skipUnless(os.path.exists(BIN), f"no binary at {BIN}")
    def test_scorer_runs(self):
        for folder, detector in EXPECT_PROBES.items():
            with tempfile.TemporaryDirectory() as d:
                out = os.path.join(d, "p.json")
                subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "split_eval.py"), "--bin", BIN,
                                "--probes", os.path.join(FIXTURES, folder, "tune.jsonl"), "--json", out],
                               check=True, capture_output=True)
                with open(out) as fh:
                    got = json.load(fh)["detectors"]
            self.assertEqual(list(got), [detector])
            r = got[detector]
            self.assertEqual(r["total"], 40)
            self.assertEqual(r["tp"] + r["fn"], 20)
            self.assertEqual(r["right"], r["tp"] + r["tn"])
            self.assertEqual(r["right"] + len(r["misses"]), 40)


@unittest.skipUnless(os.path.isdir(DATA) and os.path.exists(BIN), f"no corpora at {DATA} or no binary")
class AgainstEvaluatePy(unittest.TestCase):
    def test_whole_corpora_equal_evaluate_py(self):
        evaluate = os.path.join(os.path.dirname(os.path.abspath(DATA)), "eval", "evaluate.py")
        ref = subprocess.run([sys.executable, evaluate, "--data", DATA, "--system", "turnscope", "--bin", BIN],
                             check=True, capture_output=True, text=True).stdout.splitlines()[-1]
        ref = json.loads(ref)
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "s.json")
            subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "split_eval.py"), "--bin", BIN,
                            "--split", "all", "--resamples", "10", "--json", out], check=True, capture_output=True)
            with open(out) as fh:
                figs = json.load(fh)["figures"]
        for key, want in ref.items():
            corpus, figure, stat = key.split(".")
            got = figs[f"{corpus}.{figure}.all"]["AUC" if stat == "auc" else {"f1": "F1"}.get(stat, stat)]
            self.assertAlmostEqual(got, want, places=3, msg=key)


if __name__ == "__main__":
    if not os.path.isdir(DATA):
        print(f"test_split_eval: {DATA} is absent: the comparison with evaluate.py is skipped")
    unittest.main(verbosity=1)
