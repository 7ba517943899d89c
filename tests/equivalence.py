"""Every real output the repository and shared/samples hold, analysed into one results.json (no timestamps).

Used to prove that a speed-up changes no result: ``tests/test_equivalence.py`` compares the fast paths
with the reference ones, and a snapshot taken before a change can be compared with one taken after:

    PYTHONPATH=. python -m tests.equivalence OUT.json [--lang zh|en]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from netinspect.checks.context import AnalysisContext
from netinspect.core.raw import CommandOutput, RawDevice, SourceResult
from netinspect.core.results import run_to_json
from netinspect.normalize.corpus import discover, read_output
from netinspect.pipeline import analyse
from netinspect.sources.logs import read_logs

REPO = Path(__file__).resolve().parent.parent
FLEET = REPO / "netinspect" / "lab" / "fleet"
SAMPLE_OS = {"huawei_vrp5": "huawei_vrp", "huawei_vrp8": "huawei_vrp8", "huawei_ac": "huawei_vrp",
             "h3c_comware5": "h3c_comware", "h3c_comware7": "h3c_comware", "cisco_ios": "cisco_ios",
             "cisco_iosxe": "cisco_iosxe"}
CONFIG_OS = {"ios": ("cisco_ios", "show running-config"), "comware": ("h3c_comware", "display current-configuration")}
SUITES = ["health", "hardening", "version"]
TODAY = date(2026, 1, 15)  # waivers and advisories judged on a fixed day


def _device(name: str, os_id: str, outputs: dict[str, str]) -> RawDevice:
    raw = RawDevice(name=name, os=os_id, source=name)
    for command, text in outputs.items():
        raw.add(CommandOutput(command, text))
    return raw


def sample_devices(samples: Path) -> list[RawDevice]:
    """One device per (platform folder, file stem) of shared/samples, with every command it has."""
    grouped: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for txt in sorted(samples.glob("*/*/*.txt")):
        family = txt.parent.parent.name
        if family in SAMPLE_OS:
            grouped[(family, txt.stem)][txt.parent.name.replace("_", " ")] = read_output(txt)
    return [_device(f"samples/{family}/{stem}", SAMPLE_OS[family], outputs)
            for (family, stem), outputs in grouped.items()]


def repo_devices() -> list[RawDevice]:
    """The demo fleet's session logs, every output of tests/corpus, every configuration of tests/configs_corpus."""
    devices = read_logs([FLEET], jobs=1).devices
    devices += [_device(f"corpus/{case.id}", case.platform, {case.command: read_output(case.txt)})
                for case in discover(REPO / "tests" / "corpus")]
    for folder, (os_id, command) in CONFIG_OS.items():
        devices += [_device(f"configs/{folder}/{cfg.stem}", os_id, {command: read_output(cfg)})
                    for cfg in sorted((REPO / "tests" / "configs_corpus" / folder).glob("*.cfg"))]
    return devices


def all_devices(samples: Path | None) -> list[RawDevice]:
    return repo_devices() + (sample_devices(samples) if samples and samples.is_dir() else [])


def analysed(samples: Path | None, lang: str = "en") -> dict[str, Any]:
    """results.json of every device (serially, in this process), without the run's id and times."""
    devices = all_devices(samples)
    ctx = AnalysisContext(lang=lang, options={"today": TODAY})
    run = analyse(SourceResult(devices=devices), "logs", ctx, SUITES, started="-", jobs=1)
    data = run_to_json(run)
    for key in ("id", "started", "finished"):
        data.get("run", data).pop(key, None)
    return data


def main() -> None:
    from tests.conftest import SAMPLES

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", default="en")
    args = parser.parse_args()
    data = analysed(SAMPLES, args.lang)
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    print(f"{len(data['devices'])} devices -> {args.out}")


if __name__ == "__main__":
    main()
