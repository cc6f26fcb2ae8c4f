"""Boolean words and qualitative scales, as data.

A qualitative scale is an ordered list of levels, lowest first; each level may have
synonyms. Scales are extensible at run time with :func:`register_scale` (a province's own
wording), without touching the grammar: the parser looks whole words up here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

import attrs

__all__ = [
    "BOOLEAN_WORDS",
    "SCALES",
    "Level",
    "Scale",
    "boolean_word",
    "level_word",
    "register_scale",
]

BOOLEAN_WORDS: Final[dict[str, bool]] = {}
"""Word → truth value for yes/no targets and actuals."""

for _word in (
    "是", "有", "已建立", "建立", "已建成", "建成", "完成", "已完成", "全部完成", "按时完成",
    "√", "✓", "✔", "对", "已落实", "落实", "健全", "已健全", "齐全", "达标", "已达标",
    "通过", "已通过", "实现", "已实现", "具备", "已具备", "符合", "yes", "true", "y",
):  # fmt: skip
    BOOLEAN_WORDS[_word] = True
for _word in (
    "否", "无", "没有", "未建立", "未建成", "未完成", "×", "✗", "✘", "未落实", "不健全",
    "未达标", "未通过", "未实现", "不具备", "不符合", "no", "false", "n",
):  # fmt: skip
    BOOLEAN_WORDS[_word] = False


@attrs.frozen
class Level:
    """One level of a scale: its canonical word, rank (0 = lowest) and synonyms."""

    word: str
    rank: int
    synonyms: tuple[str, ...] = ()


@attrs.frozen
class Scale:
    """A named, ordered qualitative scale."""

    name: str
    levels: tuple[Level, ...]

    def level(self, word: str) -> Level | None:
        for level in self.levels:
            if word == level.word or word in level.synonyms:
                return level
        return None


SCALES: Final[dict[str, Scale]] = {}
"""Scale name → scale. The first scale registered for a word is that word's default."""

_WORDS: Final[dict[str, tuple[Scale, Level]]] = {}


def register_scale(
    name: str, levels: Iterable[str | tuple[str, Iterable[str]]], *, replace: bool = False
) -> Scale:
    """Register an ordered scale (lowest level first); a level may carry synonyms.

    >>> register_scale("demo", ["低", ("高", ["很高"])]).level("很高").rank
    1

    Words already owned by another scale keep their default scale; the new scale can still
    be named explicitly in an expression (``demo:高``).
    """
    if not name.isidentifier() or not name.isascii():
        raise ValueError(f"scale name must be an ASCII identifier, got {name!r}")
    if name in SCALES and not replace:
        raise ValueError(f"scale {name!r} is already registered")
    built = []
    for rank, item in enumerate(levels):
        if isinstance(item, str):
            built.append(Level(item, rank))
        else:
            word, synonyms = item
            built.append(Level(word, rank, tuple(synonyms)))
    if not built:
        raise ValueError("a scale needs at least one level")
    scale = Scale(name, tuple(built))
    SCALES[name] = scale
    _forget_parses()
    for level in scale.levels:
        for word in (level.word, *level.synonyms):
            if word in BOOLEAN_WORDS:
                continue
            _WORDS.setdefault(word, (scale, level))
    return scale


def _forget_parses() -> None:
    """Parsing is memoised; a new scale may change what a word means, so drop the memo."""
    import sys

    parse = getattr(sys.modules.get("perfrules.parser"), "parse", None)
    if parse is not None:  # not while the parser module itself is still importing
        parse.cache_clear()


register_scale("good", ["差", "一般", "较好", ("好", ["良好"])])
register_scale("grade", ["差", "中", "良", ("优", ["优秀"])])
register_scale("level", ["低", "较低", "中等", "较高", "高"])
register_scale(
    "improvement",
    [
        ("有所提升", ["有所提高", "逐步提升", "逐步提高", "稳步提升", "稳步提高"]),
        ("明显提升", ["明显提高", "进一步提升", "进一步提高", "大幅提升", "大幅提高"]),
        ("显著提升", ["显著提高"]),
    ],
)
register_scale(
    "change",
    [
        ("逐步改善", ["有所改善", "逐步改进", "有所改进", "持续改善"]),
        ("明显改善", ["进一步改善", "明显改进"]),
        ("显著改善", ["显著改进"]),
    ],
)
register_scale(
    "effect", [("初见成效", ["有一定成效", "成效一般"]), "成效明显", ("成效显著", ["效果显著"])]
)
register_scale("satisfaction", ["不满意", "基本满意", ("较满意", ["比较满意"]), "满意", "非常满意"])
register_scale(
    "achievement",
    [
        ("未达成年度指标且效果较差", ["未达成", "未达成年度指标"]),
        ("部分达成年度指标并具有一定效果", ["部分达成", "部分达成年度指标"]),
        ("达成年度指标", ["达成", "达成预期指标", "全面达成"]),
    ],
)


def boolean_word(word: str) -> bool | None:
    """The truth value of a yes/no word, or None."""
    return BOOLEAN_WORDS.get(word.strip().lower() if word.isascii() else word.strip())


def level_word(word: str, scale: str | None = None) -> tuple[Scale, Level] | None:
    """The scale and level a word names (in ``scale`` if given, else its default scale)."""
    word = word.strip()
    if scale is not None:
        found = SCALES.get(scale)
        level = found.level(word) if found else None
        return (found, level) if found and level else None
    return _WORDS.get(word)


def default_scale_of(word: str) -> str | None:
    """Name of the scale a bare word resolves to, or None."""
    hit = _WORDS.get(word)
    return hit[0].name if hit else None


def scales_snapshot() -> Mapping[str, Scale]:
    """A read-only view of the registered scales."""
    return dict(SCALES)
