"""The document model: locators, equality, helpers; the taxonomy."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from perfrules.model import (
    Budget,
    FieldLocators,
    FundRow,
    FundSource,
    Indicator,
    Locator,
    Project,
    SelfAssessment,
)
from perfrules.taxonomy import normalize_category, normalize_tier, tier_of_category


@pytest.mark.parametrize(
    ("locator", "text"),
    [
        (Locator("a.txt", line=12), "a.txt:12"),
        (Locator("a.csv", line=3, column=7), "a.csv:3:7"),
        (Locator("a.xlsx", sheet="表1", cell="B7"), "a.xlsx!表1!B7"),
        (Locator("a.docx", table=2, cell="C4"), "a.docx#table2!C4"),
        (Locator("a.docx", paragraph=14), "a.docx#p14"),
        (Locator("a.json"), "a.json"),
    ],
)
def test_locator_text(locator: Locator, text: str) -> None:
    assert str(locator) == text


def test_field_locators_mapping() -> None:
    here, there = Locator("f", line=1), Locator("f", line=2)
    locs = FieldLocators.of({"weight": here, "claimed": None, "name": there})
    assert list(locs) == ["weight", "name"] and len(locs) == 2
    assert locs["weight"] == here and locs.get("claimed") is None and "name" in locs
    assert locs.as_dict() == {"weight": here, "name": there}
    with pytest.raises(KeyError):
        locs["claimed"]
    assert hash(locs) == hash(FieldLocators.of({"weight": here, "name": there}))


def test_locators_and_spelling_are_out_of_equality() -> None:
    a = Indicator(
        "完成率",
        tier="产出指标",
        tier_text="產出指標（50分）",
        locator=Locator("a", line=1),
        locators={"weight": Locator("a", line=1)},
    )
    b = Indicator("完成率", tier="产出指标", tier_text="产出指标", locator=Locator("b", line=9))
    assert a == b and hash(a) == hash(b)
    assert a.locate("weight") == Locator("a", line=1)
    assert a.locate("claimed") == Locator("a", line=1)  # falls back to the row
    assert b.locate("weight") == Locator("b", line=9)
    assert attrs.evolve(a, weight=Decimal(1)) != b


def test_models_are_frozen() -> None:
    indicator = Indicator("x")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        indicator.name = "y"  # type: ignore[misc]


def test_budget_and_assessment_helpers() -> None:
    budget = Budget(
        Decimal("55.20"), (FundSource("财政资金", Decimal("55.20")), FundSource("其他资金", None))
    )
    assert budget.sources_total() == Decimal("55.20") and budget.unit == "万元"
    total = FundRow("年度资金总额", "年度资金总额", annual_budget=Decimal(10), spent=Decimal(9))
    assessment = SelfAssessment(fund_rows=(total, FundRow("其他资金", "其他资金")))
    assert (assessment.budget, assessment.spent) == (Decimal(10), Decimal(9))
    assert assessment.fund_row("上年结转") is None
    assert SelfAssessment().budget is None
    assert Project("p", code="c").label == "c p" and Project(None).label == "(unnamed project)"


@pytest.mark.parametrize(
    ("text", "tier", "weight"),
    [
        ("产出指标", "产出指标", None),
        ("产出指标（70分）", "产出指标", Decimal(70)),
        ("产出指标(50)", "产出指标", Decimal(50)),
        ("效益指标 30分", "效益指标", Decimal(30)),
        ("產出指標", "产出指标", None),
        ("滿意度指標（10分）", "满意度指标", Decimal(10)),
        ("满意度", "满意度指标", None),
        ("服务对象满意度指标", "满意度指标", None),
        ("成本指标", "产出指标", None),
        ("预算执行率", "预算执行率", None),
        (" 效 益 指 标 ", "效益指标", None),
        ("其他", None, None),
    ],
)
def test_normalize_tier(text: str, tier: str | None, weight: Decimal | None) -> None:
    assert normalize_tier(text) == (tier, weight)


@pytest.mark.parametrize(
    ("text", "category", "tier"),
    [
        ("数量指标", "数量指标", "产出指标"),
        ("数量", "数量指标", "产出指标"),
        ("經濟效益指標", "经济效益指标", "效益指标"),
        ("经济成本指标", "成本指标", "产出指标"),
        ("社会成本指标", "成本指标", "产出指标"),
        ("生态环境成本指标", "成本指标", "产出指标"),
        ("满意度指标", "服务对象满意度指标", "满意度指标"),
        ("可持续影响指标", "可持续影响指标", "效益指标"),
        ("生态环境效益指标", "生态效益指标", "效益指标"),
        ("未知指标", None, None),
    ],
)
def test_normalize_category(text: str, category: str | None, tier: str | None) -> None:
    assert normalize_category(text) == category
    assert tier_of_category(text) == tier
