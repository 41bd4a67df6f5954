"""turnscope on a ConvoKit ``Corpus`` (``pip install 'turnscope[convokit]'``).

:func:`annotate` analyses every conversation of a corpus and writes the results into
ConvoKit ``meta``, where ConvoKit's own tools, ``corpus.get_utterances_dataframe()`` and
``corpus.dump()`` see them.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional

if TYPE_CHECKING:  # pragma: no cover
    from convokit import Corpus

    from . import Engine

__all__ = ["annotate", "utterance_lines"]


def _timestamp(value: Any) -> Optional[float]:
    """ConvoKit timestamps are usually numbers (seconds); anything else is left out."""
    if value is None or isinstance(value, bool):
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    return seconds if math.isfinite(seconds) else None


def utterance_lines(corpus: "Corpus") -> str:
    """The corpus's utterances as ConvoKit ``utterances.jsonl`` lines (``id``,
    ``conversation_id``, ``speaker``, ``reply_to``, ``timestamp``, ``text``), in the
    corpus's order: what ``turnscope analyze`` reads from a dumped corpus."""
    lines = []
    for utt in corpus.iter_utterances():
        speaker = utt.speaker.id if utt.speaker is not None else None
        lines.append(json.dumps({
            "id": str(utt.id),
            "conversation_id": None if utt.conversation_id is None else str(utt.conversation_id),
            "speaker": None if speaker is None else str(speaker),
            "reply_to": None if utt.reply_to is None else str(utt.reply_to),
            "timestamp": _timestamp(utt.timestamp),
            "text": utt.text if isinstance(utt.text, str) else "",
        }, ensure_ascii=False))
    return "".join(line + "\n" for line in lines)


def annotate(
    corpus: "Corpus",
    engine: Optional["Engine"] = None,
    *,
    key: str = "turnscope",
    explain: bool = False,
    roles: Optional[Mapping[str, str]] = None,
) -> List[Dict[str, Any]]:
    """Analyses every conversation of ``corpus`` and writes the results into ``meta``:

    - each utterance's ``meta[key]``: ``{"findings": [...], "hostility": h,
      "escalation": e, "words": n}``; ``findings`` as in the JSON document (each with
      ``detector``, ``category``, ``rule``, ``matched``, ``span``, ``char_span`` of the
      utterance's text, ``negated``, ``weight``, ``intensity``), ``escalation`` the
      conversation's escalation curve at this utterance; plus ``cues`` where the text
      has non-verbal cues;
    - each conversation's ``meta[key]``: ``{"escalation": {"score", "curve",
      "episodes"}, "speakers": [...], "detectors": [...], "schema_version": "1.2"}``
      (``speakers`` as in the document: turns, words, counts and rates per detector).

    Utterances are read in the corpus's order (``corpus.iter_utterances()``), grouped by
    ``conversation_id``, as ``turnscope analyze`` reads the corpus's
    ``utterances.jsonl``; speakers are the speaker ids, and ``roles`` (speaker id to role,
    as ``--role``) adds per-role figures to the conversation's ``speakers``. Returns the
    documents, one per conversation, so nothing is lost that ``meta`` leaves out.
    """
    if engine is None:
        from . import Engine

        engine = Engine()
    docs = engine.analyze(
        utterance_lines(corpus), format="convokit", name="<corpus>",
        explain=explain, roles=roles,
    )
    assert isinstance(docs, list)
    utterances = {str(u.id): u for u in corpus.iter_utterances()}
    conversations = {str(c.id): c for c in corpus.iter_conversations()}
    for doc in docs:
        convo = conversations.get(doc["session"]["id"])
        if convo is not None:
            meta = {
                "escalation": doc["escalation"],
                "speakers": doc["speakers"],
                "detectors": doc["detectors"],
                "schema_version": doc["schema_version"],
            }
            if "roles" in doc:
                meta["roles"] = doc["roles"]
            convo.meta[key] = meta
        for turn in doc["turns"]:
            utt = utterances[turn["id"]]
            meta = {
                "findings": turn["findings"],
                "hostility": turn["hostility"],
                "escalation": turn["escalation"],
                "words": turn["words"],
            }
            if "cues" in turn:
                meta["cues"] = turn["cues"]
            utt.meta[key] = meta
    return docs
