#!/usr/bin/env python3
"""turnscope from Python with pandas: analyse transcripts in-process and read the findings
as tables.

    pip install './python[pandas]'          # once, from the repository root (needs Rust)
    python python/examples/pandas_report.py   # the shipped examples
    python python/examples/pandas_report.py session.vtt corpus/utterances.jsonl ...

Prints each session's escalation score, each speaker's rate of blame, avoidance and
validation per 100 words, and the strongest blame with the rule behind it. A file that
cannot be read is named with its line, and the others are still analysed.
"""

import sys
from pathlib import Path

import turnscope

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"  # the shipped transcripts


def main(paths):
    engine = turnscope.Engine()  # compile the lexicons once; share it across threads
    results = engine.analyze_many([Path(p) for p in paths], errors="return")
    for result in results:
        if isinstance(result, Exception):
            print(f"skipped: {result}", file=sys.stderr)

    turns, findings, speakers = turnscope.to_frames(results)

    print("Escalation per session (0 to 1):")
    scores = speakers.groupby("session", sort=False)["escalation_score"].first()
    print(scores.sort_values(ascending=False).to_string(), end="\n\n")

    print("Per speaker, counted findings per 100 words:")
    rates = ["blame_per_100_words", "avoidance_per_100_words", "validation_per_100_words"]
    print(speakers[["session", "speaker", "words", *rates]].round(2).to_string(index=False),
          end="\n\n")

    print("Strongest blame, with the rule behind each:")
    blame = findings[findings["counts"] & (findings["detector"] == "blame")]
    top = blame.sort_values("weight", ascending=False).head(5)
    print(top[["session", "index", "speaker", "matched", "rule", "weight"]].to_string(index=False))


if __name__ == "__main__":
    default = [EXAMPLES / "couple-session.txt", EXAMPLES / "fight.vtt", EXAMPLES / "calm.srt",
               EXAMPLES / "support-chats.jsonl"]
    main(sys.argv[1:] or [str(p) for p in default])
