"""Data-driven compliance cases for judging and scoring (``tests/compliance/scoring/*.json``).

Each case gives a target, an actual, a weight (and optionally name, category, policy) and
either ``raises`` (the error code) or ``expect``: JMESPath expressions evaluated against
``score(...).explain()`` with the exact value each must have. Actuals that JSON cannot
spell are written ``{"float": "nan"}`` / ``{"decimal": "89.995"}``.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jmespath
import pytest

from perfrules.batch import score_many
from perfrules.errors import PerfrulesError
from perfrules.scoring import score

CASES_DIR = Path(__file__).parent / "compliance" / "scoring"


def _load() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            params.append(pytest.param(case, id=f"{path.stem}:{case['id']}"))
    return params


CASES = _load()


def _actual(value: Any) -> Any:
    if isinstance(value, dict):
        if "float" in value:
            return float(value["float"])
        return Decimal(value["decimal"])
    return value


def _score(case: dict[str, Any]) -> Any:
    return score(
        case["target"],
        _actual(case["actual"]),
        case["weight"],
        name=case.get("name"),
        category=case.get("category"),
        policy=case.get("policy", "mof-2020"),
    )


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 80


@pytest.mark.parametrize("case", CASES)
def test_case(case: dict[str, Any]) -> None:
    if "raises" in case:
        with pytest.raises(PerfrulesError) as info:
            _score(case)
        assert info.value.code == case["raises"]
        assert info.value.message and info.value.message_zh
        return
    record = _score(case).explain()
    for expression, expected in case["expect"].items():
        assert expression.split(".")[0].split("[")[0] in record, f"no field {expression!r}"
        assert jmespath.search(expression, record) == expected, expression


@pytest.mark.parametrize("case", [c for c in CASES if "raises" not in c.values[0]])
def test_case_batch_agrees(case: dict[str, Any]) -> None:
    """Every compliance case gives the same points and verdict through ``score_many``."""
    one = _score(case)
    many = score_many(
        [case["target"]],
        [_actual(case["actual"])],
        [case["weight"]],
        names=[case.get("name")],
        categories=[case.get("category")],
        policy=case.get("policy", "mof-2020"),
    )
    assert many.point(0) == one.points
    assert many.verdict(0) == one.verdict
    assert many.reason(0) == one.judgement.reason
