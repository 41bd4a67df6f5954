#!/usr/bin/env python3
"""Scaling and memory of turnscope's archive commands, measured side by side in one run.

    python3 scripts/bench_scale.py [--repeat 3] [--bin target/release/turnscope]

Sessions are the conversations of ../shared/corpora/*/utterances.jsonl (or, without them,
the examples repeated), at least 10,000 of them (repeated with fresh ids), written one a line (`turnscope stream`'s input) and, for batch, one
file each. Figures:

- threads: `stream`, `batch` (a folder of one file per session) and `analyze` with 1 and
  2 threads on the same sessions, best wall time of --repeat runs, with the CPU time of
  that run (equal CPU times mean the second thread adds no work: on a machine busy with
  other jobs the wall-time gain is what the second core can spare);
- memory: peak resident memory (max RSS, from getrusage of the finished child) of
  `stream` on 400 and on 10,000 sessions (the corpus repeated with fresh ids)."""
import argparse, collections, glob, json, os, resource, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target/release/turnscope")


def sessions_from_corpora():
    convs = collections.OrderedDict()
    for f in sorted(glob.glob(os.path.join(ROOT, "../shared/corpora/*/utterances.jsonl"))):
        name = os.path.basename(os.path.dirname(f))
        with open(f) as fh:
            for line in fh:
                if line.strip():
                    u = json.loads(line)
                    key = f"{name}-{u.get('conversation_id')}"
                    convs.setdefault(key, []).append({"speaker": str(u.get("speaker") or "Unknown"),
                                                     "text": u.get("text") or ""})
    if not convs:
        out = subprocess.run([BIN, "analyze", "--format", "jsonl", *sorted(f for f in glob.glob(os.path.join(ROOT, "examples/*")) if os.path.isfile(f))],
                             check=True, capture_output=True, text=True).stdout
        for i, l in enumerate(out.splitlines()):
            convs[f"example-{i}"] = [{"speaker": t["speaker"], "text": t["text"]} for t in json.loads(l)["turns"]]
    return list(convs.items())


def write_lines(path, sessions, n):
    with open(path, "w") as f:
        for i in range(n):
            sid, turns = sessions[i % len(sessions)]
            f.write(json.dumps({"id": f"{sid}#{i}", "turns": turns}) + "\n")


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd, repeat, stdin=None):
    """Best wall time of `repeat` runs, and the CPU time of that run."""
    best = (float("inf"), 0.0)
    for _ in range(repeat):
        with open(stdin) if stdin else open(os.devnull) as inp:
            t0, c0 = time.perf_counter(), children_cpu()
            subprocess.run(cmd, stdin=inp, stdout=subprocess.DEVNULL, check=True)
            best = min(best, (time.perf_counter() - t0, children_cpu() - c0))
    return best


def max_rss_kb(cmd, stdin):
    # A fresh child per measurement: RUSAGE_CHILDREN's ru_maxrss is the largest of all
    # children waited for, so measure through a small wrapper process.
    code = ("import resource,subprocess,sys;"
            "subprocess.run(sys.argv[2:],stdin=open(sys.argv[1]),stdout=subprocess.DEVNULL,check=True);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    return int(subprocess.run([sys.executable, "-c", code, stdin, *cmd], check=True,
                              capture_output=True, text=True).stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--bin", default=BIN, help="the turnscope binary (default: this checkout's release build)")
    a = ap.parse_args()
    bin_ = a.bin
    sessions = sessions_from_corpora()
    tmp = tempfile.mkdtemp(prefix="turnscope-scale-")
    try:
        n = max(len(sessions), 10000)
        lines = os.path.join(tmp, "sessions.jsonl")
        write_lines(lines, sessions, n)
        folder = os.path.join(tmp, "archive")
        os.makedirs(folder)
        with open(lines) as f:
            for i, line in enumerate(f):
                d = json.loads(line)
                with open(os.path.join(folder, f"s{i:05d}.txt"), "w") as out:
                    for t in d["turns"]:
                        text = " ".join(t["text"].split()) or "..."
                        out.write(f"{' '.join(t['speaker'].split()).replace(':', '') or 'Unknown'}: {text}\n")
        mb = os.path.getsize(lines) / 1e6
        print(f"threads: {n} sessions ({mb:.1f} MB as session lines); load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; best wall time of {a.repeat} "
              "(and the CPU time of that run)")
        print(f"{'command':42} {'1 thread':>9} {'2 threads':>10} {'speed-up':>9} {'cpu 1 / cpu 2':>14}")
        out_file = os.path.join(tmp, "r.jsonl")
        for name, cmd, stdin in [
            ("turnscope stream < sessions.jsonl", [bin_, "stream"], lines),
            ("turnscope batch archive/ --out r.jsonl", [bin_, "batch", "-q", folder, "--out", out_file], None),
            ("turnscope analyze -f jsonl sessions.jsonl", [bin_, "analyze", "-f", "jsonl", "-o", out_file, lines], None),
        ]:
            (t1, c1), (t2, c2) = (timed(cmd + ["--threads", str(j)], a.repeat, stdin) for j in (1, 2))
            print(f"{name:42} {t1:8.2f}s {t2:9.2f}s {t1 / t2:8.2f}x {c1:6.2f}s/{c2:.2f}s")

        print("memory: peak resident set of `turnscope stream` (max RSS)")
        rss = {}
        for count in (400, 10000):
            path = os.path.join(tmp, f"s{count}.jsonl")
            write_lines(path, sessions, count)
            rss[count] = max_rss_kb([bin_, "stream"], path)
            print(f"  {count:6} sessions ({os.path.getsize(path) / 1e6:6.1f} MB in): {rss[count] / 1024:6.1f} MB")
        print(f"  ratio 10,000 / 400: {rss[10000] / rss[400]:.2f}x")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
