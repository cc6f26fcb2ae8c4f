"""Data-driven compliance suite for indicator expressions (jmespath compliance style).

Each file in ``tests/compliance/expressions/`` covers one row of DESIGN §2's table. A case is
``{"expr": …, "result": {…}}`` — a subset of the JSON contract record of
``perfrules parse --json`` (:func:`perfrules.exprjson.node_record`) — or
``{"expr": …, "error": {"code": …, "column": N}}`` (:func:`perfrules.exprjson.error_record`).
Optional keys: ``span`` ([start, end) of the node in the original text), ``exact`` (the
record must equal ``result`` as a whole), ``comment``, and ``xfail`` (a known parser bug or
gap, with the reason; strict, so a fix turns it into a failure that asks for the marker
to be removed).
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from perfrules import IndicatorSyntaxError, Span, UnknownUnitWarning, parse
from perfrules.exprjson import error_record, node_record

CASES_DIR = Path(__file__).parent / "compliance" / "expressions"

ROW_FILES = (
    "comparison",
    "bare",
    "word-operators",
    "percent-spellings",
    "full-width",
    "ranges",
    "plus-minus",
    "money",
    "durations-deadlines",
    "boolean",
    "qualitative",
    "annotated",
    "free-text",
    "errors",
)

# every key of the JSON contract per kind (DESIGN §2), besides text / ok / canonical
CONTRACT_KEYS = {
    "compare": {"kind", "op", "value", "unit", "dimension", "implied_op"},
    "range": {"kind", "low", "high", "low_closed", "high_closed", "unit", "dimension"},
    "deadline": {"kind", "op", "date"},
    "boolean": {"kind", "value"},
    "qualitative": {"kind", "scale", "level", "rank"},
    "text": {"kind"},
}
OPTIONAL_KEYS = ("annotation", "subject", "warnings")
CASE_KEYS = {"expr", "result", "error", "span", "exact", "comment", "xfail"}


def load_files() -> dict[str, dict[str, Any]]:
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(CASES_DIR.glob("*.json"))
    }


FILES = load_files()


def all_cases() -> Iterator[tuple[str, int, dict[str, Any]]]:
    for stem, data in FILES.items():
        for index, case in enumerate(data["cases"]):
            yield stem, index, case


def params() -> list[Any]:
    out = []
    for stem, index, case in all_cases():
        marks = (
            [pytest.mark.xfail(reason=case["xfail"], strict=True, raises=AssertionError)]
            if "xfail" in case
            else []
        )
        out.append(pytest.param(case, id=f"{stem}-{index}-{case['expr']!r}", marks=marks))
    return out


def _parse(expr: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnknownUnitWarning)
        return parse(expr)


# ------------------------------------------------------------------ the suite itself


def test_every_row_of_design_table_has_a_file() -> None:
    assert set(FILES) == set(ROW_FILES)


def test_enough_cases() -> None:
    cases = [case for _, _, case in all_cases()]
    errors = [case for case in cases if "error" in case]
    assert len(cases) >= 200
    assert len(errors) >= 40
    assert all(len(data["cases"]) >= 10 for data in FILES.values())


# every example of DESIGN §2's table (and of issue 2's malformed expressions)
DESIGN_EXAMPLES = """
≥90% | ≥ 90 % | >=95% | ≧90％ | ＞0 | <5天 | ≤3个月 | =55.2万元 | ＝100% | 55.2万元 | 100% | 12次 | 1
不低于90% | 不少于3次 | 不超过10万元 | 不高于5% | 达到95%以上 | 3天以内 | 90%及以上 | 至少3次
90百分比 | 90 百分比 | 千分之五 | 5‰ | 百分之九十 | 1,200人 | 90%-100% | 90%~100% | 90%至100%
[80,90) | 介于80%与90%之间 | ±2%以内 | 误差≤±5% | 36500元 | 3.65万元 | ≤15个工作日 | 半年
2021年12月31日前 | 12月底前 | 3-6月 | 每季度 | 是 | 否 | 有 | 无 | 已建立 | 建立 | 完成 | √
好 | 较好 | 一般 | 差 | 优 | 良 | 中 | 高 | 较高 | 显著提升 | 明显提升 | 有所提升 | 逐步改善 | 成效显著
95%(行业标准) | 90%（历史标准） | 合格率达到98% | 严格按照合同执行 | 保质保量完成 | 按规定足额发放
≥ | ≥≥90% | =万元 | 90%%
"""


def test_every_design_example_is_a_case() -> None:
    exprs = {case["expr"] for _, _, case in all_cases()}
    examples = [e.strip() for line in DESIGN_EXAMPLES.strip().splitlines() for e in line.split("|")]
    assert [e for e in examples if e not in exprs] == []
    money_words = {"元", "千元", "万元", "百万元", "亿元"}
    assert {
        word
        for word in money_words
        if any(case["expr"].endswith(word) for _, _, case in all_cases())
    } == money_words


def test_cases_are_well_formed() -> None:
    seen: set[str] = set()
    for stem, index, case in all_cases():
        where = f"{stem}[{index}]"
        assert set(case) <= CASE_KEYS, where
        assert ("result" in case) != ("error" in case), where
        assert case["expr"] not in seen, f"{where}: duplicate expression {case['expr']!r}"
        seen.add(case["expr"])
        if "error" in case:
            assert set(case["error"]) == {"code", "column"}, where
            assert isinstance(case["error"]["column"], int), where
        else:
            result = case["result"]
            kind = result["kind"]
            # a case states the whole contract record of its kind, and its canonical text
            assert CONTRACT_KEYS[kind] | {"canonical"} <= set(result), where
            assert set(result) - {"text", "ok"} <= (
                CONTRACT_KEYS[kind] | {"canonical", *OPTIONAL_KEYS}
            ), where


# ------------------------------------------------------------------ the cases


@pytest.mark.parametrize("case", params())
def test_case(case: dict[str, Any]) -> None:
    expr: str = case["expr"]
    if "error" in case:
        _check_error(expr, case["error"])
    else:
        _check_result(expr, case["result"], case)


def _check_result(expr: str, expected: dict[str, Any], case: dict[str, Any]) -> None:
    try:
        node = _parse(expr)
    except IndicatorSyntaxError as err:
        raise AssertionError(f"{expr!r} failed to parse: {err}") from None
    record = node_record(expr, node)
    assert json.loads(json.dumps(record, ensure_ascii=False)) == record  # JSON-ready
    assert record["text"] == expr
    assert record["ok"] is True
    if case.get("exact"):
        assert record == expected
    else:
        assert {key: record.get(key, "<absent>") for key in expected} == expected
    for key in OPTIONAL_KEYS:  # no annotation, subject or warning beyond those expected
        assert record.get(key) == expected.get(key), key
    if "span" in case:
        assert node.span == Span(*case["span"])
    # the canonical text is itself a target meaning the same thing
    again = _parse(expected["canonical"])
    assert again == node
    assert node_record(expected["canonical"], again)["canonical"] == expected["canonical"]


def _check_error(expr: str, expected: dict[str, Any]) -> None:
    try:
        node = _parse(expr)
    except IndicatorSyntaxError as err:
        record = error_record(expr, err)
    else:
        raise AssertionError(f"{expr!r} parsed to {node!r}, expected an error")
    assert record["ok"] is False
    assert record["text"] == expr
    assert {key: record["error"][key] for key in expected} == expected
    assert record["error"]["message"]
    assert 1 <= record["error"]["column"] <= max(len(expr), 1)
