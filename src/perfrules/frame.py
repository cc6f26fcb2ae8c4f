"""Indicator tables as columns: score and check pandas DataFrames and Arrow tables.

``score_frame(table)`` scores every row of an indicator table through the numpy batch
path (:func:`perfrules.batch.score_many`) and returns a :class:`pandas.DataFrame` with one
row per input row (same index): the points, the points lost, the verdict and its reason,
with every number an exact decimal string (or :class:`~decimal.Decimal` with
``numbers="decimal"``) equal to what :func:`perfrules.scoring.score` gives for that row.
``check_frame(table)`` reads the table the way the CSV loader reads a flat indicator
table (one project per 项目编码 / 项目名称, or one project) and runs the rulesets over it;
``frame_document(table)`` is that document.

Columns are found by their header, with the official Chinese names and English aliases
of :mod:`perfrules.loaders.vocabulary` (年度指标值 / 指标值 / target, 实际完成值 /
全年实际值 / 完成值 / actual, 分值 / 权重 / weight, 三级指标 / name, 二级指标 /
category, 一级指标 / tier, 项目编码, 指标性质 + 度量单位 …); ``columns={"target":
"my column"}`` overrides the lookup. A table may be a pandas DataFrame, a pyarrow
``Table`` or ``RecordBatch``, or a mapping of column name → sequence.

Rows that :func:`~perfrules.scoring.score` would refuse are scored as the scorecard
scores them (:func:`perfrules.aggregate.scorecard`): an empty or unreadable target or a
unit mismatch between target and actual is ``not_evaluable`` with its reason and 0 points,
never a crash. A missing or invalid weight is a :class:`~perfrules.errors.DocumentError`
at its cell (``<frame>:7:3``: line 1 is the header, as in a CSV file). Missing cells
(``None``, pandas ``NaN`` / ``NA``, Arrow nulls) are empty cells; a float ``NaN`` in an
Arrow table or a mapping is a NaN actual, as in ``score``.

pandas is imported only when a result is built, pyarrow never (an Arrow table is read
through its own methods); the rest of perfrules stays numpy-only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, Literal

import numpy as np
import numpy.typing as npt

from .batch import REASON_CODES, VERDICT_CODES, BatchScores, Codes, score_many
from .errors import DocumentError, PerfrulesError, UnitMismatchError
from .judging import Reason, Verdict, judge
from .model import Document, Locator
from .parser import parse
from .policy import DEFAULT_POLICY, Policy, PolicyLike, resolve_policy
from .scoring import ScoreFlag, to_weight

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .ast import Node
    from .rules import Ruleset

__all__ = ["FRAME_SOURCE", "check_frame", "document_frame", "frame_document", "score_frame"]

FRAME_SOURCE: Final = "<frame>"
"""The default ``source`` of a table: what locators and error locations name."""

Numbers = Literal["str", "decimal"]
Column = npt.NDArray[Any]

_REQUIRED: Final = ("target", "actual", "weight")
_PASS_THROUGH: Final = ("project_code", "project_name", "tier", "category", "name")
_V_NOT: Final = VERDICT_CODES.index(Verdict.NOT_EVALUABLE)
_V_MET: Final = VERDICT_CODES.index(Verdict.MET)
_R_TARGET: Final = REASON_CODES.index(Reason.UNPARSEABLE_TARGET)
_R_UNIT: Final = REASON_CODES.index(Reason.UNIT_MISMATCH)


# -- reading a table -----------------------------------------------------------------------


class _Table:
    """A table's header and columns, each read once as a 1-d numpy array.

    Numeric columns without missing values stay numeric (``int64`` / ``float64``);
    everything else is an object array with ``None`` for a missing cell.
    """

    def __init__(self, data: object, source: str):
        self.source = source
        self.names: list[str]
        self._columns: list[Column | None]
        self._get: Any
        kind = _kind(data)
        if kind == "pandas":
            frame: Any = data
            self.names = [str(c) for c in frame.columns]
            self.n = len(frame)
            self._get = lambda j: _pandas_column(frame.iloc[:, j])
        elif kind == "arrow":
            table: Any = data
            self.names = [str(c) for c in table.column_names]
            self.n = table.num_rows
            self._get = lambda j: _arrow_column(table.column(j))
        elif isinstance(data, Mapping):
            columns = {str(k): v for k, v in data.items()}
            self.names = list(columns)
            lengths = {len(v) for v in columns.values()}
            if len(lengths) > 1:
                raise DocumentError(
                    f"the columns have different lengths: {sorted(lengths)}",
                    location=source,
                    code="ragged-columns",
                    message_zh=f"各列长度不一致：{sorted(lengths)}",
                )
            self.n = lengths.pop() if lengths else 0
            values = list(columns.values())
            self._get = lambda j: _plain_column(values[j])
        else:
            raise TypeError(
                "expected a pandas DataFrame, a pyarrow Table or RecordBatch, or a mapping of "
                f"column name → sequence, got {type(data).__name__}"
            )
        self._columns = [None] * len(self.names)

    def column(self, j: int) -> Column:
        found = self._columns[j]
        if found is None:
            found = self._columns[j] = self._get(j)
        return found

    def fields(self, overrides: Mapping[str, str] | None) -> dict[str, int]:
        """field → column position, by header (first match wins, as in the loaders)."""
        from .loaders.grid import norm
        from .loaders.vocabulary import INDICATOR_COLUMNS

        found: dict[str, int] = {}
        for j, name in enumerate(self.names):
            field = INDICATOR_COLUMNS.get(norm(name))
            if field is not None and field not in found:
                found[field] = j
        for field, name in (overrides or {}).items():
            if field not in set(INDICATOR_COLUMNS.values()):
                raise ValueError(f"unknown field {field!r} in columns=")
            if name not in self.names:
                raise DocumentError(
                    f"column {name!r} (given for {field}) is not in the table",
                    location=self.source,
                    code="missing-columns",
                    message_zh=f"表中没有列“{name}”（指定为 {field}）",
                )
            found[field] = self.names.index(name)
        return found

    def locator(self, row: int, field_column: int) -> Locator:
        """Where a cell is: line 1 is the header, data row ``row`` (0-based) is line row+2."""
        return Locator(self.source, line=row + 2, column=field_column + 1)


def _kind(data: object) -> str:
    module = type(data).__module__
    if module.startswith("pandas") and hasattr(data, "iloc"):
        return "pandas"
    if module.startswith("pyarrow") and hasattr(data, "column_names"):
        return "arrow"
    return "other"


def _pandas_column(series: Any) -> Column:
    import pandas as pd

    missing = series.isna().to_numpy(dtype=bool)
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return _objects(series.to_numpy(dtype=object), missing)
    if pd.api.types.is_integer_dtype(dtype):
        if not missing.any():
            return np.asarray(series.to_numpy(dtype=np.int64))
        return _objects(series.to_numpy(dtype=object), missing)
    if pd.api.types.is_float_dtype(dtype):
        if not missing.any():
            return np.asarray(series.to_numpy(dtype=np.float64))
        return _objects(series.to_numpy(dtype=object), missing)
    return _objects(series.to_numpy(dtype=object), missing)


def _objects(values: Column, missing: npt.NDArray[np.bool_]) -> Column:
    out = np.asarray(values, dtype=object).copy()
    if missing.any():
        out[missing] = None
    return out


def _arrow_column(column: Any) -> Column:
    kind = str(column.type)
    if column.null_count == 0 and (kind.startswith(("int", "uint")) or kind in ("float", "double")):
        return np.asarray(column.to_numpy())
    out = np.empty(len(column), dtype=object)
    out[:] = column.to_pylist()
    return out


def _plain_column(values: Sequence[object] | Column) -> Column:
    if isinstance(values, np.ndarray):
        if values.dtype.kind in "iuf" and values.ndim == 1:
            return values
        return values.astype(object)
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


def _text(value: object) -> str | None:
    """A cell as text (what a CSV file would hold); ``None`` for a missing cell."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return "是" if value else "否"
    if isinstance(value, (float, np.floating)):
        if math.isnan(value):
            return None
        return repr(float(value))
    if isinstance(value, np.generic):
        return str(value.item())
    return str(value)


def _texts(column: Column) -> list[str | None]:
    if column.dtype != object:
        return [_text(v) for v in column.tolist()]
    cache: dict[object, str | None] = {}
    out: list[str | None] = []
    for value in column.tolist():
        key = value if type(value) is str else _key(value)
        found = cache.get(key, _NOT_SEEN)
        if found is _NOT_SEEN:
            found = cache[key] = _text(value)
        out.append(found)  # type: ignore[arg-type]
    return out


_NOT_SEEN: Final = object()


def _key(value: object) -> tuple[type, str]:
    """A cache key that tells ``Decimal("1.0")`` from ``Decimal("1")`` and ``-0.0`` from 0."""
    return (type(value), repr(value))


# -- scoring -------------------------------------------------------------------------------


def _targets(table: _Table, fields: dict[str, int]) -> list[str | None]:
    """Target texts; a 指标性质 / 度量单位 pair of columns is folded in as the loaders do."""
    values = _texts(table.column(fields["target"]))
    if "target_op" not in fields and "target_unit" not in fields:
        return values
    from .loaders.grid import GridCell, clean
    from .loaders.indicator_table import compose_target_text

    ops = _texts(table.column(fields["target_op"])) if "target_op" in fields else None
    units = _texts(table.column(fields["target_unit"])) if "target_unit" in fields else None
    where = Locator(table.source)
    composed: dict[tuple[str | None, str | None, str | None], str | None] = {}
    out: list[str | None] = []
    for i, value in enumerate(values):
        key = (value, ops[i] if ops else None, units[i] if units else None)
        if key not in composed:
            cells = {
                field: GridCell(clean(text), where, (0, 0))
                for field, text in zip(("target", "target_op", "target_unit"), key, strict=True)
                if text is not None
            }
            if ops is not None:
                cells.setdefault("target_op", GridCell("", where, (0, 0)))
            composed[key] = compose_target_text(cells)
        out.append(composed[key])
    return out


def _weights(table: _Table, j: int) -> Column | list[Decimal]:
    """The weight column, checked: a missing or invalid weight is an error at its cell."""
    column = table.column(j)
    if column.dtype.kind in "iuf":
        bad = ~np.isfinite(column) | (column < 0) if column.dtype.kind == "f" else column < 0
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            _invalid_weight(table, i, j, column[i].item())
        return column
    from .loaders.values import parse_amount

    cache: dict[object, Decimal] = {}
    out: list[Decimal] = []
    for i, value in enumerate(column.tolist()):
        key = value if type(value) is str else _key(value)
        found = cache.get(key)
        if found is None:
            if value is None or (isinstance(value, float) and math.isnan(value)):
                _missing_weight(table, i, j)
            if isinstance(value, str):
                amount = parse_amount(
                    value, table.locator(i, j), "weight (分值)", "分值", suffixes=("分", "%")
                )
                if amount is None:
                    _missing_weight(table, i, j)
                value = amount
            try:
                found = cache[key] = to_weight(value)
            except PerfrulesError:
                _invalid_weight(table, i, j, value)
        assert found is not None
        out.append(found)
    return out


def _missing_weight(table: _Table, row: int, column: int) -> None:
    raise DocumentError(
        f"row {row} has no weight (分值 / 权重) to score against",
        location=str(table.locator(row, column)),
        code="missing-weight",
        message_zh=f"第{row}行缺少分值（权重），无法评分",
    )


def _invalid_weight(table: _Table, row: int, column: int, value: object) -> None:
    raise DocumentError(
        f"row {row}: a weight must be a finite number ≥ 0, got {value!r}",
        location=str(table.locator(row, column)),
        code="invalid-weight",
        message_zh=f"第{row}行：分值必须是不小于0的有限数，实际为 {value!r}",
    )


def _names(table: _Table, fields: dict[str, int], field: str) -> list[str | None] | None:
    return _texts(table.column(fields[field])) if field in fields else None


def _parse_targets(texts: list[str | None]) -> tuple[Codes, npt.NDArray[np.bool_]]:
    """Factorised parsed targets, and which rows have one (empty / unreadable: not)."""
    coded = Codes.of(texts)
    nodes: list[Node | None] = []
    for text in coded.values:
        try:
            nodes.append(None if text is None else parse(text))
        except PerfrulesError:
            nodes.append(None)
    parsed = np.array([node is not None for node in nodes], dtype=bool)
    return Codes(coded.codes, tuple(nodes)), parsed[coded.codes]


def _unit_mismatches(
    rows: npt.NDArray[np.intp],
    targets: Codes,
    actuals: Column,
    names: list[str | None] | None,
    categories: list[str | None] | None,
    policy: Policy,
) -> npt.NDArray[np.bool_]:
    """Which of ``rows`` pair a target with an actual of another dimension (judged exactly)."""
    out = np.zeros(len(rows), dtype=bool)
    seen: dict[tuple[int, type, object], bool] = {}
    for k, i in enumerate(rows.tolist()):
        actual = actuals[i]
        if not isinstance(actual, str):
            continue  # a bare number is read in the target's unit: it cannot mismatch
        key = (int(targets.codes[i]), type(actual), actual)
        if key not in seen:
            try:
                judge(
                    targets[i],
                    actual,
                    name=names[i] if names else None,
                    category=categories[i] if categories else None,
                    policy=policy,
                )
                seen[key] = False
            except UnitMismatchError:
                seen[key] = True
        out[k] = seen[key]
    return out


class _Scored:
    """Row-aligned outcome arrays for the whole table."""

    def __init__(self, n: int, policy: Policy):
        self.points = np.zeros(n, dtype=np.int64)
        self.verdicts = np.full(n, _V_NOT, dtype=np.int8)
        self.reasons = np.full(n, _R_TARGET, dtype=np.int8)
        self.over = np.zeros(n, dtype=bool)
        self.decimals = policy.decimals

    def put(self, rows: npt.NDArray[np.intp] | slice, batch: BatchScores) -> None:
        assert batch.decimals == self.decimals
        self.points[rows] = batch.points_scaled
        self.verdicts[rows] = batch.verdicts
        self.reasons[rows] = batch.reasons
        self.over[rows] = batch.over_achieved


def _subset(column: Any, rows: npt.NDArray[np.intp]) -> Any:
    if column is None:
        return None
    if isinstance(column, np.ndarray):
        return column[rows]
    return [column[i] for i in rows.tolist()]


def score_frame(
    data: object,
    *,
    policy: PolicyLike = DEFAULT_POLICY,
    columns: Mapping[str, str] | None = None,
    numbers: Numbers = "str",
    source: str = FRAME_SOURCE,
) -> pd.DataFrame:
    """Score every row of an indicator table; row i equals ``score(target_i, actual_i, …)``.

    The result has the input's index and the columns ``project_code``, ``project_name``,
    ``tier``, ``category``, ``name`` (those present in the input), ``target`` (the text
    scored), ``actual`` (as given), ``weight``, ``points``, ``lost`` (exact decimal strings,
    or ``Decimal`` with ``numbers="decimal"``), ``verdict``, ``reason`` (``None`` when
    evaluable), ``over_achieved`` and ``flags`` (sorted, comma-separated
    :class:`~perfrules.scoring.ScoreFlag` values). ``result.attrs`` names the policy and
    its rounding.
    """
    import pandas as pd

    rules = resolve_policy(policy)
    table = _Table(data, source)
    fields = table.fields(columns)
    missing = [f for f in _REQUIRED if f not in fields]
    if missing:
        raise DocumentError(
            f"no {', '.join(missing)} column: expected headers such as 年度指标值 / 指标值, "
            "实际完成值 / 全年实际值 / 完成值 and 分值 / 权重 (or target, actual, weight)",
            location=source,
            code="missing-columns",
            message_zh=f"缺少 {', '.join(missing)} 列：应有 年度指标值 / 指标值、实际完成值 / "
            "全年实际值 / 完成值、分值 / 权重 等表头",
        )
    n = table.n
    texts = _targets(table, fields)
    targets, parsed = _parse_targets(texts)
    actuals = table.column(fields["actual"])
    weights = _weights(table, fields["weight"])
    names = _names(table, fields, "name")
    categories = _names(table, fields, "category")

    scored = _Scored(n, rules)
    rows = np.flatnonzero(parsed)
    if len(rows):
        whole = len(rows) == n
        mismatched = np.zeros(len(rows), dtype=bool)
        while True:
            keep = rows[~mismatched]
            try:
                batch = score_many(
                    Codes(targets.codes[keep], targets.values) if not whole else targets,
                    actuals[keep] if not whole else actuals,
                    _subset(weights, keep) if not whole else weights,
                    names=_subset(names, keep) if not whole else names,
                    categories=_subset(categories, keep) if not whole else categories,
                    policy=rules,
                )
                break
            except UnitMismatchError:
                if mismatched.any():  # pragma: no cover - every mismatch was judged already
                    raise
                mismatched = _unit_mismatches(rows, targets, actuals, names, categories, rules)
                whole = False
        scored.put(keep, batch)
        scored.reasons[rows[mismatched]] = _R_UNIT
    weight_text, weight_codes = _weight_texts(weights)
    result = _result(table, fields, texts, actuals, weight_text, weight_codes, scored, rules)
    if numbers == "decimal":
        for name in ("weight", "points", "lost"):
            result[name] = [Decimal(v) for v in result[name].tolist()]
    index = _index(data, n)
    frame = pd.DataFrame(
        {
            name: pd.Series(values, index=index, dtype=bool if name == "over_achieved" else object)
            for name, values in result.items()
        },
        index=index,
    )
    frame.attrs.update(policy=rules.id, rounding=rules.rounding_en, source=source)
    return frame


def _index(data: object, n: int) -> Any:
    if _kind(data) == "pandas":
        return data.index  # type: ignore[attr-defined]
    return range(n)


def _weight_texts(weights: Column | list[Decimal]) -> tuple[list[Decimal], npt.NDArray[np.intp]]:
    """Distinct row weights as the ``Decimal`` that ``score`` reads, and each row's code."""
    if isinstance(weights, np.ndarray):
        uniq, inverse = np.unique(weights, return_inverse=True)
        return [to_weight(v) for v in uniq.tolist()], inverse.reshape(-1)
    coded = Codes.of([str(w) for w in weights])
    return [Decimal(text) for text in coded.values], coded.codes


def _result(
    table: _Table,
    fields: dict[str, int],
    texts: list[str | None],
    actuals: Column,
    weight_values: list[Decimal],
    weight_codes: npt.NDArray[np.intp],
    scored: _Scored,
    policy: Policy,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in _PASS_THROUGH:
        if field in fields:
            out[field] = _texts(table.column(fields[field]))
    out["target"] = texts
    out["actual"] = actuals.tolist() if actuals.dtype == object else actuals
    # points and lost: one Decimal per distinct (weight, points) pair
    uniq_points, points_code = np.unique(scored.points, return_inverse=True)
    points_code = points_code.reshape(-1)
    point_values = [Decimal(int(v)).scaleb(-scored.decimals) for v in uniq_points.tolist()]
    pair = weight_codes.astype(np.int64) * len(uniq_points) + points_code
    uniq_pairs, pair_code = np.unique(pair, return_inverse=True)
    pair_code = pair_code.reshape(-1)
    lost_text: list[str] = []
    pair_zero: list[bool] = []
    pair_full: list[bool] = []
    for code in uniq_pairs.tolist():
        w, p = divmod(code, len(uniq_points))
        weight, points = weight_values[w], point_values[p]
        lost_text.append(str(weight - points))
        pair_zero.append(weight == 0)
        pair_full.append(points == weight)
    out["weight"] = np.array([str(w) for w in weight_values], dtype=object)[weight_codes]
    out["points"] = np.array([str(p) for p in point_values], dtype=object)[points_code]
    out["lost"] = np.array(lost_text, dtype=object)[pair_code]
    out["verdict"] = np.array([str(v) for v in VERDICT_CODES], dtype=object)[scored.verdicts]
    reasons = np.array([None if r is None else str(r) for r in REASON_CODES], dtype=object)
    out["reason"] = reasons[scored.reasons]
    out["reason"][scored.verdicts != _V_NOT] = None
    out["over_achieved"] = scored.over
    zero = np.array(pair_zero, dtype=bool)[pair_code]
    full = np.array(pair_full, dtype=bool)[pair_code]
    out["flags"] = _flags(scored, zero, full, policy)
    return out


def _flags(
    scored: _Scored, zero: npt.NDArray[np.bool_], full: npt.NDArray[np.bool_], policy: Policy
) -> npt.NDArray[Any]:
    """The flags of :func:`~perfrules.scoring.score_judgement`, from the outcome arrays."""
    met = scored.verdicts == _V_MET
    masks = {
        ScoreFlag.FULL_POINTS_NOT_MET: ~met & full & ~zero,
        ScoreFlag.NOT_EVALUABLE: scored.verdicts == _V_NOT,
        ScoreFlag.OVER_ACHIEVED: scored.over,
        ScoreFlag.OVER_ACHIEVEMENT_PENALISED: scored.over & met & ~zero
        if policy.over_penalty
        else np.zeros_like(met),
        ScoreFlag.ZERO_WEIGHT: zero,
    }
    names = sorted(str(flag) for flag in masks)
    code = np.zeros(len(met), dtype=np.int64)
    for flag, mask in masks.items():
        code |= mask.astype(np.int64) << names.index(str(flag))
    lookup = np.array(
        [",".join(name for bit, name in enumerate(names) if c >> bit & 1) for c in range(32)],
        dtype=object,
    )
    out: npt.NDArray[Any] = lookup[code]
    return out


# -- checking ------------------------------------------------------------------------------


def frame_document(
    data: object, *, columns: Mapping[str, str] | None = None, source: str = FRAME_SOURCE
) -> Document:
    """The table as a document, read exactly as the CSV loader reads a flat indicator table.

    Cells become text (numbers as their shortest decimal, booleans as 是 / 否, missing
    cells empty) and locators are ``source:line:column`` with the header on line 1.
    ``columns`` renames columns to a field's first alias before reading.
    """
    from .loaders.assemble import assemble
    from .loaders.grid import build_grid
    from .loaders.tables import read_projects
    from .loaders.values import Notes
    from .loaders.vocabulary import INDICATOR_COLUMNS

    table = _Table(data, source)
    header = list(table.names)
    if columns:
        fields = table.fields(columns)
        for field in columns:
            header[fields[field]] = next(k for k, f in INDICATOR_COLUMNS.items() if f == field)
    cells = [_texts(table.column(j)) for j in range(len(header))]
    rows = [[(name, Locator(source, line=1, column=j + 1)) for j, name in enumerate(header)]]
    for i in range(table.n):
        rows.append([(cells[j][i] or "", table.locator(i, j)) for j in range(len(header))])
    notes = Notes()
    projects = read_projects(build_grid(rows, Locator(source)), notes)
    if not projects or not any(p.indicators for p in projects):
        raise DocumentError(
            "no indicator table found: expected columns such as 一级指标 / 二级指标 / 三级指标 "
            "(or tier / category / name) and 年度指标值 / 实际完成值 / 分值 / 得分",
            location=source,
            code="missing-headers",
            message_zh="未找到指标表：缺少 一级指标 / 二级指标 / 三级指标 及 "
            "年度指标值 / 实际完成值 / 分值 / 得分 等列",
        )
    return assemble(source, projects, notes)


_FINDING_COLUMNS: Final = (
    "ruleset",
    "rule",
    "severity",
    "message",
    "message_en",
    "project",
    "project_name",
    "row",
    "indicator",
    "item",
    "location",
    "values",
)


def check_frame(
    data: object,
    rulesets: Sequence[Ruleset] | None = None,
    *,
    columns: Mapping[str, str] | None = None,
    min_severity: str = "info",
    source: str = FRAME_SOURCE,
) -> pd.DataFrame:
    """Check the table with ``rulesets`` (default: the built-in ones for its kind).

    One row per finding, in the order ``perfrules check`` reports them: ``ruleset``,
    ``rule``, ``severity``, ``message`` (Chinese), ``message_en``, ``project``,
    ``project_name``, ``row``, ``indicator``, ``item``, ``location`` (``source:line:col``)
    and ``values`` (a dict of the values involved, as strings).
    """
    import pandas as pd

    from .rules import Severity, check_document
    from .runner import rulesets_for

    document = frame_document(data, columns=columns, source=source)
    floor = Severity(min_severity).rank
    records = []
    for report in check_document(document, rulesets_for(document, rulesets)):
        for finding in report.findings:
            if finding.severity.rank < floor:
                continue
            where = finding.location
            records.append(
                (
                    report.ruleset,
                    finding.rule,
                    finding.severity.value,
                    finding.message_zh,
                    finding.message_en,
                    where.project,
                    where.project_name,
                    where.row,
                    where.indicator,
                    where.item,
                    where.source,
                    dict(finding.values),
                )
            )
    frame = pd.DataFrame.from_records(records, columns=list(_FINDING_COLUMNS))
    frame["row"] = frame["row"].astype("Int64")
    frame.attrs.update(source=source, kind=document.kind.value)
    return frame


# -- documents to a table ------------------------------------------------------------------

_DOCUMENT_COLUMNS: Final = (
    "source",
    "project_code",
    "project_name",
    "tier",
    "category",
    "name",
    "description",
    "target",
    "basis",
    "actual",
    "weight",
    "claimed",
    "deviation_reason",
    "locator",
)


def document_frame(documents: Document | Sequence[Document]) -> pd.DataFrame:
    """The indicator rows of one or more documents as a table (decimals as strings).

    Columns: ``source``, ``project_code``, ``project_name``, ``tier``, ``category``,
    ``name``, ``description``, ``target`` (the text as written), ``basis``, ``actual``,
    ``weight``, ``claimed``, ``deviation_reason``, ``locator``; :func:`score_frame` and
    :func:`check_frame` read it back (the project, not its fund block or goals).
    """
    import pandas as pd

    docs = [documents] if isinstance(documents, Document) else list(documents)
    records = [
        (
            document.source,
            project.code,
            project.name,
            indicator.tier,
            indicator.category,
            indicator.name,
            indicator.description,
            indicator.target_text,
            indicator.basis,
            indicator.actual,
            None if indicator.weight is None else str(indicator.weight),
            None if indicator.claimed is None else str(indicator.claimed),
            indicator.deviation_reason,
            None if indicator.locate() is None else str(indicator.locate()),
        )
        for document in docs
        for project in document.projects
        for indicator in project.indicators
    ]
    return pd.DataFrame.from_records(records, columns=list(_DOCUMENT_COLUMNS))
