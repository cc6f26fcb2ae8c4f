"""Build documents from the small fragments analysts write in rule examples.

A fragment is the part of a document a rule looks at, written as TOML:
``indicator = { name = "覆盖率", category = "数量指标", target = "≥90%" }``. It is wrapped
into a whole document (an indicator into a project, a project into a document) with
everything else left empty. Amounts may be numbers or strings (``"55.20"``, in 万元 unless
the budget says ``unit``); targets are parsed like a loaded document's.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from ..errors import IndicatorSyntaxError, PerfrulesError
from ..model import (
    Budget,
    Checkpoint,
    Document,
    DocumentKind,
    Duty,
    FundRow,
    FundSource,
    Indicator,
    Project,
    SelfAssessment,
    SpendingPlan,
    Statement,
    TargetError,
)
from ..parser import parse
from ..taxonomy import normalize_category, normalize_tier

__all__ = ["FragmentError", "fragment_document"]


class FragmentError(PerfrulesError):
    """An example fragment cannot be turned into a document."""

    code = "ruleset-bad-example"


def _allowed(data: Mapping[str, Any], keys: set[str], what: str) -> None:
    for key in data:
        if key not in keys:
            raise FragmentError(
                f"unknown key {key!r} in {what} (allowed: {', '.join(sorted(keys))})",
                message_zh=f"{what}中有未知的键“{key}”",
            )


def _decimal(value: Any, what: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise FragmentError(f"{what} must be a number", message_zh=f"{what}应为数字")
    try:
        return Decimal(str(value).strip().rstrip("%"))
    except InvalidOperation:
        raise FragmentError(
            f"{what} must be a number, not {value!r}", message_zh=f"{what}应为数字"
        ) from None


def _optional_text(value: Any) -> str | None:
    return None if value is None else str(value)


def indicator_from(data: Mapping[str, Any]) -> Indicator:
    _allowed(
        data,
        {"name", "tier", "category", "description", "target", "basis", "actual", "weight",
         "claimed", "deviation_reason"},
        "an indicator",
    )  # fmt: skip
    tier_text = _optional_text(data.get("tier"))
    category_text = _optional_text(data.get("category"))
    tier = normalize_tier(tier_text)[0] if tier_text else None
    category = normalize_category(category_text) if category_text else None
    target_text = _optional_text(data.get("target"))
    target = error = None
    if target_text is not None:
        try:
            target = parse(target_text)
        except IndicatorSyntaxError as err:
            error = TargetError(err.code, err.message, err.message_zh, err.column)
    return Indicator(
        name=str(data.get("name", "")),
        tier=tier or tier_text,
        category=category or category_text,
        description=_optional_text(data.get("description")),
        target_text=target_text,
        target=target,
        target_error=error,
        basis=_optional_text(data.get("basis")),
        actual=_optional_text(data.get("actual")),
        weight=_decimal(data.get("weight"), "weight"),
        claimed=_decimal(data.get("claimed"), "claimed"),
        deviation_reason=_optional_text(data.get("deviation_reason")),
        tier_text=tier_text,
        category_text=category_text,
    )


def _statement(item: Any, number: int) -> Statement:
    if isinstance(item, Mapping):
        _allowed(item, {"number", "text"}, "a goal")
        return Statement(number=int(item.get("number", number)), text=str(item.get("text", "")))
    return Statement(number=number, text=str(item))


def duty_from(data: Mapping[str, Any], number: int = 1) -> Duty:
    _allowed(
        data,
        {"number", "name", "description", "goal", "indicator", "performance_description"},
        "a duty",
    )
    return Duty(
        number=int(data.get("number", number)),
        name=str(data.get("name", "")),
        description=_optional_text(data.get("description")),
        goal=_optional_text(data.get("goal")),
        indicator=_optional_text(data.get("indicator")),
        performance_description=_optional_text(data.get("performance_description")),
    )


def fund_row_from(data: Mapping[str, Any]) -> FundRow:
    _allowed(
        data,
        {"name", "label", "initial_budget", "annual_budget", "spent", "weight",
         "execution_rate", "claimed"},
        "a fund row",
    )  # fmt: skip
    name = str(data.get("name", "年度资金总额"))
    return FundRow(
        name=name,
        label=str(data.get("label", name)),
        initial_budget=_decimal(data.get("initial_budget"), "initial_budget"),
        annual_budget=_decimal(data.get("annual_budget"), "annual_budget"),
        spent=_decimal(data.get("spent"), "spent"),
        weight=_decimal(data.get("weight"), "weight"),
        execution_rate=_decimal(data.get("execution_rate"), "execution_rate"),
        claimed=_decimal(data.get("claimed"), "claimed"),
    )


def _budget(data: Mapping[str, Any]) -> Budget:
    _allowed(data, {"total", "sources", "unit"}, "a budget")
    sources = []
    for item in data.get("sources", []):
        _allowed(item, {"name", "amount"}, "a fund source")
        amount = _decimal(item.get("amount"), "amount")
        sources.append(FundSource(name=str(item.get("name", "")), amount=amount))
    return Budget(
        total=_decimal(data.get("total"), "total"),
        sources=tuple(sources),
        unit=str(data.get("unit", "万元")),
    )


def _plan(data: Any) -> SpendingPlan:
    items = data.get("checkpoints", []) if isinstance(data, Mapping) else data
    points = []
    for item in items:
        if isinstance(item, Mapping):
            _allowed(item, {"label", "percent"}, "a checkpoint")
            label, value = str(item.get("label", "")), item.get("percent")
        else:
            label, value = "", item
        points.append(Checkpoint(label=label, percent=_decimal(value, "percent")))
    return SpendingPlan(checkpoints=tuple(points))


def project_from(data: Mapping[str, Any]) -> Project:
    _allowed(
        data,
        {"code", "name", "unit", "department", "budget", "fund_use", "spending_plan", "goals",
         "indicators", "assessment"},
        "a project",
    )  # fmt: skip
    assessment = None
    if "assessment" in data:
        raw = data["assessment"]
        _allowed(
            raw,
            {"year", "money_unit", "fund_rows", "total_weight", "total_claimed"},
            "an assessment",
        )
        assessment = SelfAssessment(
            year=raw.get("year"),
            money_unit=str(raw.get("money_unit", "万元")),
            fund_rows=tuple(fund_row_from(r) for r in raw.get("fund_rows", [])),
            total_weight=_decimal(raw.get("total_weight"), "total_weight"),
            total_claimed=_decimal(raw.get("total_claimed"), "total_claimed"),
        )
    return Project(
        name=_optional_text(data.get("name", "示例项目")),
        code=_optional_text(data.get("code", "EXAMPLE")),
        unit=_optional_text(data.get("unit")),
        department=_optional_text(data.get("department")),
        budget=_budget(data["budget"]) if "budget" in data else None,
        fund_use=_optional_text(data.get("fund_use")),
        spending_plan=_plan(data["spending_plan"]) if "spending_plan" in data else None,
        goals=tuple(_statement(g, i) for i, g in enumerate(data.get("goals", []), start=1)),
        indicators=tuple(indicator_from(i) for i in data.get("indicators", [])),
        assessment=assessment,
    )


def document_from(data: Mapping[str, Any], kind: DocumentKind) -> Document:
    _allowed(data, {"kind", "department", "year", "projects", "duties", "goals"}, "a document")
    return Document(
        kind=DocumentKind(data.get("kind", kind.value)),
        department=_optional_text(data.get("department")),
        year=data.get("year"),
        projects=tuple(project_from(p) for p in data.get("projects", [])),
        duties=tuple(duty_from(d, i) for i, d in enumerate(data.get("duties", []), start=1)),
        overall_goals=tuple(_statement(g, i) for i, g in enumerate(data.get("goals", []), start=1)),
        source="<example>",
    )


def fragment_document(fragment: Mapping[str, Any], kind: DocumentKind) -> Document:
    """Wrap a one-key fragment (``{"indicator": {...}}`` …) into a whole document."""
    ((key, value),) = fragment.items()
    if not isinstance(value, (Mapping, str)):
        raise FragmentError(f"the {key} fragment must be a table", message_zh=f"{key}片段必须是表")
    if key == "document":
        return document_from(value, kind)  # type: ignore[arg-type]
    if key == "duty":
        return document_from({"duties": [value]}, kind)
    wrapped: dict[str, Any]
    if key == "project":
        wrapped = dict(value)  # type: ignore[arg-type]
    elif key == "indicator":
        wrapped = {"indicators": [value]}
    elif key == "goal":
        wrapped = {"goals": [value]}
    else:  # fund_row
        wrapped = {"assessment": {"fund_rows": [value]}}
    return document_from({"projects": [wrapped]}, kind)
