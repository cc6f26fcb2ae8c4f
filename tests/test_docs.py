"""The grammar reference (docs/grammar.md) stays in step with the code and the compliance cases."""

from __future__ import annotations

import doctest
import re
import subprocess
import sys
from pathlib import Path

import pytest

from perfrules import IndicatorSyntaxError, parse

ROOT = Path(__file__).resolve().parents[1]
GRAMMAR_DOC = ROOT / "docs" / "grammar.md"


def test_grammar_doc_in_sync() -> None:
    """The generated part of docs/grammar.md equals a fresh run of docs/gen_grammar_doc.py."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "gen_grammar_doc.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr


def test_grammar_doc_check_detects_drift(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "docs"))
    try:
        import gen_grammar_doc
    finally:
        sys.path.remove(str(ROOT / "docs"))
    current = GRAMMAR_DOC.read_text(encoding="utf-8")
    stale = current.replace('| `"≥90%"` | compare |', '| `"≥91%"` | compare |', 1)
    assert stale != current
    assert gen_grammar_doc.render(stale) == current


def test_grammar_doc_python_examples_run() -> None:
    text = GRAMMAR_DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for index, block in enumerate(blocks):
        test = parser.get_doctest(block, {}, f"grammar.md[{index}]", str(GRAMMAR_DOC), 0)
        runner.run(test)
    assert runner.failures == 0


def test_grammar_doc_error_example_is_current() -> None:
    text = GRAMMAR_DOC.read_text(encoding="utf-8")
    (shown,) = re.findall(r"```text\n(.*?)\n```", text, re.S)
    with pytest.raises(IndicatorSyntaxError) as info:
        parse("不低于%")
    assert str(info.value) == shown
