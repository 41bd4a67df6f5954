"""The exceptions turnscope raises."""

from __future__ import annotations

from typing import Optional

__all__ = ["ParseError", "LexiconError", "InternalError"]


class ParseError(ValueError):
    """A transcript could not be read: bad input, never a crash.

    ``str(error)`` is what the command line prints, ``file:line: what is wrong``
    (``file: what is wrong`` when the whole input is at fault: empty, binary, ...).

    Attributes:
        file: the file, or the ``name`` given for text (``<string>`` when none was).
        line: the 1-based line of the fault, or ``None`` when the whole input is at fault.
        reason: what is wrong, without the file and line.
    """

    file: str
    line: Optional[int]
    reason: str

    def __init__(self, message: str, file: str, line: Optional[int], reason: str) -> None:
        super().__init__(message)
        self.file = file
        self.line = line
        self.reason = reason

    def __reduce__(self):  # picklable, e.g. across multiprocessing
        return (type(self), (str(self), self.file, self.line, self.reason))


class LexiconError(ValueError):
    """A lexicon directory (``Engine(lexicons=...)``) could not be loaded; the message
    names the file and, where known, the line."""


class InternalError(RuntimeError):
    """A bug inside turnscope, caught before it could crash the interpreter. The message
    names the input; please report it with that input."""
