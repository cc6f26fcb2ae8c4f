"""Every 指标值 of the real corpus document parses to a meaning (never to free text)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from perfrules import Compare, Text, parse, to_text
from perfrules.loaders import load

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "shuangqiao-cdi-2021-targets.txt"
TARGETS = [
    (project.code, row, indicator.target_text)
    for project in load(CORPUS).projects
    for row, indicator in enumerate(project.indicators, start=1)
]


def test_the_corpus_has_forty_targets() -> None:
    assert len(TARGETS) == 40
    assert Counter(text for _, _, text in TARGETS) == {
        "≥90百分比": 36,
        "55.2万元": 1,
        "10万元": 1,
        "7.43万元": 1,
        "12.2万元": 1,
    }


@pytest.mark.parametrize(("code", "row", "text"), TARGETS, ids=[f"{c}-{r}" for c, r, _ in TARGETS])
def test_each_target_has_a_meaning(code: str, row: int, text: str) -> None:
    node = parse(text)
    assert not isinstance(node, Text)
    assert isinstance(node, Compare)
    if text == "≥90百分比":
        assert (node.op.value, str(node.quantity.value), node.quantity.unit.symbol) == (
            ">=",
            "90",
            "%",
        )
        assert not node.implied
        assert to_text(node) == "≥90%"
    else:  # the 总成本 row: money in 元, operator implied (the judge makes it ≤ for cost)
        assert node.implied
        assert node.quantity.unit.symbol == "元"
        assert node.quantity.value == Decimal(text.removesuffix("万元")) * 10000
