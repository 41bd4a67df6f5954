"""turnscope in-process: marks blame, avoidance, validation and conflict escalation in
conversation transcripts, with exact spans and the rule behind each finding.

The same engine as the ``turnscope`` command line, built from the same Rust crate, and the
same JSON documents (``schema_version`` 1.2, documented in the project's README)::

    import turnscope

    engine = turnscope.Engine()
    doc = engine.analyze("Ana: You never listen to me.\\nBen: I hear you.\\n")
    for turn in doc["turns"]:
        print(turn["speaker"], [f["rule"] for f in turn["findings"]])

The shape of a result, everywhere in this package:

- a transcript of **one session** (plain text, WebVTT, SRT, Otter, CHAT, Whisper, AWS
  Transcribe, Rev) gives **one document**, a ``dict``;
- the formats that hold **many sessions**, ConvoKit ``utterances.jsonl`` (``convokit``) and
  one session a line (``sessions``), give a **list of documents**, one per conversation in
  order of first appearance, even when there is only one.

The format decides the shape, never the number of sessions, so one format always gives one
shape. ``Engine.analyze_json`` gives instead the exact text of
``turnscope analyze --format jsonl``: one compact document a line, for any format.

Bad input raises :class:`ParseError` naming the file and line; the GIL is released while
the engine works, so Python threads run in parallel, and ``analyze_many`` uses all cores.
"""

from __future__ import annotations

import json
import os
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from . import _turnscope
from .errors import InternalError, LexiconError, ParseError
from .frames import to_frames

__all__ = [
    "Engine",
    "ParseError",
    "LexiconError",
    "InternalError",
    "to_frames",
    "Document",
    "Result",
    "MULTI_SESSION_FORMATS",
    "__version__",
]

__version__: str = _turnscope.__version__

#: One session's document: the JSON object ``turnscope analyze`` writes, parsed.
Document = Dict[str, Any]
#: What analysing one input gives: a document, or a list of them for a multi-session format.
Result = Union[Document, List[Document]]
#: The formats that hold many sessions, and so give a list of documents.
MULTI_SESSION_FORMATS = frozenset({"convokit", "sessions"})

#: Text (``str`` or UTF-8 ``bytes``), a file (``os.PathLike``, e.g. ``pathlib.Path``), or
#: named text ``(name, text)``.
Input = Union[str, bytes, os.PathLike[str], Tuple[str, Union[str, bytes]]]

#: The name given to text when none is: it names the text in errors and is its session id.
DEFAULT_NAME = "<string>"


def _encode(text: Union[str, bytes]) -> bytes:
    if isinstance(text, bytes):
        return text
    if isinstance(text, str):
        # Lone surrogates pass through as invalid UTF-8, which the reader reports
        # with its line, as it would in a file.
        return text.encode("utf-8", "surrogatepass")
    raise TypeError(f"text must be str or bytes, not {type(text).__name__}")


def _text_item(text: Union[str, bytes], name: Optional[str]) -> Tuple[str, bytes]:
    return (DEFAULT_NAME if name is None else str(name), _encode(text))


def _file_item(path: Union[str, os.PathLike[str]]) -> Tuple[bytes, None]:
    return (os.fsencode(path), None)


def _many_item(item: Any) -> Tuple[Union[str, bytes], Optional[bytes]]:
    if isinstance(item, os.PathLike):
        return _file_item(item)
    if isinstance(item, (str, bytes)):
        return _text_item(item, None)
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str):
        return _text_item(item[1], item[0])
    raise TypeError(
        "analyze_many takes text (str or bytes), files (os.PathLike such as pathlib.Path) "
        f"and (name, text) tuples, not {type(item).__name__}"
    )


def _format_arg(format: str) -> Optional[str]:
    if not isinstance(format, str):
        raise TypeError(f"format must be a str, not {type(format).__name__}")
    return None if format.lower() == "auto" else format


def _pairs(mapping: Optional[Mapping[str, str]], what: str) -> List[Tuple[str, str]]:
    if mapping is None:
        return []
    pairs = list(mapping.items())
    for k, v in pairs:
        if not isinstance(k, str) or not isinstance(v, str):
            raise TypeError(f"{what} maps str to str, got {k!r}: {v!r}")
    return pairs


def _shape(format: str, docs: List[Document]) -> Result:
    if format in MULTI_SESSION_FORMATS:
        return docs
    if len(docs) != 1:  # a single-session reader always gives one session
        raise InternalError(f"a {format} transcript gave {len(docs)} sessions; please report it")
    return docs[0]


class Engine:
    """The turnscope engine: lexicons compiled once, then any number of transcripts.

    ``Engine()`` uses the built-in lexicons; ``Engine(lexicons="my-lexicons/")`` layers the
    ``*.toml`` files of a directory over them, as ``turnscope --lexicons`` does (a file that
    does not load raises :class:`LexiconError`). An engine is safe to share between
    threads, and every method releases the GIL while it reads and analyses.

    Options every analysing method takes (keywords):

    - ``format``: ``"auto"`` (from the content and the name's extension) or a format name:
      ``plain``, ``vtt`` (``zoom``, ``teams``), ``srt``, ``convokit``, ``otter``, ``chat``,
      ``whisper`` (``whisperx``), ``aws``, ``rev``, ``sessions``;
    - ``explain``: also return findings set aside by context rules (``suppressed`` names
      the rule), as ``--explain``;
    - ``speakers``: ``{"SPEAKER_00": "Therapist"}`` renames speakers, as ``--speaker``;
    - ``roles``: ``{"Therapist": "therapist"}`` gives speakers roles for per-role figures,
      as ``--role``.
    """

    def __init__(self, lexicons: Union[str, os.PathLike[str], None] = None) -> None:
        path = None if lexicons is None else os.fsdecode(os.fspath(lexicons))
        self._native = _turnscope.NativeEngine(path)
        self._lexicons = path

    def __repr__(self) -> str:
        return f"Engine(lexicons={self._lexicons!r})"

    @property
    def detectors(self) -> List[str]:
        """Every detector the engine runs, sorted (the keys of a speaker's ``detectors``)."""
        return self._native.detectors()

    @property
    def areas(self) -> List[str]:
        """The problem areas (the ``topic`` detectors, built-in and from ``lexicons``) in the
        report's order: the areas of :func:`to_frames` ``(docs, areas=engine.areas)``."""
        return self._native.areas()

    def _run(
        self,
        items: Sequence[Tuple[Union[str, bytes], Optional[bytes]]],
        format: str,
        explain: bool,
        speakers: Optional[Mapping[str, str]],
        roles: Optional[Mapping[str, str]],
        threads: Optional[int] = None,
    ) -> List[Any]:
        if threads is not None and (not isinstance(threads, int) or threads < 1):
            raise ValueError(f"threads must be a positive int or None, not {threads!r}")
        return self._native.run(
            list(items),
            _format_arg(format),
            bool(explain),
            _pairs(speakers, "speakers"),
            _pairs(roles, "roles"),
            threads,
        )

    def _one(self, item: Tuple[Union[str, bytes], Optional[bytes]], format: str, explain: bool,
             speakers: Optional[Mapping[str, str]],
             roles: Optional[Mapping[str, str]]) -> Tuple[str, List[str]]:
        (outcome,) = self._run([item], format, explain, speakers, roles)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def analyze(
        self,
        text: Union[str, bytes],
        format: str = "auto",
        name: Optional[str] = None,
        *,
        explain: bool = False,
        speakers: Optional[Mapping[str, str]] = None,
        roles: Optional[Mapping[str, str]] = None,
    ) -> Result:
        """Analyses a transcript held in memory (``str``, or ``bytes`` of UTF-8).

        ``name`` stands for the file the text came from: errors name it, its extension
        helps ``auto`` guess the format, and it is ``session.source`` (and, for one-session
        formats, the file name part is ``session.id``), as for a file of that name on the
        command line. Without it the text is called ``<string>``.

        Returns one document (``dict``), or a list of them for ``convokit`` and
        ``sessions`` input. Raises :class:`ParseError` for bad input.
        """
        fmt, lines = self._one(_text_item(text, name), format, explain, speakers, roles)
        return _shape(fmt, [json.loads(line) for line in lines])

    def analyze_json(
        self,
        text: Union[str, bytes],
        format: str = "auto",
        name: Optional[str] = None,
        *,
        explain: bool = False,
        speakers: Optional[Mapping[str, str]] = None,
        roles: Optional[Mapping[str, str]] = None,
    ) -> str:
        """As :meth:`analyze`, but returns the JSON text itself: exactly what
        ``turnscope analyze --format jsonl`` writes for a file of that name and content,
        one compact document a line, each line ending in ``\\n``."""
        _, lines = self._one(_text_item(text, name), format, explain, speakers, roles)
        return "".join(line + "\n" for line in lines)

    def analyze_file(
        self,
        path: Union[str, os.PathLike[str]],
        format: str = "auto",
        *,
        explain: bool = False,
        speakers: Optional[Mapping[str, str]] = None,
        roles: Optional[Mapping[str, str]] = None,
    ) -> Result:
        """Reads and analyses a file, as ``turnscope analyze PATH`` does. Returns one
        document, or a list for ``convokit`` and ``sessions`` files. Raises
        :class:`ParseError` for bad input and ``OSError`` when the file cannot be read."""
        fmt, lines = self._one(_file_item(path), format, explain, speakers, roles)
        return _shape(fmt, [json.loads(line) for line in lines])

    def analyze_file_json(
        self,
        path: Union[str, os.PathLike[str]],
        format: str = "auto",
        *,
        explain: bool = False,
        speakers: Optional[Mapping[str, str]] = None,
        roles: Optional[Mapping[str, str]] = None,
    ) -> str:
        """As :meth:`analyze_file`, but returns exactly the text of
        ``turnscope analyze --format jsonl PATH``."""
        _, lines = self._one(_file_item(path), format, explain, speakers, roles)
        return "".join(line + "\n" for line in lines)

    def analyze_many(
        self,
        items: Iterable[Input],
        threads: Optional[int] = None,
        format: str = "auto",
        *,
        errors: str = "raise",
        explain: bool = False,
        speakers: Optional[Mapping[str, str]] = None,
        roles: Optional[Mapping[str, str]] = None,
    ) -> List[Any]:
        """Analyses many inputs in parallel; the results come back in input order, one per
        item, whatever the number of threads.

        An item is text (``str``, or ``bytes`` of UTF-8), a file (any ``os.PathLike``,
        such as ``pathlib.Path``: a plain ``str`` is always text, never a path), or named
        text ``(name, text)``. Each result is what :meth:`analyze` or
        :meth:`analyze_file` gives for that item: a document, or a list of documents for a
        multi-session format.

        ``threads``: worker threads, in a pool of this call's own; ``None`` uses the shared
        pool of all cores (``RAYON_NUM_THREADS`` is respected).

        ``errors``: every item is analysed whatever happens to the others; then with
        ``"raise"`` (the default) the first item that failed raises its exception
        (:class:`ParseError`, ``OSError``), and with ``"return"`` each failed item's
        exception takes its place in the list, so nothing is lost. The exception's
        ``index`` attribute is the item's position.
        """
        return self._many(items, threads, format, errors, explain, speakers, roles,
                          lambda fmt, lines: _shape(fmt, [json.loads(line) for line in lines]))

    def analyze_many_json(
        self,
        items: Iterable[Input],
        threads: Optional[int] = None,
        format: str = "auto",
        *,
        errors: str = "raise",
        explain: bool = False,
        speakers: Optional[Mapping[str, str]] = None,
        roles: Optional[Mapping[str, str]] = None,
    ) -> List[Any]:
        """As :meth:`analyze_many`, but each result is the JSON text itself, as
        :meth:`analyze_json` gives it (one compact document a line): for writing JSON
        Lines, or where parsing into dicts would cost more than the analysis."""
        return self._many(items, threads, format, errors, explain, speakers, roles,
                          lambda fmt, lines: "".join(line + "\n" for line in lines))

    def _many(
        self,
        items: Iterable[Input],
        threads: Optional[int],
        format: str,
        errors: str,
        explain: bool,
        speakers: Optional[Mapping[str, str]],
        roles: Optional[Mapping[str, str]],
        finish: Callable[[str, List[str]], Any],
    ) -> List[Any]:
        if errors not in ("raise", "return"):
            raise ValueError(f'errors must be "raise" or "return", not {errors!r}')
        prepared = [_many_item(item) for item in items]
        outcomes = self._run(prepared, format, explain, speakers, roles, threads)
        results: List[Any] = []
        first_error: Optional[BaseException] = None
        for index, outcome in enumerate(outcomes):
            if isinstance(outcome, BaseException):
                outcome.index = index  # type: ignore[attr-defined]
                if first_error is None:
                    first_error = outcome
                results.append(outcome)
            else:
                results.append(finish(*outcome))
        if first_error is not None and errors == "raise":
            raise first_error
        return results
