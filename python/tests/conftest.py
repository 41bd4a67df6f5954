"""Shared fixtures: the repository root, the command-line binary to compare against, an
engine. The tests run against the installed wheel (scripts/test.sh builds and installs it
into .venv), never against the sources in python/turnscope."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def transcript_files():
    """Every shipped transcript: the six-turn fixture in every format, and the examples."""
    def transcripts(folder):
        return sorted(p for p in (ROOT / folder).iterdir() if p.is_file() and p.suffix != ".py")

    six, examples = transcripts("tests/fixtures/six-turn"), transcripts("examples")
    return [p.relative_to(ROOT).as_posix() for p in six + examples]


@pytest.fixture(scope="session")
def cli() -> str:
    """The `turnscope` binary of this checkout: $TURNSCOPE_BIN, else target/release, built
    if missing."""
    path = os.environ.get("TURNSCOPE_BIN")
    if path:
        return str(Path(path).resolve())
    binary = ROOT / "target/release/turnscope"
    if not binary.exists():
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    return str(binary)


@pytest.fixture(scope="session")
def run_cli(cli):
    """Runs the command line from the repository root; returns the completed process."""

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([cli, *args], cwd=ROOT, capture_output=True, check=check)

    return run


@pytest.fixture(scope="session")
def engine():
    import turnscope

    return turnscope.Engine()


@pytest.fixture
def at_root(monkeypatch):
    """Work from the repository root, where the relative paths the CLI was given resolve."""
    monkeypatch.chdir(ROOT)
    return ROOT
