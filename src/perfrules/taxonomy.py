"""The indicator taxonomy as data: 一级 tiers, 二级 categories, their synonyms.

Documents spell the same tier or category many ways: with or without the 指标 suffix,
with a weight in brackets (``产出指标（70分）``), in traditional characters
(``產出指標``), or with a regional name (``满意度指标`` for ``服务对象满意度指标``,
``经济成本指标`` under 成本). The tables below map every known spelling to one canonical
name; the functions normalise a cell's text and look it up. Unknown names return ``None``
so that a loader can keep the text as written and a rule can report it.

The canonical tiers follow 财预〔2020〕10号 (the ``mof-2020`` scoring policy):
产出 / 效益 / 满意度, plus 预算执行率 as the fourth scored line of a self-assessment.
A ``成本指标`` tier (the 2021 layout that lifts cost to a tier of its own) is folded
into 产出指标, where that policy scores cost.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from decimal import Decimal
from typing import Final

__all__ = [
    "CATEGORIES",
    "CATEGORY_SYNONYMS",
    "TIERS",
    "TIER_SYNONYMS",
    "canonical_text",
    "normalize_category",
    "normalize_tier",
    "tier_of_category",
]

OUTPUT: Final = "产出指标"
BENEFIT: Final = "效益指标"
SATISFACTION: Final = "满意度指标"
EXECUTION: Final = "预算执行率"

TIERS: Final[tuple[str, ...]] = (OUTPUT, BENEFIT, SATISFACTION, EXECUTION)
"""Canonical 一级 names, in the order tables list them."""

CATEGORIES: Final[dict[str, str]] = {
    "数量指标": OUTPUT,
    "质量指标": OUTPUT,
    "时效指标": OUTPUT,
    "成本指标": OUTPUT,
    "经济效益指标": BENEFIT,
    "社会效益指标": BENEFIT,
    "生态效益指标": BENEFIT,
    "可持续影响指标": BENEFIT,
    "服务对象满意度指标": SATISFACTION,
}
"""Canonical 二级 name → the canonical 一级 it belongs to."""

TIER_SYNONYMS: Final[dict[str, str]] = {
    "产出": OUTPUT,
    "效益": BENEFIT,
    "效果指标": BENEFIT,
    "满意度": SATISFACTION,
    "服务对象满意度指标": SATISFACTION,
    "社会公众或服务对象满意度指标": SATISFACTION,
    "成本指标": OUTPUT,
    "成本": OUTPUT,
    "预算执行率指标": EXECUTION,
    "资金执行率": EXECUTION,
    "预算资金执行率": EXECUTION,
    "执行率": EXECUTION,
}
"""Other spellings of a tier (after :func:`canonical_text`) → canonical tier."""

CATEGORY_SYNONYMS: Final[dict[str, str]] = {
    "数量": "数量指标",
    "质量": "质量指标",
    "时效": "时效指标",
    "成本": "成本指标",
    "经济成本指标": "成本指标",
    "社会成本指标": "成本指标",
    "生态环境成本指标": "成本指标",
    "环境成本指标": "成本指标",
    "经济效益": "经济效益指标",
    "社会效益": "社会效益指标",
    "生态效益": "生态效益指标",
    "生态环境效益指标": "生态效益指标",
    "环境效益指标": "生态效益指标",
    "可持续影响": "可持续影响指标",
    "可持续发展指标": "可持续影响指标",
    "满意度指标": "服务对象满意度指标",
    "满意度": "服务对象满意度指标",
    "服务对象满意度": "服务对象满意度指标",
    "社会公众或服务对象满意度指标": "服务对象满意度指标",
    "社会公众满意度指标": "服务对象满意度指标",
}
"""Other spellings of a category (after :func:`canonical_text`) → canonical category."""

# Traditional characters met in tier and category names → simplified.
_TRADITIONAL: Final = str.maketrans(
    {
        "產": "产",
        "標": "标",
        "滿": "满",
        "數": "数",
        "質": "质",
        "時": "时",
        "經": "经",
        "濟": "济",
        "會": "会",
        "態": "态",
        "續": "续",
        "響": "响",
        "務": "务",
        "對": "对",
        "預": "预",
        "執": "执",
        "環": "环",
        "發": "发",
        "與": "与",
    }
)

_SPACE = re.compile(r"\s+")
_NUMBERING = re.compile(r"^(?:\d+[.、]|\(?[一二三四五六七八九十]+[)、]|\(\d+\))")
_WEIGHT = re.compile(
    r"^(?P<name>.*?)\s*\(\s*(?:权重|分值)?[:：]?\s*(?P<weight>\d+(?:\.\d+)?)\s*(?:分|%)?\s*\)$"
)
_TRAILING_WEIGHT = re.compile(r"^(?P<name>\D*?)\s*(?P<weight>\d+(?:\.\d+)?)\s*分$")


def canonical_text(text: str) -> str:
    """NFKC, no whitespace, simplified characters, no leading numbering or trailing colon."""
    text = unicodedata.normalize("NFKC", text).translate(_TRADITIONAL)
    text = _SPACE.sub("", text).rstrip(":：")
    return _NUMBERING.sub("", text)


def _split_weight(text: str) -> tuple[str, Decimal | None]:
    for pattern in (_WEIGHT, _TRAILING_WEIGHT):
        match = pattern.match(text)
        if match and match.group("name"):
            return match.group("name"), Decimal(match.group("weight"))
    return text, None


def normalize_tier(text: str) -> tuple[str | None, Decimal | None]:
    """The canonical 一级 name in ``text`` and the weight it carries, if any.

    ``产出指标（70分）`` → ``("产出指标", Decimal("70"))``; ``產出指標`` → ``("产出指标", None)``;
    an unknown name gives ``(None, weight)``.
    """
    name, weight = _split_weight(canonical_text(text))
    return _lookup(name, TIERS, TIER_SYNONYMS), weight


def normalize_category(text: str) -> str | None:
    """The canonical 二级 name in ``text`` (``经济成本指标`` → ``成本指标``), or ``None``."""
    name, _ = _split_weight(canonical_text(text))
    return _lookup(name, CATEGORIES, CATEGORY_SYNONYMS)


def tier_of_category(category: str) -> str | None:
    """The canonical 一级 that a 二级 name (any accepted spelling) belongs to, or ``None``."""
    canonical = normalize_category(category)
    return CATEGORIES.get(canonical) if canonical else None


def _lookup(name: str, canonical: Collection[str], synonyms: dict[str, str]) -> str | None:
    if name in canonical:
        return name
    if name in synonyms:
        return synonyms[name]
    with_suffix = f"{name}指标"
    if with_suffix in canonical:
        return with_suffix
    return synonyms.get(with_suffix)
