"""Units and dimensions of indicator values.

The unit table below is data: each row is ``(symbol, dimension, base, factor, aliases)``
meaning ``1 symbol = factor base``. Units that share a base convert exactly (元 ↔ 万元,
米 ↔ 厘米, 天 ↔ 小时); units with different bases never convert (工作日 is not 天).
Unknown count units (``5台``) are kept as opaque units of dimension ``count``.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Final

import attrs

__all__ = [
    "NO_UNIT",
    "PERCENT",
    "PERMILLE",
    "UNITS",
    "YUAN",
    "Dimension",
    "Unit",
    "lookup_unit",
    "opaque_unit",
]


class Dimension(StrEnum):
    """What a quantity measures; values are the JSON contract's dimension names."""

    PERCENT = "percent"
    PERMILLE = "permille"
    MONEY = "money"
    DURATION = "duration"
    COUNT = "count"
    LENGTH = "length"
    AREA = "area"
    MASS = "mass"
    OTHER = "other"


@attrs.frozen(order=False)
class Unit:
    """A unit of measure: ``1 symbol = factor × base``.

    ``known`` is false for opaque units met in a document but absent from the table;
    it is kept out of equality so that an opaque ``台`` equals itself however found.
    """

    symbol: str
    dimension: Dimension
    base: str
    factor: Decimal = Decimal(1)
    known: bool = attrs.field(default=True, eq=False)

    def convertible_to(self, other: Unit) -> bool:
        """Whether amounts in ``self`` convert exactly to ``other``."""
        return self.dimension == other.dimension and self.base == other.base


# symbol, dimension, base, factor, aliases (spellings accepted in documents)
_TABLE: Final[tuple[tuple[str, Dimension, str, str, tuple[str, ...]], ...]] = (
    ("%", Dimension.PERCENT, "%", "1", ("％", "百分比", "个百分点", "百分点")),
    ("‰", Dimension.PERMILLE, "‰", "1", ("千分比",)),
    ("元", Dimension.MONEY, "元", "1", ("人民币元",)),
    ("千元", Dimension.MONEY, "元", "1000", ()),
    ("万元", Dimension.MONEY, "元", "10000", ("万",)),
    ("百万元", Dimension.MONEY, "元", "1000000", ()),
    ("亿元", Dimension.MONEY, "元", "100000000", ("亿",)),
    ("小时", Dimension.DURATION, "小时", "1", ("个小时", "h")),
    ("天", Dimension.DURATION, "小时", "24", ("日", "个日历日", "日历日", "自然日")),
    ("周", Dimension.DURATION, "小时", "168", ("个周", "星期", "个星期")),
    ("工作日", Dimension.DURATION, "工作日", "1", ("个工作日",)),
    ("个月", Dimension.DURATION, "个月", "1", ("月",)),
    ("季度", Dimension.DURATION, "个月", "3", ("个季度",)),
    ("年", Dimension.DURATION, "个月", "12", ("个年度", "年度")),
    ("米", Dimension.LENGTH, "米", "1", ("m",)),
    ("厘米", Dimension.LENGTH, "米", "0.01", ("cm",)),
    ("毫米", Dimension.LENGTH, "米", "0.001", ("mm",)),
    ("公里", Dimension.LENGTH, "米", "1000", ("千米", "km")),
    ("平方米", Dimension.AREA, "平方米", "1", ("㎡", "m2", "平米")),
    ("公顷", Dimension.AREA, "平方米", "10000", ()),
    ("平方公里", Dimension.AREA, "平方米", "1000000", ("平方千米", "km2")),
    ("亩", Dimension.AREA, "亩", "1", ()),
    ("千克", Dimension.MASS, "千克", "1", ("公斤", "kg")),
    ("克", Dimension.MASS, "千克", "0.001", ("g",)),
    ("吨", Dimension.MASS, "千克", "1000", ("t",)),
    ("次", Dimension.COUNT, "次", "1", ()),
    ("人次", Dimension.COUNT, "人次", "1", ()),
    ("人", Dimension.COUNT, "人", "1", ("名", "位")),
    ("个", Dimension.COUNT, "个", "1", ()),
    ("项", Dimension.COUNT, "项", "1", ()),
    ("件", Dimension.COUNT, "件", "1", ()),
    ("户", Dimension.COUNT, "户", "1", ()),
    ("家", Dimension.COUNT, "家", "1", ()),
    ("份", Dimension.COUNT, "份", "1", ()),
    ("场", Dimension.COUNT, "场", "1", ("场次",)),
    ("期", Dimension.COUNT, "期", "1", ()),
    ("篇", Dimension.COUNT, "篇", "1", ()),
    ("所", Dimension.COUNT, "所", "1", ()),
    ("台", Dimension.COUNT, "台", "1", ()),
    ("套", Dimension.COUNT, "套", "1", ()),
    ("批", Dimension.COUNT, "批", "1", ("批次",)),
    ("条", Dimension.COUNT, "条", "1", ()),
    ("处", Dimension.COUNT, "处", "1", ()),
    ("辆", Dimension.COUNT, "辆", "1", ()),
    ("册", Dimension.COUNT, "册", "1", ("本",)),
    ("课时", Dimension.COUNT, "课时", "1", ("学时",)),
    ("张", Dimension.COUNT, "张", "1", ()),
    ("间", Dimension.COUNT, "间", "1", ()),
    ("座", Dimension.COUNT, "座", "1", ()),
    ("起", Dimension.COUNT, "起", "1", ()),  # incidents: 安全事故0起
    ("例", Dimension.COUNT, "例", "1", ()),
    ("宗", Dimension.COUNT, "宗", "1", ()),
)

UNITS: Final[dict[str, Unit]] = {}
"""Every accepted spelling (canonical symbols and aliases) → its canonical :class:`Unit`."""

for _symbol, _dim, _base, _factor, _aliases in _TABLE:
    _unit = Unit(_symbol, _dim, _base, Decimal(_factor))
    for _spelling in (_symbol, *_aliases):
        UNITS[_spelling] = _unit

NO_UNIT: Final = Unit("", Dimension.COUNT, "", Decimal(1))
"""The unit of a bare number (``1``, ``[80,90)``)."""
PERCENT: Final = UNITS["%"]
PERMILLE: Final = UNITS["‰"]
YUAN: Final = UNITS["元"]
WAN_YUAN: Final = UNITS["万元"]


def lookup_unit(spelling: str) -> Unit | None:
    """The canonical unit for ``spelling`` (``"万"`` → 万元), or ``None`` if unknown."""
    return UNITS.get(spelling.strip())


def opaque_unit(spelling: str) -> Unit:
    """A count unit for a spelling absent from the table, kept as written."""
    return Unit(spelling, Dimension.COUNT, spelling, Decimal(1), known=False)
