#!/usr/bin/env python3
"""Peak memory of `turnscope batch` over one big file of session lines, beside `stream`.

Makes a file of about --mb megabytes of session lines (the shipped examples packed by
`turnscope pack`, repeated with fresh ids), then runs, each under `/usr/bin/time -v`:

  turnscope batch big.jsonl --out r.jsonl      (the file is one input)
  turnscope stream < big.jsonl > r.jsonl

and prints wall time and peak resident set (max RSS) of each. BENCHMARKS.md quotes it.

  python3 scripts/bench_batch_memory.py --bin target/release/turnscope --mb 55
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def make_lines(binary, path, mb):
    packed = subprocess.run(
        [binary, "pack", "--quiet", os.path.join(ROOT, "examples")],
        check=True, capture_output=True,
    ).stdout.decode("utf-8").splitlines()
    sessions = [json.loads(line) for line in packed if line.strip()]
    target = mb * 1_000_000
    written = 0
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        while written < target:
            s = dict(sessions[n % len(sessions)])
            s["id"] = f"s{n}"
            s.pop("source", None)
            s.pop("format", None)
            line = json.dumps(s, ensure_ascii=False) + "\n"
            f.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    return n


def measure(cmd, stdin=None, stdout=None):
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as i, \
         open(stdout, "wb") if stdout else open(os.devnull, "wb") as o:
        p = subprocess.run(["/usr/bin/time", "-v", *cmd], stdin=i, stdout=o,
                           stderr=subprocess.PIPE)
    err = p.stderr.decode("utf-8", "replace")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", err).group(1)
    status = re.search(r"Exit status: (\d+)", err)
    return rss, wall, status.group(1) if status else "signal"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "turnscope"))
    ap.add_argument("--mb", type=int, default=55)
    ap.add_argument("--keep", help="keep the generated file at this path")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        big = args.keep or os.path.join(tmp, "big.jsonl")
        n = make_lines(args.bin, big, args.mb)
        size = os.path.getsize(big) / 1e6
        out = os.path.join(tmp, "r.jsonl")
        print(f"{n} sessions, {size:.1f} MB of session lines; load average "
              f"{os.getloadavg()[0]:.1f}")
        for name, cmd, stdin in [
            ("turnscope batch big.jsonl --out r.jsonl", [args.bin, "batch", "-q", big, "--out", out], None),
            ("turnscope stream < big.jsonl > r.jsonl", [args.bin, "stream"], big),
        ]:
            rss, wall, status = measure(cmd, stdin=stdin, stdout=None if stdin is None else out)
            print(f"  {name:42} peak RSS {rss / 1024:8.1f} MB  wall {wall:>8}  exit {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
