"""Bad input raises ParseError naming the file and line, as the command line does; it
never crashes the interpreter."""

from __future__ import annotations

import pickle

import pytest

import turnscope
from turnscope import ParseError

BAD = {
    # file name: (content, line of the fault or None for the whole input)
    "cut.vtt": (b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n", 3),
    "latin1.txt": (b"Ana: hi\nBen: caf\xe9 au lait\n", 2),
    "binary.txt": (b"Ana: hi\n\x00\x00\x01\x02", 2),
    "empty.txt": (b" \n\n", None),
    "utterances.jsonl": (
        b'{"id": "u1", "conversation_id": "c", "speaker": "A", "reply_to": null, "text": "hi"}\n'
        b'{"id": "u2", "conversation_id": "c", "speaker": "B", "reply_to": "u1", "text": 7}\n',
        2,
    ),
    "whisper.json": (b'{"segments": [{"start": 0, "end": "soon", "text": "hi"}]}', 1),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_parse_errors_name_the_file_and_line_as_the_cli_does(name, tmp_path, run_cli, engine):
    content, line = BAD[name]
    path = tmp_path / name
    path.write_bytes(content)
    cli = run_cli("analyze", "--format", "jsonl", str(path), check=False)
    assert cli.returncode == 1 and cli.stdout == b""
    cli_message = cli.stderr.decode().strip()

    with pytest.raises(ParseError) as from_file:
        engine.analyze_file(path)
    with pytest.raises(ParseError) as from_text:
        engine.analyze(content, name=str(path))
    for err in (from_file.value, from_text.value):
        assert err.file == str(path)
        assert err.line == line
        where = f"{path}:{line}: " if line else f"{path}: "
        assert str(err) == where + err.reason
        assert cli_message == f"turnscope: {err}"
        assert isinstance(err, ValueError)


def test_text_without_a_name_is_called_string(engine):
    with pytest.raises(ParseError) as e:
        engine.analyze("Ana: fine\n\x00")
    assert e.value.file == "<string>" and e.value.line == 2
    assert str(e.value).startswith("<string>:2: binary data")
    # Lone surrogates reach the reader as the invalid UTF-8 they are.
    with pytest.raises(ParseError, match=r"^<string>:2: invalid UTF-8"):
        engine.analyze("A: ok\nB: \udcff\n")


def test_analyze_many_loses_nothing_past_a_bad_input(engine, tmp_path):
    good = "Ana: You never listen.\nBen: I hear you.\n"
    items = [good, ("bad.vtt", BAD["cut.vtt"][0]), tmp_path / "missing.txt", good]
    results = engine.analyze_many(items, errors="return")
    assert results[0] == results[3] == engine.analyze(good)
    assert isinstance(results[1], ParseError) and results[1].index == 1
    assert (results[1].file, results[1].line) == ("bad.vtt", 3)
    assert isinstance(results[2], FileNotFoundError) and results[2].index == 2
    assert results[2].filename == str(tmp_path / "missing.txt")
    with pytest.raises(ParseError) as e:
        engine.analyze_many(items)  # errors="raise": the first failure, after all ran
    assert e.value.index == 1
    # to_frames skips the failures left in place.
    pytest.importorskip("pandas")
    turns, _, _ = turnscope.to_frames(results)
    assert len(turns) == 4


def test_other_failures(engine, tmp_path):
    with pytest.raises(FileNotFoundError) as e:
        engine.analyze_file(tmp_path / "nope.txt")
    assert str(tmp_path / "nope.txt") in str(e.value)
    with pytest.raises(IsADirectoryError):
        engine.analyze_file(tmp_path)
    with pytest.raises(ValueError, match='unknown format "docx"'):
        engine.analyze("A: hi\n", format="docx")
    with pytest.raises(TypeError):
        engine.analyze(42)
    (tmp_path / "bad.toml").write_text('detector = "blame"\n[[entry]]\nterm = "x"\nweight = "heavy"\n')
    with pytest.raises(turnscope.LexiconError, match="bad.toml:4"):
        turnscope.Engine(lexicons=tmp_path)
    with pytest.raises(turnscope.LexiconError):
        turnscope.Engine(lexicons=tmp_path / "no-such-dir")


def test_parse_errors_pickle():
    err = ParseError("a.txt:3: broken", "a.txt", 3, "broken")
    back = pickle.loads(pickle.dumps(err))
    assert (str(back), back.file, back.line, back.reason) == ("a.txt:3: broken", "a.txt", 3, "broken")


def test_damaged_input_never_crashes(engine):
    """Every prefix and a few byte flips of each fixture: a document or a ParseError,
    nothing else (the readers' property tests do this in Rust; this checks the binding
    carries every outcome across)."""
    from conftest import ROOT, transcript_files

    for rel in transcript_files():
        data = (ROOT / rel).read_bytes()
        cuts = range(0, len(data), max(1, len(data) // 40))
        variants = [data[:n] for n in cuts]
        variants += [data[:n] + b"\xff" + data[n + 1:] for n in cuts]
        for v in variants:
            try:
                engine.analyze(v, name=rel)
            except ParseError as e:
                assert e.file == rel and str(e).startswith(rel)
