"""The speed-ups change no result: fast paths against the reference ones on every real output we hold.

The whole set (demo fleet, tests/corpus, tests/configs_corpus and shared/samples when present) is
analysed with every fast path on and again with them off (TextFSM itself, every redaction form on every
line); the two results.json must be equal. The parts are compared on their own as well: every output's
TextFSM rows and errors, and the redaction of every line.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
import textfsm

import netinspect.core.redact as redact
import netinspect.parse.engine as parse
from netinspect.core.raw import RawDevice
from netinspect.parse.fastfsm import FastTextFSM, _joined
from netinspect.platforms import get_platform
from tests.conftest import SAMPLES
from tests.equivalence import all_devices, analysed


@pytest.fixture(scope="module")
def devices() -> list[RawDevice]:
    return all_devices(SAMPLES)


def _reference(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse, "FAST", False)
    monkeypatch.setattr(redact, "FAST", False)
    parse.compiled.cache_clear()


def test_results_json_same_with_and_without_fast_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    parse.compiled.cache_clear()
    fast = analysed(SAMPLES)
    with monkeypatch.context() as m:
        _reference(m)
        reference = analysed(SAMPLES)
    parse.compiled.cache_clear()
    assert len(fast["devices"]) > 100
    for got, want in zip(fast["devices"], reference["devices"], strict=True):
        assert got == want, got["name"]
    assert fast == reference


def _outputs(devices: list[RawDevice]) -> list[tuple[tuple[str, ...], str, str]]:
    found = []
    for raw in devices:
        platform = get_platform(raw.os) if raw.os else None
        for command, output in raw.outputs.items():
            if platform is not None and output.text:
                found.append((platform.textfsm_platforms, command, output.text))
    return found


def _rows(fsm: textfsm.TextFSM, text: str) -> object:
    fsm.Reset()
    try:
        return fsm.ParseText(text)
    except textfsm.TextFSMError as exc:
        return f"error: {exc}"


def _both(template: Path) -> tuple[textfsm.TextFSM, FastTextFSM]:
    with template.open(encoding="utf-8") as a, template.open(encoding="utf-8") as b:
        return textfsm.TextFSM(a), FastTextFSM(b)


def test_fast_textfsm_same_rows_on_every_output(devices: list[RawDevice]) -> None:
    """Each output through its template(s), whole and with its lines shuffled (other paths through the states)."""
    shuffle = random.Random(12)
    compared = 0
    for platforms, command, text in _outputs(devices):
        entry = parse.find_template(platforms, command)
        if entry is None:
            continue
        lines = text.splitlines()
        shuffle.shuffle(lines)
        for template in entry.templates:
            reference, fast = _both(template)
            for variant in (parse.tame(text), "\n".join(lines)):
                assert _rows(fast, variant) == _rows(reference, variant), (template.name, command)
                compared += 1
    assert compared > 100


TEMPLATE = r"""Value Filldown CHASSIS (\S+)
Value Required PORT (\S+)
Value List VLANS (\d+)
Value STATE (up|down)
Value Fillup NOTE (\S+)

Start
  ^Chassis\s+${CHASSIS}
  ^Port\s+${PORT} -> Continue
  ^Port\s+\S+\s+is\s+${STATE}
  ^\s+vlan\s+${VLANS} -> Continue
  ^\s+vlan\s+(\d+)\s+\1 -> Record
  ^\s+vlan
  ^note\s+${NOTE}
  ^end -> Record Tail
  ^boom -> Error "boom seen"

Tail
  ^(?i:next) -> Start
  ^. -> Continue
  ^x -> Record
  ^done -> End
"""
TEXT = """Chassis C1
Port p1 is up
  vlan 10
  vlan 20 20
Port p2 is down
  vlan 30
note hello
end
x
NEXT
Port p3 is up
  vlan 40 40
end
xx
done
Port never
"""


@pytest.mark.parametrize("backref", [True, False])
def test_fast_textfsm_rule_semantics(backref: bool) -> None:
    """Continue, Record, Filldown/List/Fillup, state changes, End, a scoped flag and Error: the same as
    TextFSM, with joined rules and (a back-reference) with TextFSM's rule-by-rule loop."""
    template = TEMPLATE if backref else TEMPLATE.replace(r"\s+\1 -> Record", r"\s+(\d+) -> Record")
    reference = textfsm.TextFSM(io.StringIO(template))
    fast = FastTextFSM(io.StringIO(template))
    assert (_joined(fast.states["Start"]) is None) == backref
    assert _joined(fast.states["Tail"]) is not None  # a scoped flag joins
    assert _joined([textfsm.TextFSMRule(r"^(a)?(?(1)b|c)")]) is None  # a conditional names a group by number
    assert _rows(fast, TEXT) == _rows(reference, TEXT)
    assert len(_rows(reference, TEXT)) >= 3
    bad = TEXT.replace("note hello", "boom")
    assert _rows(fast, bad) == _rows(reference, bad)
    assert str(_rows(reference, bad)).startswith("error")


def test_redaction_same_on_every_line(devices: list[RawDevice], monkeypatch: pytest.MonkeyPatch) -> None:
    lines = {line for raw in devices for out in raw.outputs.values() for line in out.text.splitlines(keepends=True)}
    lines |= {example for form in redact.forms() for example in form.examples}
    fast = {line: redact.redact_line(line) for line in lines}
    monkeypatch.setattr(redact, "FAST", False)
    assert {line: redact.redact_line(line) for line in lines} == fast
    assert sum(fast[line] != line for line in lines) > 20  # secrets were found and masked
