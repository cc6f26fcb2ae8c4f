"""Labels and column headers the table reader recognises, as data.

Keys are normalised with :func:`.grid.norm` (NFKC, no whitespace, simplified characters,
lower case, a trailing bracket dropped), so ``年度指标值（A）``, ``年度指标值`` and
``年 度 指 标 值`` all match. English aliases make hand-made CSV files easy to write.
A regional layout that uses another word is one more entry here, not a code change.
"""

from __future__ import annotations

from typing import Final

from .grid import norm

__all__ = [
    "FUND_COLUMNS",
    "FUND_NAMES",
    "INDICATOR_COLUMNS",
    "LABELS",
    "OPERATOR_WORDS",
    "TERMINATORS",
    "TOTAL_ROW",
]


def _table(entries: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {norm(alias): field for field, aliases in entries.items() for alias in aliases}


INDICATOR_COLUMNS: Final[dict[str, str]] = _table(
    {
        "tier": ("一级指标", "tier", "level1", "一级"),
        "category": ("二级指标", "category", "level2", "二级"),
        "name": ("三级指标", "指标名称", "三级指标名称", "name", "indicator", "level3"),
        "description": ("绩效指标描述", "指标描述", "指标解释", "指标内容", "description"),
        "target": (
            "年度指标值", "指标值", "目标值", "年度目标值", "预期指标值", "计划指标值",
            "年度绩效指标值", "target",
        ),
        "target_op": ("指标性质", "运算符号", "运算符", "符号", "比较符号", "operator", "op"),
        "target_unit": ("度量单位", "计量单位", "单位", "unit"),
        "basis": ("指标值确定依据", "指标值设定依据", "确定依据", "设定依据", "basis"),
        "actual": (
            "实际完成值", "全年实际值", "完成值", "实际值", "全年实际完成值", "实际完成",
            "actual",
        ),
        "weight": ("分值", "权重", "指标分值", "指标权重", "weight"),
        "claimed": ("得分", "自评得分", "评分", "claimed", "score"),
        "deviation_reason": (
            "偏差原因分析及改进措施", "偏差原因分析", "偏差原因", "未完成原因分析",
            "原因分析及改进措施", "偏差原因分析及改进措施说明", "deviationreason", "reason",
        ),
        "project_code": ("项目编码", "项目代码", "projectcode", "code"),
        "project_name": ("项目名称", "projectname", "project"),
    }
)  # fmt: skip
"""Indicator-table header → field."""

FUND_COLUMNS: Final[dict[str, str]] = _table(
    {
        "initial_budget": ("年初预算数", "年初预算", "initialbudget"),
        "annual_budget": ("全年预算数", "调整后预算数", "全年预算", "annualbudget", "budget"),
        "spent": ("全年执行数", "执行数", "实际支出数", "全年支出数", "spent"),
        "weight": ("分值", "权重", "weight"),
        "execution_rate": ("执行率", "预算执行率", "executionrate", "rate"),
        "claimed": ("得分", "claimed", "score"),
    }
)
"""Fund-block header → :class:`~perfrules.model.FundRow` field."""

FUND_NAMES: Final[dict[str, str]] = _table(
    {
        "年度资金总额": ("年度资金总额", "资金总额", "年度资金合计", "合计", "总额", "total"),
        "财政拨款": (
            "财政拨款", "当年财政拨款", "其中:当年财政拨款", "其中:财政拨款", "财政资金",
            "其中:财政资金", "财政拨款资金", "appropriation",
        ),
        "上年结转": ("上年结转", "上年结转资金", "其中:上年结转资金", "其中:上年结转", "carryover"),
        "其他资金": ("其他资金", "其中:其他资金", "其他", "other"),
    }
)  # fmt: skip
"""Fund-row label → canonical fund name (also the source names of a target table's budget)."""

LABELS: Final[dict[str, str]] = _table(
    {
        "project_name": ("项目名称",),
        "project_code": ("项目编码", "项目代码"),
        "department": ("主管部门", "主管单位"),
        "unit": ("实施单位", "预算单位", "单位名称"),
        "budget_total": ("预算数", "年度预算数", "预算金额", "项目预算数"),
        "budget_block": ("预算规模及资金用途", "预算规模"),
        "fund_use": ("资金用途", "主要用途"),
        "spending_plan": ("资金支出计划", "支出计划", "资金支出进度计划"),
        "goals": ("绩效目标", "年度绩效目标", "项目绩效目标", "年度目标"),
        "overall_goal": ("年度总体目标", "总体目标"),
        "expected": ("预期目标",),
        "outcome": ("实际完成情况",),
    }
)
"""Single-cell labels of a project table → what follows them."""

TOTAL_ROW: Final[frozenset[str]] = frozenset(norm(t) for t in ("总分", "合计", "总计", "分值合计"))
"""First-cell texts of an indicator table's totals row."""

TERMINATORS: Final[tuple[str, ...]] = (
    "填表人", "填报人", "联系电话", "填报日期", "审核人", "单位负责人", "财务负责人", "说明",
    "注:", "备注",
)  # fmt: skip
"""Texts that start the footer under an indicator table."""

OPERATOR_WORDS: Final[dict[str, str]] = {
    **dict.fromkeys(("≥", ">=", "≧", "大于等于", "不低于", "不少于", "正向", "正向指标"), "≥"),
    **dict.fromkeys(("≤", "<=", "≦", "小于等于", "不高于", "不超过", "反向", "反向指标"), "≤"),
    **dict.fromkeys((">", "大于", "高于"), ">"),
    **dict.fromkeys(("<", "小于", "低于"), "<"),
    **dict.fromkeys(("=", "＝", "等于", "=="), "="),
    **dict.fromkeys(("定性", "定性指标", "定量", "定量指标", "", "/", "—", "-"), ""),
}
"""指标性质 cell text (NFKC) → the operator prefixed to the 指标值 (``""``: none)."""
