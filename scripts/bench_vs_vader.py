#!/usr/bin/env python3
"""Side-by-side throughput: turnscope against VADER on the same utterances, in one run.

    .venv/bin/python scripts/bench_vs_vader.py [--corpus FILE.jsonl ...] [--repeat 3]
        [--bin TURNSCOPE --throughput-bin THROUGHPUT_BENCH]

(`./scripts/venv.sh` makes .venv with vaderSentiment.) Default corpus: every
../shared/corpora/*/utterances.jsonl, concatenated into one ConvoKit file. Four figures,
each the best of --repeat runs, with CPU time beside wall time (the machine may be shared):

- VADER: `polarity_scores` on each utterance's text, in-process, one thread;
- turnscope engine: `Engine::analyze` on every session, in-process, one thread
  (benches/throughput.rs: the transcripts are parsed first, as VADER's texts are);
- turnscope analyze --threads 1: the whole command, reading and parsing the ConvoKit file,
  analysing, and writing JSON Lines;
- the same command on all cores.

Ratios are against VADER's wall time. To compare two builds on a shared machine, time an
earlier build in a run of its own beside VADER: keep its binaries (`target/release/turnscope`
and the throughput bench that `cargo bench --bench throughput --no-run` prints) and pass them
with --bin and --throughput-bin; compare the ratios, not the seconds."""
import argparse, glob, json, os, resource, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", nargs="*")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/turnscope"))
    ap.add_argument("--throughput-bin",
                    help="a built benches/throughput binary to time instead of building this checkout's")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    files = a.corpus or sorted(glob.glob(os.path.join(ROOT, "../shared/corpora/*/utterances.jsonl")))
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
    best_v, cpu_v = float("inf"), float("inf")
    for _ in range(a.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        for t in texts:
            vader.polarity_scores(t)
        best_v = min(best_v, time.perf_counter() - t0)
        cpu_v = min(cpu_v, time.process_time() - c0)

    bench_args = ["--repeat", str(max(a.repeat, 3)), corpus]
    if a.throughput_bin:
        bench = [a.throughput_bin, *bench_args]
    else:
        subprocess.run(["cargo", "bench", "--quiet", "--bench", "throughput", "--no-run"],
                       cwd=ROOT, check=True, capture_output=True)
        bench = ["cargo", "bench", "--quiet", "--bench", "throughput", "--", *bench_args]
    engine = json.loads(subprocess.run(bench, cwd=ROOT, check=True, capture_output=True,
                                       text=True).stdout.strip().splitlines()[-1])

    def run(threads):
        best, cpu = float("inf"), float("inf")
        for _ in range(a.repeat):
            t0, c0 = time.perf_counter(), children_cpu()
            subprocess.run([a.bin, "analyze", "--threads", str(threads), "--input-format", "convokit",
                            "--format", "jsonl", "-o", os.devnull, corpus], check=True)
            best = min(best, time.perf_counter() - t0)
            cpu = min(cpu, children_cpu() - c0)
        return best, cpu

    one = run(1)
    cores = os.cpu_count() or 1
    many = run(cores)
    print(f"corpus: {n} utterances ({engine['sessions']} sessions), {mb:.2f} MB of text, "
          f"from {len(files)} file(s); load average {os.getloadavg()[0]:.1f} on {cores} cores")
    print(f"{'system':44} {'wall s':>7} {'cpu s':>7} {'MB/s':>7} {'turns/s':>9} {'x VADER':>8}")
    rows = [("VADER polarity_scores (in-process, 1 thread)", best_v, cpu_v),
            ("turnscope Engine::analyze (in-process, 1 thr)", engine["analyze_seconds"], None),
            ("turnscope analyze --threads 1 (whole command)", *one),
            (f"turnscope analyze --threads {cores} (whole command)", *many)]
    for name, s, cpu in rows:
        cpu_s = f"{cpu:7.3f}" if cpu is not None else f"{'-':>7}"
        print(f"{name:44} {s:7.3f} {cpu_s} {mb / s:7.2f} {n / s:9.0f} {best_v / s:8.1f}")


if __name__ == "__main__":
    main()
