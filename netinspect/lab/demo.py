"""`netinspect demo`: the built-in fleet over real SSH on loopback, inspected end to end."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console

from netinspect.collect.inventory import InventoryDevice
from netinspect.core import terminal
from netinspect.core.messages import line, say, set_terminal_language
from netinspect.core.raw import SourceResult
from netinspect.lab.fleet import FLEET_DIR, SimDevice, load_fleet

DEMO_LIFECYCLE = FLEET_DIR / "lifecycle-demo.yaml"  # invented end-of-support dates for the demo only
DEMO_ADVISORIES = Path(__file__).parent / "advisories"  # real advisories for the fleet's models (SOURCES.md)
from netinspect.lab.server import LOOPBACK, serve_fleet

ROLE_HINTS = {"fw": "firewall", "usg": "firewall", "ac": "wlan_controller"}


def demo_inventory(devices: Sequence[SimDevice], endpoints: dict[str, int]) -> list[InventoryDevice]:
    """An in-memory inventory of the simulated devices (loopback, their lab credentials)."""
    return [InventoryDevice(name=d.name, host=LOOPBACK, port=endpoints[d.name], platform=d.os,
                            username=d.username, password=d.password, secret=d.enable_secret,
                            groups=["demo"], file="(demo)") for d in devices]


def collect_fleet(devices: Sequence[SimDevice], *, latency_ms: float = 5.0, workers: int = 8,
                  progress: bool | None = None) -> SourceResult:
    """Serve the fleet, collect it over SSH (host-key checking off: a lab), stop the fleet."""
    from netinspect.collect.ssh import collect

    with serve_fleet(devices, latency_ms=latency_ms) as endpoints:
        inventory = demo_inventory(devices, endpoints)
        return collect(inventory, workers=workers, connect_timeout=5.0, command_timeout=30.0,
                       known_hosts=None, host_key_check=False, progress=progress)


def run_demo(*, out: Path | None = None, lang: str = "zh", formats: Sequence[str] = ("html", "md", "json", "xlsx"),
             fleet: Sequence[Path] | None = None, latency_ms: float = 5.0, workers: int = 8,
             progress: bool | None = None, console: Console | None = None) -> int:
    """Run the demo; exit code 0 when the reports were written (the fleet's problems are the point)."""
    from netinspect.collect.bundle import write_bundle
    from netinspect.core.errors import EXIT_USAGE
    from netinspect.workflow import InspectOptions, default_outdir, inspect_source

    set_terminal_language(lang)
    console = console or terminal.stderr()
    loaded = load_fleet(list(fleet) if fleet else [FLEET_DIR])
    for problem in loaded.problems:
        console.print(line(lang, "fleet", problem), highlight=False)
    if not loaded.devices:
        console.print(line(lang, "error", say(lang, "demo.no_device", fleet=fleet or FLEET_DIR)), highlight=False)
        return EXIT_USAGE
    console.print(say(lang, "demo.starting", count=len(loaded.devices), address=LOOPBACK,
                      names=", ".join(d.name for d in loaded.devices)), highlight=False)
    started = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    source = collect_fleet(loaded.devices, latency_ms=latency_ms, workers=workers, progress=progress)
    outdir = (out or default_outdir("demo")).resolve()
    write_bundle(outdir, source, manifest_extra=_manifest(started, loaded.devices))
    options: dict[str, Any] = {}
    if not fleet:  # the built-in fleet: its invented dates and its advisory set, in a store of its own
        options = {"lifecycle": DEMO_LIFECYCLE, "advisories": demo_advisory_store(outdir / "advisories.sqlite")}
    code = inspect_source(source, "ssh", InspectOptions(out=outdir, formats=list(formats), lang=lang,
                                                        quiet=terminal.is_quiet(), suite_options=options,
                                                        # the demo's history store is its own
                                                        history=outdir / "history.sqlite"), console)
    if code == EXIT_USAGE:
        return code
    _how_to_open(outdir, console, lang)
    return 0


def demo_advisory_store(path: Path) -> str:
    """The demo's advisory set imported into ``path`` (never the user's store); its path as a string."""
    from netinspect.advisories.store import Store

    path.parent.mkdir(parents=True, exist_ok=True)
    with Store(path, create=True) as store:
        store.import_paths([DEMO_ADVISORIES])
    return str(path)


def _manifest(started: str, devices: Sequence[SimDevice]) -> dict[str, Any]:
    return {"started": started, "source": "ssh", "demo": True,
            "inventory": [{"name": d.name, "host": LOOPBACK, "platform": d.os, "log": d.source} for d in devices]}


def _how_to_open(outdir: Path, console: Console, lang: str = "en") -> None:
    """What to do next, on stdout with the result (commands never wrapped)."""
    html = sorted(outdir.glob("*.html"))
    terminal.command("\n" + say(lang, "demo.bundle", path=outdir))
    if html:
        terminal.command(say(lang, "demo.open", uri=html[0].as_uri(), path=html[0]))
    terminal.command(say(lang, "demo.again", path=outdir))
    store = outdir / "advisories.sqlite"
    if store.is_file():
        terminal.command(say(lang, "demo.versions", path=outdir, store=store))
