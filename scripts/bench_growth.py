#!/usr/bin/env python3
"""How the whole command's time grows with what one session holds, for one or more builds
side by side (issue 16, items 6 and 7; BENCHMARKS.md, "Growth").

    python3 scripts/bench_growth.py [--bin NEW/turnscope --bin OLD/turnscope] [--repeat 3]
        [--sizes 1,2,4] [--speakers 10000,20000,40000] [--timeout 120]

Inputs, written to a scratch folder as ConvoKit utterance lines (the same text as
benches/scale.rs):
- one long turn of N MB replying to a question, with findings dense (an attack in nearly
  every sentence) and at a normal density (one in six sentences);
- one session of N turns, each by a speaker of its own, timed two seconds apart.

Each build runs `turnscope analyze --threads 1 --input-format convokit --format jsonl` on
each input, best of --repeat, builds alternating so the machine's load falls on both alike.
Linear work takes twice as long for twice the size: the "x prev" column is the ratio to the
size before it. A run over --timeout seconds is reported as such (the old quadratic steps
take minutes). Stdlib only."""
import argparse, json, os, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

DENSE = ("You never listen to me! It's all your fault, you idiot. Whatever. "
         "I don't care, leave me alone. ")
NORMAL = ("I went to the store this morning and picked up groceries for the week. "
          "The weather was nice, so I walked instead of driving. When I got home I made lunch and "
          "called my sister to ask about her plans for the holidays. She said she might visit in "
          "December if work allows. Honestly, you never listen when I tell you about my family. "
          "Anyway, I think we should plan something together this weekend. ")


def long_text(unit, size):
    t = (unit * (size // len(unit) + 1))[:size]
    return t[: t.rfind(" ")]


def utterance(i, speaker, text, ts):
    return json.dumps({"id": f"u{i}", "conversation_id": "c", "speaker": speaker,
                       "reply_to": None, "timestamp": ts, "text": text})


def write_inputs(folder, sizes, speakers):
    cases = []
    for density, unit in (("dense", DENSE), ("normal", NORMAL)):
        for mb in sizes:
            path = os.path.join(folder, f"{density}-{mb}MB.jsonl")
            with open(path, "w") as f:
                f.write(utterance(0, "A", "Why did you do that?", 0) + "\n")
                f.write(utterance(1, "B", long_text(unit, int(mb * 1_000_000)), 1) + "\n")
            cases.append((f"long turn, {density}", f"{mb:g} MB", path))
    for n in speakers:
        path = os.path.join(folder, f"speakers-{n}.jsonl")
        with open(path, "w") as f:
            for i in range(n):
                text = ("I hear you, that sounds really hard." if i % 3 == 2
                        else "It's your fault, you idiot! You never listen!")
                f.write(utterance(i, f"speaker {i}", text, i * 2) + "\n")
        cases.append(("distinct speakers", f"{n:,}", path))
    return cases


def run_once(binary, path, timeout):
    t0 = time.perf_counter()
    try:
        r = subprocess.run([binary, "analyze", "--threads", "1", "--input-format", "convokit",
                            "--format", "jsonl", path],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if r.returncode != 0:
        sys.exit(f"{binary} failed on {path}: {r.stderr.decode(errors='replace')[:500]}")
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", action="append",
                    help="a turnscope binary (repeat to compare builds; default: this checkout's)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sizes", default="1,2,4", help="long-turn sizes in MB")
    ap.add_argument("--speakers", default="10000,20000,40000")
    ap.add_argument("--timeout", type=float, default=120.0)
    a = ap.parse_args()
    bins = a.bin or [os.path.join(ROOT, "target", "release", "turnscope")]
    for b in bins:
        if not os.access(b, os.X_OK):
            sys.exit(f"no turnscope binary at {b} (cargo build --release)")
    sizes = [float(s) for s in a.sizes.split(",") if s]
    speakers = [int(s) for s in a.speakers.split(",") if s]
    print(f"load average {os.getloadavg()[0]:.1f}; best of {a.repeat}; seconds, wall", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        cases = write_inputs(folder, sizes, speakers)
        head = f"{'case':<24}{'size':>10}"
        for i, _ in enumerate(bins):
            head += f"{f'build {i + 1} s':>14}{'x prev':>8}"
        print(head)
        prev = [None] * len(bins)
        last_kind = None
        for kind, size, path in cases:
            if kind != last_kind:
                prev, last_kind = [None] * len(bins), kind
            best = [None] * len(bins)
            timed_out = [False] * len(bins)
            for _ in range(a.repeat):
                for i, b in enumerate(bins):
                    if timed_out[i]:
                        continue
                    t = run_once(b, path, a.timeout)
                    if t is None:
                        timed_out[i] = True
                    elif best[i] is None or t < best[i]:
                        best[i] = t
            line = f"{kind:<24}{size:>10}"
            for i in range(len(bins)):
                if timed_out[i] and best[i] is None:
                    line += f"{f'>{a.timeout:g}':>14}{'':>8}"
                    prev[i] = None
                    continue
                ratio = f"{best[i] / prev[i]:.2f}" if prev[i] else ""
                line += f"{best[i]:>14.3f}{ratio:>8}"
                prev[i] = best[i]
            print(line, flush=True)
    for i, b in enumerate(bins):
        print(f"build {i + 1}: {b}")


if __name__ == "__main__":
    main()
