"""Scoring policies are data, loaded strictly: errors name the file and the line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from perfrules.errors import PolicyError
from perfrules.policy import Direction, Formula, load_policy, parse_policy, resolve_policy
from perfrules.resources import resource_path
from perfrules.scoring import score

MOF = Path(str(resource_path("rulesets", "scoring", "mof-2020.toml")))


def test_mof_2020_values() -> None:
    policy = load_policy("mof-2020")
    assert policy.tier_weights == {
        "预算执行率": Decimal(10),
        "产出指标": Decimal(50),
        "效益指标": Decimal(30),
        "满意度指标": Decimal(10),
    }
    assert policy.total == 100
    assert policy.default_direction is Direction.HIGHER
    assert policy.lower_categories == ("成本指标",)
    assert set(policy.lower_name_suffixes) >= {"控制率", "误差率", "调整率", "结余率", "下降率"}
    assert set(policy.lower_name_suffixes) >= {"发生率", "投诉率", "超支率", "成本"}
    assert (policy.higher_formula, policy.lower_formula) == (Formula.PROPORTIONAL, Formula.INVERSE)
    assert [(b.low, b.high) for b in policy.bands] == [
        (Decimal("0.8"), Decimal(1)),
        (Decimal("0.6"), Decimal("0.8")),
        (Decimal(0), Decimal("0.6")),
    ]
    assert [(g.name, g.minimum) for g in policy.grades] == [
        ("优", 90),
        ("良", 80),
        ("中", 60),
        ("差", 0),
    ]
    assert policy.over_threshold == Decimal("1.2") and policy.over_penalty == 0
    assert policy.round(Decimal("9.665")) == Decimal("9.67")
    assert policy.rounding_zh == "保留2位小数，四舍五入"
    assert dict(policy.redistribution)["满意度指标"] == "效益指标"


@pytest.mark.parametrize(
    ("total", "grade"),
    [("100", "优"), ("90", "优"), ("89.99", "良"), ("80", "良"), ("60", "中"), ("59.99", "差")],
)
def test_grades(total: str, grade: str) -> None:
    assert load_policy("mof-2020").grade(Decimal(total)) == grade


def test_local_variant_is_only_a_file() -> None:
    local = load_policy("local-80-70-60")
    assert [g.minimum for g in local.grades] == [80, 70, 60, 0]
    assert local.lower_formula is Formula.LINEAR_TO_ZERO and local.lower_zero_at == 2
    assert local.tier_weights["产出指标"] == local.tier_weights["效益指标"] == 40
    assert local.grade(Decimal("85")) == "优"
    assert load_policy("mof-2020").grade(Decimal("85")) == "良"


def test_load_by_path_and_cache(tmp_path: Path) -> None:
    copy = tmp_path / "mine.toml"
    copy.write_text(MOF.read_text(encoding="utf-8"), encoding="utf-8")
    policy = load_policy(copy)
    assert policy.file == str(copy.resolve())
    assert load_policy(str(copy)) is policy
    assert resolve_policy(policy) is policy
    assert load_policy("mof-2020") is load_policy("mof-2020")


def _broken(old: str, new: str) -> str:
    text = MOF.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "code", "marker"),
    [
        ('lower = "inverse"', 'lower = "inverted"', "policy-formula", 'lower = "inverted"'),
        ('higher = "proportional"', 'higher = "inverse"', "policy-formula", 'higher = "inverse"'),
        ("threshold = ", "treshold = ", "policy-unknown-key", "treshold"),
        ('"产出指标" = 50', '"产出指标" = 45', "policy-weights", "[tiers]"),
        ("[rounding]", "[rounding]\nprecision = 3", "policy-unknown-key", "precision = 3"),
        ("[grades]", "[grade_table]", "policy-unknown-key", "[grade_table]"),
        ('tolerance = "0.001"', 'tolerance = "abc"', "policy-bad-value", 'tolerance = "abc"'),
        ('"优" = 90', '"优" = 50', "policy-bad-value", "[grades]"),
        ('"满意度指标" = "效益指标"', '"满意度指标" = "效果"', "policy-bad-value", '= "效果"'),
        ('low = "80"', 'low = "80"\nweight = 1', "policy-unknown-key", "weight = 1"),
        ("decimals = 2", "decimals = 2.5", "policy-bad-value", "decimals = 2.5"),
        ('mode = "half-up"', 'mode = "up"', "policy-bad-value", 'mode = "up"'),
        ('default = "higher"', 'default = "up"', "policy-bad-value", 'default = "up"'),
    ],
)
def test_strict_loading_points_at_file_and_line(
    tmp_path: Path, old: str, new: str, code: str, marker: str
) -> None:
    text = _broken(old, new)
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    err = info.value
    assert err.code == code
    assert err.file == str(path.resolve())
    assert err.line == _line_of(text, marker)
    assert str(err).startswith(f"{path.resolve()}:{err.line}: [{code}]")
    assert err.message_zh != err.message


def test_second_band_unknown_key_points_at_that_band() -> None:
    text = _broken('low = "60"', 'low = "60"\ncolour = "amber"')
    with pytest.raises(PolicyError) as info:
        parse_policy(text, file="x.toml")
    assert info.value.line == _line_of(text, "colour")


def test_invalid_toml_has_a_line() -> None:
    text = _broken("total = 100", "total = = 100")
    with pytest.raises(PolicyError) as info:
        parse_policy(text, file="x.toml")
    assert info.value.code == "policy-toml"
    assert info.value.line == _line_of(text, "total = = 100")


def test_missing_table() -> None:
    text = MOF.read_text(encoding="utf-8").replace("[equal]", "[equal_removed]")
    with pytest.raises(PolicyError):
        parse_policy(text, file="x.toml")


def test_unknown_builtin_name() -> None:
    with pytest.raises(PolicyError) as info:
        load_policy("no-such-policy")
    assert info.value.code == "policy-not-found"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyError) as info:
        load_policy(tmp_path / "absent.toml")
    assert info.value.code == "policy-not-found"


def test_penalty_policy_scores_over_achievement_down(tmp_path: Path) -> None:
    path = tmp_path / "strict.toml"
    path.write_text(_broken('penalty = "0"', 'penalty = "0.2"'), encoding="utf-8")
    result = score("≥90%", 120, 10, policy=path)
    assert result.points == Decimal("8.00")
    assert {str(f) for f in result.flags} == {"over-achieved", "over-achievement-penalised"}
    assert score("≥90%", 100, 10, policy=path).points == Decimal("10.00")


def test_all_or_nothing_policy(tmp_path: Path) -> None:
    text = _broken('higher = "proportional"', 'higher = "all-or-nothing"')
    text = text.replace('lower = "inverse"', 'lower = "all-or-nothing"')
    path = tmp_path / "aon.toml"
    path.write_text(text, encoding="utf-8")
    assert score("≥90%", 89, 10, policy=path).points == Decimal("0.00")
    assert score("≤5%", 6, 10, policy=path).points == Decimal("0.00")
    assert score("≥90%", 90, 10, policy=path).points == Decimal("10.00")
