"""Part 1 of a department document: overall goals, duties, safeguard measures.

Part 1 is prose, not a table: headings (``一、总体绩效目标``), 一是 / 二是 goal paragraphs,
duties (``一、职责名称：办案问责`` followed by ``1.职责描述：`` … ``4.绩效描述：``) and
（一）/（二） measures. The text and DOCX loaders hand its paragraphs here as
``(text, locator)`` pairs with blank lines and field codes already removed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from ..model import Duty, Locator, Statement
from .values import Notes

__all__ = ["Part1", "cn_number", "read_part1"]

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "一二三四五六七八九十"
_PART = re.compile(rf"^第[{_CN}]+部分$")
_HEADING = re.compile(rf"^([{_CN}]+)\s*[、.．]\s*(.+)$")
_DUTY_FIELD = re.compile(
    r"^(\d+)\s*[.、．]\s*(职责描述|绩效目标|绩效指标|绩效描述)\s*[:：]\s*(.*)$"
)
_GOAL = re.compile(rf"^([{_CN}]+)是\s*(.*)$")
_MEASURE = re.compile(rf"^[(（]\s*([{_CN}]+)\s*[)）]\s*(.*)$")
_SENTENCE_MARKS = re.compile(r"[。，；：:,;]")
_YEAR = re.compile(r"(\d{4})\s*年")
_FIELDS = {
    "职责描述": "description",
    "绩效目标": "goal",
    "绩效指标": "indicator",
    "绩效描述": "performance_description",
}


def cn_number(text: str) -> int:
    """``一`` → 1, ``十`` → 10, ``十二`` → 12, ``二十三`` → 23 (up to 99)."""
    if "十" not in text:
        return _CN_DIGITS.get(text, 0)
    tens, _, ones = text.partition("十")
    return _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(ones, 0)


@attrs.frozen
class Part1:
    """What Part 1 says; ``summary`` is the paragraph before the numbered overall goals."""

    summary: str | None
    summary_locator: Locator | None
    overall_goals: tuple[Statement, ...]
    duties: tuple[Duty, ...]
    measures: tuple[Statement, ...]
    year: int | None


class _DutyBuilder:
    def __init__(self, number: int, name: str, locator: Locator) -> None:
        self.number, self.name, self.locator = number, name, locator
        self.fields: dict[str, str] = {}
        self.locators: dict[str, Locator | None] = {"name": locator}

    def build(self) -> Duty:
        return Duty(
            self.number,
            self.name,
            description=self.fields.get("description"),
            goal=self.fields.get("goal"),
            indicator=self.fields.get("indicator"),
            performance_description=self.fields.get("performance_description"),
            locator=self.locator,
            locators=self.locators,
        )


def read_part1(lines: Sequence[tuple[str, Locator]], notes: Notes) -> Part1:
    """Read Part 1 from its non-blank paragraphs."""
    section = ""
    summary: tuple[str, Locator] | None = None
    goals: list[Statement] = []
    duties: list[_DutyBuilder] = []
    measures: list[Statement] = []
    after_heading = True

    for text, loc in lines:
        text = text.strip()
        if _PART.match(text):
            after_heading = True
            continue
        heading = _HEADING.match(text)
        if heading and "职责名称" in heading.group(2):
            name = re.sub(r"^职责名称\s*[:：]?\s*", "", heading.group(2)).strip()
            duties.append(_DutyBuilder(cn_number(heading.group(1)), name, loc))
            section, after_heading = "duties", False
            continue
        if heading and not _SENTENCE_MARKS.search(heading.group(2)):
            title = heading.group(2)
            section = (
                "overall"
                if "总体" in title
                else "duties"
                if "分项" in title or "职责" in title
                else "measures"
                if "保障" in title or "措施" in title
                else "other"
            )
            after_heading = True
            continue
        if after_heading and len(text) <= 30 and not _SENTENCE_MARKS.search(text):
            after_heading = False  # a subtitle under the heading
            continue
        after_heading = False
        if section == "overall":
            match = _GOAL.match(text)
            if match:
                goals.append(Statement(cn_number(match.group(1)), match.group(2), locator=loc))
            elif summary is None and not goals:
                summary = (text, loc)
            else:
                goals.append(Statement(None, text, locator=loc))
            continue
        if section == "duties" and duties:
            field = _DUTY_FIELD.match(text)
            if field:
                key = _FIELDS[field.group(2)]
                duties[-1].fields[key] = field.group(3).strip()
                duties[-1].locators[key] = loc
                continue
        if section == "measures":
            match = _MEASURE.match(text)
            number = cn_number(match.group(1)) if match else None
            measures.append(Statement(number, match.group(2) if match else text, locator=loc))
            continue
        notes.warn(
            "ignored-line",
            f"line not understood in Part 1, ignored: {text[:40]}",
            f"第一部分中无法识别的行，已忽略：{text[:40]}",
            loc,
        )

    year_match = _YEAR.search(summary[0]) if summary else None
    return Part1(
        summary=summary[0] if summary else None,
        summary_locator=summary[1] if summary else None,
        overall_goals=tuple(goals),
        duties=tuple(d.build() for d in duties),
        measures=tuple(measures),
        year=int(year_match.group(1)) if year_match else None,
    )
