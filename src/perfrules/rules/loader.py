"""Load ruleset files (TOML) strictly: every problem is a :class:`RulesetError` at file:line.

Unknown keys, duplicate rule ids, a path that does not exist (with a did-you-mean), a
syntax or type error in a condition or a message placeholder, a call to an unregistered
check — all fail the load. A broken rule never passes silently.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from ..errors import RulesetError, caret_snippet
from ..resources import resource_path
from .compiler import Compiled, Scope, compile_expression
from .findings import Severity
from .language import ExpressionError, parse_expression
from .schema import Type, object_of
from .templates import Template, compile_template

__all__ = [
    "SCOPES",
    "Example",
    "Rule",
    "Ruleset",
    "builtin_rulesets",
    "load_ruleset",
    "load_ruleset_text",
]

#: scope name → (type of the scope object, names bound around it)
SCOPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "document": ("document", ("document",)),
    "project": ("project", ("document", "project")),
    "indicator": ("indicator", ("document", "project", "indicator")),
    "goal": ("goal", ("document", "project", "goal")),
    "duty": ("duty", ("document", "duty")),
    "fund_row": ("fund_row", ("document", "project", "fund_row")),
}

_TOP_KEYS = {"ruleset", "rule"}
_RULESET_KEYS = {"id", "version", "title", "applies_to", "description"}
_RULE_KEYS = {
    "id", "scope", "severity", "when", "assert", "message", "examples", "description",
    "values",
}  # fmt: skip
_MESSAGE_KEYS = {"zh", "en"}
_EXAMPLE_KEYS = {"expect", "note", "document", "project", "indicator", "goal", "duty", "fund_row"}
_KINDS = {"target-table", "self-assessment"}
_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


@attrs.frozen
class Example:
    """A fragment the rule must pass (``expect = "pass"``) or fire on (``"fire"``)."""

    expect: str
    fragment: Mapping[str, Any]
    note: str
    line: int


@attrs.frozen
class Rule:
    """A compiled rule. ``check`` returns True (holds), False (fires) or None (n/a)."""

    id: str
    scope: str
    severity: Severity
    when_source: str | None
    assert_source: str
    when: Compiled | None = attrs.field(eq=False, repr=False)
    check: Compiled = attrs.field(eq=False, repr=False)
    message_zh: Template = attrs.field(eq=False, repr=False)
    message_en: Template = attrs.field(eq=False, repr=False)
    values: tuple[tuple[str, Compiled], ...] = attrs.field(eq=False, repr=False)
    examples: tuple[Example, ...]
    description: str
    line: int


@attrs.frozen
class Ruleset:
    """A loaded ruleset: identity (id, version, content hash), what it applies to, its rules."""

    id: str
    version: str
    title: str
    applies_to: tuple[str, ...]
    rules: tuple[Rule, ...]
    content_hash: str
    source: str

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


class _Lines:
    """Find the line of a key inside the text of a TOML file (tomllib keeps no positions)."""

    def __init__(self, text: str):
        self.text = text
        self.lines = text.splitlines()
        self.rule_starts = [
            i for i, line in enumerate(self.lines) if re.match(r"^\s*\[\[\s*rule\s*\]\]", line)
        ]
        self.example_starts = [
            i
            for i, line in enumerate(self.lines)
            if re.match(r"^\s*\[\[\s*rule\s*\.\s*examples\s*\]\]", line)
        ]

    def rule_block(self, index: int) -> tuple[int, int]:
        """0-based [start, end) line range of the index-th ``[[rule]]``."""
        if index >= len(self.rule_starts):
            return (0, len(self.lines))
        start = self.rule_starts[index]
        end = self.rule_starts[index + 1] if index + 1 < len(self.rule_starts) else len(self.lines)
        return (start, end)

    def key_line(self, key: str, block: tuple[int, int]) -> int:
        """1-based line of ``key =`` (or ``key.sub =``) in ``block``; the block start if absent."""
        pattern = re.compile(rf"^\s*(\"{re.escape(key)}\"|{re.escape(key)})\s*(=|\.)")
        for i in range(block[0], block[1]):
            if pattern.match(self.lines[i]):
                return i + 1
        return block[0] + 1

    def locate(self, needle: str, block: tuple[int, int], offset: int) -> tuple[int, int] | None:
        """1-based line and column of ``needle[offset]`` where ``needle`` occurs in ``block``."""
        start = sum(len(line) + 1 for line in self.lines[: block[0]])
        end = sum(len(line) + 1 for line in self.lines[: block[1]])
        at = self.text.find(needle, start, end) if needle else -1
        if at < 0:
            return None
        absolute = at + offset
        line = self.text.count("\n", 0, absolute)
        column = absolute - (self.text.rfind("\n", 0, absolute) + 1)
        return line + 1, column + 1

    def example_line(self, rule_block: tuple[int, int], index: int) -> int:
        inside = [i for i in self.example_starts if rule_block[0] <= i < rule_block[1]]
        return (inside[index] if index < len(inside) else rule_block[0]) + 1


def _fail(
    message: str, source: str, line: int | None, zh: str, code: str = "ruleset-error", **kw: Any
) -> RulesetError:
    return RulesetError(message, file=source, line=line, code=code, message_zh=zh, **kw)


def _unknown_keys(
    given: Mapping[str, Any],
    allowed: set[str],
    where: str,
    source: str,
    lines: _Lines,
    block: tuple[int, int],
) -> None:
    for key in given:
        if key not in allowed:
            close = difflib.get_close_matches(key, sorted(allowed), n=1)
            hint = (
                f"; did you mean {close[0]!r}?"
                if close
                else f"; allowed: {', '.join(sorted(allowed))}"
            )
            raise _fail(
                f"unknown key {key!r} in {where}{hint}",
                source,
                lines.key_line(key, block),
                f"{where}中有未知的键“{key}”",
                "ruleset-unknown-key",
            )


def load_ruleset(path: str | Path) -> Ruleset:
    """Load a ruleset from a TOML file; a built-in id (``target-table``) is also accepted."""
    candidate = Path(path)
    if not candidate.suffix and not candidate.exists():
        builtin = resource_path("rulesets", f"{path}.toml")
        return load_ruleset_text(
            builtin.read_text(encoding="utf-8"), source=f"rulesets/{path}.toml"
        )
    try:
        data = candidate.read_bytes()
    except OSError as err:
        raise _fail(
            f"cannot read the ruleset: {err.strerror or err}",
            str(path),
            None,
            "无法读取规则集文件",
            "ruleset-unreadable",
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise _fail(
            f"the ruleset is not UTF-8 text (byte {err.start})",
            str(path),
            None,
            "规则集文件不是UTF-8文本",
            "ruleset-encoding",
        ) from None
    return load_ruleset_text(text, source=str(path))


def builtin_rulesets() -> dict[str, Ruleset]:
    """The rulesets shipped with perfrules, by id."""
    folder = resource_path("rulesets")
    found: dict[str, Ruleset] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml") and entry.is_file():
            ruleset = load_ruleset_text(
                entry.read_text(encoding="utf-8"), source=f"rulesets/{entry.name}"
            )
            found[ruleset.id] = ruleset
    return found


def load_ruleset_text(text: str, *, source: str = "<ruleset>") -> Ruleset:
    """Load a ruleset from TOML text; ``source`` names it in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        match = re.search(r"line (\d+), column (\d+)", str(err))
        line = int(match[1]) if match else None
        column = int(match[2]) if match else None
        raw_lines = text.splitlines()
        snippet = (
            caret_snippet(raw_lines[line - 1], column)
            if line and column and line <= len(raw_lines)
            else None
        )
        raise _fail(
            f"not valid TOML: {err}",
            source,
            line,
            "不是有效的TOML",
            "ruleset-toml",
            column=column,
            snippet=snippet,
        ) from None
    lines = _Lines(text)
    whole = (0, len(lines.lines))
    _unknown_keys(data, _TOP_KEYS, "the file", source, lines, whole)
    head = data.get("ruleset")
    if not isinstance(head, dict):
        raise _fail("missing [ruleset] table", source, 1, "缺少[ruleset]表", "ruleset-missing-key")
    _unknown_keys(head, _RULESET_KEYS, "[ruleset]", source, lines, whole)
    ruleset_id = _text(head, "id", "[ruleset]", source, lines, whole)
    if not _ID.match(ruleset_id):
        raise _fail(
            f"ruleset id {ruleset_id!r} must be lower-case words joined by '-'",
            source,
            lines.key_line("id", whole),
            "规则集id应为以“-”连接的小写单词",
            "ruleset-bad-id",
        )
    version = _text(head, "version", "[ruleset]", source, lines, whole)
    applies = head.get("applies_to", sorted(_KINDS))
    applies = [applies] if isinstance(applies, str) else applies
    if not isinstance(applies, list) or not applies or any(a not in _KINDS for a in applies):
        raise _fail(
            f"applies_to must list document kinds from {sorted(_KINDS)}",
            source,
            lines.key_line("applies_to", whole),
            "applies_to只能是target-table或self-assessment",
            "ruleset-bad-value",
        )
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list) or not raw_rules:
        raise _fail(
            "a ruleset needs at least one [[rule]]",
            source,
            None,
            "规则集至少需要一条[[rule]]",
            "ruleset-missing-key",
        )
    rules: list[Rule] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_rules):
        rule = _rule(raw, index, source, lines)
        if rule.id in seen:
            raise _fail(
                f"duplicate rule id {rule.id!r} (first at line {seen[rule.id]})",
                source,
                rule.line,
                f"规则id“{rule.id}”重复",
                "ruleset-duplicate-id",
            )
        seen[rule.id] = rule.line
        rules.append(rule)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return Ruleset(
        ruleset_id,
        version,
        str(head.get("title", ruleset_id)),
        tuple(applies),
        tuple(rules),
        digest,
        source,
    )


def _text(
    table: Mapping[str, Any],
    key: str,
    where: str,
    source: str,
    lines: _Lines,
    block: tuple[int, int],
) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(
            f'{where} needs {key} = "…" (text)',
            source,
            lines.key_line(key, block) if key in table else block[0] + 1,
            f"{where}缺少文本键“{key}”",
            "ruleset-missing-key",
        )
    return value


def _scope(name: str) -> Scope:
    it, names = SCOPES[name]
    bound: dict[str, Type] = {n: object_of(SCOPES[n][0] if n in SCOPES else n) for n in names}
    return Scope(object_of(it), bound)


def _rule(raw: Any, index: int, source: str, lines: _Lines) -> Rule:
    block = lines.rule_block(index)
    line = block[0] + 1
    if not isinstance(raw, dict):
        raise _fail(
            "[[rule]] must be a table", source, line, "[[rule]]必须是表", "ruleset-bad-value"
        )
    _unknown_keys(raw, _RULE_KEYS, "[[rule]]", source, lines, block)
    rule_id = _text(raw, "id", "[[rule]]", source, lines, block)
    if not _ID.match(rule_id):
        raise _fail(
            f"rule id {rule_id!r} must be lower-case words joined by '-'",
            source,
            lines.key_line("id", block),
            "规则id应为以“-”连接的小写单词",
            "ruleset-bad-id",
        )
    where = f"rule {rule_id!r}"
    scope_name = _text(raw, "scope", where, source, lines, block)
    if scope_name not in SCOPES:
        close = difflib.get_close_matches(scope_name, list(SCOPES), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise _fail(
            f"unknown scope {scope_name!r} in {where}{hint} (one of {', '.join(SCOPES)})",
            source,
            lines.key_line("scope", block),
            f"未知的作用域“{scope_name}”",
            "ruleset-bad-value",
        )
    severity_text = raw.get("severity", "error")
    try:
        severity = Severity(severity_text)
    except ValueError:
        raise _fail(
            f"severity must be error, warning or info, not {severity_text!r}",
            source,
            lines.key_line("severity", block),
            "severity只能是error、warning或info",
            "ruleset-bad-value",
        ) from None
    scope = _scope(scope_name)

    def expression(key: str, text: str, offset_in: str | None = None) -> Compiled:
        try:
            compiled, _ = compile_expression(parse_expression(text), scope)
            return compiled
        except ExpressionError as err:
            raise _expression_error(err, key, text, source, lines, block) from None

    when_source = raw.get("when")
    if when_source is not None and not isinstance(when_source, str):
        raise _fail(
            f"{where}: when must be text",
            source,
            lines.key_line("when", block),
            "when必须是文本",
            "ruleset-bad-value",
        )
    assert_source = _text(raw, "assert", where, source, lines, block)
    when = expression("when", when_source) if when_source else None
    check = expression("assert", assert_source)
    message = raw.get("message")
    if not isinstance(message, dict):
        raise _fail(
            f"{where} needs message.zh and message.en",
            source,
            line,
            "规则缺少message.zh和message.en",
            "ruleset-missing-key",
        )
    _unknown_keys(message, _MESSAGE_KEYS, f"{where} message", source, lines, block)
    templates: dict[str, Template] = {}
    for lang in ("zh", "en"):
        text = message.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise _fail(
                f"{where} needs message.{lang}",
                source,
                lines.key_line("message", block),
                f"规则缺少message.{lang}",
                "ruleset-missing-key",
            )
        try:
            templates[lang] = compile_template(text, scope, lang)
        except ExpressionError as err:
            raise _expression_error(err, "message", text, source, lines, block) from None
    values_raw = raw.get("values", [])
    if not isinstance(values_raw, list) or not all(isinstance(v, str) for v in values_raw):
        raise _fail(
            f"{where}: values must be a list of expressions",
            source,
            lines.key_line("values", block),
            "values必须是表达式列表",
            "ruleset-bad-value",
        )
    values = tuple((v, expression("values", v)) for v in values_raw)
    examples = tuple(_examples(raw.get("examples", []), where, source, lines, block))
    return Rule(
        rule_id,
        scope_name,
        severity,
        when_source,
        assert_source,
        when,
        check,
        templates["zh"],
        templates["en"],
        values,
        examples,
        str(raw.get("description", "")),
        line,
    )


def _expression_error(
    err: ExpressionError, key: str, text: str, source: str, lines: _Lines, block: tuple[int, int]
) -> RulesetError:
    at = lines.locate(text, block, err.offset)
    if at is None:
        line, column = lines.key_line(key, block), None
        snippet = caret_snippet(text.splitlines()[0] if text else "", err.offset + 1)
    else:
        line, column = at
        snippet = caret_snippet(lines.lines[line - 1], column)
    expected = f" (expected: {', '.join(err.expected)})" if err.expected else ""
    return RulesetError(
        f"{key}: {err.message}{expected}",
        file=source,
        line=line,
        column=column,
        code=err.code,
        message_zh=f"{key}：{err.message_zh}",
        snippet=snippet,
    )


def _examples(
    raw: Any, where: str, source: str, lines: _Lines, block: tuple[int, int]
) -> list[Example]:
    if not isinstance(raw, list):
        raise _fail(
            f"{where}: examples must be [[rule.examples]] tables",
            source,
            block[0] + 1,
            "examples必须是表数组",
            "ruleset-bad-value",
        )
    out: list[Example] = []
    for i, item in enumerate(raw):
        line = lines.example_line(block, i)
        if not isinstance(item, dict):
            raise _fail(
                f"{where}: an example must be a table",
                source,
                line,
                "示例必须是表",
                "ruleset-bad-value",
            )
        for key in item:
            if key not in _EXAMPLE_KEYS:
                close = difflib.get_close_matches(key, sorted(_EXAMPLE_KEYS), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise _fail(
                    f"unknown key {key!r} in an example of {where}{hint}",
                    source,
                    line,
                    f"示例中有未知的键“{key}”",
                    "ruleset-unknown-key",
                )
        expect = item.get("expect")
        if expect not in ("pass", "fire"):
            raise _fail(
                f'an example of {where} needs expect = "pass" or "fire"',
                source,
                line,
                '示例需要expect = "pass"或"fire"',
                "ruleset-bad-value",
            )
        fragment = {k: v for k, v in item.items() if k not in ("expect", "note")}
        if len(fragment) != 1:
            raise _fail(
                f"an example of {where} needs exactly one of "
                "document / project / indicator / goal / duty / fund_row",
                source,
                line,
                "示例需且仅需一个片段：document / project / indicator / goal / duty / fund_row",
                "ruleset-bad-value",
            )
        out.append(Example(str(expect), fragment, str(item.get("note", "")), line))
    return out


def rule_ids(rulesets: Sequence[Ruleset]) -> list[str]:
    return [rule.id for ruleset in rulesets for rule in ruleset.rules]
