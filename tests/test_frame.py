"""``perfrules.frame``: tables scored through the numpy path equal the scalar path row by
row; official Chinese headers and English aliases; checking a table = checking it as CSV."""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Iterator
from decimal import Decimal

import pytest
from _documents import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pd = pytest.importorskip("pandas")

from perfrules.aggregate import ScoreRow, scorecard  # noqa: E402
from perfrules.errors import DocumentError, UnitMismatchError  # noqa: E402
from perfrules.frame import check_frame, document_frame, frame_document, score_frame  # noqa: E402
from perfrules.loaders import load  # noqa: E402
from perfrules.rules import builtin_rulesets, check_document  # noqa: E402
from perfrules.scoring import IndicatorScore, score  # noqa: E402

TARGETS = [
    "≥90%", "≥ 95 %", ">=95%", "≧90％", "＞0", "<5天", "≤3个月", "=55.2万元", "＝100%", "100%",
    "55.2万元", "12次", "不低于90%", "不超过10万元", "达到95%以上", "3天以内", "90%及以上",
    "90百分比", "5‰", "90%-100%", "[80,90)", "±2%以内", "36500元", "≤15个工作日",
    "2021年12月31日前", "12月底前", "是", "否", "较好", "显著提升", "95%(行业标准)",
    "严格按照合同执行", "=0", "0起", "≤5%", "", "不知道", "≥120人次", "1",
]  # fmt: skip
ACTUALS: list[object] = [
    "95%", "88%", "87.5%", "120%", "0", "3天", "6个月", "52.8万元", "552000元", "12次",
    "是", "否", "好", "一般", "逐步改善", "已完成95%", "2021年11月30日", "98‰", "5%",
    None, "", 90, 89.99, 100, 0.0, float("nan"), Decimal("95.50"), True, "12个工作日",
]  # fmt: skip
NAMES = [None, "合格率", "成本控制率", "投诉率", "总成本", "群众满意度", "是否建立档案"]
CATEGORIES = [None, "质量指标", "成本指标", "数量指标", "满意度指标"]
WEIGHTS: list[object] = [10, 2.5, 0, Decimal("3.33"), "15", 7]

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(autouse=True)
def _quiet() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _expected(
    target: str, actual: object, weight: object, name: str | None, category: str | None
) -> IndicatorScore:
    """The scalar result: ``score``, or the scorecard's for a row ``score`` refuses."""
    try:
        return score(target, actual, weight, name=name, category=category)
    except UnitMismatchError:
        pass
    except DocumentError:  # pragma: no cover - weights here are valid
        raise
    except Exception:  # an empty or unreadable target
        pass
    row = ScoreRow(name or "", target, actual, Decimal(str(weight)), "产出指标", category)
    return scorecard([row]).rows[0].score


def _assert_rows_equal(result: object, rows: list[tuple[object, ...]]) -> None:
    frame = result  # a DataFrame
    for i, (target, actual, weight, name, category) in enumerate(rows):
        want = _expected(target, actual, weight, name, category)  # type: ignore[arg-type]
        got = frame.iloc[i]  # type: ignore[attr-defined]
        reason = want.judgement.reason
        assert (got["points"], got["lost"], got["weight"]) == (
            str(want.points),
            str(want.lost),
            str(want.weight),
        ), (i, rows[i])
        assert got["verdict"] == str(want.verdict), (i, rows[i])
        assert got["reason"] == (None if reason is None else str(reason)), (i, rows[i])
        assert bool(got["over_achieved"]) == want.judgement.over_achieved
        assert got["flags"] == ",".join(sorted(str(f) for f in want.flags)), (i, rows[i])


def test_exhaustive_mix_equals_the_scalar_path() -> None:
    rows = [
        (t, a, WEIGHTS[i % len(WEIGHTS)], NAMES[i % len(NAMES)], CATEGORIES[i % len(CATEGORIES)])
        for i, (t, a) in enumerate(itertools.product(TARGETS, ACTUALS))
    ]
    columns = {
        "年度指标值": [r[0] for r in rows],
        "实际完成值": [r[1] for r in rows],
        "分值": [r[2] for r in rows],
        "三级指标": [r[3] for r in rows],
        "二级指标": [r[4] for r in rows],
    }
    result = score_frame(columns)
    assert len(result) == len(rows) == 1131
    _assert_rows_equal(result, rows)
    counts = result["verdict"].value_counts().to_dict()
    assert sum(counts.values()) == 1131 and counts["not_evaluable"] > 0 and counts["met"] > 0


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.sampled_from(TARGETS),
            st.sampled_from(ACTUALS)
            | st.decimals(min_value=0, max_value=200, places=2).map(lambda d: f"{d}%"),
            st.sampled_from(WEIGHTS),
            st.sampled_from(NAMES),
            st.sampled_from(CATEGORIES),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_any_table_equals_the_scalar_path(rows: list[tuple[object, ...]]) -> None:
    columns = dict(
        zip(
            ("target", "actual", "weight", "name", "category"),
            map(list, zip(*rows, strict=True)),
            strict=True,
        )
    )
    _assert_rows_equal(score_frame(columns), rows)


def test_dataframe_with_official_headers_and_index() -> None:
    frame = pd.DataFrame(
        {
            "一级指标": ["产出指标", "产出指标", "效益指标", "满意度指标"],
            "二级指标": ["质量指标", "成本指标", "社会效益指标", "服务对象满意度指标"],
            "三级指标": ["验收合格率", "总成本", "群众知晓率", "群众满意度"],
            "年度指标值": ["≥95%", "≤55.2万元", "≥85%", "≥90%"],
            "全年实际值": ["93%", "57.96万元", None, "92%"],
            "权重": [15.0, 10.0, 15.0, 10.0],
        },
        index=["a", "b", "c", "d"],
    )
    result = score_frame(frame)
    assert list(result.index) == ["a", "b", "c", "d"]
    assert result["points"].tolist() == ["14.68", "9.52", "0.00", "10.00"]
    assert result["weight"].tolist() == ["15.0", "10.0", "15.0", "10.0"]
    assert result["lost"].tolist() == ["0.32", "0.48", "15.00", "0.00"]
    assert result["verdict"].tolist() == ["partly", "partly", "not_evaluable", "met"]
    assert result["reason"].tolist() == [None, None, "missing-actual", None]
    assert result["tier"].tolist() == ["产出指标", "产出指标", "效益指标", "满意度指标"]
    assert result.attrs["policy"] == "mof-2020"
    decimal = score_frame(frame, numbers="decimal")
    assert decimal["points"].tolist() == [
        Decimal("14.68"), Decimal("9.52"), Decimal("0.00"), Decimal("10.00"),
    ]  # fmt: skip


def test_split_target_columns_and_renamed_columns() -> None:
    frame = pd.DataFrame(
        {
            "指标名称": ["完成率", "成本"],
            "指标性质": ["正向指标", "≤"],
            "指标值": ["90", "10"],
            "度量单位": ["%", "万元"],
            "完成情况": ["87%", "9.6万元"],
            "分数": ["10分", "5"],
        }
    )
    renamed = {"actual": "完成情况", "weight": "分数"}
    result = score_frame(frame, columns=renamed)
    assert result["target"].tolist() == ["≥90%", "≤10万元"]
    assert result["points"].tolist() == ["9.67", "5.00"]
    frame["方向"] = frame.pop("指标性质")  # an operator column under an unknown header
    document = frame_document(frame, columns={**renamed, "target_op": "方向"})
    indicators = document.projects[0].indicators
    assert [(i.target_text, i.actual, i.weight) for i in indicators] == [
        ("≥90%", "87%", Decimal("10")), ("≤10万元", "9.6万元", Decimal("5")),
    ]  # fmt: skip
    with pytest.raises(DocumentError) as missing:
        score_frame(frame)
    assert missing.value.code == "missing-columns"


def test_arrow_tables_read_like_frames() -> None:
    pa = pytest.importorskip("pyarrow")
    table = pa.table(
        {
            "name": ["验收合格率", "总成本", "满意度"],
            "target": ["≥95%", "≤55.2万元", "≥90%"],
            "actual": pa.array([93.0, None, float("nan")]),
            "weight": pa.array(
                [Decimal("15"), Decimal("10.00"), Decimal("5")], pa.decimal128(6, 2)
            ),
        }
    )
    result = score_frame(table)
    assert score_frame(table.to_batches()[0]).equals(result)
    assert result["points"].tolist() == ["14.68", "0.00", "0.00"]
    assert result["weight"].tolist() == ["15.00", "10.00", "5.00"]
    assert result["reason"].tolist() == [None, "missing-actual", "nan-actual"]


def test_bad_weights_are_errors_at_their_cell() -> None:
    frame = pd.DataFrame(
        {"target": ["≥90%", "≥90%"], "actual": ["95%", "95%"], "weight": [10, None]}
    )
    with pytest.raises(DocumentError) as missing:
        score_frame(frame, source="t.csv")
    assert (missing.value.code, missing.value.location) == ("missing-weight", "t.csv:3:3")
    frame = pd.DataFrame({"target": ["≥90%"], "actual": ["95%"], "weight": [-1]})
    with pytest.raises(DocumentError) as negative:
        score_frame(frame)
    assert (negative.value.code, negative.value.location) == ("invalid-weight", "<frame>:2:3")
    frame = pd.DataFrame({"target": ["≥90%"], "actual": ["95%"], "weight": ["十分"]})
    with pytest.raises(DocumentError) as word:
        score_frame(frame)
    assert word.value.code == "bad-number"
    with pytest.raises(TypeError):
        score_frame([("≥90%", "95%", 10)])


# -- checking ------------------------------------------------------------------------------


def test_check_frame_equals_checking_the_csv() -> None:
    path = FIXTURES / "sa-flat-english.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    document = frame_document(frame, source=str(path))
    assert document == load(path)
    assert [str(i.locate()) for p in document.projects for i in p.indicators] == [
        str(i.locate()) for p in load(path).projects for i in p.indicators
    ]
    found = check_frame(frame, source=str(path))
    rulesets = builtin_rulesets()
    reports = check_document(load(path), [rulesets["target-table"], rulesets["self-assessment"]])
    expected = [f for r in reports for f in r.findings]
    assert found["rule"].tolist() == [f.rule for f in expected]
    assert found["message"].tolist() == [f.message_zh for f in expected]
    assert found["location"].tolist() == [f.location.source for f in expected]
    assert found["rule"].tolist() == [
        "missing-output-category", "tier-weights", "claimed-score", "claimed-score",
        "tier-weights",
    ]  # fmt: skip
    assert found["row"].tolist()[2:4] == [2, 6]
    assert found.attrs["kind"] == "self-assessment"
    # numbers read by pandas (weights as int64) give the same findings
    numeric = check_frame(pd.read_csv(path))
    assert numeric["message"].tolist() == found["message"].tolist()
    errors = check_frame(frame, min_severity="error")
    assert errors["severity"].tolist() == ["error"] * 4


def test_document_frame_round_trip() -> None:
    document = load(FIXTURES / "sa-official.xlsx")
    table = document_frame(document)
    assert list(table.columns[:6]) == [
        "source", "project_code", "project_name", "tier", "category", "name",
    ]  # fmt: skip
    assert len(table) == 7
    result = score_frame(table)
    assert result["points"].tolist() == [
        "15.00",
        "14.68",
        "10.00",
        "10.00",
        "15.00",
        "15.00",
        "10.00",
    ]
    assert frame_document(table).projects[0].indicators == document.projects[0].indicators
