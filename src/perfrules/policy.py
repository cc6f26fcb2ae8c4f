"""Scoring policies: the rules of scoring as data (``rulesets/scoring/*.toml``).

A policy holds tier weights, the direction table, the formulas for missed targets, the
qualitative bands, grades and rounding. A local variant is a new TOML file, never a code
change. Loading is strict: an unknown key, a bad formula name or weights that do not add
up raise :class:`~perfrules.errors.PolicyError` pointing at the file and line.
"""

from __future__ import annotations

import functools
import itertools
import re
import tomllib
from collections.abc import Callable, Mapping
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Any, Final

import attrs

from .errors import PolicyError
from .resources import resource_path

__all__ = [
    "DEFAULT_POLICY",
    "Band",
    "Direction",
    "Formula",
    "Grade",
    "Policy",
    "PolicyLike",
    "load_policy",
    "resolve_policy",
]

DEFAULT_POLICY: Final = "mof-2020"


class Direction(StrEnum):
    """Which way is better for a quantitative target."""

    HIGHER = "higher"
    LOWER = "lower"


class Formula(StrEnum):
    """How a missed quantitative target earns part of its weight."""

    PROPORTIONAL = "proportional"  # weight × actual / target (higher is better)
    INVERSE = "inverse"  # weight × target / actual (lower is better)
    LINEAR_TO_ZERO = "linear-to-zero"  # lower is better: full at target, 0 at k × target
    ALL_OR_NOTHING = "all-or-nothing"


_HIGHER_FORMULAS: Final = (Formula.PROPORTIONAL, Formula.ALL_OR_NOTHING)
_LOWER_FORMULAS: Final = (Formula.INVERSE, Formula.LINEAR_TO_ZERO, Formula.ALL_OR_NOTHING)
_ROUNDING: Final = {"half-up": ROUND_HALF_UP, "half-even": ROUND_HALF_EVEN, "down": ROUND_DOWN}
_ROUNDING_ZH: Final = {"half-up": "四舍五入", "half-even": "银行家舍入", "down": "截断"}
_PROPORTIONAL: Final = "proportional"
_NONE: Final = "none"


@attrs.frozen
class Band:
    """A qualitative band: the level that picks it and its share of the weight [low, high]."""

    level: str
    low: Decimal
    high: Decimal


@attrs.frozen
class Grade:
    """A grade and the lowest total that earns it."""

    name: str
    minimum: Decimal


@attrs.frozen(cache_hash=True)
class Policy:
    """One scoring policy, loaded from a TOML file (see ``rulesets/scoring/mof-2020.toml``)."""

    id: str
    title_zh: str
    title_en: str
    source: str
    file: str
    total: Decimal
    execution_tier: str
    tiers: tuple[tuple[str, Decimal], ...]
    redistribution: tuple[tuple[str, str], ...]
    default_direction: Direction
    lower_categories: tuple[str, ...]
    lower_name_suffixes: tuple[str, ...]
    higher_formula: Formula
    lower_formula: Formula
    lower_zero_at: Decimal
    equal_tolerance: Decimal
    equal_miss: str
    over_threshold: Decimal
    over_penalty: Decimal
    bands: tuple[Band, ...]
    partly_steps: int
    grades: tuple[Grade, ...]
    decimals: int
    rounding_mode: str

    @property
    def tier_weights(self) -> dict[str, Decimal]:
        """Tier name → weight, in file order."""
        return dict(self.tiers)

    @property
    def quantum(self) -> Decimal:
        """The rounding step (``0.01`` for two decimals)."""
        return Decimal(1).scaleb(-self.decimals)

    def round(self, value: Decimal) -> Decimal:
        """Round ``value`` as the policy says (2 decimals, half-up by default)."""
        return value.quantize(self.quantum, rounding=_ROUNDING[self.rounding_mode])

    @property
    def rounding_zh(self) -> str:
        return f"保留{self.decimals}位小数，{_ROUNDING_ZH[self.rounding_mode]}"

    @property
    def rounding_en(self) -> str:
        return f"{self.decimals} decimals, {self.rounding_mode}"

    def grade(self, total: Decimal) -> str:
        """The grade a total earns (优 / 良 / 中 / 差 under mof-2020)."""
        for grade in self.grades:
            if total >= grade.minimum:
                return grade.name
        return self.grades[-1].name


PolicyLike = Policy | str | Path
"""A policy, a built-in policy name (``"mof-2020"``) or a path to a TOML file."""


def resolve_policy(policy: PolicyLike) -> Policy:
    """Return ``policy`` itself or load it by name or path (cached)."""
    if isinstance(policy, Policy):
        return policy
    return load_policy(policy)


def load_policy(name_or_path: str | Path) -> Policy:
    """Load a policy by built-in name (``"mof-2020"``) or from a TOML file path.

    Built-in names resolve to ``rulesets/scoring/<name>.toml``. Results are cached per
    name or resolved path; policies are immutable.
    """
    key = str(name_or_path)
    found = _LOADED.get(key)
    if found is None:
        found = _load(name_or_path)
        if _BUILTIN_NAME.fullmatch(key) or Path(key).is_absolute():  # not cwd-relative
            _LOADED[key] = found
    return found


_LOADED: dict[str, Policy] = {}


def _load(name_or_path: str | Path) -> Policy:
    if isinstance(name_or_path, str) and _BUILTIN_NAME.fullmatch(name_or_path):
        try:
            path = Path(str(resource_path("rulesets", "scoring", f"{name_or_path}.toml")))
        except FileNotFoundError:
            raise PolicyError(
                f"unknown scoring policy {name_or_path!r}",
                message_zh=f"未知的评分规则 {name_or_path!r}",
                file=f"{name_or_path}.toml",
                code="policy-not-found",
            ) from None
        return _load_cached(str(path))
    return _load_cached(str(Path(name_or_path).resolve()))


_BUILTIN_NAME: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*(?<!\.toml)")


@functools.lru_cache(maxsize=32)
def _load_cached(path: str) -> Policy:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as err:
        raise PolicyError(
            f"cannot read policy file: {err.strerror}",
            message_zh=f"无法读取评分规则文件：{err.strerror}",
            file=path,
            code="policy-not-found",
        ) from None
    return parse_policy(text, file=path)


def parse_policy(text: str, *, file: str = "<string>") -> Policy:
    """Build a :class:`Policy` from TOML text, strictly (see the module docstring)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        line = getattr(err, "lineno", None) or _line_from_message(str(err))
        raise PolicyError(
            f"invalid TOML: {err}",
            message_zh=f"TOML 格式错误：{err}",
            file=file,
            line=line,
            code="policy-toml",
        ) from None
    return _Builder(text, file, data).build()


def _line_from_message(message: str) -> int | None:
    found = re.search(r"line (\d+)", message)
    return int(found.group(1)) if found else None


class _Builder:
    """Validates the TOML tree against the schema and builds the policy."""

    def __init__(self, text: str, file: str, data: dict[str, Any]):
        self.lines = text.splitlines()
        self.file = file
        self.data = data

    # -- errors ---------------------------------------------------------------------------

    def fail(
        self, table: str, key: str | None, message: str, message_zh: str, code: str
    ) -> PolicyError:
        return PolicyError(
            message,
            message_zh=message_zh,
            file=self.file,
            line=self.line_of(table, key),
            code=code,
        )

    def line_of(self, table: str, key: str | None, occurrence: int = 0) -> int | None:
        """1-based line of ``key`` inside ``[table]`` (or of the header when key is None)."""
        current, seen, header_line = "", -1, None
        key_pattern = (
            re.compile(rf"""\s*(?:"{re.escape(key)}"|'{re.escape(key)}'|{re.escape(key)})\s*=""")
            if key is not None
            else None
        )
        for number, raw in enumerate(self.lines, start=1):
            stripped = raw.strip()
            header = re.fullmatch(r"\[\[?\s*([^\]]+?)\s*\]\]?(?:\s*#.*)?", stripped)
            if header:
                current = header.group(1).replace('"', "")
                if current == table:
                    seen += 1
                    if seen == occurrence:
                        header_line = number
                continue
            if (
                key_pattern is not None
                and current == table
                and seen == occurrence
                and key_pattern.match(raw)
            ):
                return number
            if key_pattern is not None and table == "" and current == "" and key_pattern.match(raw):
                return number
        return header_line

    # -- schema helpers -------------------------------------------------------------------

    def table(
        self, name: str, allowed: tuple[str, ...], *, required: bool = True
    ) -> dict[str, Any]:
        value = self.data.get(name)
        if value is None:
            if not required:
                return {}
            raise self.fail(
                "",
                None,
                f"missing table [{name}]",
                f"缺少表 [{name}]",
                "policy-missing-key",
            )
        if not isinstance(value, dict):
            raise self.fail(
                "", name, f"{name} must be a table", f"{name} 必须是表", "policy-bad-value"
            )
        if allowed:
            self.check_keys(name, value, allowed)
        return value

    def check_keys(self, table: str, value: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
        for key in value:
            if key not in allowed:
                raise self.fail(
                    table,
                    key,
                    f"unknown key {key!r} in [{table}] (allowed: {', '.join(allowed)})",
                    f"[{table}] 中有未知的键 {key!r}（允许：{'、'.join(allowed)}）",
                    "policy-unknown-key",
                )

    def get(
        self,
        table: str,
        value: Mapping[str, Any],
        key: str,
        convert: Callable[[Any], Any],
        what: str,
    ) -> Any:
        if key not in value:
            raise self.fail(
                table,
                None,
                f"missing key {key!r} in [{table}]",
                f"[{table}] 缺少键 {key!r}",
                "policy-missing-key",
            )
        try:
            return convert(value[key])
        except (TypeError, ValueError, InvalidOperation):
            raise self.fail(
                table,
                key,
                f"[{table}] {key} must be {what}, got {value[key]!r}",
                f"[{table}] {key} 应为{what}，实际为 {value[key]!r}",
                "policy-bad-value",
            ) from None

    # -- build ----------------------------------------------------------------------------

    def build(self) -> Policy:
        tables = (
            "policy", "tiers", "redistribution", "direction", "formulas", "equal",
            "over_achievement", "qualitative", "grades", "rounding",
        )  # fmt: skip
        for name in self.data:
            if name not in tables:
                raise self.fail(
                    name,
                    None,
                    f"unknown table [{name}] (allowed: {', '.join(tables)})",
                    f"未知的表 [{name}]（允许：{'、'.join(tables)}）",
                    "policy-unknown-key",
                )
        head = self.table(
            "policy", ("id", "title_zh", "title_en", "source", "total", "execution_tier")
        )
        total = self.get("policy", head, "total", _decimal, "a number")
        execution_tier = self.get("policy", head, "execution_tier", _text, "a tier name")

        tiers = self.tiers(total)
        names = [name for name, _ in tiers]
        if execution_tier not in names:
            raise self.fail(
                "policy",
                "execution_tier",
                f"execution_tier {execution_tier!r} is not a tier in [tiers]",
                f"execution_tier {execution_tier!r} 不在 [tiers] 中",
                "policy-bad-value",
            )
        redistribution = self.redistribution(names)
        direction = self.table("direction", ("default", "lower_categories", "lower_name_suffixes"))
        formulas = self.table("formulas", ("higher", "lower", "lower_zero_at"))
        higher = self.formula(formulas, "higher", _HIGHER_FORMULAS)
        lower = self.formula(formulas, "lower", _LOWER_FORMULAS)
        zero_at = (
            self.get("formulas", formulas, "lower_zero_at", _decimal, "a number")
            if "lower_zero_at" in formulas or lower is Formula.LINEAR_TO_ZERO
            else Decimal(2)
        )
        if zero_at <= 1:
            raise self.fail(
                "formulas",
                "lower_zero_at",
                "lower_zero_at must be greater than 1",
                "lower_zero_at 必须大于1",
                "policy-bad-value",
            )
        equal = self.table("equal", ("tolerance", "miss"))
        tolerance = self.get("equal", equal, "tolerance", _fraction, "a number in [0, 1)")
        miss = self.get(
            "equal", equal, "miss", _choice("direction", "higher"), '"direction" or "higher"'
        )
        over = self.table("over_achievement", ("threshold", "penalty"))
        threshold = self.get("over_achievement", over, "threshold", _decimal, "a number")
        penalty = self.get("over_achievement", over, "penalty", _fraction, "a number in [0, 1)")
        if threshold <= 1:
            raise self.fail(
                "over_achievement",
                "threshold",
                "threshold must be greater than 1",
                "threshold 必须大于1",
                "policy-bad-value",
            )
        bands, steps = self.qualitative()
        rounding = self.table("rounding", ("decimals", "mode"))
        decimals = self.get("rounding", rounding, "decimals", _small_int, "an integer 0–6")
        mode = self.get("rounding", rounding, "mode", _choice(*_ROUNDING), " or ".join(_ROUNDING))
        return Policy(
            id=self.get("policy", head, "id", _text, "a name"),
            title_zh=self.get("policy", head, "title_zh", _text, "a title"),
            title_en=self.get("policy", head, "title_en", _text, "a title"),
            source=self.get("policy", head, "source", _text, "a citation"),
            file=self.file,
            total=total,
            execution_tier=execution_tier,
            tiers=tiers,
            redistribution=redistribution,
            default_direction=self.get(
                "direction", direction, "default", Direction, '"higher" or "lower"'
            ),
            lower_categories=self.get(
                "direction", direction, "lower_categories", _texts, "a list of names"
            ),
            lower_name_suffixes=self.get(
                "direction", direction, "lower_name_suffixes", _texts, "a list of suffixes"
            ),
            higher_formula=higher,
            lower_formula=lower,
            lower_zero_at=zero_at,
            equal_tolerance=tolerance,
            equal_miss=miss,
            over_threshold=threshold,
            over_penalty=penalty,
            bands=bands,
            partly_steps=steps,
            grades=self.grades(),
            decimals=decimals,
            rounding_mode=mode,
        )

    def tiers(self, total: Decimal) -> tuple[tuple[str, Decimal], ...]:
        raw = self.table("tiers", ())
        if not raw:
            raise self.fail("tiers", None, "[tiers] is empty", "[tiers] 为空", "policy-bad-value")
        tiers = tuple(
            (name, self.get("tiers", raw, name, _non_negative, "a non-negative number"))
            for name in raw
        )
        weight_sum = sum((weight for _, weight in tiers), Decimal(0))
        if weight_sum != total:
            raise self.fail(
                "tiers",
                None,
                f"tier weights add up to {weight_sum}, not the policy total {total}",
                f"一级指标权重合计为 {weight_sum}，不等于总分 {total}",
                "policy-weights",
            )
        return tiers

    def redistribution(self, names: list[str]) -> tuple[tuple[str, str], ...]:
        raw = self.table("redistribution", ())
        rules = []
        for tier, goes_to in raw.items():
            if tier not in names:
                raise self.fail(
                    "redistribution",
                    tier,
                    f"{tier!r} is not a tier in [tiers]",
                    f"{tier!r} 不在 [tiers] 中",
                    "policy-unknown-key",
                )
            if goes_to not in (_PROPORTIONAL, _NONE) and (goes_to not in names or goes_to == tier):
                raise self.fail(
                    "redistribution",
                    tier,
                    f"{tier!r} must go to another tier, {_PROPORTIONAL!r} or {_NONE!r}, "
                    f"got {goes_to!r}",
                    f"{tier!r} 的权重应转给另一个一级指标、{_PROPORTIONAL!r} 或 {_NONE!r}，"
                    f"实际为 {goes_to!r}",
                    "policy-bad-value",
                )
            rules.append((tier, str(goes_to)))
        return tuple(rules)

    def formula(
        self, formulas: Mapping[str, Any], key: str, allowed: tuple[Formula, ...]
    ) -> Formula:
        value = formulas.get(key)
        if value not in allowed:
            names = ", ".join(f'"{f}"' for f in allowed)
            raise self.fail(
                "formulas",
                key if key in formulas else None,
                f"bad formula name {value!r} for {key} (allowed: {names})",
                f"{key} 的公式名 {value!r} 无效（允许：{names}）",
                "policy-formula",
            )
        return Formula(value)

    def qualitative(self) -> tuple[tuple[Band, ...], int]:
        raw = self.table("qualitative", ("partly_steps", "bands"))
        steps = self.get("qualitative", raw, "partly_steps", _small_int, "an integer 0–6")
        listed = raw.get("bands")
        if not isinstance(listed, list) or len(listed) != 3:
            raise self.fail(
                "qualitative",
                None,
                "[[qualitative.bands]] must list exactly three bands (达成 / 部分达成 / 未达成)",
                "[[qualitative.bands]] 必须恰好列出三个档次（达成 / 部分达成 / 未达成）",
                "policy-bad-value",
            )
        bands = []
        for i, item in enumerate(listed):
            where = "qualitative.bands"
            if not isinstance(item, dict):
                raise self.fail(
                    where, None, "a band must be a table", "档次必须是表", "policy-bad-value"
                )
            for key in item:
                if key not in ("level", "low", "high"):
                    raise PolicyError(
                        f"unknown key {key!r} in [[{where}]] (allowed: level, low, high)",
                        message_zh=f"[[{where}]] 中有未知的键 {key!r}（允许：level、low、high）",
                        file=self.file,
                        line=self.line_of(where, key, occurrence=i),
                        code="policy-unknown-key",
                    )
            level = self.get(where, item, "level", _text, "a level word")
            low = self.get(where, item, "low", _percent, "a percentage 0–100") / 100
            high = self.get(where, item, "high", _percent, "a percentage 0–100") / 100
            if low > high:
                raise PolicyError(
                    f"band {level!r}: low {low * 100} is above high {high * 100}",
                    message_zh=f"档次 {level!r} 的下限 {low * 100} 高于上限 {high * 100}",
                    file=self.file,
                    line=self.line_of(where, "low", occurrence=i),
                    code="policy-bad-value",
                )
            bands.append(Band(level, low, high))
        ordered = all(a.low >= b.high for a, b in itertools.pairwise(bands))
        if not ordered or bands[0].high != 1 or bands[-1].low != 0:
            raise self.fail(
                "qualitative",
                None,
                "bands must run from 100% down to 0%, highest first, without overlap",
                "档次须自100%至0%由高到低排列且互不重叠",
                "policy-bad-value",
            )
        return tuple(bands), steps

    def grades(self) -> tuple[Grade, ...]:
        raw = self.table("grades", ())
        grades = tuple(
            Grade(name, self.get("grades", raw, name, _non_negative, "a non-negative number"))
            for name in raw
        )
        minimums = [grade.minimum for grade in grades]
        if (
            not grades
            or minimums != sorted(minimums, reverse=True)
            or len(set(minimums)) != len(minimums)
        ):
            raise self.fail(
                "grades",
                None,
                "grades must be listed highest first with distinct thresholds",
                "等级须按分数线由高到低排列且分数线互不相同",
                "policy-bad-value",
            )
        if minimums[-1] != 0:
            raise self.fail(
                "grades",
                grades[-1].name,
                "the last grade must start at 0 so every total has a grade",
                "最后一个等级的分数线必须为0，使任何总分都有等级",
                "policy-bad-value",
            )
        return grades


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, float):
        value = repr(value)  # TOML floats: keep the digits the author wrote
    if not isinstance(value, int | str):
        raise TypeError(type(value).__name__)
    result = Decimal(value)
    if not result.is_finite():
        raise ValueError("not finite")
    return result


def _non_negative(value: Any) -> Decimal:
    result = _decimal(value)
    if result < 0:
        raise ValueError("negative")
    return result


def _fraction(value: Any) -> Decimal:
    result = _non_negative(value)
    if result >= 1:
        raise ValueError("not below 1")
    return result


def _percent(value: Any) -> Decimal:
    result = _non_negative(value)
    if result > 100:
        raise ValueError("above 100")
    return result


def _small_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 6:
        raise ValueError("not an integer 0–6")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError("not a non-empty string")
    return value


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise TypeError("not a list")
    return tuple(_text(item) for item in value)


def _choice(*allowed: str) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if value not in allowed:
            raise ValueError(value)
        return str(value)

    return convert
