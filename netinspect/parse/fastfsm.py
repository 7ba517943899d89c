"""TextFSM with the same results in fewer steps: a state's rules tried by one combined regex.

TextFSM tries a state's rules one by one, each through three Python calls, for every input line. Here
the rules of a state (from a given rule on, for `Continue`) are joined into one alternation
``(r1)|(r2)|...`` whose first matching branch is the first rule that matches, as a regex alternation
tries its branches in order; the rule is then matched on its own for its values, and TextFSM's own
operations run as before. Where a rule cannot be joined (a back-reference, an inline flag), that state
falls back to TextFSM's rule-by-rule loop. ``tests/test_fastfsm.py`` compares both on every real output.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

import textfsm

_NAMED = re.compile(r"\(\?P<\w+>")
_UNJOINABLE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(|\\\(\?P<|\(\?[aiLmsux]+\)")  # group numbers or names, global flags


def _joined(rules: list[Any]) -> tuple[re.Pattern[str], dict[int, int]] | None:
    """One regex for `rules` in order, and which rule each top-level group stands for; None if not joinable."""
    parts, owner, group = [], {}, 1
    for i, rule in enumerate(rules):
        if _UNJOINABLE.search(rule.regex):
            return None
        body = _NAMED.sub("(", rule.regex)  # group names may repeat across rules; the rule's own match names them
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                inner = re.compile(body).groups
        except re.error:
            return None
        parts.append(f"({body})")
        owner[group] = i
        group += 1 + inner
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return re.compile("|".join(parts)), owner
    except (re.error, RecursionError, OverflowError):
        return None


class FastTextFSM(textfsm.TextFSM):  # type: ignore[misc]
    """A TextFSM whose line loop uses joined regexes (see the module docstring); results are identical."""

    def __init__(self, template: Any, options_class: Any = textfsm.TextFSM._DEFAULT_OPTIONS) -> None:
        super().__init__(template, options_class)
        self._by_name = {v.name: v for v in reversed(self.values)}
        self._joined: dict[tuple[str, int], tuple[re.Pattern[str], dict[int, int]] | None] = {}

    def _GetValue(self, name: str) -> Any:  # noqa: N802 - TextFSM's name
        return self._by_name.get(name)

    def _combined(self, state: str, start: int) -> tuple[re.Pattern[str], dict[int, int]] | None:
        key = (state, start)
        if key not in self._joined:
            self._joined[key] = _joined(self.states[state][start:])
        return self._joined[key]

    def _CheckLine(self, line: str) -> None:  # noqa: N802 - TextFSM's name
        rules, start = self._cur_state, 0
        while start < len(rules):
            key = (self._cur_state_name, start)
            joined = self._joined[key] if key in self._joined else self._combined(*key)
            if joined is None:
                return self._check_from(rules, start, line)
            hit = joined[0].match(line)
            if hit is None:
                return None
            branch = joined[1].get(hit.lastindex or 0)
            if branch is None or hit.start(hit.lastindex) != 0:  # not expected; TextFSM's loop decides
                return self._check_from(rules, start, line)
            index = start + branch
            rule = rules[index]
            regex = rule.regex_obj.regex
            if self._apply(rule, regex.match(line) if regex.groupindex else None, line):
                return None
            start = index + 1
        return None

    def _check_from(self, rules: list[Any], start: int, line: str) -> None:
        """TextFSM's own loop, from rule `start` on."""
        for rule in rules[start:]:
            matched = rule.regex_obj.regex.match(line)
            if matched and self._apply(rule, matched, line):
                return

    def _apply(self, rule: Any, matched: re.Match[str] | None, line: str) -> bool:
        """A matched rule's values and operations, as TextFSM applies them; True when the line is done.

        `matched` is None for a rule without values (its joined match is enough)."""
        if matched is not None:
            by_name = self._by_name
            for name, text in matched.groupdict().items():  # TextFSM's _AssignVar, without its lookups
                value = by_name.get(name)
                if value is None:
                    continue
                if value.options:
                    value.AssignVar(text)
                else:
                    value.value = text
        if rule.line_op == "Error":
            self._Operations(rule, line)  # TextFSM's own record operation, then its error
        if rule.record_op == "Record":
            self._AppendRecord()
        elif rule.record_op == "Clear":
            self._ClearRecord()
        elif rule.record_op == "Clearall":
            self._ClearAllRecord()
        if rule.line_op == "Continue":
            return False
        if rule.new_state:
            if rule.new_state not in ("End", "EOF"):
                self._cur_state = self.states[rule.new_state]
            self._cur_state_name = rule.new_state
        return True

    def _ClearRecord(self) -> None:  # noqa: N802 - TextFSM's name
        """TextFSM's: every value's ClearVar, without the option calls of values that have no options."""
        for value in self.values:
            if value.options:
                value.ClearVar()
            else:
                value.value = None

    def _AppendRecord(self) -> None:  # noqa: N802 - TextFSM's name
        """TextFSM's, without the option calls of values that have no options."""
        if not self.values:
            return
        record = []
        for value in self.values:
            if value.options:
                try:
                    value.OnSaveRecord()
                except textfsm.SkipRecord:
                    self._ClearRecord()
                    return
                except textfsm.SkipValue:
                    continue
            record.append(value.value)
        if len(record) == record.count(None) + record.count([]):
            return
        self._result.append(["" if v is None else v for v in record])
        self._ClearRecord()
