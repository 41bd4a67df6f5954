#!/usr/bin/env python3
"""Throughput of turnscope from Python, beside VADER in the same Python process, on the
same utterances, in one run.

    ./scripts/test.sh          # or: build and install the wheel into .venv (README, "Python")
    .venv/bin/python scripts/bench_python.py [--corpus FILE.jsonl ...] [--repeat 3]

Default corpus: every ../shared/corpora/*/utterances.jsonl, concatenated into one ConvoKit
file in a temporary folder. Each figure is the best of --repeat runs, with the process's
CPU time (all its threads) beside the wall time, since the machine may be shared:

- VADER: `SentimentIntensityAnalyzer.polarity_scores` on each utterance's text, one thread;
- turnscope, JSON text: `Engine.analyze_file_json` on the corpus file (reading, parsing,
  analysing every conversation, writing the JSON Lines the CLI writes), on one worker
  (`analyze_many_json([path], threads=1)`) and on all cores;
- turnscope, documents: `Engine.analyze_file`, the same plus `json.loads` of every
  document into dicts (under the GIL), on one worker and on all cores;
- for comparison, the command line doing the JSON text's work, `turnscope analyze
  --threads 1 --format jsonl` (--bin, default target/release/turnscope; CPU time of the
  child process), start-up included.

Ratios are against VADER's in the same run: `x VADER` of wall times, `x VADER cpu` of CPU
times (on all cores the CPU time adds up the workers', so that ratio is about the work done,
not the time waited)."""
import argparse
import glob
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def best(fn, repeat):
    wall, cpu, out = float("inf"), float("inf"), None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        wall = min(wall, time.perf_counter() - t0)
        cpu = min(cpu, time.process_time() - c0)
    return wall, cpu, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", nargs="*")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--bin", default=str(ROOT / "target/release/turnscope"))
    a = ap.parse_args()
    files = a.corpus or sorted(glob.glob(str(ROOT / "../shared/corpora/*/utterances.jsonl")))
    if not files:
        sys.exit("no corpus: pass --corpus FILE.jsonl (ConvoKit utterances)")

    import turnscope
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    tmp = tempfile.mkdtemp()
    corpus = Path(tmp) / "utterances.jsonl"
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

    vader = SentimentIntensityAnalyzer()
    engine = turnscope.Engine()
    engine.analyze("A: warm up\n")

    def vader_all():
        for t in texts:
            vader.polarity_scores(t)

    rows = [("VADER polarity_scores (1 thread)", *best(vader_all, a.repeat)[:2])]
    cores = os.cpu_count() or 1
    runs = [
        ("analyze_file_json, 1 worker",
         lambda: engine.analyze_many_json([corpus], threads=1, format="convokit")[0]),
        (f"analyze_file_json, {cores} cores",
         lambda: engine.analyze_file_json(corpus, format="convokit")),
        ("analyze_file (dicts), 1 worker",
         lambda: engine.analyze_many([corpus], threads=1, format="convokit")[0]),
        (f"analyze_file (dicts), {cores} cores",
         lambda: engine.analyze_file(corpus, format="convokit")),
    ]
    sessions = out_mb = None
    for name, fn in runs:
        wall, cpu, result = best(fn, a.repeat)
        if isinstance(result, str):
            out_mb = len(result.encode()) / 1e6
        else:
            sessions = len(result)
        rows.append((f"turnscope {name}", wall, cpu))

    if os.path.exists(a.bin):
        def children_cpu():
            r = resource.getrusage(resource.RUSAGE_CHILDREN)
            return r.ru_utime + r.ru_stime

        wall, cpu = float("inf"), float("inf")
        for _ in range(a.repeat):
            t0, c0 = time.perf_counter(), children_cpu()
            subprocess.run([a.bin, "analyze", "--threads", "1", "--input-format", "convokit",
                            "--format", "jsonl", "-o", os.devnull, str(corpus)], check=True)
            wall = min(wall, time.perf_counter() - t0)
            cpu = min(cpu, children_cpu() - c0)
        rows.append(("CLI analyze --threads 1 (whole command)", wall, cpu))

    v = rows[0][1]
    print(f"corpus: {n} utterances ({sessions} conversations), {mb:.2f} MB of text, from "
          f"{len(files)} file(s); {out_mb:.1f} MB of JSON out; load average "
          f"{os.getloadavg()[0]:.1f} on {cores} cores; turnscope {turnscope.__version__}")
    vc = rows[0][2]
    print(f"{'system':42} {'wall s':>7} {'cpu s':>7} {'MB/s':>6} {'utt/s':>7} "
          f"{'x VADER':>7} {'x VADER cpu':>11}")
    for name, wall, cpu in rows:
        print(f"{name:42} {wall:7.3f} {cpu:7.3f} {mb / wall:6.2f} {n / wall:7.0f} "
              f"{v / wall:7.1f} {vc / cpu:11.1f}")


if __name__ == "__main__":
    main()
