"""The one-way flow: raw outputs -> device model -> check suites -> a Run with results."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from netinspect.normalize import normalize
from netinspect.raw import SourceResult
from netinspect.results import DeviceResult, Run


@dataclass
class AnalysisContext:
    """What every check suite may read besides the devices."""

    lang: str = "zh"  # zh | en: the language of messages, titles and advice
    site: dict[str, Any] = field(default_factory=dict)  # site facts (--site)
    user_config: dict[str, Any] = field(default_factory=dict)  # thresholds and switches (--config)
    options: dict[str, Any] = field(default_factory=dict)  # suite-specific options (rules dir, waivers, advisories db)


# A suite appends CheckResults to each DeviceResult. Listed by module path so that a suite's
# heavy imports happen only when it runs. Each module exposes `run(devices, ctx) -> None`.
SUITES: dict[str, str] = {
    "health": "netinspect.checks.health_suite",
    "hardening": "netinspect.harden.suite",
    "version": "netinspect.advisories.suite",
}


def run_suite(name: str, devices: list[DeviceResult], ctx: AnalysisContext) -> None:
    module = importlib.import_module(SUITES[name])
    suite: Callable[[list[DeviceResult], AnalysisContext], None] = module.run
    suite(devices, ctx)


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def analyse(source: SourceResult, source_kind: str, ctx: AnalysisContext, suites: list[str],
            started: str | None = None) -> Run:
    """Normalize every device the source read and run the requested suites over them."""
    started = started or now_iso()
    devices = []
    for raw in source.devices:
        device, outcomes = normalize(raw)
        devices.append(DeviceResult(raw=raw, device=device, commands=outcomes))
    for name in suites:
        run_suite(name, devices, ctx)
    run_id = datetime.now().strftime("%Y%m%d-%H%M%S")
    return Run(id=run_id, started=started, finished=now_iso(), source=source_kind, lang=ctx.lang,
               site=ctx.site, inputs=source.inputs, devices=devices)
