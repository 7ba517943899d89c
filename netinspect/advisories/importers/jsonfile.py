"""Reading an advisory file as JSON: a file that is not JSON is a BadAdvisoryFile with the reason."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from netinspect.advisories.records import BadAdvisoryFile


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadAdvisoryFile(f"not valid JSON: {exc}") from exc
