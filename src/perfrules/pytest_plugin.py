"""A pytest plugin: ``pytest rulesets/`` tests ruleset files like ``perfrules test``.

Registered by the ``pytest11`` entry point ``perfrules``. It collects ``*.toml`` files
that hold a ``[ruleset]`` table when they lie in a folder named ``rulesets`` or are named
on the command line, and yields one test item per rule: the item fails with the rule's
failing examples and shrunk counterexamples, and warns when the rule never fired or never
held on the generated documents. A ruleset that does not load is a collection error.

Options: ``--perfrules-examples N`` (generated documents per rule, default 200) and
``--perfrules-seed S`` (default 0). Hypothesis is imported only when a ruleset is tested.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .authoring import RulesetReport

__all__ = ["RuleItem", "RulesetFile", "RulesetTestWarning"]

_RULESET_TABLE = re.compile(r"^\s*\[\s*ruleset\s*\]", re.MULTILINE)


class RulesetTestWarning(UserWarning):
    """A rule passed but never fired (dead?) or never held (always firing?)."""


class RuleFailed(Exception):
    """A rule's examples or properties failed; the message is the report to show."""


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("perfrules", "perfrules ruleset tests / 规则集测试")
    group.addoption(
        "--perfrules-examples",
        type=int,
        default=200,
        metavar="N",
        help="generated documents per rule (default 200) / 每条规则生成的文档数",
    )
    group.addoption(
        "--perfrules-seed",
        type=int,
        default=0,
        metavar="S",
        help="random seed for the generated documents (default 0) / 随机种子",
    )


def _named_on_command_line(path: Path, config: pytest.Config) -> bool:
    for arg in config.args:
        given = Path(arg.split("::", 1)[0])
        if not given.is_absolute():
            given = Path(config.invocation_params.dir) / given
        if given.resolve() == path.resolve():
            return True
    return False


def _is_ruleset(path: Path) -> bool:
    try:
        return bool(_RULESET_TABLE.search(path.read_text(encoding="utf-8-sig")))
    except (OSError, UnicodeDecodeError):
        return False


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> RulesetFile | None:
    if file_path.suffix != ".toml":
        return None
    in_rulesets = any(part == "rulesets" for part in file_path.parent.parts)
    if not (in_rulesets or _named_on_command_line(file_path, parent.config)):
        return None
    if not _is_ruleset(file_path):
        return None
    collected: RulesetFile = RulesetFile.from_parent(parent, path=file_path)
    return collected


class RulesetFile(pytest.File):
    """A ruleset file: one item per rule, all sharing one run of its properties."""

    _report: RulesetReport | None = None

    @property
    def shown_path(self) -> str:
        """The path relative to where pytest was started, when it lies below it."""
        try:
            return str(self.path.relative_to(self.config.invocation_params.dir))
        except ValueError:
            return str(self.path)

    def collect(self) -> Iterator[RuleItem]:
        from .rules import load_ruleset

        ruleset = load_ruleset(self.shown_path)  # a RulesetError is a collection error
        self._ruleset = ruleset
        for rule in ruleset.rules:
            yield RuleItem.from_parent(self, name=rule.id, rule_id=rule.id, line=rule.line)

    def report(self) -> RulesetReport:
        """The ruleset's report, computed when its first item runs."""
        if self._report is None:
            from .authoring import verify_ruleset

            config = self.config
            self._report = verify_ruleset(
                self._ruleset,
                examples=config.getoption("perfrules_examples"),
                seed=config.getoption("perfrules_seed"),
            )
        return self._report


class RuleItem(pytest.Item):
    """One rule of a ruleset file."""

    def __init__(self, *, rule_id: str, line: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rule_id = rule_id
        self.line = line

    def runtest(self) -> None:
        from .authoring import failure_text, note_text

        assert isinstance(self.parent, RulesetFile)
        report = self.parent.report()
        rule = report.rule(self.rule_id)
        if rule.failed:
            raise RuleFailed("\n".join(failure_text(report, rule)).strip("\n"))
        for note in note_text(rule):
            text = re.sub(r"^\s*note\s+", "", note)
            warnings.warn_explicit(
                RulesetTestWarning(text), RulesetTestWarning, self.parent.shown_path, self.line
            )

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str | Any:
        if isinstance(excinfo.value, RuleFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, self.line - 1, f"rule {self.rule_id}"
