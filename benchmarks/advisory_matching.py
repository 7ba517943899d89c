"""Matching figures: the advisory corpus against every real `show version` / `display version` sample.

    NETINSPECT_SAMPLES=../shared/samples python benchmarks/advisory_matching.py

Imports tests/advisories_corpus into a temporary store (prints the import outcomes per state), builds one
session log per real version sample in shared/samples, runs `netinspect versions` on them and prints,
per device, the identity read from the output and the verdict of `version.advisories`: affected (with
the advisories named with certainty and "possibly"), not affected, or unknown (no advisory data for the
model, or a version that does not parse), then the totals.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from typer.testing import CliRunner  # noqa: E402

from netinspect.advisories.store import Store  # noqa: E402
from netinspect.cli.app import app  # noqa: E402

PLATFORMS = {"cisco_ios": ("show version", "R#"), "cisco_iosxe": ("show version", "R#"),
             "huawei_vrp5": ("display version", "<R>"), "huawei_vrp8": ("display version", "<R>"),
             "h3c_comware5": ("display version", "<R>"), "h3c_comware7": ("display version", "<R>")}


def main() -> None:
    samples = Path(os.environ.get("NETINSPECT_SAMPLES", ROOT.parent / "shared" / "samples"))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        with Store(work / "adv.sqlite") as store:
            outcomes = store.import_paths([ROOT / "tests" / "advisories_corpus"])
        print("import:", dict(Counter(o.status for o in outcomes)))
        logs = work / "logs"
        logs.mkdir()
        for platform, (command, prompt) in PLATFORMS.items():
            for path in sorted((samples / platform / command.replace(" ", "_")).glob("*.txt")):
                name = f"{platform}--{path.stem}"
                p = prompt.replace("R", name)
                text = path.read_bytes().decode("utf-8", errors="replace").rstrip()
                (logs / f"{name}.log").write_text(f"{p}{command}\n{text}\n{p}\n", encoding="utf-8")
        out = work / "out"
        CliRunner().invoke(app, ["versions", "--logs", str(logs), "--advisories", str(work / "adv.sqlite"),
                                 "--out", str(out), "--format", "json", "--lang", "en"])
        data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    verdicts: Counter[str] = Counter()
    for device in sorted(data["devices"], key=lambda d: d["name"]):
        ident = device
        r = next((x for x in device["results"] if x["check"] == "version.advisories"), None)
        if r is None:
            verdict = "no result"
        elif r["status"] == "fail":
            certain = [a["id"] for a in r.get("advisories", []) if a["certainty"] == "affected"]
            possible = [a["id"] for a in r.get("advisories", []) if a["certainty"] != "affected"]
            if certain:
                verdict = f"affected ({r['severity']}): {', '.join(certain)}" + (
                    f" | possibly: {', '.join(possible)}" if possible else "")
            else:
                verdict = f"possibly affected ({r['severity']}): {', '.join(possible)}"
        elif r["status"] == "pass":
            verdict = f"not affected ({r.get('advisories_checked')} advisories checked)"
        else:
            verdict = r["message"]
        verdicts[verdict.split(" (")[0].split(":")[0].lower()] += 1
        print(f"{device['name']:60} {ident.get('os') or '-':12} {ident.get('model') or '-':22} "
              f"{ident.get('version') or '-':28} {verdict}")
    print("totals:", dict(verdicts))


if __name__ == "__main__":
    main()
