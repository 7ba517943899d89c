"""SARIF 2.1.0 for the --configs mode: one result per failed hardening item, located in the config file,
so teams that keep configurations in git see findings in their code-scanning view."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from netinspect import __version__
from netinspect.core.results import Run

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "0.0"}


def _pattern(evidence: str) -> re.Pattern[str]:
    """The last line of an evidence path as a regex; <redacted> matches the secret it replaced."""
    line = evidence.split(" > ")[-1].strip()
    parts = [re.escape(p) for p in line.split("<redacted>")]
    return re.compile(r"^\s*" + r"\S+".join(parts) + r"\s*$")


def _line_of(lines: list[str], evidence: list[str]) -> int:
    for item in evidence:
        regex = _pattern(item)
        for number, text in enumerate(lines, 1):
            if regex.match(text):
                return number
    return 1


def _uri(source: str, base: Path | None) -> str:
    path = Path(source)
    if base is not None:
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def to_sarif(run: Run, base: Path | None = None) -> dict[str, Any]:
    rules: dict[str, dict[str, Any]] = {}
    results = []
    for dev in run.devices:
        source = dev.raw.source
        lines = Path(source).read_text(encoding="utf-8", errors="replace").splitlines() if source and Path(
            source).is_file() else []
        for r in dev.results:
            if r.category != "hardening" or r.status != "fail":
                continue
            rules.setdefault(r.check, {
                "id": r.check, "name": r.check.split(".", 1)[-1],
                "shortDescription": {"text": r.title}, "fullDescription": {"text": r.advice or r.title},
                "help": {"text": f"{r.expected or ''}\n{r.remediation.notes if r.remediation else ''}".strip()},
                "properties": {"tags": ["security", "hardening"], "security-severity": SECURITY_SEVERITY[r.severity],
                               "references": r.references},
            })
            fix = "\n".join(r.remediation.commands) if r.remediation else ""
            results.append({
                "ruleId": r.check, "level": LEVELS[r.severity],
                "message": {"text": f"{dev.name}: {r.message}\n{chr(10).join(r.evidence)}\n\n{fix}".strip()},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": _uri(source or dev.name, base)},
                    "region": {"startLine": _line_of(lines, r.evidence)}}}],
                "partialFingerprints": {"netinspect/device-rule": f"{dev.name}:{r.check}"},
            })
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "netinspect", "version": __version__, "rules": list(rules.values())}},
        "results": results, "columnKind": "utf16CodeUnits"}]}
