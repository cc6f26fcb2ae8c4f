"""Benchmark: scoring many indicators (issue 3).

Scores 1,000,000 self-assessment rows — a realistic mix of about 200 distinct targets
(≥ / ≤ / = percentages, bare 万元 costs whose direction comes from the category, counts,
working days, intervals) with names and categories — and in the same run:

- ``score_many`` end to end from plain Python lists (targets parsed, each distinct one
  once; parse caches cleared before every run);
- ``score_many`` on pre-parsed input (:class:`perfrules.batch.Codes` for targets, names and
  categories; numpy arrays for actuals and weights);
- a hand-written numpy floor doing the same arithmetic (met / partly / missed, the
  proportional or inverse share, half-up rounding to hundredths) on pre-parsed arrays with
  the direction already resolved per row — no exactness checks, no verdict reasons;
- the peers, doing the same pass/fail + proportional points: ``rule-engine`` (one compiled
  rule per distinct target and direction, evaluated per row) and ``zen-engine`` (one
  compiled expression per distinct target and direction, evaluated per row — its fastest
  mode here; its decision ``evaluate_batch`` is far slower);
- the scalar ``score`` on a sample.

Goals on the 2-core reference machine: ``score_many`` ≥ 5,000,000 rows/s end to end;
pre-parsed within 2× of the numpy floor; scalar ``score`` ≥ 50,000 rows/s.

``run()`` returns the markdown section ``bench/run.py`` writes into ``bench/RESULTS.md``;
``measure()`` returns the numbers; ``python bench/bench_scoring.py`` prints the section.
Set ``PERFRULES_BENCH_ROWS`` to change the size (default 1,000,000).
"""

from __future__ import annotations

import gc
import importlib
import os
import random
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from perfrules.ast import Compare, Op, Range
from perfrules.batch import Codes, score_many
from perfrules.judging import direction_for
from perfrules.policy import Direction, load_policy
from perfrules.scoring import score

judge_module = importlib.import_module("perfrules.judging")  # the package exports judge()
parser = importlib.import_module("perfrules.parser")

ROWS = int(os.environ.get("PERFRULES_BENCH_ROWS", "1000000"))
SCALAR_ROWS = 50_000
VERIFY_ROWS = 20_000
REPEATS = 3
SEED = 2021

GOAL_BATCH_RATE = 5_000_000
GOAL_FLOOR_RATIO = 2.0
GOAL_SCALAR_RATE = 50_000

_NAMES = {
    "rate": ["合格率", "覆盖率", "完成率", "验收合格率", "知晓率", "达标率", "使用率"],
    "lower_rate": ["投诉率", "成本控制率", "预算调整率", "事故发生率", "误差率"],
    "count": ["培训人次", "服务人数", "检查次数", "发放户数"],
    "cost": ["项目成本", "人均成本", "单位成本", "设备采购费用"],
    "time": ["办理时限", "响应时间", "完成时限"],
    "satisfaction": ["服务对象满意度", "群众满意度"],
}
_CATEGORIES = {
    "rate": ["质量指标", "社会效益指标"],
    "lower_rate": ["质量指标", "成本指标"],
    "count": ["数量指标"],
    "cost": ["成本指标", "经济成本指标", "数量指标"],
    "time": ["时效指标"],
    "satisfaction": ["服务对象满意度指标"],
}


# kind → how many of the 200 distinct targets — roughly the mix of real 绩效自评表 rows
_QUOTAS = {"rate": 60, "lower_rate": 20, "cost": 30, "count": 20, "equal": 20,
           "satisfaction": 20, "time": 20, "bare_lower_rate": 10}  # fmt: skip


def _make(kind: str, rng: random.Random) -> tuple[str, str, float]:
    """One target of ``kind``: (text, kind of name/category to draw, typical value)."""
    if kind == "rate":
        v = rng.randrange(120, 201) / 2
        return f"≥{v:g}%", "rate", v
    if kind == "lower_rate":
        v = rng.randrange(2, 41) / 4
        return f"≤{v:g}%", "lower_rate", v
    if kind == "cost":
        v = rng.randint(50, 9999) / 10
        return f"{v:g}万元", "cost", v * 10000
    if kind == "count":
        v = rng.randint(1, 400) * 25
        return f"≥{v}人次", "count", v
    if kind == "equal":
        v = rng.randrange(160, 201) / 2
        return f"={v:g}%", "rate", v
    if kind == "satisfaction":
        low = rng.randint(70, 95)
        return f"{low}%-100%", "satisfaction", (low + 100) / 2
    if kind == "time":
        v = rng.randint(2, 60)
        return f"≤{v}个工作日", "time", v
    v = rng.randrange(1, 41) / 4
    return f"{v:g}%", "lower_rate", v


def _targets(rng: random.Random) -> list[tuple[str, str, float]]:
    """200 distinct (target, kind, typical value) triples in the proportions of ``_QUOTAS``."""
    found: dict[str, tuple[str, str, float]] = {}
    for kind, quota in _QUOTAS.items():
        made = 0
        while made < quota:
            text, name_kind, value = _make(kind, rng)
            if text not in found:
                found[text] = (text, name_kind, float(value))
                made += 1
    return list(found.values())


def make_rows(n: int, seed: int = SEED) -> dict[str, Any]:
    """The benchmark's input columns as plain Python lists."""
    rng = random.Random(seed)
    distinct = _targets(rng)
    targets, actuals, weights, names, categories = [], [], [], [], []
    for _ in range(n):
        text, kind, value = distinct[rng.randrange(len(distinct))]
        targets.append(text)
        at_target = rng.random() < 0.1
        actual = value if at_target else round(value * rng.uniform(0.6, 1.35), 1)
        actuals.append(float(actual))
        weights.append(rng.choice([2, 3, 5, 8, 10, 15, 20]))
        names.append(rng.choice(_NAMES[kind]))
        categories.append(rng.choice(_CATEGORIES[kind]))
    return {
        "targets": targets,
        "actuals": actuals,
        "weights": weights,
        "names": names,
        "categories": categories,
    }


def _clear_caches() -> None:
    parser.parse.cache_clear()
    judge_module._parsed.cache_clear()
    judge_module._read_text.cache_clear()
    judge_module._direction_for.cache_clear()
    judge_module._target_text.cache_clear()


def _best(
    fn: Callable[[], object], repeats: int = REPEATS, before: Callable[[], None] | None = None
) -> float:
    times = []
    for _ in range(repeats):
        if before is not None:
            before()
        gc.collect()
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


# -- the pre-parsed arrays the floor and the peers work from --------------------------------


def _prepared(data: dict[str, Any]) -> dict[str, Any]:
    """Per distinct (target, direction): the numbers; per row: codes, sign, actual, weight."""
    policy = load_policy("mof-2020")
    targets = Codes.of(data["targets"])
    names = Codes.of(data["names"])
    categories = Codes.of(data["categories"])
    nodes = [parser.parse(t) for t in targets.values]
    u = len(nodes)
    kind = np.zeros(u, dtype=np.int8)  # 0 comparison, 1 interval
    t = np.zeros(u)
    delta = np.zeros(u)
    sign = np.zeros(u, dtype=np.int8)  # 0: from the direction table
    low = np.zeros(u)
    high = np.zeros(u)
    for i, node in enumerate(nodes):
        if isinstance(node, Range):
            kind[i] = 1
            low[i], high[i] = float(node.low.value), float(node.high.value)
            continue
        assert isinstance(node, Compare)
        t[i] = float(node.quantity.value)
        if node.op is Op.EQ:
            delta[i] = float(policy.equal_tolerance * abs(node.quantity.value))
        elif not node.implied:
            sign[i] = 1 if node.op in (Op.GE, Op.GT) else -1
    n = len(targets)
    row_sign = sign[targets.codes].copy()
    pairs: dict[tuple[int, int], int] = {}
    table_rows = np.flatnonzero(row_sign == 0)
    for i in table_rows.tolist():
        key = (int(names.codes[i]), int(categories.codes[i]))
        found = pairs.get(key)
        if found is None:
            choice = direction_for(names.values[key[0]], categories.values[key[1]], policy)
            found = pairs[key] = 1 if choice.direction is Direction.HIGHER else -1
        row_sign[i] = found
    return {
        "codes": targets.codes,
        "targets": targets,
        "names": names,
        "categories": categories,
        "nodes": nodes,
        "kind": kind,
        "t": t,
        "delta": delta,
        "low": low,
        "high": high,
        "row_sign": row_sign,
        "a": np.array(data["actuals"], dtype=np.float64),
        "w": np.array(data["weights"], dtype=np.float64),
        "n": n,
    }


def numpy_floor(p: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """The same arithmetic as ``score_many``, hand-written on pre-parsed arrays."""
    codes, a, w, s = p["codes"], p["a"], p["w"], p["row_sign"]
    t = p["t"][codes]
    with np.errstate(divide="ignore", invalid="ignore"):
        met = (a - t) * s + p["delta"][codes] >= 0
        r = a / t
        share = np.where(s > 0, r, 1.0 / r)
        partial = ~met & (r > 0) & (t > 0)
        frac = np.where(met, 1.0, np.where(partial, share, 0.0))
        ranges = np.flatnonzero(p["kind"][codes] == 1)
        if len(ranges):
            ar = a[ranges]
            lo, hi = p["low"][codes[ranges]], p["high"][codes[ranges]]
            inside = (ar >= lo) & (ar <= hi)
            below = ar < lo
            rfrac = np.where(inside, 1.0, np.where(below, np.maximum(ar, 0) / lo, hi / ar))
            frac[ranges] = rfrac
            met[ranges] = inside
            partial[ranges] = ~inside & (rfrac > 0)
    points = np.floor(w * frac * 100 + 0.5).astype(np.int64)
    verdicts = np.where(met, 0, np.where(partial, 1, 2)).astype(np.int8)
    return points, verdicts


# -- peers ------------------------------------------------------------------------------------


def _peer_expressions(p: dict[str, Any]) -> dict[tuple[int, int], str]:
    """One expression per distinct (target, direction): points for actual ``a``, weight ``w``."""
    exprs: dict[tuple[int, int], str] = {}
    codes, signs = p["codes"], p["row_sign"]
    seen = set(zip(codes.tolist(), signs.tolist(), strict=True))
    for code, sign in seen:
        if p["kind"][code] == 1:
            lo, hi = float(p["low"][code]), float(p["high"][code])
            exprs[(code, sign)] = (
                f"(a >= {lo!r} and a <= {hi!r}) ? w : "
                f"((a < {lo!r}) ? ((a > 0) ? w * a / {lo!r} : 0.0) : w * {hi!r} / a)"
            )
            continue
        t, d = float(p["t"][code]), float(p["delta"][code])
        if sign > 0:
            met = f"a >= {t - d!r}"
            miss = f"((a > 0 and {t!r} > 0) ? w * a / {t!r} : 0.0)"
        else:
            met = f"a <= {t + d!r}"
            miss = f"(({t!r} > 0) ? w * {t!r} / a : 0.0)"
        exprs[(code, sign)] = f"({met}) ? w : {miss}"
    return exprs


def _run_peer(compile_fn: Callable[[str], Any], p: dict[str, Any], limit: int) -> float:
    """Rows per second of a peer evaluating one compiled expression per row."""
    compiled = {key: compile_fn(text) for key, text in _peer_expressions(p).items()}
    codes = p["codes"][:limit].tolist()
    signs = p["row_sign"][:limit].tolist()
    actuals = p["a"][:limit].tolist()
    weights = p["w"][:limit].tolist()
    started = time.perf_counter()
    for code, sign, a, w in zip(codes, signs, actuals, weights, strict=True):
        compiled[(code, sign)]({"a": a, "w": w})
    return limit / (time.perf_counter() - started)


def _zen(p: dict[str, Any], limit: int) -> float | None:
    try:
        import zen
    except ImportError:
        return None
    return _run_peer(lambda text: zen.compile_expression(text).evaluate, p, limit)


def _rule_engine(p: dict[str, Any], limit: int) -> float | None:
    try:
        import rule_engine
    except ImportError:
        return None
    return _run_peer(lambda text: rule_engine.Rule(text).evaluate, p, limit)


# -- the run ----------------------------------------------------------------------------------


def measure(rows: int = ROWS) -> dict[str, Any]:
    """Run every measurement once; rates in rows per second."""
    warnings.simplefilter("ignore")
    parser.parse("≥90%")  # build the grammar once: a process cost, not a per-batch one
    data = make_rows(rows)
    cols = (data["targets"], data["actuals"], data["weights"])
    kw = {"names": data["names"], "categories": data["categories"]}

    end_to_end = _best(lambda: score_many(*cols, **kw), before=_clear_caches)
    result = score_many(*cols, **kw)

    prepared = _prepared(data)
    pre = (prepared["targets"], prepared["a"], prepared["w"])
    pre_kw = {"names": prepared["names"], "categories": prepared["categories"]}
    pre_parsed = _best(lambda: score_many(*pre, **pre_kw))
    floor = _best(lambda: numpy_floor(prepared))
    floor_points, _ = numpy_floor(prepared)

    sample = random.Random(SEED).sample(range(rows), min(VERIFY_ROWS, rows))
    mismatches = sum(
        score(data["targets"][i], data["actuals"][i], data["weights"][i],
              name=data["names"][i], category=data["categories"][i]).points
        != result.point(i)
        for i in sample
    )  # fmt: skip
    floor_differs = int(np.count_nonzero(floor_points != result.points_scaled))

    scalar_n = min(SCALAR_ROWS, rows)

    def scalar() -> None:
        for i in range(scalar_n):
            score(data["targets"][i], data["actuals"][i], data["weights"][i],
                  name=data["names"][i], category=data["categories"][i])  # fmt: skip

    scalar_time = _best(scalar, repeats=2)

    mixed_actuals: list[object] = list(data["actuals"])
    extras: list[object] = [None, "—", "nan", True, "是"]
    for i in range(0, rows, 10):  # every tenth actual: a string, a bool or missing
        pick = (i // 10) % (len(extras) + 1)
        mixed_actuals[i] = extras[pick] if pick < len(extras) else f"{data['actuals'][i]}"
    mixed_time = _best(
        lambda: score_many(data["targets"], mixed_actuals, data["weights"], **kw),
        before=_clear_caches,
    )

    return {
        "rows": rows,
        "distinct_targets": len(prepared["targets"].values),
        "score_many_rate": rows / end_to_end,
        "score_many_pre_parsed_rate": rows / pre_parsed,
        "numpy_floor_rate": rows / floor,
        "pre_parsed_vs_floor": pre_parsed / floor,
        "end_to_end_vs_floor": end_to_end / floor,
        "exact_rows": result.exact_rows,
        "verified_rows": len(sample),
        "verify_mismatches": mismatches,
        "floor_rows_differing": floor_differs,
        "scalar_rate": scalar_n / scalar_time,
        "mixed_actuals_rate": rows / mixed_time,
        "zen_rate": _zen(prepared, rows),
        "rule_engine_rate": _rule_engine(prepared, min(rows, 200_000)),
        "rule_engine_rows": min(rows, 200_000),
    }


def _rate(value: float | None) -> str:
    return "not installed" if value is None else f"{value:,.0f}"


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def render(r: dict[str, Any]) -> str:
    zen_ratio = r["score_many_rate"] / r["zen_rate"] if r["zen_rate"] else None
    re_ratio = r["score_many_rate"] / r["rule_engine_rate"] if r["rule_engine_rate"] else None
    lines = [
        "## Scoring (`score_many`, `score`)",
        "",
        f"{r['rows']:,} rows, {r['distinct_targets']} distinct targets; best of {REPEATS}.",
        "",
        "| measurement | rows/s | ratio |",
        "|---|---:|---:|",
        f"| `score_many` end to end (Python lists, parsing included) | "
        f"{_rate(r['score_many_rate'])} | {r['end_to_end_vs_floor']:.2f} × floor time |",
        f"| `score_many` pre-parsed (`Codes` + numpy arrays) | "
        f"{_rate(r['score_many_pre_parsed_rate'])} | {r['pre_parsed_vs_floor']:.2f} × floor time |",
        f"| numpy floor (same arithmetic, pre-parsed, no exactness checks) | "
        f"{_rate(r['numpy_floor_rate'])} | 1.00 |",
        f"| `score_many`, 10 % of actuals strings / bools / missing | "
        f"{_rate(r['mixed_actuals_rate'])} | |",
        f"| zen-engine (compiled expression per target, per row) | {_rate(r['zen_rate'])} | "
        f"{'' if zen_ratio is None else f'score_many is {zen_ratio:.1f} × faster'} |",
        f"| rule-engine (compiled rule per target, per row; {r['rule_engine_rows']:,} rows) | "
        f"{_rate(r['rule_engine_rate'])} | "
        f"{'' if re_ratio is None else f'score_many is {re_ratio:.0f} × faster'} |",
        f"| scalar `score` ({min(SCALAR_ROWS, r['rows']):,} rows) | {_rate(r['scalar_rate'])} | |",
        "",
        "| goal | target | measured | |",
        "|---|---:|---:|---|",
        f"| `score_many` end to end | ≥ {GOAL_BATCH_RATE:,} rows/s | "
        f"{_rate(r['score_many_rate'])} | {_verdict(r['score_many_rate'] >= GOAL_BATCH_RATE)} |",
        f"| pre-parsed vs numpy floor | ≤ {GOAL_FLOOR_RATIO} × | {r['pre_parsed_vs_floor']:.2f} × | "
        f"{_verdict(r['pre_parsed_vs_floor'] <= GOAL_FLOOR_RATIO)} |",
        f"| scalar `score` | ≥ {GOAL_SCALAR_RATE:,} rows/s | {_rate(r['scalar_rate'])} | "
        f"{_verdict(r['scalar_rate'] >= GOAL_SCALAR_RATE)} |",
        "",
        f"Exactness: {r['exact_rows']:,} rows went through the exact (Decimal) path; "
        f"{r['verified_rows']:,} sampled rows were compared with `score`: "
        f"{r['verify_mismatches']} mismatches. The floor's rounded points differ from the "
        f"exact ones on {r['floor_rows_differing']:,} rows (float ties it does not check).",
        "",
    ]
    return "\n".join(lines)


def run() -> str:
    """The markdown section for ``bench/RESULTS.md``."""
    return render(measure())


if __name__ == "__main__":
    print(run())
