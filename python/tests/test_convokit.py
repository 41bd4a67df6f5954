"""turnscope.convokit.annotate on a ConvoKit Corpus built in the test: findings into each
utterance's meta, escalation into each conversation's, surviving a dump and a reload, and
equal to what the command line says about the dumped corpus."""

from __future__ import annotations

import json

import pytest

convokit = pytest.importorskip("convokit", reason="ConvoKit is not installed (pip install convokit)")
from convokit import Corpus, Speaker, Utterance  # noqa: E402

import turnscope  # noqa: E402
from turnscope.convokit import annotate, utterance_lines  # noqa: E402

CONVERSATIONS = {
    "fight": [
        ("maya", "You never listen to me. It's always your fault!"),
        ("tom", "Whatever. You're being ridiculous."),
        ("maya", "Don't you dare talk to me like that, you idiot!"),
        ("tom", "Shut up. I'm done with this."),
    ],
    "support": [
        ("seeker", "I lost my job last week and I can't stop thinking it's all my fault."),
        ("helper", "I'm so sorry. That must be really hard, and it makes sense to feel that way."),
        ("seeker", "Thanks. I don't know what to do next."),
        ("helper", "It sounds like you feel stuck right now."),
    ],
}


def build_corpus() -> Corpus:
    speakers = {name: Speaker(id=name) for convo in CONVERSATIONS.values() for name, _ in convo}
    utterances = []
    for cid, turns in CONVERSATIONS.items():
        previous = None
        for i, (who, text) in enumerate(turns):
            uid = f"{cid}-{i}"
            utterances.append(Utterance(
                id=uid, speaker=speakers[who], conversation_id=f"{cid}-0",
                reply_to=previous, timestamp=1700000000 + 30 * i, text=text,
            ))
            previous = uid
    return Corpus(utterances=utterances)


def test_annotate_writes_findings_and_escalation_into_meta(engine):
    corpus = build_corpus()
    docs = annotate(corpus, engine)
    assert [d["session"]["id"] for d in docs] == ["fight-0", "support-0"]
    fight, support = (corpus.get_conversation(c) for c in ("fight-0", "support-0"))
    for convo, doc in ((fight, docs[0]), (support, docs[1])):
        meta = convo.meta["turnscope"]
        assert meta["escalation"] == doc["escalation"]
        assert len(meta["escalation"]["curve"]) == 4
        assert [s["speaker"] for s in meta["speakers"]] == [s["speaker"] for s in doc["speakers"]]
        assert meta["schema_version"] == doc["schema_version"]
    assert fight.meta["turnscope"]["escalation"]["score"] > support.meta["turnscope"]["escalation"]["score"]

    first = corpus.get_utterance("fight-0").meta["turnscope"]
    blame = [f for f in first["findings"] if f["detector"] == "blame"]
    assert {f["matched"] for f in blame} >= {"You never", "your fault"}
    text = corpus.get_utterance("fight-0").text
    for f in first["findings"]:
        assert text[f["char_span"]["start"]:f["char_span"]["end"]] == f["matched"]
    reply = corpus.get_utterance("support-1").meta["turnscope"]
    assert any(f["detector"] == "validation" for f in reply["findings"])
    assert corpus.get_utterance("support-1").meta["turnscope"]["escalation"] == \
        support.meta["turnscope"]["escalation"]["curve"][1]
    for utt in corpus.iter_utterances():
        assert set(utt.meta["turnscope"]) >= {"findings", "hostility", "escalation", "words"}


def test_a_dumped_corpus_keeps_the_meta_and_agrees_with_the_cli(engine, tmp_path, run_cli):
    corpus = build_corpus()
    annotate(corpus, engine, key="ts")
    corpus.dump("c", base_path=str(tmp_path))
    loaded = Corpus(filename=str(tmp_path / "c"))
    for utt in corpus.iter_utterances():
        assert loaded.get_utterance(utt.id).meta["ts"] == utt.meta["ts"]
    for convo in corpus.iter_conversations():
        assert loaded.get_conversation(convo.id).meta["ts"] == convo.meta["ts"]

    # The command line on the dumped utterances.jsonl finds what annotate wrote.
    out = run_cli("analyze", "--format", "jsonl", str(tmp_path / "c" / "utterances.jsonl"))
    cli_docs = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert sorted(d["session"]["id"] for d in cli_docs) == ["fight-0", "support-0"]
    for d in cli_docs:
        assert loaded.get_conversation(d["session"]["id"]).meta["ts"]["escalation"] == d["escalation"]
        for t in d["turns"]:
            assert loaded.get_utterance(t["id"]).meta["ts"]["findings"] == t["findings"]

    # Annotating the reloaded corpus gives the same again.
    again = annotate(loaded, engine, key="ts2")
    for utt in loaded.iter_utterances():
        assert utt.meta["ts2"] == utt.meta["ts"]
    assert len(again) == 2


def test_utterance_lines_are_convokit_jsonl():
    corpus = build_corpus()
    lines = [json.loads(line) for line in utterance_lines(corpus).splitlines()]
    assert len(lines) == 8
    assert lines[1] == {
        "id": "fight-1", "conversation_id": "fight-0", "speaker": "tom", "reply_to": "fight-0",
        "timestamp": 1700000030.0, "text": CONVERSATIONS["fight"][1][1],
    }


def test_roles_reach_the_conversation_meta(engine):
    corpus = build_corpus()
    annotate(corpus, engine, roles={"helper": "supporter", "seeker": "client"})
    roles = corpus.get_conversation("support-0").meta["turnscope"]["roles"]
    assert [r["role"] for r in roles] == ["client", "supporter"]
    assert "roles" not in corpus.get_conversation("fight-0").meta["turnscope"]


def test_default_engine():
    corpus = build_corpus()
    assert len(turnscope.convokit.annotate(corpus)) == 2
