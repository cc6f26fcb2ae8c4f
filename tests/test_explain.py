"""``perfrules explain`` and :mod:`perfrules.explain`: canonical form, tree, meaning, steps."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from perfrules.cli import main
from perfrules.explain import explain, meaning, raw_points, render_text
from perfrules.parser import parse
from perfrules.policy import load_policy
from perfrules.scoring import score


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_full_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "explain", "≥90百分比", "--actual", "87%", "--weight", "10")
    assert (code, err) == (0, "")
    assert out == (
        "表达式 Expression: ≥90百分比\n"
        "规范形式 Canonical: ≥90%\n"
        "类型 Kind: compare\n"
        "\n"
        "语法树 Parse tree:\n"
        "  Compare ⟨0,6⟩ “≥90百分比”\n"
        "  ├─ op: ≥ (>=)\n"
        "  ├─ quantity: Quantity ⟨1,6⟩ “90百分比”\n"
        "  │  ├─ value: 90\n"
        "  │  └─ unit: % (percent)\n"
        "  ├─ implied: False\n"
        "  ├─ annotation: None\n"
        "  └─ subject: None\n"
        "\n"
        "含义 Meaning:\n"
        "  实际值应不低于90%（百分比）\n"
        "  the actual value must be at least 90% (percent)\n"
        "\n"
        "评分 Scoring — policy mof-2020 (保留2位小数，四舍五入 / 2 decimals, half-up):\n"
        "  1. 读取实际值 Read the actual: 87% → a = 87%; t = 90%\n"
        "     实际值与目标换算到同一单位（%）比较\n"
        "     actual and target in one unit (%); t is the bound compared with\n"
        "  2. 方向 Direction: 越高越好 higher is better\n"
        "     按运算符“≥”，越高越好\n"
        "     by the operator ≥: higher is better\n"
        "  3. 判定 Verdict: 87 < 90 → 部分达标 partly met\n"
        "     差3个百分点\n"
        "     3 percentage points short\n"
        "  4. 完成比率 Ratio: a / t = 87 / 90 ≈ 0.9667\n"
        "  5. 得分公式 Points (proportional): w × a / t = 10 × 87 / 90 = 9.666666…\n"
        "     越高越好，按完成比例得分\n"
        "     higher is better: in proportion to completion\n"
        "  6. 封顶 Cap: min(max(9.666666…, 0), 10) = 9.666666…\n"
        "     在0与分值之间，无需封顶\n"
        "     within 0 and the weight: no cap\n"
        "  7. 舍入 Rounding: 9.666666… → 9.67\n"
        "     保留2位小数，四舍五入\n"
        "     2 decimals, half-up\n"
        "  8. 结果 Result: 9.67 / 10\n"
        "     失分0.33；实际值87%，目标≥90%，未达标，差3个百分点；得分9.67/10\n"
        "     lost 0.33; actual 87%, target ≥90%, not met, 3 percentage points short; "
        "score 9.67/10\n"
    )


def test_implied_cost_direction_and_inverse_formula(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "explain", "55.2万元", "--actual", "60万元", "--weight", "10",
        "--name", "总成本", "--category", "成本指标",
    )  # fmt: skip
    assert code == 0
    assert "  未写比较符，按二级指标“成本指标”，越低越好：实际值应不高于55.2万元（金额）\n" in out
    assert "  3. 判定 Verdict: 600000 > 552000 → 部分达标 partly met\n     超出4.8万元\n" in out
    assert "  5. 得分公式 Points (inverse): w × t / a = 10 × 552000 / 600000 = 9.2\n" in out
    assert "  8. 结果 Result: 9.20 / 10\n" in out


@pytest.mark.parametrize(
    ("text", "zh", "en"),
    [
        ("[80%,90%)", "实际值应介于80%（含）与90%（不含）之间（百分比）",
         "the actual value must lie between 80% (inclusive) and 90% (exclusive) (percent)"),
        ("±2%以内", "实际偏差应在±2%以内（百分比）", "the deviation must stay within ±2% (percent)"),
        ("12月底前", "应不晚于12月底（预算年度）完成",
         "to be done on or before the end of --12 (of the budget year)"),
        ("是", "应为“是”：是否类目标，符合得满分，不符合得0分",
         "must be “是” (yes): full points if so, none otherwise"),
        ("较好", "评价等级应不低于“较好”（等级序列 good：差 < 一般 < 较好 < 好）",
         "a level of at least “较好” on the scale good (差 < 一般 < 较好 < 好)"),
        ("95%(行业标准)", "未写运算符，默认越高越好：实际值应不低于95%（百分比）（注：行业标准）",
         "no operator written; default: higher is better: the actual must be at least 95% "
         "(percent) (note: 行业标准)"),
        ("=100%", "实际值应等于100%（百分比），允许相对误差±0.1%",
         "the actual value must be equal to 100% (percent), within a relative tolerance of ±0.1%"),
    ],
)  # fmt: skip
def test_meaning(text: str, zh: str, en: str) -> None:
    assert meaning(parse(text)) == (zh, en)


@pytest.mark.parametrize(
    ("target", "actual", "weight", "name"),
    [
        ("≥90%", "87%", "10", None),
        ("≤5%", "8%", "7", None),
        ("55.2万元", "60万元", "10", "总成本"),
        ("[80%,90%)", "95%", "5", None),
        ("较好", "一般", "10", None),
        ("是", "否", "5", None),
        ("≥90%", "130%", "3", None),
        ("严格按照合同执行", "部分达成（70%）", "6", None),
        ("≥3次", "1次", "9", None),
    ],
)
def test_steps_round_to_the_scorers_points(
    target: str, actual: str, weight: str, name: str | None
) -> None:
    found = explain(target, actual=actual, weight=weight, name=name)
    expected = score(target, actual, weight, name=name)
    assert found.score is not None and found.judgement is not None
    assert found.score.points == expected.points
    raw = raw_points(found.judgement, Decimal(weight), load_policy("mof-2020"))
    assert raw is not None
    policy = load_policy("mof-2020")
    assert policy.round(min(max(raw, Decimal(0)), Decimal(weight))) == expected.points
    assert found.steps[-1].formula == f"{expected.points} / {weight}"


def test_not_evaluable_is_explained(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "explain", "≥90%", "--actual", "—", "--weight", "10")
    assert code == 0
    assert "  1. 判定 Verdict: — → 无法评价 not evaluable\n     实际值缺失\n" in out
    assert "  2. 得分 Points: 0 / 10\n" in out


def test_json_record(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "explain", "≤5%", "--actual", "8%", "--weight", "7", "--format", "json"
    )
    assert code == 0
    record = json.loads(out)
    assert record["canonical"] == "≤5%"
    assert record["ast"]["op"] == "<="
    assert record["tree"][0] == "Compare ⟨0,3⟩ “≤5%”"
    scoring = record["scoring"]
    assert (scoring["points"], scoring["lost"], scoring["verdict"]) == ("4.38", "2.62", "partly")
    assert [s["title_en"] for s in scoring["steps"]] == [
        "Read the actual",
        "Direction",
        "Verdict",
        "Ratio",
        "Points (inverse)",
        "Cap",
        "Rounding",
        "Result",
    ]
    assert scoring["steps"][4]["formula"] == "w × t / a = 7 × 5 / 8 = 4.375"


def test_without_actual_only_meaning() -> None:
    text = render_text(explain("不少于3次"))
    assert text.endswith(
        "评分 Scoring: 给出 --actual（及 --weight）可查看评分步骤 / "
        "give --actual (and --weight) to see each scoring step\n"
    )
    assert "  实际值应不低于3次（数量）\n" in text


def test_unknown_unit_is_noted_not_warned(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "explain", "5艘", "--actual", "7艘", "--weight", "4")
    assert (code, err) == (0, "")
    assert (
        "注意 Note: unknown unit '艘' kept as an opaque count unit / 未知单位“艘”按计数单位处理\n"
        in out
    )
    assert "  │  └─ unit: 艘 (count; unknown unit / 未知单位)\n" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["explain", "≥90%%"], "[unexpected-token] line 1, column 5"),
        (["explain", "≥90%", "--actual", "55万元", "--weight", "1"], "[unit-mismatch]"),
        (["explain", "≥90%", "--actual", "87%", "--weight", "-1"], "[invalid-weight]"),
        (["explain", "≥90%", "--weight", "10"], "--weight needs --actual"),
    ],
)
def test_bad_input_exits_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = _run(capsys, *argv)
    assert (code, out) == (2, "")
    assert message in err and "Traceback" not in err
