"""The documents are the command line's: byte for byte, on every shipped transcript."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import turnscope
from conftest import ROOT, transcript_files

FILES = transcript_files()


def compact(docs) -> str:
    """Documents written back as `turnscope analyze --format jsonl` writes them."""
    if isinstance(docs, dict):
        docs = [docs]
    return "".join(
        json.dumps(d, ensure_ascii=False, separators=(",", ":")) + "\n" for d in docs
    )


def test_the_fixtures_cover_every_format_and_both_shapes(engine, at_root):
    formats = set()
    for f in FILES:
        (line,) = engine.analyze_file_json(f).splitlines()[:1]
        formats.add(json.loads(line)["session"]["format"])
    assert formats == {
        "plain", "vtt", "srt", "convokit", "otter", "chat", "whisper", "aws", "rev", "sessions"
    }


@pytest.mark.parametrize("path", FILES)
def test_documents_equal_the_cli_byte_for_byte(path, engine, run_cli, at_root):
    expected = run_cli("analyze", "--format", "jsonl", path).stdout.decode("utf-8")
    assert expected.endswith("\n") and expected.count("\n") >= 1

    # The raw JSON, from a file and from text named after it.
    assert engine.analyze_file_json(path) == expected
    raw = Path(path).read_bytes()
    assert engine.analyze_json(raw, name=path) == expected
    assert engine.analyze_json(raw.decode("utf-8"), name=path) == expected

    # The parsed documents, written back compactly.
    docs = engine.analyze_file(path)
    assert compact(docs) == expected
    assert compact(engine.analyze(raw.decode("utf-8"), name=path)) == expected

    # The shape: the format decides it.
    fmt = json.loads(expected.splitlines()[0])["session"]["format"]
    if fmt in turnscope.MULTI_SESSION_FORMATS:
        assert isinstance(docs, list) and len(docs) == expected.count("\n")
    else:
        assert isinstance(docs, dict) and expected.count("\n") == 1


def test_options_equal_the_cli_options(engine, run_cli, at_root):
    path = "examples/couple-session.txt"
    expected = run_cli(
        "analyze", "--format", "jsonl", "--explain", "-i", "plain",
        "--speaker", "Dr. Rivera=Therapist", "--role", "Therapist=therapist",
        "--role", "Maria=client", "--role", "Tom=client", path,
    ).stdout.decode()
    got = engine.analyze_file_json(
        path, format="plain", explain=True,
        speakers={"Dr. Rivera": "Therapist"},
        roles={"Therapist": "therapist", "Maria": "client", "Tom": "client"},
    )
    assert got == expected
    doc = json.loads(got)
    assert [r["role"] for r in doc["roles"]] == ["therapist", "client"]
    assert doc["turns"][0]["speaker"] == "Therapist"
    assert any("suppressed" in f for t in doc["turns"] for f in t["findings"])


def test_user_lexicons_equal_the_cli_lexicons(tmp_path, run_cli, at_root):
    (tmp_path / "mine.toml").write_text(
        'detector = "blame"\n[[entry]]\nterm = "couldn\'t care any less about me"\n'
        'category = "accusation"\nweight = 1.2\n'
        'match = ["You couldn\'t care any less about me."]\nno_match = ["I could care less."]\n'
    )
    text = "Ana: Honestly, you couldn't care any less about me.\nBen: Fine.\n"
    source = tmp_path / "s.txt"
    source.write_text(text)
    mine = turnscope.Engine(lexicons=tmp_path)
    expected = run_cli("analyze", "--format", "jsonl", "--lexicons", str(tmp_path),
                       str(source)).stdout.decode()
    assert mine.analyze_file_json(source) == expected
    rules = [f["rule"] for f in json.loads(expected)["turns"][0]["findings"]]
    assert "mine:couldn't care any less about me" in rules
    assert "mine:couldn't care any less about me" not in str(turnscope.Engine().analyze(text))
    assert repr(mine) == f"Engine(lexicons={str(tmp_path)!r})"


def test_text_without_a_name(engine):
    doc = engine.analyze("Ana: It's your fault.\nBen: I hear you.\n")
    assert doc["session"]["id"] == "<string>" and doc["session"]["source"] == "<string>"
    assert doc["session"]["format"] == "plain"
    assert [t["speaker"] for t in doc["turns"]] == ["Ana", "Ben"]
    blame = [f for f in doc["turns"][0]["findings"] if f["detector"] == "blame"]
    assert blame and doc["turns"][0]["text"][
        blame[0]["char_span"]["start"]:blame[0]["char_span"]["end"]] == blame[0]["matched"]


def test_a_named_format_overrides_the_guess(engine):
    text = "00:00:01 Ana: hello there\n"
    assert engine.analyze(text, format="plain")["session"]["format"] == "plain"
    # A multi-session format gives a list even for one conversation.
    line = '{"id": "u1", "conversation_id": "c", "speaker": "A", "reply_to": null, "text": "Whatever."}\n'
    docs = engine.analyze(line, format="convokit")
    assert isinstance(docs, list) and [d["session"]["id"] for d in docs] == ["c"]
    assert engine.analyze(line)[0]["session"]["format"] == "convokit"  # auto finds it too


def test_analyze_many_keeps_input_order_whatever_the_threads(engine, at_root):
    items = [Path(f) for f in FILES] + [
        ("named.txt", "Ana: You always do this!\nBen: Whatever.\n"),
        "Ana: It's not your fault.\nBen: Thank you.\n",
        b"Ana: I hear you.\n",
    ]
    expected = [engine.analyze_file(f) for f in FILES] + [
        engine.analyze("Ana: You always do this!\nBen: Whatever.\n", name="named.txt"),
        engine.analyze("Ana: It's not your fault.\nBen: Thank you.\n"),
        engine.analyze(b"Ana: I hear you.\n"),
    ]
    for threads in (None, 1, 2, 3):
        assert engine.analyze_many(items, threads=threads) == expected, threads
    assert engine.analyze_many([]) == []
    raw = engine.analyze_many_json(items, threads=2)
    assert raw == [compact(r) for r in expected]
    assert engine.analyze_many(iter(items[:2])) == expected[:2]  # any iterable


def test_analyze_many_rejects_what_it_cannot_read(engine):
    with pytest.raises(TypeError, match="pathlib.Path"):
        engine.analyze_many([42])
    with pytest.raises(ValueError, match="threads"):
        engine.analyze_many(["A: hi\n"], threads=0)
    with pytest.raises(ValueError, match="errors"):
        engine.analyze_many(["A: hi\n"], errors="ignore")


def test_version_and_detectors(engine):
    doc = engine.analyze("A: hi\n")
    assert turnscope.__version__ == doc["tool"]["version"]
    assert engine.detectors == doc["detectors"]
    assert {"blame", "avoidance", "validation", "escalation"} <= set(engine.detectors)
