"""to_frames: the CSV tables' columns and figures, and one row per finding."""

from __future__ import annotations

import io

import pytest

import turnscope
from conftest import transcript_files

pd = pytest.importorskip("pandas", reason="pandas is not installed (pip install pandas)")

FILES = transcript_files()


@pytest.fixture(scope="module")
def docs(engine):
    import os

    from conftest import ROOT

    old = os.getcwd()
    os.chdir(ROOT)
    try:
        return engine.analyze_many([__import__("pathlib").Path(f) for f in FILES])
    finally:
        os.chdir(old)


def all_docs(docs):
    return list(turnscope.frames.iter_documents(docs))


def test_shapes(docs):
    turns, findings, speakers = turnscope.to_frames(docs)
    documents = all_docs(docs)
    assert len(turns) == sum(len(d["turns"]) for d in documents)
    assert len(findings) == sum(len(t["findings"]) for d in documents for t in d["turns"])
    assert len(speakers) == sum(len(d["speakers"]) for d in documents)
    assert len(turns) > 50 and len(findings) > 50
    assert list(findings.columns) == turnscope.frames.FINDING_COLUMNS
    assert turns["start"].dtype == "float64"
    assert findings["counts"].all()  # no explain: every finding given counts


def test_columns_and_values_equal_the_cli_tables(docs, run_cli):
    turns, _, speakers = turnscope.to_frames(docs)
    csv_turns = pd.read_csv(io.BytesIO(run_cli("analyze", "--format", "csv", *FILES).stdout),
                            keep_default_na=False)
    csv_speakers = pd.read_csv(io.BytesIO(run_cli("analyze", "--summary", "csv", *FILES).stdout),
                               keep_default_na=False)
    assert list(turns.columns) == list(csv_turns.columns)
    assert list(speakers.columns) == list(csv_speakers.columns)
    assert len(turns) == len(csv_turns) and len(speakers) == len(csv_speakers)
    for col in turns.columns:
        if col.endswith("_count") or col in ("index", "words"):
            assert turns[col].tolist() == csv_turns[col].tolist(), col
        elif col in ("hostility", "escalation"):
            assert turns[col].tolist() == pytest.approx(csv_turns[col].tolist(), abs=1e-6), col
        elif col in ("start", "end"):
            assert turns[col].fillna(-1).tolist() == pytest.approx(
                pd.to_numeric(csv_turns[col]).fillna(-1).tolist()), col
        else:  # session, source, id, speaker, matched: text, missing as empty
            assert turns[col].fillna("").astype(str).tolist() == csv_turns[col].astype(str).tolist(), col
    for col in speakers.columns:
        if col in ("session", "source", "speaker"):
            assert speakers[col].tolist() == csv_speakers[col].astype(str).tolist(), col
        elif col in turnscope.frames.AREA_COLUMNS:  # an area's name, or none (empty)
            assert speakers[col].fillna("").tolist() == csv_speakers[col].astype(str).tolist(), col
        else:
            assert speakers[col].tolist() == pytest.approx(csv_speakers[col].tolist(), abs=1e-6), col


def test_finding_spans_point_into_the_turn_text(docs):
    turns, findings, _ = turnscope.to_frames(docs)
    texts = {(d["session"]["id"], d["session"].get("source"), t["index"]): t["text"]
             for d in all_docs(docs) for t in d["turns"]}
    for f in findings.itertuples():
        text = texts[(f.session, f.source, f.index)]
        assert text[f.char_start:f.char_end] == f.matched
        assert text.encode()[f.span_start:f.span_end].decode() == f.matched


def test_explained_findings_are_marked_as_not_counting(engine):
    doc = engine.analyze("Ana: It's not your fault.\nBen: You always make me laugh.\n",
                         explain=True)
    turns, findings, _ = turnscope.to_frames(doc)
    assert (~findings["counts"]).sum() >= 1
    aside = findings[~findings["counts"]]
    assert (aside["negated"] | aside["suppressed"].notna()).all()
    assert turns["blame_count"].sum() == findings[findings["counts"] & (findings["detector"] == "blame")].shape[0]


def test_no_documents_give_empty_tables_with_the_fixed_columns():
    turns, findings, speakers = turnscope.to_frames([])
    assert len(turns) == len(findings) == len(speakers) == 0
    assert list(turns.columns) == turnscope.frames.TURN_COLUMNS[0] + turnscope.frames.TURN_COLUMNS[1]
    with pytest.raises(TypeError):
        turnscope.to_frames(42)


def test_problem_area_columns_follow_the_engine(engine):
    assert engine.areas == ["grief", "role_transition", "dispute", "deficit"]
    doc = engine.analyze(
        "Ana: Since my mother passed I can't stop crying. The funeral was in March.\n"
        "Ben: You miss her a lot.\n"
        "Ana: I am still grieving for my mother, the first anniversary of her death is next week.\n"
    )
    _, _, speakers = turnscope.to_frames(doc)
    for a in engine.areas:
        assert f"{a}_turn_share" in speakers.columns and f"{a}_word_share" in speakers.columns
    ana = speakers[speakers["speaker"] == "Ana"].iloc[0]
    assert ana["grief_turn_share"] == pytest.approx(1.0)
    assert ana["dispute_turn_share"] == 0.0
    assert ana["dominant_area"] == "grief" and ana["session_dominant_area"] == "grief"
    _, _, bare = turnscope.to_frames(doc, areas=[])
    assert list(bare.columns)[-2:] == turnscope.frames.SPEAKER_COLUMNS[1]
