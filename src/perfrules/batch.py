"""Score many indicators at once with numpy, giving exactly the numbers of ``score``.

``score_many(targets, actuals, weights)`` parses each distinct target once, reads each
distinct non-numeric actual once, and then does the arithmetic on whole arrays. Points
are returned as integers in units of the policy's rounding step (``points_scaled``:
``967`` means ``9.67`` under two decimals), so they compare exactly with the ``Decimal``
points of :func:`perfrules.scoring.score`.

Why float arithmetic can still be exact here: a float actual stands for the shortest
decimal that round-trips to it (that is what ``score`` reads), and comparing two such
floats orders them exactly as their decimals. Everything else a float could get wrong is
a value within a hair of a decision boundary — a comparison with a derived bound
(tolerance, 1.2 × target, k × target), an inexact input (a ``Decimal`` or a string), or a
rounding tie at half a step. Those rows, and only those, are recomputed with the exact
scalar path. The property tests check ``score_many`` against ``score`` row by row.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from .ast import Compare, Node, Op, Range
from .judging import (
    DirectionChoice,
    Judgement,
    Reason,
    Verdict,
    _direction_for,
    _Invalid,
    _Number,
    _read_actual,
    judge,
)
from .parser import parse
from .policy import DEFAULT_POLICY, Direction, Formula, Policy, PolicyLike, resolve_policy
from .scoring import compute_points, to_weight

__all__ = ["REASON_CODES", "VERDICT_CODES", "BatchScores", "Codes", "score_many"]

VERDICT_CODES: Final[tuple[Verdict, ...]] = (
    Verdict.MET,
    Verdict.PARTLY,
    Verdict.MISSED,
    Verdict.NOT_EVALUABLE,
)
"""``verdicts[i]`` indexes this tuple."""

REASON_CODES: Final[tuple[Reason | None, ...]] = (None, *Reason)
"""``reasons[i]`` indexes this tuple (0: evaluable)."""

_V_MET, _V_PARTLY, _V_MISSED, _V_NOT = 0, 1, 2, 3
_REASON_INDEX: Final = {reason: i for i, reason in enumerate(REASON_CODES)}
_VERDICT_INDEX: Final = {verdict: i for i, verdict in enumerate(VERDICT_CODES)}
_FORMULAS: Final = {None: 0, Formula.PROPORTIONAL: 1, Formula.INVERSE: 2, Formula.LINEAR_TO_ZERO: 3}
_EXACT_INT: Final = 2**53
_NEAR: Final = 1e-9  # relative distance to a decision boundary that triggers the exact path

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@attrs.frozen(eq=False)
class Codes:
    """A factorised column: row i holds ``values[codes[i]]``.

    Pass one instead of a plain sequence (for targets, names or categories) to skip the
    factorisation — the "pre-parsed" path. Target values may be strings or parsed nodes.
    """

    codes: npt.NDArray[np.intp]
    values: tuple[Any, ...]

    @classmethod
    def of(cls, column: Sequence[Any]) -> Codes:
        """Factorise ``column`` in one pass (codes in order of first appearance)."""
        index = _Index()
        codes = np.fromiter(map(index.__getitem__, column), dtype=np.intp, count=len(column))
        return cls(codes, tuple(index))

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, i: int) -> Any:
        return self.values[self.codes[i]]


@attrs.frozen(eq=False)
class BatchScores:
    """The result of :func:`score_many`: one entry per row, as numpy arrays.

    ``points_scaled[i] / 10**decimals`` is row i's points (use :meth:`points` for
    ``Decimal``\\ s); ``verdicts`` index :data:`VERDICT_CODES`, ``reasons`` index
    :data:`REASON_CODES`. ``weights`` are the row weights as floats; ``weights_scaled``
    is None when some weight is not a whole number of rounding steps. ``exact_rows``
    counts the rows recomputed exactly.
    """

    points_scaled: IntArray
    verdicts: npt.NDArray[np.int8]
    reasons: npt.NDArray[np.int8]
    over_achieved: BoolArray
    weights: FloatArray
    decimals: int
    policy_id: str
    exact_rows: int

    def __len__(self) -> int:
        return len(self.points_scaled)

    def points(self) -> list[Decimal]:
        """Every row's points as a ``Decimal``, equal to ``score(...).points``."""
        d = -self.decimals
        return [Decimal(v).scaleb(d) for v in self.points_scaled.tolist()]

    def point(self, i: int) -> Decimal:
        return Decimal(int(self.points_scaled[i])).scaleb(-self.decimals)

    def verdict(self, i: int) -> Verdict:
        return VERDICT_CODES[int(self.verdicts[i])]

    def reason(self, i: int) -> Reason | None:
        return REASON_CODES[int(self.reasons[i])]

    @property
    def points_float(self) -> FloatArray:
        """Points as floats, for plotting and statistics (not for equality checks)."""
        return self.points_scaled / float(10**self.decimals)

    @property
    def weights_scaled(self) -> IntArray | None:
        """Weights in rounding steps, or None when some weight is not a whole step."""
        scale = float(10**self.decimals)
        scaled = np.round(self.weights * scale)
        if not np.array_equal(scaled / scale, self.weights) or (np.abs(scaled) >= _EXACT_INT).any():
            return None
        return scaled.astype(np.int64)

    @property
    def lost_scaled(self) -> IntArray:
        """Points lost per row, in rounding steps (needs whole-step weights)."""
        weights = self.weights_scaled
        if weights is None:
            raise ValueError("some weights are not whole rounding steps; use score() for those")
        return weights - self.points_scaled


# -- columns -------------------------------------------------------------------------------


class _TypeCode(dict[type, int]):
    def __missing__(self, key: type) -> int:
        return _OTHER_T


class _Lookup(dict[Any, int]):
    """A memoising dict: a missing key is computed once by ``compute``."""

    def __init__(self, compute: Callable[[Any], int]):
        super().__init__()
        self.compute = compute

    def __missing__(self, key: Any) -> int:
        value = self[key] = self.compute(key)
        return value


class _Index(dict[Any, int]):
    """Assigns codes in order of first appearance (factorises in one pass)."""

    def __missing__(self, key: Any) -> int:
        code = self[key] = len(self)
        return code


_FLOAT_T, _INT_T, _OTHER_T = 0, 1, 2
_TYPE_CODES: Final = _TypeCode({float: _FLOAT_T, int: _INT_T, np.float64: _FLOAT_T})

# actual kinds
_PLAIN, _OBJECT, _INVALID = 0, 1, 2


@attrs.frozen(eq=False)
class _Actuals:
    value: FloatArray  # plain numbers, in the target's unit
    kind: npt.NDArray[np.int8]
    exact: BoolArray | None  # None: every float stands exactly for the number score() reads
    code: IntArray  # distinct-object code (-1: a raw float/int)
    objects: list[Any]
    reason: npt.NDArray[np.int8]
    all_plain: bool


def _plain_numbers(column: Sequence[object] | npt.NDArray[Any]) -> FloatArray | None:
    """The column as floats if it holds only Python floats and ints (no bools), else None.

    ``np.array`` infers the dtype in C; only when the result could hide a bool (a 0 or 1)
    or a huge int do we look at the element types.
    """
    if isinstance(column, np.ndarray):
        if column.dtype.kind in "fiu" and column.ndim == 1:
            return column.astype(np.float64, copy=False)
        return None
    try:
        array = np.array(column)
    except (ValueError, TypeError):
        return None
    if array.ndim != 1 or array.dtype.kind not in "fi":
        return None
    value = array.astype(np.float64, copy=False)
    suspicious = np.flatnonzero((value == 0) | (value == 1) | (np.abs(value) >= _EXACT_INT))
    if len(suspicious):
        # only a 0 or 1 can be a bool in disguise, only a huge value an inexact int
        plain = (float, int, np.float64)
        if len(suspicious) * 8 > len(value):
            if not set(map(type, column)) <= set(plain):
                return None
        elif not all(type(column[i]) in plain for i in suspicious.tolist()):
            return None
    return value


def _read_actuals(actuals: Sequence[object] | npt.NDArray[Any], n: int) -> _Actuals:
    kind = np.zeros(n, dtype=np.int8)
    code = np.full(n, -1, dtype=np.int64)
    reason = np.zeros(n, dtype=np.int8)
    plain = _plain_numbers(actuals)
    if plain is not None:
        is_int = isinstance(actuals, np.ndarray) and actuals.dtype.kind in "iu"
        big = np.abs(plain) >= _EXACT_INT
        exact = ~big if (is_int or not isinstance(actuals, np.ndarray)) and big.any() else None
        return _finish(plain, kind, exact, code, [], reason, None)
    objects = _object_array(actuals, n)
    type_codes = np.fromiter(
        map(_TYPE_CODES.__getitem__, map(type, objects.tolist())), dtype=np.int8, count=n
    )
    numeric = type_codes != _OTHER_T
    value = np.full(n, np.nan)
    value[numeric] = objects[numeric].astype(np.float64)
    exact = np.ones(n, dtype=bool)
    ints = numeric & (type_codes == _INT_T)
    exact[ints] = np.abs(value[ints]) < _EXACT_INT
    others = np.flatnonzero(~numeric)
    distinct: list[Any] = []
    if len(others):
        values = objects[others].tolist()
        try:
            index = _Index()
            code[others] = np.fromiter(map(index.__getitem__, values), np.int64, len(values))
            distinct = list(index)
        except TypeError:  # unhashable actuals: one code per row
            distinct = values
            code[others] = np.arange(len(values))
        info = [_classify(item) for item in distinct]
        sub = code[others]
        kind[others] = np.array([i[0] for i in info], dtype=np.int8)[sub]
        value[others] = np.array([i[1] for i in info], dtype=np.float64)[sub]
        exact[others] = np.array([i[2] for i in info], dtype=bool)[sub]
        reason[others] = np.array([i[3] for i in info], dtype=np.int8)[sub]
    return _finish(value, kind, exact, code, distinct, reason, numeric)


def _object_array(values: Sequence[object] | npt.NDArray[Any], n: int) -> npt.NDArray[Any]:
    if isinstance(values, np.ndarray):
        return values.astype(object)
    out = np.empty(n, dtype=object)
    out[:] = list(values)
    return out


def _classify(item: object) -> tuple[int, float, bool, int]:
    """(kind, value, exact, reason) of one distinct non-float actual."""
    found = _read_actual(item)
    if isinstance(found, _Invalid):
        return _INVALID, np.nan, True, _REASON_INDEX[found.reason]
    if isinstance(found, _Number) and found.unit is None:
        as_float = float(found.value)
        exact = Decimal(repr(as_float)) == found.value
        return _PLAIN, as_float, exact, 0
    return _OBJECT, np.nan, True, 0


def _finish(
    value: FloatArray,
    kind: npt.NDArray[np.int8],
    exact: BoolArray | None,
    code: IntArray,
    objects: list[Any],
    reason: npt.NDArray[np.int8],
    numeric: BoolArray | None,
) -> _Actuals:
    """Raw floats that are NaN or infinite are not evaluable, as in ``score``."""
    bad = ~np.isfinite(value)
    if numeric is not None:
        bad &= numeric
    if bad.any():
        kind[bad] = _INVALID
        reason[bad & np.isnan(value)] = _REASON_INDEX[Reason.NAN]
        reason[bad & np.isinf(value)] = _REASON_INDEX[Reason.INFINITE]
    all_plain = not bool(kind.any())
    return _Actuals(value, kind, exact, code, objects, reason, all_plain)


def _read_weights(
    weights: Sequence[object] | npt.NDArray[Any], n: int
) -> tuple[FloatArray, BoolArray | None]:
    """Weights as floats, validated like :func:`~perfrules.scoring.to_weight`."""
    value = _plain_numbers(weights)
    inexact: BoolArray | None = None
    if value is None:
        exact_values = [to_weight(w) for w in weights]
        value = np.array([float(w) for w in exact_values], dtype=np.float64).reshape(n)
        inexact = np.array([Decimal(repr(float(w))) != w for w in exact_values], dtype=bool)
    if not len(value):
        return value, inexact
    low, high = float(value.min()), float(value.max())  # NaN makes both checks fail
    if not (low >= 0 and high < _EXACT_INT):
        bad = ~np.isfinite(value) | (value < 0)
        if bad.any():
            to_weight(_item(weights, int(np.flatnonzero(bad)[0])))
        if inexact is None:
            inexact = np.abs(value) >= _EXACT_INT
    return value, inexact


def _item(values: Sequence[object] | npt.NDArray[Any], i: int) -> Any:
    item = values[i]
    return item.item() if isinstance(item, np.generic) else item


# -- targets -------------------------------------------------------------------------------

_CMP, _RNG, _OBJ = 0, 1, 2


@attrs.frozen(eq=False)
class _TargetTable:
    """Per distinct target: the constants of the vectorised comparison.

    A comparison is met when ``sign × (a - t) + delta > 0`` (or ``= 0`` unless strict),
    where ``sign`` is +1 for higher-is-better and -1 for lower (0: ask the direction
    table) and ``delta`` the tolerance band of an ``=`` target (``tolerance × |t|``).
    """

    kind: npt.NDArray[np.int8]
    sign: npt.NDArray[np.int8]
    t: FloatArray
    inv_t: FloatArray
    delta: FloatArray
    strict: BoolArray
    can_hi: BoolArray
    can_lo: BoolArray
    check_cmp: BoolArray
    check_rng: BoolArray
    low: FloatArray
    high: FloatArray
    low_closed: BoolArray
    high_closed: BoolArray
    symmetric: BoolArray
    # exact value = num / den (den a power of ten); den 0 when it does not fit in int64
    t_num: IntArray
    t_den: IntArray
    low_num: IntArray
    low_den: IntArray
    high_num: IntArray
    high_den: IntArray

    @property
    def any_eq(self) -> bool:
        return bool(self.delta.any())

    @property
    def any_strict(self) -> bool:
        return bool(self.strict.any())

    @property
    def same_can(self) -> bool:
        return np.array_equal(self.can_hi, self.can_lo)

    @property
    def needs_table(self) -> BoolArray:
        needs: BoolArray = (self.kind == _CMP) & (self.sign == 0)
        return needs


def _round_trips(value: Decimal) -> bool:
    return Decimal(repr(float(value))) == value


def _target_table(nodes: tuple[Node, ...], policy: Policy) -> _TargetTable:
    u = len(nodes)
    kind = np.full(u, _OBJ, dtype=np.int8)
    sign = np.zeros(u, dtype=np.int8)
    t, inv_t, delta = np.zeros(u), np.zeros(u), np.zeros(u)
    low, high = np.zeros(u), np.zeros(u)
    strict, can_hi, can_lo = (np.zeros(u, dtype=bool) for _ in range(3))
    check_cmp, check_rng = np.zeros(u, dtype=bool), np.zeros(u, dtype=bool)
    low_closed, high_closed, symmetric = (np.zeros(u, dtype=bool) for _ in range(3))
    tol = policy.equal_tolerance
    higher_ok = policy.higher_formula is Formula.PROPORTIONAL
    lower_ok = policy.lower_formula is not Formula.ALL_OR_NOTHING
    for i, node in enumerate(nodes):
        if isinstance(node, Compare) and node.op is not Op.NE:
            value = node.quantity.value
            kind[i] = _CMP
            t[i] = float(value)
            exact = _round_trips(value)
            if value == 0 and (node.implied or node.op is Op.EQ):
                sign[i] = -1  # zero target: met when the actual is at most 0
                check_cmp[i] = not exact
                continue
            strict[i] = node.op in (Op.GT, Op.LT)
            if node.op is Op.EQ:
                delta[i] = float(tol * abs(value))
                exact = exact and tol == 0
                sign[i] = 1 if policy.equal_miss == "higher" else 0
            elif not node.implied:
                sign[i] = 1 if node.op in (Op.GE, Op.GT) else -1
            if value > 0:
                inv_t[i] = 1.0 / t[i]
                can_hi[i], can_lo[i] = higher_ok, lower_ok
            check_cmp[i] = not exact
        elif isinstance(node, Range) and node.low.unit == node.high.unit:
            kind[i] = _RNG
            low[i], high[i] = float(node.low.value), float(node.high.value)
            low_closed[i], high_closed[i] = node.low_closed, node.high_closed
            symmetric[i] = node.low.value == -node.high.value and node.high.value > 0
            check_rng[i] = not (_round_trips(node.low.value) and _round_trips(node.high.value))
    fractions = [
        [_fraction(node.quantity.value)] * 3 if isinstance(node, Compare)
        else [(0, 0), _fraction(node.low.value), _fraction(node.high.value)]
        if isinstance(node, Range) else [(0, 0)] * 3
        for node in nodes
    ]  # fmt: skip
    ints = np.array(fractions, dtype=np.int64).reshape(u, 3, 2)
    return _TargetTable(
        kind, sign, t, inv_t, delta, strict, can_hi, can_lo, check_cmp, check_rng,
        low, high, low_closed, high_closed, symmetric,
        ints[:, 0, 0], ints[:, 0, 1], ints[:, 1, 0], ints[:, 1, 1], ints[:, 2, 0], ints[:, 2, 1],
    )  # fmt: skip


def _fraction(value: Decimal) -> tuple[int, int]:
    """``value`` as (numerator, power-of-ten denominator), or (0, 0) if too large."""
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    numerator = int("".join(map(str, digits)) or "0") * (-1 if sign else 1)
    if exponent >= 0:
        numerator, denominator = numerator * 10**exponent, 1
    else:
        denominator = 10**-exponent
    if abs(numerator) >= _EXACT_INT or denominator >= _EXACT_INT:
        return 0, 0
    return numerator, denominator


# -- directions ----------------------------------------------------------------------------


def _directions(
    rows: npt.NDArray[np.intp],
    names: Sequence[str | None] | Codes | None,
    categories: Sequence[str | None] | Codes | None,
    policy: Policy,
    n: int,
) -> tuple[IntArray, list[DirectionChoice], list[tuple[str | None, str | None]]]:
    """Direction-table choice per row (only ``rows`` are looked up; others get code 0).

    The table looks at the category first and then the name, so each column is
    factorised on its own and the two lookups are combined with array operations.
    """
    codes = np.zeros(n, dtype=np.int64)
    default = _direction_for(None, None, policy)
    choices = [default]
    examples: list[tuple[str | None, str | None]] = [(None, None)]
    if len(rows) == 0 or (names is None and categories is None):
        return codes, choices, examples
    by_choice: dict[DirectionChoice, int] = {default: 0}

    def choice_code(value: str | None, is_name: bool) -> int:
        pair = (value, None) if is_name else (None, value)
        choice = _direction_for(pair[0], pair[1], policy)
        if choice == default:
            return 0
        if choice not in by_choice:
            by_choice[choice] = len(choices)
            choices.append(choice)
            examples.append(pair)
        return by_choice[choice]

    def column_choices(
        column: Sequence[str | None] | Codes | None, at: npt.NDArray[np.intp], is_name: bool
    ) -> IntArray:
        if column is None or len(at) == 0:
            return np.zeros(len(at), dtype=np.int64)
        if isinstance(column, Codes):
            per_value = np.array([choice_code(v, is_name) for v in column.values], np.int64)
            return per_value[column.codes[at]]
        lookup = _Lookup(lambda value: choice_code(value, is_name))
        values = _pick(column, at.tolist())
        return np.fromiter(map(lookup.__getitem__, values), np.int64, len(values))

    # a category entry wins over a name entry (the order of the direction table), so
    # names are looked up only where the category did not decide
    by_category = column_choices(categories, rows, is_name=False)
    codes[rows] = by_category
    undecided = rows[by_category == 0]
    codes[undecided] = column_choices(names, undecided, is_name=True)
    return codes, choices, examples


def _pick(column: Sequence[Any], rows: list[int]) -> list[Any]:
    if isinstance(column, np.ndarray):
        return list(column[rows].tolist())
    if len(rows) == 1:
        return [column[rows[0]]]
    return list(operator.itemgetter(*rows)(column))


# -- the batch -----------------------------------------------------------------------------


def score_many(
    targets: Sequence[str | Node] | Codes,
    actuals: Sequence[object] | npt.NDArray[Any],
    weights: Sequence[object] | npt.NDArray[Any],
    *,
    names: Sequence[str | None] | Codes | None = None,
    categories: Sequence[str | None] | Codes | None = None,
    policy: PolicyLike = DEFAULT_POLICY,
) -> BatchScores:
    """Score every row; row i equals ``score(targets[i], actuals[i], weights[i], ...)``.

    Raises what ``score`` would raise for a bad row (a malformed target, a unit mismatch,
    an invalid weight). Numpy arrays are read as their Python values. Any of ``targets``,
    ``names`` and ``categories`` may be given already factorised as :class:`Codes`.
    """
    rules = resolve_policy(policy)
    coded = targets if isinstance(targets, Codes) else Codes.of(targets)
    nodes = tuple(parse(t) if isinstance(t, str) else t for t in coded.values)
    n = len(coded.codes)
    for label, column in (("actuals", actuals), ("weights", weights), ("names", names),
                          ("categories", categories)):  # fmt: skip
        if column is not None and len(column) != n:
            raise ValueError(f"{label} has {len(column)} rows, targets has {n}")
    table = _target_table(nodes, rules)
    tc = coded.codes
    act = _read_actuals(actuals, n)
    w, w_inexact = _read_weights(weights, n)

    row_kind = table.kind[tc]
    if not act.all_plain:
        row_kind = np.where(act.kind == _PLAIN, row_kind, _OBJ)
    invalid = act.kind == _INVALID
    need_dir = np.flatnonzero(table.needs_table[tc] & ~invalid)
    dcode, choices, examples = _directions(need_dir, names, categories, rules, n)
    dir_sign = np.array(
        [1 if c.direction is Direction.HIGHER else -1 for c in choices], dtype=np.int8
    )
    row_sign = np.zeros(n, dtype=np.int8)
    row_sign[need_dir] = dir_sign[dcode[need_dir]]

    raw = np.zeros(n)
    verdicts = np.full(n, _V_NOT, dtype=np.int8)
    over = np.zeros(n, dtype=bool)
    suspect = np.zeros(n, dtype=bool) if w_inexact is None else w_inexact.copy()

    compare = row_kind == _CMP
    share_compare = np.count_nonzero(compare) / max(n, 1)
    if share_compare > 0.5:  # cheaper to compute every row than to gather and scatter
        _compare_rows(slice(None), tc, act, w, row_sign, table, rules, raw, verdicts, over,
                      suspect)  # fmt: skip
        if share_compare < 1:  # other rows got values their own pass overwrites
            over &= compare
            suspect &= compare
            if w_inexact is not None:
                suspect |= w_inexact & ~compare
    elif share_compare:
        _compare_rows(np.flatnonzero(compare), tc, act, w, row_sign, table, rules, raw,
                      verdicts, over, suspect)  # fmt: skip
    ranges = np.flatnonzero(row_kind == _RNG)
    if len(ranges):
        _range_rows(ranges, tc, act, w, table, rules, raw, verdicts, suspect)
    judgements: list[Judgement] = []
    general = np.flatnonzero((row_kind == _OBJ) & ~invalid)
    g_index = np.full(n if len(general) else 0, -1, dtype=np.int64)
    if len(general):
        judgements = _general_rows(
            general,
            coded.codes,
            nodes,
            act,
            w,
            dcode,
            examples,
            rules,
            raw,
            verdicts,
            over,
            g_index,
        )
        if act.exact is not None:
            suspect[general] |= ~act.exact[general] & (act.code[general] < 0)

    scale = float(10**rules.decimals)
    points_scaled, ties = _round(raw, scale, rules.rounding_mode)
    doubtful = suspect | ties
    if doubtful.any():
        # doubtful rows of the vectorised paths with exact inputs: decide them in integers
        candidates = doubtful & ((row_kind == _CMP) | (row_kind == _RNG))
        if act.exact is not None:
            candidates &= act.exact
        if w_inexact is not None:
            candidates &= ~w_inexact
        picked = np.flatnonzero(candidates)
        if len(picked):
            decided, e_verdict, e_over, e_points = _exact_rows(
                picked, tc, act.value, w, row_sign, table, rules
            )
            done = picked[decided]
            points_scaled[done] = e_points[decided]
            verdicts[done] = e_verdict[decided]
            over[done] = e_over[decided]
            doubtful[done] = False
        suspect = doubtful
    steps = w * scale
    if not np.array_equal(steps, np.rint(steps)):
        # weights finer than the rounding step: the cap may beat rounding up (exact path)
        suspect |= (np.abs(steps - np.rint(steps)) > 0) & (points_scaled >= np.floor(steps))
    if not act.all_plain:
        suspect &= ~invalid
    redo = np.flatnonzero(suspect)
    for i in redo.tolist():
        weight = to_weight(_item(weights, i))
        if len(g_index) and g_index[i] >= 0 and act.code[i] >= 0:
            judgement = judgements[g_index[i]]
        else:
            judgement = judge(
                nodes[tc[i]],
                _item(actuals, i),
                name=None if names is None else names[i],
                category=None if categories is None else categories[i],
                policy=rules,
            )
        points = compute_points(judgement, weight, rules)
        points_scaled[i] = int(points.scaleb(rules.decimals))
        verdicts[i] = _VERDICT_INDEX[judgement.verdict]
        over[i] = judgement.over_achieved
    if not act.all_plain:
        points_scaled[invalid] = 0
        verdicts[invalid] = _V_NOT
        over[invalid] = False
    return BatchScores(
        points_scaled,
        verdicts,
        _reasons(act.reason, invalid, g_index, judgements),
        over,
        w,
        rules.decimals,
        rules.id,
        len(redo),
    )


def _reasons(
    base: npt.NDArray[np.int8], invalid: BoolArray, g_index: IntArray, judgements: list[Judgement]
) -> npt.NDArray[np.int8]:
    out = np.where(invalid, base, 0).astype(np.int8) if invalid.any() else np.zeros_like(base)
    if judgements:
        codes = np.array(
            [_REASON_INDEX[j.reason] if j.reason is not None else 0 for j in judgements],
            dtype=np.int8,
        )
        has = g_index >= 0
        out[has] = codes[g_index[has]]
    return out


def _round(raw: FloatArray, scale: float, mode: str) -> tuple[IntArray, BoolArray]:
    """Round to whole steps as the policy says; flag values within a hair of a tie.

    Works in place on ``raw``. Half-up of x is floor(x + 0.5), so its ties sit where
    x + 0.5 is a whole number; half-even's ties sit at half steps; "down"'s at whole steps.
    """
    edge = np.multiply(raw, scale, out=raw)
    edge += 0.5
    rounded = np.floor(edge)
    if mode == "half-even":
        rounded = np.rint(edge - 0.5)
    elif mode == "down":
        edge -= 0.5
        rounded = np.floor(edge)
    eps = _NEAR * max(1.0, float(edge.max(initial=0.0)))
    fraction = np.subtract(edge, np.floor(edge), out=edge)
    ties = fraction <= eps
    ties |= fraction >= 1 - eps
    return rounded.astype(np.int64), ties


def _decimal_fraction(values: FloatArray) -> tuple[IntArray, IntArray, BoolArray]:
    """Each float as num / 10**k with the fewest decimals (k ≤ 6) that round-trip.

    That fraction is the shortest decimal that round-trips, i.e. the number ``score``
    reads (``Decimal(repr(x))``). ``ok`` is false where none is found.
    """
    num = np.zeros(len(values), dtype=np.int64)
    den = np.zeros(len(values), dtype=np.int64)
    ok = np.zeros(len(values), dtype=bool)
    for k in range(7):
        scaled = np.round(values * 10.0**k)
        hit = ~ok & (np.abs(scaled) < _EXACT_INT) & (scaled / 10.0**k == values)
        num[hit] = scaled[hit].astype(np.int64)
        den[hit] = 10**k
        ok |= hit
    return num, den, ok


def _exact_rows(
    rows: npt.NDArray[np.intp],
    tc: npt.NDArray[np.intp],
    values: FloatArray,
    w_all: FloatArray,
    row_sign: npt.NDArray[np.int8],
    table: _TargetTable,
    policy: Policy,
) -> tuple[BoolArray, npt.NDArray[np.int8], BoolArray, IntArray]:
    """Re-decide doubtful rows of the vectorised paths in exact integer arithmetic.

    Every number is a fraction with a power-of-ten denominator (actual, weight, target,
    bounds, tolerance, 1.2), so comparisons become comparisons of integer products and the
    points ``weight × share × step = p / q`` are rounded with ``divmod``. Returns which rows
    were decided (the products fit comfortably in int64 and the formula is proportional
    or inverse), and their verdicts, over-achievement flags and points in steps.
    """
    code = tc[rows]
    kind = table.kind[code]
    is_range = kind == _RNG
    sym = table.symmetric[code] & is_range
    a_num, a_den, a_ok = _decimal_fraction(values[rows])
    a_num = np.where(sym, np.abs(a_num), a_num)
    w_num, w_den, w_ok = _decimal_fraction(w_all[rows])
    tol_num, tol_den = _fraction(policy.equal_tolerance)
    thr_num, thr_den = _fraction(policy.over_threshold)
    big: list[FloatArray] = [_mag(a_num, a_den), _mag(w_num, w_den)]
    known = np.where(
        is_range, (table.low_den[code] > 0) & (table.high_den[code] > 0), table.t_den[code] > 0
    )

    # comparisons: sign × (a - t) (+ tolerance band of an "=" target) against 0
    t_num, t_den = table.t_num[code], table.t_den[code]
    s = table.sign[code].astype(np.int64) + row_sign[rows]
    diff = a_num * t_den - t_num * a_den
    is_eq = table.delta[code] > 0
    band_num, band_den = np.where(is_eq, tol_num, 0), np.where(is_eq, tol_den, 1)
    signed = s * diff * band_den + band_num * np.abs(t_num) * a_den
    met = (signed > 0) | ((signed == 0) & ~table.strict[code])
    higher = s > 0
    over = higher & (t_num > 0) & (a_num * t_den * thr_den >= thr_num * t_num * a_den)
    big += [
        _mag(a_num, t_den, band_den, 2) + _mag(t_num, a_den, band_den, 2),
        _mag(a_num, t_den, thr_den) + _mag(t_num, a_den, thr_num),
    ]
    b_num, b_den = t_num, t_den
    can = np.where(higher, table.can_hi[code], table.can_lo[code])
    if is_range.any():
        low_num = np.where(sym, -table.high_num[code], table.low_num[code])
        low_den = np.where(sym, table.high_den[code], table.low_den[code])
        high_num, high_den = table.high_num[code], table.high_den[code]
        to_low = a_num * low_den - low_num * a_den
        to_high = a_num * high_den - high_num * a_den
        above = np.where(table.low_closed[code], to_low >= 0, to_low > 0)
        below = np.where(table.high_closed[code], to_high <= 0, to_high < 0)
        met = np.where(is_range, above & below, met)
        higher = np.where(is_range, ~above, higher)
        over &= ~is_range
        b_num = np.where(is_range, np.where(~above, low_num, high_num), b_num)
        b_den = np.where(is_range, np.where(~above, low_den, high_den), b_den)
        range_can = np.where(
            ~above,
            policy.higher_formula is Formula.PROPORTIONAL,
            policy.lower_formula is not Formula.ALL_OR_NOTHING,
        )
        can = np.where(is_range, range_can & (b_num > 0), can)
        big += [
            _mag(a_num, low_den, 2) + _mag(low_num, a_den, 2),
            _mag(a_num, high_den, 2) + _mag(high_num, a_den, 2),
        ]
    partial = ~met & can & (a_num > 0)
    lower_linear = partial & ~higher & (policy.lower_formula is Formula.LINEAR_TO_ZERO)
    inverse = partial & ~higher & ~lower_linear
    proportional = partial & higher

    # points: weight × share × step = p / q
    step = 10**policy.decimals
    full = met
    p_factors = [
        np.where(full, w_num, np.where(inverse, b_num, a_num)),
        np.where(full, 1, np.where(inverse, a_den, b_den)),
        np.where(full, 1, w_num),
    ]
    q_factors = [
        w_den,
        np.where(full, 1, np.where(inverse, b_den, a_den)),
        np.where(full, 1, np.where(inverse, a_num, b_num)),
    ]
    big += [_mag(*p_factors, step, 2), _mag(*q_factors, 2)]
    scored = full | proportional | inverse | ~(met | partial)
    decided = a_ok & w_ok & known & scored & (np.max(big, axis=0) < 2.0**61)
    decided &= ~(met & over & (policy.over_penalty > 0))
    p = np.where(decided & (full | partial), p_factors[0] * p_factors[1] * p_factors[2] * step, 0)
    q = np.where(decided & (full | partial), q_factors[0] * q_factors[1] * q_factors[2], 1)
    decided &= q > 0
    q = np.where(q > 0, q, 1)
    whole, rest = np.divmod(p, q)
    mode = policy.rounding_mode
    if mode == "half-up":
        points = whole + (2 * rest >= q)
    elif mode == "half-even":
        points = whole + ((2 * rest > q) | ((2 * rest == q) & (whole % 2 == 1)))
    else:
        points = whole
    verdict = np.where(met, _V_MET, np.where(partial, _V_PARTLY, _V_MISSED)).astype(np.int8)
    return decided, verdict, over, points.astype(np.int64)


def _mag(*factors: IntArray | int) -> FloatArray:
    """|product| of integer factors, computed in floats (to guard int64 overflow)."""
    out = np.ones(1)
    for factor in factors:
        out = out * np.abs(np.asarray(factor, dtype=np.float64))
    return out


def _near(x: FloatArray, y: FloatArray) -> BoolArray:
    return np.abs(x - y) <= _NEAR * np.maximum(np.abs(x), np.abs(y))


def _compare_rows(
    rows: npt.NDArray[np.intp] | slice,
    tc: npt.NDArray[np.intp],
    act: _Actuals,
    w_all: FloatArray,
    row_sign: npt.NDArray[np.int8],
    table: _TargetTable,
    policy: Policy,
    raw_out: FloatArray,
    verdict_out: npt.NDArray[np.int8],
    over_out: BoolArray,
    suspect_out: BoolArray,
) -> None:
    """Comparison targets against plain numbers, vectorised (see :class:`_TargetTable`).

    Shares are expressed through ``r = a / t``: proportional ``r``, inverse ``1 / r``,
    linear-to-zero ``(k - r) / (k - 1)``, over-achievement ``r ≥ 1.2``. ``rows`` may be
    ``slice(None)``: rows of other kinds then get values that their own pass overwrites.
    """
    code = tc[rows]
    a = act.value[rows]
    w = w_all[rows]
    # row_sign is ±1 exactly where the target's own sign is 0 (direction table)
    s = table.sign[code]
    s += row_sign[rows]
    higher = s > 0
    d = table.t[code]
    np.subtract(a, d, out=d)
    d *= s
    if table.any_eq:
        d += table.delta[code]
    met = d >= 0
    if table.any_strict:
        met &= ~((d == 0) & table.strict[code])
    r = table.inv_t[code]
    r *= a
    if table.same_can:
        partial = table.can_hi[code]
    else:
        partial = np.where(higher, table.can_hi[code], table.can_lo[code])
    partial &= ~met
    partial &= r > 0
    threshold = float(policy.over_threshold)
    over = higher & (r >= threshold)
    with np.errstate(divide="ignore", invalid="ignore"):
        if policy.lower_formula is Formula.LINEAR_TO_ZERO:
            k = float(policy.lower_zero_at)
            partial &= higher | (r < k)
            frac = np.where(higher, r, (k - r) / (k - 1))
        else:
            frac = np.where(higher, r, np.divide(1.0, r))
    frac = np.where(partial, frac, 0.0)
    if policy.over_penalty:
        full = np.where(over, float(1 - policy.over_penalty), 1.0)
        frac = np.where(met, full, frac)
    else:
        np.maximum(frac, met, out=frac)  # met rows have frac 0 here, so this sets them to 1
    # frac ≤ 1 up to one float step, which only matters at a rounding tie (checked later)
    frac *= w
    raw_out[rows] = frac
    verdict = np.full(len(met), _V_MISSED, dtype=np.int8)
    verdict -= partial.view(np.int8)
    verdict -= met.view(np.int8) * np.int8(2)
    verdict_out[rows] = verdict
    over_out[rows] = over
    # exactness: r against 1.2 (and k), and inexact values near their threshold
    suspect = r >= threshold * (1 - _NEAR)
    suspect &= r <= threshold * (1 + _NEAR)
    if policy.lower_formula is Formula.LINEAR_TO_ZERO:
        k = float(policy.lower_zero_at)
        suspect |= (r >= k * (1 - _NEAR)) & (r <= k * (1 + _NEAR))
    check = table.check_cmp[code]
    if act.exact is not None:
        check |= ~act.exact[rows]
    picked = np.flatnonzero(check)
    if len(picked):
        picked_code, picked_a = code[picked], a[picked]
        tm = table.t[picked_code] - s[picked] * table.delta[picked_code]
        suspect[picked] |= _near(picked_a, tm) | (picked_a == 0)
    suspect_out[rows] |= suspect


def _range_rows(
    rows: npt.NDArray[np.intp],
    tc: npt.NDArray[np.intp],
    act: _Actuals,
    w_all: FloatArray,
    table: _TargetTable,
    policy: Policy,
    raw_out: FloatArray,
    verdict_out: npt.NDArray[np.int8],
    suspect_out: BoolArray,
) -> None:
    """Interval targets against plain numbers: below → as higher-is-better against the low
    bound, above → as lower-is-better against the high bound; ``±x`` uses the distance."""
    code = tc[rows]
    a = act.value[rows]
    w = w_all[rows]
    sym = table.symmetric[code]
    high = table.high[code]
    a = np.where(sym, np.abs(a), a)
    low = np.where(sym, -high, table.low[code])
    above = np.where(table.low_closed[code], a >= low, a > low)
    below = np.where(table.high_closed[code], a <= high, a < high)
    met = above & below
    higher = ~above
    bound = np.where(higher, low, high)
    with np.errstate(divide="ignore", invalid="ignore"):
        if policy.lower_formula is Formula.LINEAR_TO_ZERO:
            k = float(policy.lower_zero_at)
            share_lo = (k * bound - a) / ((k - 1) * bound)
            ok_lo = a < k * bound
        elif policy.lower_formula is Formula.INVERSE:
            share_lo = bound / a
            ok_lo = np.ones(len(rows), dtype=bool)
        else:
            share_lo = np.zeros(len(rows))
            ok_lo = np.zeros(len(rows), dtype=bool)
        share = np.where(higher, a / bound, share_lo)
    higher_ok = policy.higher_formula is Formula.PROPORTIONAL
    ok = np.where(higher, (a > 0) & higher_ok, ok_lo) & (bound > 0)
    partial = ~met & ok
    frac = np.where(met, 1.0, np.where(partial, share, 0.0))
    raw_out[rows] = np.minimum(np.maximum(w * frac, 0.0), w)
    verdict_out[rows] = np.where(met, _V_MET, np.where(partial, _V_PARTLY, _V_MISSED))
    check = table.check_rng[code]
    if act.exact is not None:
        check = check | ~act.exact[rows]
    near = _near(a, low) | _near(a, high) | (a == 0)
    if policy.lower_formula is Formula.LINEAR_TO_ZERO:
        near |= _near(a, float(policy.lower_zero_at) * high)
    suspect_out[rows] |= check & near


def _general_rows(
    rows: npt.NDArray[np.intp],
    target_codes: npt.NDArray[np.intp],
    nodes: tuple[Node, ...],
    act: _Actuals,
    w_all: FloatArray,
    dcode: IntArray,
    examples: list[tuple[str | None, str | None]],
    policy: Policy,
    raw_out: FloatArray,
    verdict_out: npt.NDArray[np.int8],
    over_out: BoolArray,
    g_index: IntArray,
) -> list[Judgement]:
    """Everything else: judge each distinct (target, actual, direction) once."""
    tc = target_codes[rows].astype(np.int64)
    acode = act.code[rows].copy()
    raw_numbers = acode < 0
    n_objects = len(act.objects)
    values: list[Any] = list(act.objects)
    if raw_numbers.any():
        uniq, inverse = np.unique(act.value[rows][raw_numbers], return_inverse=True)
        acode[raw_numbers] = inverse.reshape(-1) + n_objects
        values.extend(uniq.tolist())
    n_actual = len(values)
    key = (tc * n_actual + acode) * len(examples) + dcode[rows]
    uniq_keys, inverse = np.unique(key, return_inverse=True)
    inverse = inverse.reshape(-1)
    judgements = []
    for k in uniq_keys.tolist():
        rest, d = divmod(k, len(examples))
        t, a = divmod(rest, n_actual)
        name, category = examples[d]
        judgements.append(judge(nodes[t], values[a], name=name, category=category, policy=policy))
    verdicts = np.array([_VERDICT_INDEX[j.verdict] for j in judgements], dtype=np.int8)
    overs = np.array([j.over_achieved for j in judgements], dtype=bool)
    shares = np.array([_share(j, policy) for j in judgements], dtype=np.float64)
    formula = np.array([_FORMULAS.get(j.formula, 0) for j in judgements], dtype=np.int8)
    a_base = np.array([float(j.actual_base or 0) for j in judgements])
    r_base = np.array([float(j.reference_base or 0) for j in judgements])
    k = float(policy.lower_zero_at)
    with np.errstate(divide="ignore", invalid="ignore"):
        by_formula = np.select(
            [formula == 1, formula == 2, formula == 3],
            [a_base / r_base, r_base / a_base, (k * r_base - a_base) / ((k - 1) * r_base)],
            default=0.0,
        )
    share = np.where(np.isnan(shares), by_formula, shares)
    w = w_all[rows]
    raw_out[rows] = np.clip(w * share[inverse], 0.0, w)
    verdict_out[rows] = verdicts[inverse]
    over_out[rows] = overs[inverse]
    g_index[rows] = inverse
    return judgements


def _share(judgement: Judgement, policy: Policy) -> float:
    """The fixed share of the weight, or NaN when a formula decides it."""
    if judgement.verdict is Verdict.NOT_EVALUABLE:
        return 0.0
    if judgement.share is None:
        return float("nan")
    if judgement.over_achieved and judgement.verdict is Verdict.MET and policy.over_penalty:
        return float(1 - policy.over_penalty)
    return float(judgement.share)
