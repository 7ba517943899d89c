"""Check results and the run they belong to, and their form in results.json (the contract)."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from netinspect import __version__
from netinspect.core.coverage import STATES, Coverage, coverage
from netinspect.core.model import Device
from netinspect.core.raw import InputRecord, RawDevice

SEVERITIES = ("critical", "high", "medium", "low", "info")
SEVERITY_RANK = {name: rank for rank, name in enumerate(reversed(SEVERITIES))}  # info 0 .. critical 4


@dataclass
class CommandParse:
    """Outcome of normalizing one command: feeds results.json collection.commands."""

    status: str  # ok | partial (parsed, but the output shows it was cut short) | parse_error | unsupported | error | missing
    message: str | None = None


@dataclass
class Remediation:
    commands: list[str] = field(default_factory=list)
    rollback: list[str] = field(default_factory=list)
    verify: list[str] = field(default_factory=list)
    notes: str | None = None


@dataclass
class CheckResult:
    """The verdict of one check on one device."""

    check: str  # catalog id, e.g. health.cpu
    category: str  # health | hardening | version | config
    status: str  # pass | fail | error | skipped | insufficient_data
    severity: str  # critical | high | medium | low | info (info for pass)
    message: str  # in the run's language
    title: str = ""  # the check's title in the run's language
    command: str | None = None  # the command the verdict rests on
    observed: Any = None
    expected: Any = None  # the criterion, in the run's language
    evidence: list[str] = field(default_factory=list)
    advice: str | None = None
    remediation: Remediation | None = None
    references: list[str] = field(default_factory=list)
    advisories: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # category-specific fields, kept in results.json

    @property
    def failed(self) -> bool:
        return self.status == "fail"

    @property
    def is_problem(self) -> bool:
        """A failed result counted as a problem: not one that repeats another check's fault (same_cause)."""
        return self.status == "fail" and not self.extra.get("same_cause")

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "check": self.check, "category": self.category, "status": self.status,
            "severity": self.severity, "message": self.message, "title": self.title,
            "command": self.command, "observed": self.observed, "expected": self.expected,
            "evidence": list(self.evidence), "advice": self.advice,
            "remediation": None if self.remediation is None else {
                "commands": self.remediation.commands, "rollback": self.remediation.rollback,
                "verify": self.remediation.verify, "notes": self.remediation.notes},
            "references": list(self.references),
        }
        if self.advisories:
            data["advisories"] = self.advisories
        data.update(self.extra)
        return data


@dataclass
class DeviceResult:
    """One device: how it was collected, what is known of it, and the verdicts."""

    raw: RawDevice
    device: Device
    commands: dict[str, CommandParse] = field(default_factory=dict)
    results: list[CheckResult] = field(default_factory=list)
    faults: list[Any] = field(default_factory=list)  # netinspect.core.barrier.Fault: why analysis failed here

    @property
    def name(self) -> str:
        return self.raw.name

    @property
    def problems(self) -> list[CheckResult]:
        """The failed results that are problems of their own (one per cause)."""
        return [r for r in self.results if r.is_problem]

    @property
    def worst_severity(self) -> str | None:
        failed = self.problems
        if not failed:
            return None
        return max((r.severity for r in failed), key=SEVERITY_RANK.__getitem__)

    @property
    def coverage(self) -> Coverage:
        """How much of the device was inspected (core set of its platform, verdict counts)."""
        return coverage(self)


@dataclass
class Run:
    id: str
    started: str
    finished: str
    source: str  # ssh | logs | bundle
    lang: str = "zh"
    site: dict[str, Any] = field(default_factory=dict)
    inputs: list[InputRecord] = field(default_factory=list)
    # the hardening baseline profile the run was judged against ({"name", "file"}); None: the built-in rules
    baseline: dict[str, str] | None = None
    # a list, or for a large run a netinspect.core.spool.Spool: read one device at a time, so walk it rather
    # than keep what it yields
    devices: Sequence[DeviceResult] = field(default_factory=list)

    def iter_failed(self) -> Iterator[tuple[DeviceResult, CheckResult]]:
        """(device, failed result) pairs, one device in memory at a time."""
        for d in self.devices:
            for r in d.results:
                if r.failed:
                    yield d, r

    def iter_problems(self) -> Iterator[tuple[DeviceResult, CheckResult]]:
        """(device, problem) pairs: failed results less those that repeat another's cause."""
        for d, r in self.iter_failed():
            if r.is_problem:
                yield d, r

    def failed_results(self) -> list[tuple[DeviceResult, CheckResult]]:
        return list(self.iter_failed())

    def by_severity(self) -> dict[str, int]:
        counts = Counter(r.severity for _, r in self.iter_problems())
        return {sev: counts.get(sev, 0) for sev in SEVERITIES}

    def by_status(self) -> dict[str, int]:
        return dict(Counter(d.raw.status for d in self.devices))


def at_or_above(severity: str, threshold: str) -> bool:
    return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold]


def _command_entries(d: DeviceResult) -> list[dict[str, Any]]:
    entries = []
    for command, output in d.raw.outputs.items():
        outcome = d.commands.get(command)
        status = outcome.status if outcome else output.status
        entry = {
            "command": command,
            # an output cut short parsed (its values stay) but is not whole: the contract's status is "ok",
            # "complete": false says the rest (checks built on it report insufficient data)
            "status": "ok" if status == "partial" else status,
            "seconds": output.seconds,
            "message": outcome.message if outcome else output.message,
        }
        if status == "partial":
            entry["complete"] = False
        entries.append(entry)
    return entries


_FIRST_LINE = re.compile(r"first line not understood \(line (\d+)\): '(.*)'$")


def not_understood(d: DeviceResult) -> list[dict[str, Any]]:
    """The outputs of the device that were not understood (parse_error): command, first line not
    understood (and its number) when the parser could name it, and the reason."""
    found = []
    for command, outcome in d.commands.items():
        if outcome.status != "parse_error":
            continue
        message = outcome.message or ""
        match = _FIRST_LINE.search(message)
        found.append({"command": command, "line": int(match.group(1)) if match else None,
                      "first_line": match.group(2) if match else None,
                      "reason": message[:match.start()].rstrip("; ") if match else message})
    return found


def device_to_json(d: DeviceResult) -> dict[str, Any]:
    ident = d.device.identity
    return {
        "name": d.name,
        "host": d.raw.host,
        "hostname": ident.hostname,
        "vendor": ident.vendor,
        "os": ident.os,
        "role": ident.role,
        "model": ident.model,
        "version": ident.version,
        "patch": ident.patch,
        "serial": ident.serial,
        "uptime_seconds": ident.uptime_seconds,
        "inventory_mismatch": [{"field": k, "inventory": v, "device": getattr(ident, k, None)}
                               for k, v in ident.declared.items()],
        "source": d.raw.source,
        "collection": {"status": d.raw.status, "message": d.raw.message, "commands": _command_entries(d)},
        "not_understood": not_understood(d),
        "inspection": d.coverage.to_json(),
        "results": [r.to_json() for r in d.results],
    }


def _head(run: Run) -> dict[str, Any]:
    return {
        "schema_version": "1",
        "tool": {"name": "netinspect", "version": __version__},
        "run": {
            "id": run.id, "started": run.started, "finished": run.finished, "source": run.source,
            "lang": run.lang, "site": run.site,
            "inputs": [{"name": i.name, "status": i.status, "message": i.message} for i in run.inputs],
            **({"baseline": run.baseline} if run.baseline else {}),
        },
    }


class _Tally:
    """The summary counts of results.json, added device by device."""

    def __init__(self) -> None:
        self.count = self.problems = 0
        self.by_status: Counter[str] = Counter()
        self.by_severity: Counter[str] = Counter()
        self.states: Counter[str] = Counter()
        self.checks: Counter[str] = Counter()

    def add(self, d: DeviceResult) -> None:
        self.count += 1
        self.by_status[d.raw.status] += 1
        for r in d.results:
            if r.is_problem:  # one per cause (same_cause results are its evidence)
                self.problems += 1
                self.by_severity[r.severity] += 1
        cov = d.coverage
        self.states[cov.state] += 1
        self.checks.update(cov.counts)

    def summary(self) -> dict[str, Any]:
        return {"devices": self.count, "by_status": dict(self.by_status),
                "by_severity": {sev: self.by_severity.get(sev, 0) for sev in SEVERITIES},
                "problems": self.problems,
                "partly_inspected": self.states.get("partial", 0),
                "inspection": {state: self.states.get(state, 0) for state in STATES},
                "by_check_status": dict(self.checks)}


def run_to_json(run: Run) -> dict[str, Any]:
    """results.json as the contract (shared/contracts/results.schema.json) defines it."""
    tally = _Tally()
    devices = []
    for d in run.devices:
        devices.append(device_to_json(d))
        tally.add(d)
    return {**_head(run), "devices": devices, "summary": tally.summary()}


def _dumps(value: Any, indent: str) -> str:
    """`value` as json.dumps(indent=2) writes it at `indent` inside a larger document."""
    return json.dumps(value, ensure_ascii=False, indent=2, default=str).replace("\n", "\n" + indent)


class ResultsWriter:
    """results.json written device by device: the same text as json.dumps(run_to_json(run), indent=2)
    without the whole document in memory. add() each device in order, then finish()."""

    def __init__(self, run: Run, handle: IO[str]) -> None:
        self.handle, self.tally = handle, _Tally()
        handle.write(_dumps(_head(run), "")[:-2] + ',\n  "devices": [')

    def add(self, d: DeviceResult) -> None:
        self.handle.write(("," if self.tally.count else "") + "\n    " + _dumps(device_to_json(d), "    "))
        self.tally.add(d)

    def finish(self) -> None:
        summary = self.tally.summary()
        self.handle.write(("\n  ]" if self.tally.count else "]") + ',\n  "summary": ' + _dumps(summary, "  ")
                          + "\n}")
