"""Registered Python checks for what the rule language does not say well.

Each is registered with a declared signature (checked when a ruleset loads). They are
domain knowledge: the taxonomy, the direction table of the scoring policy, near-duplicate
text, and the scorer itself for self-assessments.
"""

from __future__ import annotations

import difflib
import functools
import re
from decimal import Decimal
from typing import TYPE_CHECKING

from ..errors import UnitMismatchError
from ..model import Indicator, Project

if TYPE_CHECKING:
    from ..judging import Judgement
    from ..scoring import IndicatorScore
from ..taxonomy import tier_of_category
from .functions import register_check

__all__: list[str] = []

# A 效益 category whose indicator names none of its own concerns is probably misfiled:
# 社会稳定水平 or 遏制腐败现象 under 经济效益指标.
_CATEGORY_WORDS: dict[str, re.Pattern[str]] = {
    "经济效益指标": re.compile(
        "经济|收入|增收|产值|利润|税|投资|节约|节省|成本|效益|资金|价格|就业|产业|销售|营收|GDP|财政"
    ),
    "社会效益指标": re.compile(
        "社会|群众|公众|居民|民生|稳定|安全|服务|保障|廉政|腐败|公平|就业|教育|健康|文化|"
        "治理|对接|覆盖|发放|救助|宣传|意识|水平|能力|满意|秩序"
    ),
    "生态效益指标": re.compile(
        "生态|环境|绿化|污染|排放|节能|减排|水质|空气|能耗|森林|植被|垃圾|噪声"
    ),
}


@register_check("tier_of", params=["string"], returns="string")
@functools.lru_cache(maxsize=1024)
def tier_of(category: str) -> str | None:
    """The 一级 tier a 二级 category belongs to (taxonomy), or null if unknown."""
    return tier_of_category(category)


@register_check("category_fits", params=["string", "string"], returns="bool")
@functools.lru_cache(maxsize=4096)
def category_fits(name: str, category: str) -> bool:
    """Whether an indicator name plausibly belongs to its 效益 category (keyword table)."""
    words = _CATEGORY_WORDS.get(category)
    return True if words is None else words.search(name) is not None


@register_check("lower_is_better", params=["string", "string"], returns="bool")
@functools.lru_cache(maxsize=4096)
def lower_is_better(name: str, category: str) -> bool:
    """Whether the mof-2020 direction table says lower is better for this name/category."""
    from ..judging import direction_for
    from ..policy import Direction

    return direction_for(name, category, "mof-2020").direction is Direction.LOWER


@register_check("near_duplicate", params=["string", "string"], returns="bool")
def near_duplicate(a: str, b: str) -> bool:
    """Whether two sentences are the same but for a few characters (similarity ≥ 0.9)."""
    if a == b:
        return True
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.9


def _scored(indicator: Indicator) -> IndicatorScore | None:
    """The policy's score of a self-assessment row, or None when it has nothing to score."""
    from ..scoring import score

    if indicator.weight is None or indicator.target_text is None:
        return None
    if indicator.target is None and indicator.target_error is not None:
        return None  # unparseable-target reports it; scoring it would be a rule-error
    try:
        return score(
            indicator.target if indicator.target is not None else indicator.target_text,
            indicator.actual,
            indicator.weight,
            name=indicator.name,
            category=indicator.category,
            tier=indicator.tier,
        )
    except UnitMismatchError:
        return None  # unreadable-actual reports it


@register_check("points", params=["indicator"], returns="number")
def points(indicator: Indicator) -> Decimal | None:
    """The points the scoring policy gives this self-assessment row (null if unscorable)."""
    result = _scored(indicator)
    return None if result is None else result.points


@register_check("over_achieved", params=["indicator"], returns="bool")
def over_achieved(indicator: Indicator) -> bool | None:
    """Whether the actual exceeds the target by the policy's over-achievement threshold."""
    from ..scoring import ScoreFlag

    result = _scored(indicator) if indicator.actual is not None else None
    return None if result is None else ScoreFlag.OVER_ACHIEVED in result.flags


@register_check("verdict", params=["indicator"], returns="string")
def verdict(indicator: Indicator) -> str | None:
    """met / partly / missed / not_evaluable for a self-assessment row."""
    if indicator.target_text is None:
        return None
    if indicator.target is None and indicator.target_error is not None:
        return None  # unparseable-target reports it
    judgement = _judged(indicator)
    return None if judgement is None else str(judgement.verdict.value)


def _judged(indicator: Indicator) -> Judgement | None:
    """The judge's verdict on a row, or None when the target or the units make it moot."""
    from ..judging import judge

    try:
        return judge(
            indicator.target if indicator.target is not None else indicator.target_text or "",
            indicator.actual,
            name=indicator.name,
            category=indicator.category,
        )
    except UnitMismatchError:
        return None  # unreadable-actual reports it


@register_check("actual_problem", params=["indicator"], returns="string")
def actual_problem(indicator: Indicator) -> str | None:
    """Why an actual given in a self-assessment cannot be judged against its target, or null.

    A missing actual is not a problem here (the row is simply not evaluable); a unit that
    does not fit the target (95% against ≥10万元) or an unreadable value is.
    """
    from ..judging import Reason, judge

    if indicator.actual is None or indicator.target_text is None:
        return None
    if indicator.target is None and indicator.target_error is not None:
        return None  # unparseable-target reports it
    try:
        judgement = judge(
            indicator.target if indicator.target is not None else indicator.target_text,
            indicator.actual,
            name=indicator.name,
            category=indicator.category,
        )
    except UnitMismatchError as err:
        return err.message_zh
    if judgement.reason is None or judgement.reason is Reason.MISSING:
        return None
    return judgement.reason_zh


@register_check("weight_problems", params=["project"], returns="list<string>")
def weight_problems(project: Project) -> tuple[str, ...]:
    """Tier weights that differ from the policy, or a total above 100 (from the scorecard)."""
    from ..assessment import project_scorecard

    card = project_scorecard(project, strict=False)
    return tuple(
        note.message_zh
        for note in card.notes
        if note.code in ("tier-weight-mismatch", "total-weight")
    )
