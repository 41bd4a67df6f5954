"""Documents as pandas tables (``pip install 'turnscope[pandas]'``).

:func:`to_frames` gives three ``DataFrame`` s. ``turns`` and ``speakers`` have the columns
of the command line's CSV tables (``turnscope analyze --format csv`` and
``--summary csv``, described in the README's "CSV tables"), in the same order, with typed
values instead of text: a missing ``id``, ``source``, ``start`` or ``end`` is ``None`` /
``NaN`` rather than empty. ``findings`` has one row per finding, keyed like ``turns``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = [
    "to_frames",
    "iter_documents",
    "TURN_COLUMNS",
    "FINDING_COLUMNS",
    "SPEAKER_COLUMNS",
    "AREA_COLUMNS",
]

#: The turn table's columns before and after the per-detector ``<detector>_count`` columns.
TURN_COLUMNS = (
    ["session", "source", "index", "id", "speaker", "start", "end", "words"],
    ["hostility", "escalation", "matched"],
)
#: The finding table's columns: the turn's keys, then the finding's fields as in the JSON
#: (``span`` and ``char_span`` as start and end columns), and whether it ``counts``.
FINDING_COLUMNS = [
    "session", "source", "index", "id", "speaker",
    "detector", "category", "rule", "matched",
    "span_start", "span_end", "char_start", "char_end",
    "negated", "weight", "intensity", "suppressed", "counts",
]
#: The speaker table's columns before the per-detector ``<detector>_count`` and
#: ``<detector>_per_100_words`` columns, and after them (then, with problem areas, the
#: ``<area>_turn_share`` and ``<area>_word_share`` pairs and :data:`AREA_COLUMNS`).
SPEAKER_COLUMNS = (
    ["session", "source", "speaker", "turns", "words", "share"],
    ["escalation_score", "episodes"],
)
#: The speaker table's last columns when it has problem areas: the speaker's and the
#: session's dominant area (``None`` where there is none).
AREA_COLUMNS = ["dominant_area", "session_dominant_area"]

_default_areas: Optional[List[str]] = None


def _builtin_areas() -> List[str]:
    """The built-in engine's problem areas in the report's order (made once)."""
    global _default_areas
    if _default_areas is None:
        from . import _turnscope

        _default_areas = _turnscope.NativeEngine(None).areas()
    return _default_areas


def _areas_of(documents: List[Dict[str, Any]]) -> List[str]:
    """The built-in areas, then any other area the documents speak of (a user's ``topic``
    lexicon), in order of first mention."""
    areas = list(_builtin_areas())
    for doc in documents:
        blocks = [doc.get("problem_areas")] + [s.get("problem_areas") for s in doc["speakers"]]
        for block in blocks:
            for a in (block or {}).get("areas", []):
                if a["detector"] not in areas:
                    areas.append(a["detector"])
    return areas


def iter_documents(docs: Any) -> Iterator[Dict[str, Any]]:
    """Every document in ``docs``: a document, or any nesting of lists of them (what
    ``analyze``, ``analyze_file`` and ``analyze_many`` return). Exceptions that
    ``analyze_many(errors="return")`` left in place of failed inputs are skipped."""
    if isinstance(docs, dict):
        yield docs
    elif isinstance(docs, BaseException):
        return
    elif isinstance(docs, Iterable) and not isinstance(docs, (str, bytes)):
        for d in docs:
            yield from iter_documents(d)
    else:
        raise TypeError(f"expected turnscope documents, got {type(docs).__name__}")


def _counts(finding: Dict[str, Any]) -> bool:
    return not finding["negated"] and finding.get("suppressed") is None


def _detectors(docs: List[Dict[str, Any]]) -> List[str]:
    names = set()
    for d in docs:
        names.update(d["detectors"])
    return sorted(names)


def to_frames(
    docs: Any, areas: Optional[Sequence[str]] = None
) -> Tuple["pandas.DataFrame", "pandas.DataFrame", "pandas.DataFrame"]:
    """``(turns, findings, speakers)`` DataFrames of the documents ``docs`` (a document, a
    list of them, or what ``analyze_many`` returns).

    - ``turns``: one row per turn: ``session``, ``source``, ``index``, ``id``,
      ``speaker``, ``start``, ``end``, ``words``, ``<detector>_count`` for each detector
      (counted findings), ``hostility``, ``escalation``, ``matched`` (the counted findings
      as ``detector:text`` joined by ``; ``): the CSV turn table's columns.
    - ``findings``: one row per finding: the turn's ``session``, ``source``, ``index``,
      ``id``, ``speaker``, then ``detector``, ``category``, ``rule``, ``matched``,
      ``span_start``/``span_end`` (bytes of the turn's text), ``char_start``/``char_end``
      (characters: ``text[char_start:char_end]`` in Python), ``negated``, ``weight``,
      ``intensity``, ``suppressed`` (the rule that set it aside, or ``None``) and
      ``counts``. Set-aside findings are there only with ``explain=True``.
    - ``speakers``: one row per session and speaker: ``session``, ``source``, ``speaker``,
      ``turns``, ``words``, ``share``, ``<detector>_count`` and
      ``<detector>_per_100_words`` for each detector, ``escalation_score``, ``episodes``,
      then ``<area>_turn_share`` and ``<area>_word_share`` for each problem area,
      ``dominant_area`` and ``session_dominant_area``: the CSV summary table's columns.

    Detector columns follow the detectors the documents name (sorted), so an engine with
    extra lexicons adds its columns, as on the command line. The problem areas are
    ``areas`` when given (pass ``engine.areas`` to match the command line with a ``topic``
    lexicon of your own that no document speaks of), else the built-in areas in the
    report's order followed by any other area the documents speak of; ``areas=[]`` leaves
    the area columns out.
    """
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "turnscope.to_frames needs pandas: pip install 'turnscope[pandas]'"
        ) from e

    documents = list(iter_documents(docs))
    detectors = _detectors(documents)
    area_names = list(areas) if areas is not None else _areas_of(documents)
    turn_rows: List[List[Any]] = []
    finding_rows: List[List[Any]] = []
    speaker_rows: List[List[Any]] = []
    for doc in documents:
        session = doc["session"]["id"]
        source = doc["session"].get("source")
        for turn in doc["turns"]:
            key = [session, source, turn["index"], turn.get("id"), turn["speaker"]]
            counted = [f for f in turn["findings"] if _counts(f)]
            row = key + [turn.get("start"), turn.get("end"), turn["words"]]
            row += [sum(1 for f in counted if f["detector"] == d) for d in detectors]
            row += [
                turn["hostility"],
                turn["escalation"],
                "; ".join(f"{f['detector']}:{f['matched']}" for f in counted),
            ]
            turn_rows.append(row)
            for f in turn["findings"]:
                finding_rows.append(key + [
                    f["detector"], f["category"], f["rule"], f["matched"],
                    f["span"]["start"], f["span"]["end"],
                    f["char_span"]["start"], f["char_span"]["end"],
                    f["negated"], f["weight"], f["intensity"], f.get("suppressed"),
                    _counts(f),
                ])
        escalation = doc["escalation"]
        for s in doc["speakers"]:
            row = [session, source, s["speaker"], s["turns"], s["words"], s["share"]]
            for d in detectors:
                figures = s["detectors"].get(d, {"count": 0, "per_100_words": 0.0})
                row += [figures["count"], figures["per_100_words"]]
            row += [escalation["score"], len(escalation["episodes"])]
            if area_names:
                speaker_areas = s.get("problem_areas") or {}
                own = {a["detector"]: a for a in speaker_areas.get("areas", [])}
                for a in area_names:
                    x = own.get(a, {"turn_share": 0.0, "word_share": 0.0})
                    row += [x["turn_share"], x["word_share"]]
                row += [
                    speaker_areas.get("dominant"),
                    (doc.get("problem_areas") or {}).get("dominant"),
                ]
            speaker_rows.append(row)

    turn_columns = (
        TURN_COLUMNS[0] + [f"{d}_count" for d in detectors] + TURN_COLUMNS[1]
    )
    speaker_columns = SPEAKER_COLUMNS[0]
    for d in detectors:
        speaker_columns = speaker_columns + [f"{d}_count", f"{d}_per_100_words"]
    speaker_columns = speaker_columns + SPEAKER_COLUMNS[1]
    if area_names:
        for a in area_names:
            speaker_columns = speaker_columns + [f"{a}_turn_share", f"{a}_word_share"]
        speaker_columns = speaker_columns + AREA_COLUMNS

    turns = pd.DataFrame(turn_rows, columns=turn_columns)
    findings = pd.DataFrame(finding_rows, columns=FINDING_COLUMNS)
    speakers = pd.DataFrame(speaker_rows, columns=speaker_columns)
    # Times are seconds or missing: float columns (NaN where a source gives none).
    for col in ("start", "end"):
        turns[col] = pd.to_numeric(turns[col], errors="coerce").astype("float64")
    return turns, findings, speakers
