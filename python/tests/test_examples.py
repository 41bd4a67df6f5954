"""The README's Python example and python/examples/pandas_report.py run as written."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import ROOT

pytest.importorskip("pandas", reason="pandas is not installed (pip install pandas)")


def test_the_readme_example_runs(capsys):
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("\n## Python\n"):]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    assert len(code.strip().splitlines()) == 5
    exec(compile(code, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "blame:you never" in out and "validation" in out


def test_the_pandas_example_runs():
    script = ROOT / "python/examples/pandas_report.py"
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert "fight.vtt" in run.stdout and "blame:your fault" in run.stdout
    bad = subprocess.run([sys.executable, str(script), "examples/fight.vtt", "missing.txt"],
                         capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 0 and "skipped: [Errno 2]" in bad.stderr
    assert "fight.vtt" in bad.stdout
