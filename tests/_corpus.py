"""A generated corpus of self-assessments (绩效自评表) for the scale-out tests and benchmark.

``write_corpus(folder, count)`` writes ``count`` documents in the official sheet layout
saved as CSV (the layout of ``tests/fixtures/sa-official-utf8.csv``), about 20 indicator
rows each, spread over sub-folders, reproducibly from ``seed``. ``mixed=True`` also
writes some of them through the JSON writer, copies the XLSX fixture, and adds documents
that cannot be loaded or scored (empty, corrupt, not a self-assessment), so that a run
has error records among its results.
"""

from __future__ import annotations

import random
import shutil
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"

# (tier, category, name, target, kind of actual)
_POOL: dict[str, list[tuple[str, str, str, str]]] = {
    "产出指标": [
        ("数量指标", "监督检查工作完成率", "≥90%", "rate"),
        ("数量指标", "培训人次", "≥120人次", "count"),
        ("数量指标", "新建村级服务站数量", "≥12个", "count"),
        ("数量指标", "补贴发放户数", "=350户", "count"),
        ("质量指标", "问题线索办结率", "≥95%", "rate"),
        ("质量指标", "验收合格率", "100%", "rate"),
        ("质量指标", "档案资料是否建立", "是", "bool"),
        ("质量指标", "设备完好率", "不低于98%", "rate"),
        ("时效指标", "经费按时拨付", "是", "bool"),
        ("时效指标", "项目完成时间", "≤12个月", "months"),
        ("时效指标", "正常运转执行率", "≥90百分比", "rate"),
        ("成本指标", "总成本", "≤{budget}万元", "cost"),
        ("成本指标", "人均培训成本", "≤800元", "yuan"),
    ],
    "效益指标": [
        ("经济效益指标", "节约资金", "≥2万元", "money"),
        ("社会效益指标", "遏制腐败现象", "较好", "level"),
        ("社会效益指标", "社会稳定水平", "≥90%", "rate"),
        ("社会效益指标", "群众知晓率", "≥85%", "rate"),
        ("生态效益指标", "绿化覆盖率", "≥35%", "rate"),
        ("可持续影响指标", "长效监督机制", "逐步改善", "trend"),
        ("可持续影响指标", "长期使用率", "≥90%", "rate"),
        ("社会效益指标", "投诉率", "≤5%", "low-rate"),
    ],
    "满意度指标": [
        ("服务对象满意度指标", "机关单位人员满意度", "≥90%", "rate"),
        ("服务对象满意度指标", "群众满意度", "≥85%", "rate"),
    ],
}
_TIER_ROWS = {"产出指标": (6, 12), "效益指标": (4, 8), "满意度指标": (1, 2)}
_TIER_WEIGHT = {"产出指标": 50, "效益指标": 30, "满意度指标": 10}


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``parts`` positive integers adding up to ``total``."""
    cuts = sorted(rng.sample(range(1, total), parts - 1)) if parts > 1 else []
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def _actual(kind: str, target: str, budget: Decimal, rng: random.Random) -> str:
    roll = rng.random()
    if kind == "rate":
        return f"{rng.choice([80, 86, 88, 90, 92, 95, 97, 99, 100])}%"
    if kind == "low-rate":
        return f"{rng.choice([2, 3, 4, 5, 6, 8])}%"
    if kind == "count":
        base = int("".join(ch for ch in target if ch.isdigit()))
        unit = target.lstrip("≥=").lstrip("0123456789")
        return f"{max(1, int(base * rng.choice([0.8, 0.95, 1, 1, 1.1, 1.3])))}{unit}"
    if kind == "bool":
        return "是" if roll < 0.9 else "否"
    if kind == "months":
        return f"{rng.choice([10, 11, 12, 12, 13])}个月"
    if kind == "cost":
        spent = (budget * Decimal(rng.choice([85, 92, 96, 100, 104]))) / 100
        return f"{spent.quantize(Decimal('0.01'))}万元"
    if kind == "yuan":
        return f"{rng.choice([650, 720, 800, 860])}元"
    if kind == "money":
        return f"{rng.choice(['1.5', '2', '2.4', '3'])}万元"
    if kind == "level":
        return rng.choice(["好", "较好", "一般"])
    if kind == "trend":
        return rng.choice(["逐步改善", "显著提升", "有所提升"])
    raise AssertionError(kind)


def self_assessment_csv(n: int, rng: random.Random) -> tuple[str, int]:
    """One official-layout self-assessment as CSV text, and its count of indicator rows."""
    code = f"1308{n:06d}{rng.randrange(16**6):06X}"
    budget = Decimal(rng.randint(500, 99999)) / 100
    spent = (budget * Decimal(rng.randint(70, 102)) / 100).quantize(Decimal("0.01"))
    rate = (spent / budget * 100).quantize(Decimal("0.01"))
    execution = min(Decimal(10) * spent / budget, Decimal(10)).quantize(Decimal("0.01"))
    lines = [
        "项目支出绩效自评表,,,,,,,,,",
        "（2021年度）,,,,,,,,,",
        f"项目名称,示例项目{n},,,,项目编码,{code},,,",
        f"主管部门,示例主管部门{n % 37},,,,实施单位,示例实施单位{n % 101},,,",
        "项目资金（万元）,,年初预算数,全年预算数,全年执行数,分值,执行率,得分,,",
        f",年度资金总额,{budget},{budget},{spent},10,{rate}%,{execution},,",
        f",其中：当年财政拨款,{budget},{budget},{spent},—,,—,,",
        ",上年结转资金,0,0,0,—,,—,,",
        ",其他资金,0,0,0,—,,—,,",
        "年度总体目标,预期目标,,,,实际完成情况,,,,",
        f",完成项目{n}年度建设任务。,,,,已完成年度任务（示意数据）。,,,,",
        "绩效指标,一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分,偏差原因分析及改进措施,",
    ]
    rows = 0
    total_weight = 10
    claimed_total = execution
    for tier, pool in _POOL.items():
        low, high = _TIER_ROWS[tier]
        chosen = rng.sample(pool, min(rng.randint(low, high), len(pool)))
        weights = _split(_TIER_WEIGHT[tier], len(chosen), rng)
        if rng.random() < 0.02:
            weights[0] += 1  # a weight defect now and then
        for (category, name, target, kind), weight in zip(chosen, weights, strict=True):
            text = target.format(budget=budget)
            actual = _actual(kind, text, budget, rng)
            claimed = weight if rng.random() < 0.85 else max(weight - rng.randint(1, 2), 0)
            reason = "" if rng.random() < 0.7 else "受疫情影响进度滞后，下年加快实施"
            lines.append(f",{tier},{category},{name},{text},{actual},{weight},{claimed},{reason},")
            rows += 1
            total_weight += weight
            claimed_total += claimed
    lines.append(f"总分,,,,,,{total_weight},{claimed_total},,")
    return "\n".join(lines) + "\n", rows


def corpus_path(folder: Path, n: int, suffix: str = ".csv") -> Path:
    return folder / f"d{n // 1000:03d}" / f"sa-{n:06d}{suffix}"


def write_corpus(folder: Path, count: int, *, seed: int = 2021, mixed: bool = False) -> int:
    """Write ``count`` documents under ``folder``; return their number of indicator rows.

    With ``mixed``, every 7th document is written as JSON (through the JSON writer), and
    an XLSX copy of the official fixture, an empty file, a truncated workbook, a broken
    JSON file and a target table (not a self-assessment) are added.
    """
    from perfrules.loaders import load_bytes
    from perfrules.loaders.json_io import dumps

    rng = random.Random(seed)
    total = 0
    for n in range(count):
        text, rows = self_assessment_csv(n, rng)
        total += rows
        path = corpus_path(folder, n)
        path.parent.mkdir(parents=True, exist_ok=True)
        if mixed and n % 7 == 3:
            document = load_bytes(text.encode("utf-8"), suffix=".csv", source=str(path))
            path.with_suffix(".json").write_text(dumps(document), encoding="utf-8")
        else:
            path.write_text(text, encoding="utf-8")
    if mixed:
        extra = folder / "extra"
        extra.mkdir(exist_ok=True)
        shutil.copy(FIXTURES / "sa-official.xlsx", extra / "official.xlsx")
        (extra / "empty.csv").write_bytes(b"")
        data = (FIXTURES / "sa-official.xlsx").read_bytes()
        (extra / "truncated.xlsx").write_bytes(data[:3000])
        (extra / "broken.json").write_text('{"schema_version": 1, "kind": ', encoding="utf-8")
        shutil.copy(ROOT / "examples" / "shuangqiao-cdi-2021-targets.txt", extra / "targets.txt")
        total += 7
    return total
