"""perfrules' own JSON form of a :class:`~perfrules.model.Document` (``schema_version`` 1).

The JSON round-trips exactly: ``dumps(load_json(dumps(doc)))`` is ``dumps(doc)``, and the
loaded document equals the original with its locators and warnings. Decimals are strings
(``"55.20"``), every object carries ``locator`` / ``locators``, and an indicator's parsed
target is not stored: it is re-parsed from ``target_text`` (``target_canonical`` is
written for readers and ignored on load). Loading is strict: an unknown key, a wrong type
or a missing required key is a :class:`~perfrules.errors.DocumentError` whose location
is a JSON pointer (``doc.json#/projects/0/indicators/3/weight``). The schema is
documented in ``docs/documents.md``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

from ..errors import DocumentError
from ..model import (
    Budget,
    Checkpoint,
    Document,
    DocumentKind,
    DocumentWarning,
    Duty,
    FieldLocators,
    FundRow,
    FundSource,
    Indicator,
    Locator,
    Project,
    SelfAssessment,
    SpendingPlan,
    Statement,
    TargetError,
    TierWeight,
)
from .values import parse_target

__all__ = ["SCHEMA_VERSION", "document_from_dict", "document_to_dict", "dumps", "load_json"]

SCHEMA_VERSION = 1

Kind = str | type | tuple[str, type]
STR, OPT_STR, OPT_INT, DEC, OPT_DEC = "str", "str?", "int?", "decimal", "decimal?"


def _list(cls: type) -> tuple[str, type]:
    return ("list", cls)


def _opt(cls: type) -> tuple[str, type]:
    return ("opt", cls)


_SPEC: dict[type, dict[str, Kind]] = {
    Statement: {"number": OPT_INT, "text": STR},
    Duty: {
        "number": OPT_INT,
        "name": STR,
        "description": OPT_STR,
        "goal": OPT_STR,
        "indicator": OPT_STR,
        "performance_description": OPT_STR,
    },
    FundSource: {"name": STR, "amount": OPT_DEC},
    Budget: {"total": OPT_DEC, "sources": _list(FundSource), "unit": STR},
    Checkpoint: {"label": STR, "percent": OPT_DEC},
    SpendingPlan: {"checkpoints": _list(Checkpoint)},
    TargetError: {"code": STR, "message": STR, "message_zh": STR, "column": OPT_INT},
    Indicator: {
        "name": STR,
        "tier": OPT_STR,
        "category": OPT_STR,
        "description": OPT_STR,
        "target_text": OPT_STR,
        "target_error": _opt(TargetError),
        "basis": OPT_STR,
        "actual": OPT_STR,
        "weight": OPT_DEC,
        "claimed": OPT_DEC,
        "deviation_reason": OPT_STR,
        "tier_text": OPT_STR,
        "category_text": OPT_STR,
    },
    TierWeight: {"tier": STR, "weight": DEC},
    FundRow: {
        "name": STR,
        "label": STR,
        "initial_budget": OPT_DEC,
        "annual_budget": OPT_DEC,
        "spent": OPT_DEC,
        "weight": OPT_DEC,
        "execution_rate": OPT_DEC,
        "claimed": OPT_DEC,
    },
    SelfAssessment: {
        "year": OPT_INT,
        "money_unit": STR,
        "fund_rows": _list(FundRow),
        "expected_goals": OPT_STR,
        "actual_outcome": OPT_STR,
        "total_weight": OPT_DEC,
        "total_claimed": OPT_DEC,
    },
    Project: {
        "name": OPT_STR,
        "code": OPT_STR,
        "unit": OPT_STR,
        "department": OPT_STR,
        "budget": _opt(Budget),
        "fund_use": OPT_STR,
        "spending_plan": _opt(SpendingPlan),
        "goals": _list(Statement),
        "indicators": _list(Indicator),
        "tier_weights": _list(TierWeight),
        "assessment": _opt(SelfAssessment),
    },
    DocumentWarning: {"code": STR, "message": STR, "message_zh": STR, "locator": _opt(Locator)},
    Document: {
        "kind": STR,
        "source": STR,
        "department": OPT_STR,
        "year": OPT_INT,
        "summary": OPT_STR,
        "overall_goals": _list(Statement),
        "duties": _list(Duty),
        "measures": _list(Statement),
        "projects": _list(Project),
        "warnings": _list(DocumentWarning),
    },
}
_LOCATOR_KEYS = {
    "file": STR,
    "line": OPT_INT,
    "column": OPT_INT,
    "sheet": OPT_STR,
    "table": OPT_INT,
}
_LOCATOR_KEYS |= {"cell": OPT_STR, "paragraph": OPT_INT}
_LOCATED = {Statement, Duty, FundSource, Budget, Checkpoint, SpendingPlan, Indicator}
_LOCATED |= {TierWeight, FundRow, SelfAssessment, Project, Document}


# -- dump -----------------------------------------------------------------------------------


def _locator_dict(loc: Locator) -> dict[str, Any]:
    return {k: v for k, v in attrs.asdict(loc).items() if v is not None}


def _dump_value(value: Any, kind: Kind) -> Any:
    if value is None:
        return None
    if kind in (DEC, OPT_DEC):
        return str(value)
    if isinstance(kind, tuple) and kind[0] == "list":
        return [_dump_obj(item) for item in value]
    if isinstance(kind, tuple | type):
        return _dump_obj(value)
    return str(value) if isinstance(value, DocumentKind) else value


def _dump_obj(obj: Any) -> dict[str, Any]:
    if isinstance(obj, Locator):
        return _locator_dict(obj)
    cls = type(obj)
    out: dict[str, Any] = {}
    if cls is Document:
        out["schema_version"] = SCHEMA_VERSION
    for key, kind in _SPEC[cls].items():
        out[key] = _dump_value(getattr(obj, key), kind)
        if cls is Indicator and key == "target_text":
            out["target_canonical"] = _canonical(obj)
    if cls in _LOCATED:
        out["locator"] = _locator_dict(obj.locator) if obj.locator is not None else None
        out["locators"] = {k: _locator_dict(v) for k, v in obj.locators.pairs}
    return out


def _canonical(indicator: Indicator) -> str | None:
    if indicator.target is None:
        return None
    from ..printer import to_text

    return to_text(indicator.target)


def document_to_dict(document: Document) -> dict[str, Any]:
    """The JSON-ready dict of ``document`` (schema version :data:`SCHEMA_VERSION`)."""
    return _dump_obj(document)


def dumps(document: Document) -> str:
    """``document`` as JSON text (UTF-8 characters kept, two-space indent, final newline)."""
    return json.dumps(document_to_dict(document), ensure_ascii=False, indent=2) + "\n"


# -- load -----------------------------------------------------------------------------------


class _Loader:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, message: str, message_zh: str) -> DocumentError:
        return DocumentError(
            message, location=f"{self.source}#{path or '/'}", code="bad-json", message_zh=message_zh
        )

    def value(self, raw: Any, kind: Kind, path: str) -> Any:
        optional = kind in (OPT_STR, OPT_INT, OPT_DEC) or (
            isinstance(kind, tuple) and kind[0] == "opt"
        )
        if raw is None:
            if optional:
                return None
            raise self.fail(path, "value must not be null", "值不能为 null")
        if kind in (STR, OPT_STR):
            if not isinstance(raw, str):
                raise self.fail(path, "expected a string", "应为字符串")
            return raw
        if kind == OPT_INT:
            if isinstance(raw, bool) or not isinstance(raw, int):
                raise self.fail(path, "expected an integer", "应为整数")
            return raw
        if kind in (DEC, OPT_DEC):
            return self.decimal(raw, path)
        if isinstance(kind, tuple) and kind[0] == "list":
            if not isinstance(raw, list):
                raise self.fail(path, "expected a list", "应为数组")
            return tuple(self.obj(item, kind[1], f"{path}/{i}") for i, item in enumerate(raw))
        cls = kind[1] if isinstance(kind, tuple) else kind
        assert isinstance(cls, type)
        return self.obj(raw, cls, path)

    def decimal(self, raw: Any, path: str) -> Decimal:
        if isinstance(raw, bool) or not isinstance(raw, str | int):
            raise self.fail(
                path,
                'expected a decimal as a string ("55.20")',
                '应为字符串形式的小数（如 "55.20"）',
            )
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise self.fail(path, f"not a decimal: {raw!r}", f"不是小数：{raw!r}") from None
        if not value.is_finite():
            raise self.fail(path, f"not a finite decimal: {raw!r}", f"不是有限小数：{raw!r}")
        return value

    def keys(
        self, raw: Any, allowed: Mapping[str, Any], path: str, extra: set[str]
    ) -> dict[str, Any]:
        if not isinstance(raw, dict):
            raise self.fail(path, "expected an object", "应为对象")
        unknown = set(raw) - set(allowed) - extra
        if unknown:
            name = sorted(unknown)[0]
            raise self.fail(f"{path}/{name}", f"unknown key {name!r}", f"未知的键“{name}”")
        return raw

    def locator(self, raw: Any, path: str) -> Locator:
        raw = self.keys(raw, _LOCATOR_KEYS, path, set())
        if "file" not in raw:
            raise self.fail(f"{path}/file", "missing required key 'file'", "缺少必需的键“file”")
        return Locator(
            **{k: self.value(v, _LOCATOR_KEYS[k], f"{path}/{k}") for k, v in raw.items()}
        )

    def obj(self, raw: Any, cls: type, path: str) -> Any:
        if cls is Locator:
            return self.locator(raw, path)
        spec = _SPEC[cls]
        extra = {"locator", "locators"} if cls in _LOCATED else set()
        if cls is Indicator:
            extra.add("target_canonical")
        if cls is Document:
            extra.add("schema_version")
        raw = self.keys(raw, spec, path, extra)
        fields = {f.name: f for f in attrs.fields(cls)}
        kwargs: dict[str, Any] = {}
        for key, kind in spec.items():
            if key not in raw:
                if fields[key].default is attrs.NOTHING:
                    raise self.fail(
                        f"{path}/{key}", f"missing required key {key!r}", f"缺少必需的键“{key}”"
                    )
                continue
            kwargs[key] = self.value(raw[key], kind, f"{path}/{key}")
        if "target_canonical" in raw and not isinstance(raw["target_canonical"], str | None):
            raise self.fail(f"{path}/target_canonical", "expected a string", "应为字符串")
        if cls in _LOCATED:
            if raw.get("locator") is not None:
                kwargs["locator"] = self.locator(raw["locator"], f"{path}/locator")
            locators = raw.get("locators", {})
            if not isinstance(locators, dict):
                raise self.fail(f"{path}/locators", "expected an object", "应为对象")
            kwargs["locators"] = FieldLocators(
                tuple((k, self.locator(v, f"{path}/locators/{k}")) for k, v in locators.items())
            )
        if cls is Indicator:
            kwargs["target"], _, _ = parse_target(kwargs.get("target_text"))
        if cls is Document:
            kwargs["kind"] = self.kind(kwargs["kind"], f"{path}/kind")
        return cls(**kwargs)

    def kind(self, raw: str, path: str) -> DocumentKind:
        try:
            return DocumentKind(raw)
        except ValueError:
            kinds = ", ".join(k.value for k in DocumentKind)
            raise self.fail(
                path, f"kind must be one of {kinds}", f"kind 应为 {kinds} 之一"
            ) from None


def document_from_dict(raw: Any, source: str = "<json>") -> Document:
    """A document from its JSON dict; :class:`DocumentError` ``bad-json`` on any mismatch."""
    loader = _Loader(source)
    if not isinstance(raw, dict):
        raise loader.fail("", "expected a JSON object at the top level", "顶层应为 JSON 对象")
    version = raw.get("schema_version")
    if version != SCHEMA_VERSION:
        raise DocumentError(
            f"unsupported schema_version {version!r}; "
            f"this perfrules reads version {SCHEMA_VERSION}",
            location=f"{source}#/schema_version",
            code="unsupported-schema",
            message_zh=f"不支持的 schema_version {version!r}；本版本读取第 {SCHEMA_VERSION} 版",
        )
    document: Document = loader.obj(raw, Document, "")
    return document


def load_json(data: bytes, source: str) -> Document:
    """Load a document from JSON bytes (UTF-8)."""
    try:
        raw = json.loads(data.decode("utf-8-sig"), parse_float=_no_float, parse_constant=_no_float)
    except UnicodeDecodeError:
        raise DocumentError(
            "JSON must be UTF-8",
            location=source,
            code="bad-encoding",
            message_zh="JSON 文件必须是 UTF-8 编码",
        ) from None
    except (ValueError, RecursionError) as err:
        line = getattr(err, "lineno", None)
        raise DocumentError(
            f"malformed JSON: {err}",
            location=f"{source}:{line}" if line else source,
            code="bad-json",
            message_zh=f"JSON 格式错误：{err}",
        ) from None
    return document_from_dict(raw, source)


def _no_float(text: str) -> Any:
    raise ValueError(f'numbers with a fraction must be written as strings ("{text}"), not floats')
