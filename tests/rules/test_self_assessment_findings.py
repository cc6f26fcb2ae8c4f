"""The self-assessment ruleset on a self-assessment fixture: the complete list of findings."""

from __future__ import annotations

from pathlib import Path

from perfrules.loaders import load
from perfrules.rules import builtin_rulesets, check_document

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "sa-official.xlsx"


def test_claimed_scores_are_recomputed() -> None:
    document = load(FIXTURE)
    reports = check_document(document, list(builtin_rulesets().values()))
    assert [r.ruleset for r in reports] == ["self-assessment", "target-table"]
    found = [(f.rule, f.location.row, f.message_zh) for r in reports for f in r.findings]
    assert found == [
        (
            "claimed-score",
            2,
            "“问题线索办结率”自评得分15，按评分规则应为14.68（实际值93%，目标≥95%）",
        ),
        (
            "claimed-score",
            6,
            "“长效监督机制”自评得分12，按评分规则应为15（实际值逐步改善，目标逐步改善）",
        ),
    ]
    claimed = reports[0].findings[0]
    assert claimed.location.source is not None and claimed.location.source.endswith("!D14")
    assert dict(claimed.values) == {
        "claimed": "15",
        "points(indicator)": "14.68",
        "verdict(indicator)": "partly",
    }
