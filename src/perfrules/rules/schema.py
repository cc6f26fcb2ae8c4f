"""What a rule can see of the document model: object types, their fields and value types.

This table is what makes paths checkable at load time (``project.budget.totl`` is a
``RulesetError`` with "did you mean total?") and what turns stored values into the rule
language's values: amounts become money quantities in 元 (the model keeps them in the
document's unit, usually 万元), percentages become percent quantities, a parsed target
becomes a ``target`` object with ``kind``, ``op``, ``value`` ….
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from ..ast import Boolean, Compare, Deadline, Node, Qualitative, Quantity, Range
from ..model import (
    Budget,
    Checkpoint,
    Document,
    Duty,
    FundRow,
    FundSource,
    Indicator,
    Project,
    SelfAssessment,
    SpendingPlan,
    Statement,
)
from ..printer import to_text
from ..units import PERCENT, UNITS, YUAN, Dimension, lookup_unit

__all__ = [
    "ANY",
    "BOOL",
    "NULL",
    "NUMBER",
    "OBJECTS",
    "STRING",
    "Field",
    "Type",
    "list_of",
    "object_of",
    "quantity_of",
]


@attrs.frozen
class Type:
    """A static type of the rule language.

    ``kind`` is one of number, quantity, string, bool, null, list, object, any;
    ``dimension`` narrows a quantity, ``element`` a list, ``name`` an object.
    """

    kind: str
    dimension: Dimension | None = None
    element: Type | None = None
    name: str | None = None

    def __str__(self) -> str:
        if self.kind == "quantity" and self.dimension is not None:
            return f"quantity<{self.dimension.value}>"
        if self.kind == "list" and self.element is not None:
            return f"list<{self.element}>"
        if self.kind == "object" and self.name:
            return self.name
        return self.kind


ANY = Type("any")
NUMBER = Type("number")
STRING = Type("string")
BOOL = Type("bool")
NULL = Type("null")


def quantity_of(dimension: Dimension | None = None) -> Type:
    return Type("quantity", dimension=dimension)


def list_of(element: Type) -> Type:
    return Type("list", element=element)


def object_of(name: str) -> Type:
    return Type("object", name=name)


@attrs.frozen
class Field:
    """A field of an object type: its type, how to read it, and a one-line description."""

    type: Type
    get: Callable[[Any], Any]
    doc: str = ""


def money(amount: Decimal | None, unit: str | None) -> Quantity | None:
    """An amount in the document's unit (万元 by default) as a quantity in 元."""
    if amount is None:
        return None
    found = lookup_unit(unit or "万元")
    factor = (
        found.factor if found is not None and found.dimension is Dimension.MONEY else Decimal(1)
    )
    return Quantity(amount * factor, YUAN)


def percent(value: Decimal | None) -> Quantity | None:
    return None if value is None else Quantity(value, PERCENT)


def to_base(quantity: Quantity) -> Quantity:
    """The quantity in the base unit of its group (元, %, 小时 …) so amounts compare."""
    if quantity.unit.factor == 1 and quantity.unit.symbol == quantity.unit.base:
        return quantity
    base = UNITS.get(quantity.unit.base)
    if base is None or base.dimension is not quantity.unit.dimension:
        return quantity
    return Quantity(quantity.value * quantity.unit.factor, base)


# -------------------------------------------------------------------- targets


def _target_quantity(node: Node | None, which: str) -> Quantity | None:
    value = getattr(node, which, None)
    return to_base(value) if isinstance(value, Quantity) else None


def _target_dimension(node: Node | None) -> str | None:
    if isinstance(node, Compare):
        return node.quantity.dimension.value
    if isinstance(node, Range):
        return node.high.dimension.value
    return None


def _target_unit(node: Node | None) -> str | None:
    if isinstance(node, Compare):
        return node.quantity.unit.symbol
    if isinstance(node, Range):
        return node.high.unit.symbol
    return None


def _target_op(node: Node | None) -> str | None:
    op = getattr(node, "op", None)
    return op.value if op is not None else None


def _target_truth(node: Node | None) -> bool | None:
    return node.value if isinstance(node, Boolean) else None


def _target_date(node: Node | None) -> str | None:
    return node.iso if isinstance(node, Deadline) else None


_TARGET = {
    "kind": Field(
        STRING, lambda n: n.kind, "compare / range / boolean / qualitative / deadline / text"
    ),
    "op": Field(STRING, _target_op, "the operator (>=, <=, = …) of a comparison or deadline"),
    "implied": Field(
        BOOL, lambda n: getattr(n, "implied", False), "true when no operator was written"
    ),
    "value": Field(
        quantity_of(), lambda n: _target_quantity(n, "quantity"), "the quantity of a comparison"
    ),
    "low": Field(quantity_of(), lambda n: _target_quantity(n, "low"), "the low end of a range"),
    "high": Field(quantity_of(), lambda n: _target_quantity(n, "high"), "the high end of a range"),
    "dimension": Field(STRING, _target_dimension, "percent / money / duration / count …"),
    "unit": Field(STRING, _target_unit, "the unit as printed (%, 元, 天 …)"),
    "truth": Field(BOOL, _target_truth, "the value of a boolean target"),
    "level": Field(
        STRING, lambda n: n.level if isinstance(n, Qualitative) else None, "a qualitative level"
    ),
    "scale": Field(STRING, lambda n: n.scale if isinstance(n, Qualitative) else None, "its scale"),
    "rank": Field(
        NUMBER, lambda n: Decimal(n.rank) if isinstance(n, Qualitative) else None, "its rank"
    ),
    "date": Field(STRING, _target_date, "the ISO date of a deadline"),
    "annotation": Field(STRING, lambda n: getattr(n, "annotation", None), "the bracketed note"),
    "canonical": Field(STRING, to_text, "the canonical text"),
}


# -------------------------------------------------------------------- documents


def _index_in(parent: Any, child: Any, attr: str) -> Decimal | None:
    items = getattr(parent, attr, ())
    for i, item in enumerate(items, start=1):
        if item is child:
            return Decimal(i)
    return None


_INDICATOR = {
    "name": Field(STRING, lambda i: i.name, "三级指标"),
    "tier": Field(STRING, lambda i: i.tier, "一级指标 (canonical)"),
    "category": Field(STRING, lambda i: i.category, "二级指标 (canonical)"),
    "tier_text": Field(STRING, lambda i: i.tier_text, "一级指标 as written"),
    "category_text": Field(STRING, lambda i: i.category_text, "二级指标 as written"),
    "description": Field(STRING, lambda i: i.description, "绩效指标描述"),
    "target_text": Field(STRING, lambda i: i.target_text, "指标值 as written"),
    "target": Field(object_of("target"), lambda i: i.target, "the parsed 指标值"),
    "target_error": Field(
        STRING,
        lambda i: i.target_error.message if i.target_error is not None else None,
        "why the 指标值 could not be parsed",
    ),
    "basis": Field(STRING, lambda i: i.basis, "指标值确定依据"),
    "actual": Field(STRING, lambda i: i.actual, "实际完成值"),
    "weight": Field(NUMBER, lambda i: i.weight, "分值"),
    "claimed": Field(NUMBER, lambda i: i.claimed, "得分 claimed by the document"),
    "deviation_reason": Field(STRING, lambda i: i.deviation_reason, "偏差原因分析及改进措施"),
}

_STATEMENT = {
    "number": Field(
        NUMBER, lambda g: None if g.number is None else Decimal(g.number), "its number"
    ),
    "text": Field(STRING, lambda g: g.text, "the sentence"),
}

_DUTY = {
    "number": Field(
        NUMBER, lambda d: None if d.number is None else Decimal(d.number), "its number"
    ),
    "name": Field(STRING, lambda d: d.name, "职责名称"),
    "description": Field(STRING, lambda d: d.description, "职责描述"),
    "goal": Field(STRING, lambda d: d.goal, "绩效目标"),
    "indicator": Field(STRING, lambda d: d.indicator, "绩效指标"),
    "performance_description": Field(STRING, lambda d: d.performance_description, "绩效描述"),
}

_FUND_SOURCE = {
    "name": Field(STRING, lambda f: f.name, "财政资金 / 其他资金 …"),
    "amount": Field(quantity_of(Dimension.MONEY), lambda f: f.amount, "the amount (元)"),
}

_BUDGET = {
    "total": Field(quantity_of(Dimension.MONEY), lambda b: money(b.total, b.unit), "预算数 (元)"),
    "sources": Field(
        list_of(object_of("fund_source")),
        lambda b: tuple(_Source(s, b.unit) for s in b.sources),
        "资金来源",
    ),
    "unit": Field(STRING, lambda b: b.unit, "the unit the table writes amounts in"),
}

_CHECKPOINT = {
    "label": Field(STRING, lambda c: c.label, "3月底 …"),
    "percent": Field(
        quantity_of(Dimension.PERCENT), lambda c: percent(c.percent), "cumulative share"
    ),
}

_SPENDING_PLAN = {
    "checkpoints": Field(list_of(object_of("checkpoint")), lambda p: p.checkpoints, "in order"),
}


@attrs.frozen
class _Source:
    """A fund source seen with its budget's unit, so its amount reads in 元."""

    source: FundSource
    unit: str

    @property
    def name(self) -> str:
        return self.source.name

    @property
    def amount(self) -> Quantity | None:
        return money(self.source.amount, self.unit)

    @property
    def locator(self) -> Any:
        return self.source.locator


@attrs.frozen
class FundRowView:
    """A self-assessment fund row seen with the assessment's money unit."""

    row: FundRow
    unit: str

    @property
    def locator(self) -> Any:
        return self.row.locator


def _row_field(attr: str) -> Callable[[FundRowView], Quantity | None]:
    return lambda v: money(getattr(v.row, attr), v.unit)


_FUND_ROW = {
    "name": Field(STRING, lambda v: v.row.name, "年度资金总额 / 财政拨款 / 上年结转 / 其他资金"),
    "label": Field(STRING, lambda v: v.row.label, "as written"),
    "initial_budget": Field(
        quantity_of(Dimension.MONEY), _row_field("initial_budget"), "年初预算数"
    ),
    "annual_budget": Field(quantity_of(Dimension.MONEY), _row_field("annual_budget"), "全年预算数"),
    "spent": Field(quantity_of(Dimension.MONEY), _row_field("spent"), "全年执行数"),
    "execution_rate": Field(
        quantity_of(Dimension.PERCENT), lambda v: percent(v.row.execution_rate), "执行率"
    ),
    "weight": Field(NUMBER, lambda v: v.row.weight, "分值"),
    "claimed": Field(NUMBER, lambda v: v.row.claimed, "得分"),
}

_ASSESSMENT = {
    "year": Field(NUMBER, lambda a: None if a.year is None else Decimal(a.year), "年度"),
    "fund_rows": Field(
        list_of(object_of("fund_row")),
        lambda a: tuple(FundRowView(r, a.money_unit) for r in a.fund_rows),
        "资金行",
    ),
    "budget": Field(
        quantity_of(Dimension.MONEY), lambda a: money(a.budget, a.money_unit), "全年预算数"
    ),
    "spent": Field(
        quantity_of(Dimension.MONEY), lambda a: money(a.spent, a.money_unit), "全年执行数"
    ),
    "total_weight": Field(NUMBER, lambda a: a.total_weight, "总分值"),
    "total_claimed": Field(NUMBER, lambda a: a.total_claimed, "总得分"),
    "expected_goals": Field(STRING, lambda a: a.expected_goals, "预期目标"),
    "actual_outcome": Field(STRING, lambda a: a.actual_outcome, "实际完成情况"),
}

_PROJECT = {
    "code": Field(STRING, lambda p: p.code, "项目编码"),
    "name": Field(STRING, lambda p: p.name, "项目名称"),
    "unit": Field(STRING, lambda p: p.unit, "实施单位"),
    "department": Field(STRING, lambda p: p.department, "主管部门"),
    "budget": Field(object_of("budget"), lambda p: p.budget, "预算数与资金来源"),
    "fund_use": Field(STRING, lambda p: p.fund_use, "资金用途"),
    "spending_plan": Field(object_of("spending_plan"), lambda p: p.spending_plan, "资金支出计划"),
    "goals": Field(list_of(object_of("goal")), lambda p: p.goals, "绩效目标"),
    "indicators": Field(list_of(object_of("indicator")), lambda p: p.indicators, "指标"),
    "assessment": Field(object_of("assessment"), lambda p: p.assessment, "自评部分"),
}

_DOCUMENT = {
    "kind": Field(STRING, lambda d: d.kind.value, "target-table / self-assessment"),
    "department": Field(STRING, lambda d: d.department, "部门"),
    "year": Field(NUMBER, lambda d: None if d.year is None else Decimal(d.year), "年度"),
    "projects": Field(list_of(object_of("project")), lambda d: d.projects, "项目"),
    "duties": Field(list_of(object_of("duty")), lambda d: d.duties, "部门职责"),
    "goals": Field(list_of(object_of("goal")), lambda d: d.overall_goals, "总体绩效目标"),
    "measures": Field(list_of(object_of("goal")), lambda d: d.measures, "保障措施"),
}

OBJECTS: Mapping[str, Mapping[str, Field]] = {
    "document": _DOCUMENT,
    "project": _PROJECT,
    "budget": _BUDGET,
    "fund_source": _FUND_SOURCE,
    "spending_plan": _SPENDING_PLAN,
    "checkpoint": _CHECKPOINT,
    "goal": _STATEMENT,
    "duty": _DUTY,
    "indicator": _INDICATOR,
    "target": _TARGET,
    "assessment": _ASSESSMENT,
    "fund_row": _FUND_ROW,
}
"""Object type name → its fields."""

#: which object type a model class is seen as
PYTHON_TYPES: Mapping[type, str] = {
    Document: "document",
    Project: "project",
    Budget: "budget",
    _Source: "fund_source",
    SpendingPlan: "spending_plan",
    Checkpoint: "checkpoint",
    Statement: "goal",
    Duty: "duty",
    Indicator: "indicator",
    SelfAssessment: "assessment",
    FundRowView: "fund_row",
}
