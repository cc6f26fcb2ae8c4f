"""A project's scorecard: execution, tier subtotals, redistribution, notes, lost points."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from perfrules.aggregate import ScoreRow, normalise_tier, scorecard
from perfrules.judging import Reason, Verdict
from perfrules.policy import load_policy


def _rows() -> list[ScoreRow]:
    return [
        ScoreRow(
            "培训人次", "≥1000人次", "900人次", D(20), "产出指标（50分）", "数量指标", D(18), "B7"
        ),
        ScoreRow("合格率", "≥90%", "95%", D(15), "产出指标", "质量指标", D(15), "B8"),
        ScoreRow("成本", "55.2万元", "60万元", D(15), "产出", "成本指标", D("13.8"), "B9"),
        ScoreRow("就业率", "≥80%", "84%", D(30), "效益指标", "社会效益指标", D(30), "B10"),
        ScoreRow("满意度", "≥90%", "92%", D(10), "服务对象满意度指标", None, D(10), "B11"),
    ]


def test_full_card() -> None:
    card = scorecard(_rows(), budget="100万元", spent="95万元")
    assert card.execution is not None
    assert card.execution.rate == D("0.95")
    assert card.execution.points == D("9.50")
    assert [row.score.points for row in card.rows] == [
        D("18.00"), D("15.00"), D("13.80"), D("30.00"), D("10.00"),
    ]  # fmt: skip
    assert card.total == D("96.30")
    assert card.max_points == D(100)
    assert card.grade == "优"
    tiers = {tier.tier: tier for tier in card.tiers}
    assert tiers["产出指标"].points == D("46.80") and tiers["产出指标"].row_weight == 50
    assert tiers["预算执行率"].points == D("9.50")
    assert tiers["满意度指标"].rows == 1
    assert card.notes == ()  # claimed scores match, weights add up


def test_every_lost_point_is_attributed() -> None:
    card = scorecard(_rows(), budget=1000000, spent=950000)
    losses = card.lost
    assert [(loss.where, loss.lost) for loss in losses] == [
        ("B7 培训人次", D("2.00")),
        ("B9 成本", D("1.20")),
        ("预算执行率", D("0.50")),
    ]
    assert sum(loss.lost for loss in losses) == card.max_points - card.total
    assert losses[0].reason_zh == "实际值900人次，目标≥1000人次，未达标，差100人次；得分18/20"
    assert losses[2].reason_zh == "执行率95%（95万元/100万元）；得分9.5/10"


def test_missing_satisfaction_is_redistributed_to_benefit() -> None:
    rows = [row for row in _rows() if row.name != "满意度"]
    card = scorecard(rows, budget=100, spent=100)
    tiers = {tier.tier: tier for tier in card.tiers}
    assert tiers["效益指标"].weight == 40
    assert tiers["效益指标"].received_from == (("满意度指标", D(10)),)
    codes = [note.code for note in card.notes]
    assert "tier-redistributed" in codes
    assert "tier-weight-mismatch" in codes  # 效益 rows still weigh 30, not 40
    assert "total-weight" in codes


def test_without_amounts_execution_is_not_scored() -> None:
    card = scorecard(_rows())
    assert card.execution is None
    assert card.max_points == 90
    assert any(note.code == "tier-missing" for note in card.notes)


def test_invalid_amounts_are_not_evaluable() -> None:
    card = scorecard(_rows(), budget=0, spent=10)
    assert card.execution is not None and not card.execution.evaluable
    assert card.execution.points == D("0.00")
    assert any(note.code == "execution-not-evaluable" for note in card.notes)


def test_overspending_is_capped_and_noted() -> None:
    card = scorecard(_rows(), budget="100万元", spent="110万元")
    assert card.execution is not None and card.execution.points == D("10.00")
    assert any(note.code == "over-spent" for note in card.notes)


def test_claimed_differs_beyond_rounding() -> None:
    rows = _rows()
    rows[0] = ScoreRow("培训人次", "≥1000人次", "900人次", D(20), "产出指标", None, D(20), "B7")
    rows[2] = ScoreRow("成本", "55.2万元", "60万元", D(15), "产出指标", "成本指标", D("13.81"))
    card = scorecard(rows, budget=1, spent=1)
    differs = [note for note in card.notes if note.code == "claimed-differs"]
    assert len(differs) == 1  # 13.81 vs 13.80 is within one rounding step
    assert differs[0].locator == "B7"
    assert differs[0].message_zh == "“培训人次”自评得分20，复核得分18，相差2"
    assert card.rows[0].claimed_difference == D("2.00")


def test_row_weights_not_adding_up_are_reported() -> None:
    rows = _rows()
    rows[1] = ScoreRow("合格率", "≥90%", "95%", D(10), "产出指标", "质量指标")
    card = scorecard(rows, budget=1, spent=1)
    mismatch = [note for note in card.notes if note.code == "tier-weight-mismatch"]
    assert [note.message_en for note in mismatch] == [
        "the rows of '产出指标' weigh 45 in total, expected 50"
    ]


def test_unreadable_rows_are_kept_as_not_evaluable() -> None:
    rows = [
        ScoreRow("a", "≥90%", "55.2万元", D(25), "产出指标"),
        ScoreRow("b", "≥≥90", "1", D(25), "产出指标"),
        ScoreRow("c", "≥90%", None, D(30), "效益指标"),
        ScoreRow("d", "是", "是", D(10), "满意度指标"),
    ]
    card = scorecard(rows, budget=1, spent=1)
    reasons = [row.score.judgement.reason for row in card.rows]
    assert reasons == [Reason.UNIT_MISMATCH, Reason.UNPARSEABLE_TARGET, Reason.MISSING, None]
    assert [row.score.verdict for row in card.rows][:3] == [Verdict.NOT_EVALUABLE] * 3
    assert sum(note.code == "not-evaluable" for note in card.notes) == 3
    assert card.total == D("20.00")


def test_execution_row_is_not_double_counted() -> None:
    rows = [*_rows(), ScoreRow("预算执行率", "=100%", "95%", D(10), "预算执行率")]
    with_amounts = scorecard(rows, budget=100, spent=95)
    assert with_amounts.total == D("96.30")
    assert not with_amounts.rows[-1].counted
    without = scorecard(rows)
    assert without.total == D("96.30")  # the row is the execution line: 10 × 95/100
    assert without.rows[-1].counted


def test_unknown_tier_is_counted_with_a_note() -> None:
    rows = [*_rows(), ScoreRow("x", "是", "是", D(5), "其他指标")]
    card = scorecard(rows, budget=1, spent=1)
    assert card.total == D("101.80")  # 86.80 rows + 10 execution + 5 unknown-tier row
    assert any(note.code == "unknown-tier" for note in card.notes)
    assert card.tiers[-1].tier == "其他指标"


@pytest.mark.parametrize(
    ("written", "tier"),
    [
        ("产出指标（50分）", "产出指标"),
        ("产出指标(50)", "产出指标"),
        ("产出", "产出指标"),
        (" 效益 指标 ", "效益指标"),
        ("效果指标", "效益指标"),
        ("服务对象满意度指标", "满意度指标"),
        ("满意度指标10分", "满意度指标"),
        ("成本指标", "产出指标"),
        ("预算资金执行率", "预算执行率"),
        ("其他", None),
    ],
)
def test_normalise_tier(written: str, tier: str | None) -> None:
    assert normalise_tier(written, load_policy("mof-2020")) == tier


def test_local_policy_grades() -> None:
    card = scorecard(_rows(), budget=100, spent=95, policy="local-80-70-60")
    assert card.policy_id == "local-80-70-60"
    assert card.grade == "优"
    assert any(note.code == "tier-weight-mismatch" for note in card.notes)


def test_explain_record() -> None:
    record = scorecard(_rows(), budget=100, spent=95).explain()
    assert record["total"] == "96.30" and record["grade"] == "优"
    assert record["lost"][0] == {"where": "B7 培训人次", "tier": "产出指标", "lost": "2.00"}
