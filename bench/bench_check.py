"""Benchmark: check a generated document of 10,000 projects (~150,000 indicators).

Goal (issue 5): ≤ 10 s with the built-in target-table ruleset on this 2-core machine.
Reports projects/s and the share of time each rule takes.
"""

from __future__ import annotations

import random
import time
from decimal import Decimal

from perfrules.model import (
    Budget,
    Checkpoint,
    Document,
    DocumentKind,
    Duty,
    FundSource,
    Indicator,
    Project,
    SpendingPlan,
    Statement,
)
from perfrules.parser import parse
from perfrules.rules import builtin_rulesets, run_ruleset

ROWS = [
    ("产出指标", "数量指标", "监督检查工作完成率", "≥90%"),
    ("产出指标", "数量指标", "培训人次", "≥120人次"),
    ("产出指标", "质量指标", "验收合格率", "≥95%"),
    ("产出指标", "质量指标", "档案资料是否建立", "是"),
    ("产出指标", "时效指标", "完成时间", "12月底前"),
    ("产出指标", "时效指标", "正常运转执行率", "≥90百分比"),
    ("产出指标", "成本指标", "总成本", "≤{budget}万元"),
    ("效益指标", "经济效益指标", "节约资金", "≥2万元"),
    ("效益指标", "社会效益指标", "社会稳定水平", "≥90%"),
    ("效益指标", "社会效益指标", "补贴发放率", "100%"),
    ("效益指标", "生态效益指标", "绿化覆盖率", "≥35%"),
    ("效益指标", "可持续影响指标", "长期使用率", "≥90%"),
    ("满意度指标", "服务对象满意度指标", "机关单位人员满意度", "≥90%"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥85%"),
    ("满意度指标", "服务对象满意度指标", "投诉率", "≤5%"),
]


def generate(projects: int, seed: int = 2021) -> Document:
    """A target-table document with realistic rows and a few defects per hundred projects."""
    rng = random.Random(seed)
    out = []
    for p in range(projects):
        budget = Decimal(rng.randint(100, 99999)) / 100
        indicators = []
        for tier, category, name, target in ROWS:
            text = target.format(budget=budget)
            if rng.random() < 0.01:  # a few real defects: duplicates and 是否 with a percentage
                text = "≥90百分比"
            indicators.append(
                Indicator(
                    name=name, tier=tier, category=category, target_text=text, target=parse(text)
                )
            )
        if rng.random() < 0.02:
            indicators.append(indicators[-1])
        out.append(
            Project(
                name=f"项目{p}",
                code=f"1308{p:08d}",
                budget=Budget(
                    total=budget,
                    sources=(
                        FundSource(name="财政资金", amount=budget),
                        FundSource(name="其他资金", amount=Decimal(0)),
                    ),
                ),
                spending_plan=SpendingPlan(
                    checkpoints=tuple(
                        Checkpoint(label=f"{m}月底", percent=Decimal(v))
                        for m, v in ((3, 25), (6, 50), (10, 75), (12, 100))
                    )
                ),
                goals=(
                    Statement(number=1, text=f"完成项目{p}的年度任务"),
                    Statement(number=2, text="保障单位工作正常开展"),
                ),
                indicators=tuple(indicators),
            )
        )
    duties = tuple(
        Duty(number=i, name=f"职责{i}", description="为业务提供服务和保障") for i in range(1, 10)
    )
    return Document(
        kind=DocumentKind.TARGET_TABLE, projects=tuple(out), duties=duties, source="<generated>"
    )


def run(projects: int = 10_000) -> str:
    document = generate(projects)
    rows = sum(len(p.indicators) for p in document.projects)
    ruleset = builtin_rulesets()["target-table"]
    best = None
    for _ in range(2):
        started = time.perf_counter()
        report = run_ruleset(ruleset, document)
        elapsed = time.perf_counter() - started
        if best is None or elapsed < best[0]:
            best = (elapsed, report)
    assert best is not None
    elapsed, report = best
    total_rule_time = sum(seconds for _, seconds in report.seconds_by_rule) or 1.0
    lines = [
        "## Check (issue 5): target-table ruleset over a generated document",
        "",
        f"{projects:,} projects, {rows:,} indicators, {len(report.findings):,} findings.",
        "",
        "| measure | value | goal |",
        "|---|---|---|",
        f"| wall time | {elapsed:.2f} s | ≤ 10 s ({'met' if elapsed <= 10 else 'missed'}) |",
        f"| projects/s | {projects / elapsed:,.0f} | ≥ 1,000 |",
        f"| indicators/s | {rows / elapsed:,.0f} | |",
        "",
        "Share of rule-evaluation time per rule:",
        "",
        "| rule | seconds | share |",
        "|---|---|---|",
    ]
    for rule, seconds in report.seconds_by_rule:
        lines.append(f"| {rule} | {seconds:.3f} | {seconds / total_rule_time:.1%} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
