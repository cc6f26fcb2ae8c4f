"""The rule in docs/user-guide.md is real: it loads, its examples hold, it fires as the guide says."""

from __future__ import annotations

import re

from _documents import CORPUS, ROOT

from perfrules.loaders import load
from perfrules.rules import Severity, check_document, load_ruleset_text
from perfrules.rules.examples import verify_examples

GUIDE = ROOT / "docs" / "user-guide.md"


def _rule_text() -> str:
    blocks = re.findall(r"```toml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1
    return str(blocks[0])


def test_guide_rule_loads_and_fires_as_documented() -> None:
    ruleset = load_ruleset_text(_rule_text(), source="docs/user-guide.md")
    assert ruleset.id == "satisfaction-floor"
    assert all(result.ok for result in verify_examples(ruleset))
    (report,) = check_document(load(CORPUS), [ruleset])
    assert [f.severity for f in report.findings] == [Severity.WARNING] * 12
    assert report.findings[0].message_zh == "“机关单位人员满意度”的目标≥90百分比低于95%"
    assert "它给出 12 条警告" in GUIDE.read_text(encoding="utf-8")
