"""Type stubs of the native module (python/src/lib.rs). Use `turnscope` itself."""

from typing import List, Optional, Sequence, Tuple, Union

__version__: str

class NativeEngine:
    """The engine: the built-in lexicons, and those of `lexicons` layered over them."""

    def __init__(self, lexicons: Optional[str] = None) -> None: ...
    def detectors(self) -> List[str]: ...
    def areas(self) -> List[str]: ...
    def run(
        self,
        items: Sequence[Tuple[Union[str, bytes], Optional[bytes]]],
        format: Optional[str] = None,
        explain: bool = False,
        renames: Sequence[Tuple[str, str]] = ...,
        roles: Sequence[Tuple[str, str]] = ...,
        threads: Optional[int] = None,
    ) -> List[Union[Tuple[str, List[str]], BaseException]]:
        """Per item `(name, bytes)`, or `(path, None)` with the path as `os.fsencode`
        bytes or str, in order: `(format, [document
        json, ...])`, or the exception instance for an item that failed."""
        ...
