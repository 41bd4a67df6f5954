#!/usr/bin/env python3
"""Side-by-side throughput: turnscope's CLI against VADER on the same utterances, in one run.

    python3 scripts/bench_vs_vader.py [--corpus FILE.jsonl ...] [--bin target/release/turnscope] [--repeat 3]

Default corpus: every ../shared/corpora/*/utterances.jsonl, concatenated into one ConvoKit
file in a temporary directory. VADER scores each utterance's text in-process (no file
reading, no JSON); turnscope is timed as a whole command (reading, parsing, analysing and
writing JSON Lines), so the ratio is conservative for turnscope. Best of --repeat runs each.
Needs `pip install vaderSentiment`."""
import argparse, glob, json, os, subprocess, sys, tempfile, time


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", nargs="*")
    ap.add_argument("--bin", default=os.path.join(root, "target/release/turnscope"))
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    files = a.corpus or sorted(glob.glob(os.path.join(root, "../shared/corpora/*/utterances.jsonl")))
    if not files:
        sys.exit("no corpus: pass --corpus FILE.jsonl (ConvoKit utterances)")
    tmp = tempfile.mkdtemp()
    corpus = os.path.join(tmp, "utterances.jsonl")
    texts = []
    with open(corpus, "w") as out:
        for f in files:
            with open(f) as fh:
                for line in fh:
                    if line.strip():
                        out.write(line if line.endswith("\n") else line + "\n")
                        texts.append(json.loads(line)["text"] or "")
    mb = sum(len(t.encode()) for t in texts) / 1e6
    n = len(texts)

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    vader = SentimentIntensityAnalyzer()
    best_v = float("inf")
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        for t in texts:
            vader.polarity_scores(t)
        best_v = min(best_v, time.perf_counter() - t0)

    def run(threads):
        best = float("inf")
        for _ in range(a.repeat):
            t0 = time.perf_counter()
            subprocess.run([a.bin, "analyze", "--threads", str(threads), "--input-format", "convokit",
                            "--format", "jsonl", "-o", os.devnull, corpus], check=True)
            best = min(best, time.perf_counter() - t0)
        return best

    best_1 = run(1)
    best_all = run(os.cpu_count() or 1)
    print(f"corpus: {n} utterances, {mb:.2f} MB of text, from {len(files)} file(s)")
    print(f"{'system':32} {'seconds':>8} {'MB/s':>8} {'turns/s':>10} {'x VADER':>8}")
    for name, s in [("VADER (in-process, 1 thread)", best_v),
                    ("turnscope analyze --threads 1", best_1),
                    (f"turnscope analyze --threads {os.cpu_count()}", best_all)]:
        print(f"{name:32} {s:8.3f} {mb / s:8.2f} {n / s:10.0f} {best_v / s:8.1f}")


if __name__ == "__main__":
    main()
