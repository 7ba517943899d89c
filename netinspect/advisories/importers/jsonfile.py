"""Reading an advisory file as JSON: a file that is not JSON, or is nested deeper than safeyaml.MAX_DEPTH,
is a BadAdvisoryFile with the reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from netinspect.advisories.records import BadAdvisoryFile
from netinspect.core import safeyaml


def read_json(path: Path) -> Any:
    try:
        return safeyaml.load_json(path.read_text(encoding="utf-8"))  # depth-limited
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadAdvisoryFile(f"not valid JSON: {exc}") from exc
