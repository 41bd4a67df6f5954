#!/usr/bin/env python3
"""The Spark recipe, for real: PySpark in local mode reads a session-per-line file, pipes
each partition through `turnscope stream` (scripts/spark_turnscope.py, run by
spark-submit), and the documents equal the single-machine `turnscope batch` output,
session for session and byte for byte. The file ends with every shipped transcript (all
formats) as `turnscope pack` writes it: those documents equal `turnscope batch` on the
transcripts themselves, naming each file.

    .venv/bin/python tests/spark/test_spark_pipe.py [--bin target/release/turnscope]

Skips, saying why, only where Java is missing. Run by scripts/test.sh."""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SESSIONS = 400


def session_lines(binary):
    """Session lines made from the shipped examples: their turns, rotated and renamed so
    that the sessions differ, in both input shapes (turnscope's and ConvoKit's)."""
    examples = sorted(f for f in glob.glob(os.path.join(ROOT, "examples", "*"))
                      if os.path.isfile(f))  # not examples/course/, a folder
    out = subprocess.run([binary, "analyze", "--format", "jsonl", *examples],
                         check=True, capture_output=True, text=True).stdout
    bases = [json.loads(l)["turns"] for l in out.splitlines()]
    lines = []
    for i in range(SESSIONS):
        turns = bases[i % len(bases)]
        k = i % len(turns)
        turns = turns[k:] + turns[:k]
        if i % 10 == 9:
            utterances = [{"id": f"s{i}-u{j}", "conversation_id": f"s{i}", "speaker": t["speaker"],
                           "reply_to": f"s{i}-u{j - 1}" if j else None, "text": t["text"]}
                          for j, t in enumerate(turns)]
            lines.append(json.dumps(utterances, ensure_ascii=False))
        else:
            keep = ("speaker", "text", "start", "end")
            lines.append(json.dumps({"id": f"s{i}", "turns": [
                {k2: t[k2] for k2 in keep if k2 in t} for t in turns]}, ensure_ascii=False))
    return lines


def shipped_transcripts():
    """The examples and test fixtures, one file per format at least."""
    files = []
    for d in ("examples", "tests/fixtures/six-turn", "tests/fixtures/cues"):
        files += [f for f in glob.glob(os.path.join(ROOT, d, "*")) if not f.endswith(".py")]
    return sorted(files)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "turnscope"))
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        print("SKIP: Java is not installed (PySpark needs Java 17); the Spark test did not run")
        print("spark: 0 passed, 0 failed, 1 skipped")
        return 0
    if not os.access(binary, os.X_OK):
        sys.exit(f"no turnscope binary at {binary}: run cargo build --release first")
    spark_submit = os.path.join(os.path.dirname(sys.executable), "spark-submit")

    tmp = tempfile.mkdtemp(prefix="turnscope-spark-")
    try:
        sessions = os.path.join(tmp, "sessions.jsonl")
        with open(sessions, "w", encoding="utf-8") as f:
            f.write("\n".join(session_lines(binary)) + "\n")

        batch_out = os.path.join(tmp, "batch.jsonl")
        subprocess.run([binary, "batch", "--quiet", sessions, "--out", batch_out], check=True)
        with open(batch_out, encoding="utf-8") as f:
            expected = f.read().splitlines()

        # Transcripts in every format, packed, after the session lines: Spark must give
        # what batch gives for the files themselves.
        files = shipped_transcripts()
        packed = subprocess.run([binary, "pack", "--quiet", *files], check=True,
                                capture_output=True).stdout
        with open(sessions, "ab") as f:
            f.write(packed)
        subprocess.run([binary, "batch", "--quiet", *files, "--out", batch_out], check=True)
        with open(batch_out, encoding="utf-8") as f:
            from_files = f.read().splitlines()
        expected += from_files

        spark_out = os.path.join(tmp, "spark-results")
        env = dict(os.environ, PYSPARK_PYTHON=sys.executable, SPARK_LOCAL_IP="127.0.0.1")
        job = subprocess.run(
            [spark_submit, "--master", "local[2]", "--conf", "spark.ui.enabled=false",
             "--driver-java-options", "-Dlog4j.rootLogger=WARN",
             os.path.join(ROOT, "scripts", "spark_turnscope.py"),
             sessions, spark_out, "--bin", binary, "--partitions", "4"],
            env=env, capture_output=True, text=True)
        if job.returncode != 0:
            print(job.stdout[-4000:], job.stderr[-8000:], sep="\n", file=sys.stderr)
            print("spark: 0 passed, 1 failed")
            return 1
        parts = sorted(glob.glob(os.path.join(spark_out, "part-*")))
        got = []
        for p in parts:
            with open(p, encoding="utf-8") as f:
                got.extend(f.read().splitlines())

        failures = []
        if len(parts) < 2:
            failures.append(f"expected several partitions, got {len(parts)} part file(s)")
        if len(got) != len(expected):
            failures.append(f"{len(got)} documents from Spark, {len(expected)} from batch")
        for n, (g, e) in enumerate(zip(got, expected)):
            if g != e:
                gid = json.loads(g).get("session", {}).get("id")
                eid = json.loads(e).get("session", {}).get("id")
                failures.append(f"document {n} differs (Spark {gid!r}, batch {eid!r})")
                break
        ids = [json.loads(l)["session"]["id"] for l in got[:SESSIONS]]
        if ids != [f"s{i}" for i in range(SESSIONS)]:
            failures.append("sessions out of order or missing")
        formats = {json.loads(l)["session"]["format"] for l in got[SESSIONS:]}
        if len(formats) < 10:
            failures.append(f"packed transcripts cover only the formats {sorted(formats)}")
        print(f"spark: {len(expected)} sessions from batch ({len(from_files)} of them from "
              f"{len(files)} packed transcripts); {len(got)} documents from "
              f"{len(parts)} Spark partitions piped through `turnscope stream`")
        for f in failures:
            print(f"FAIL: {f}")
        print(f"spark: {0 if failures else 1} passed, {1 if failures else 0} failed")
        return 1 if failures else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
