"""When an inspection happened: the inspection date of the site file, else when the outputs were collected
(netinspect.sources.when), else - only then - when the analysis ran."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any


def _as_date(value: Any) -> str | None:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    text = str(value or "").strip()
    m = re.match(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})", text)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def inspection_date(site: dict[str, Any] | None, collected: str | None, analysed: str) -> tuple[str, str]:
    """(when, how) of an inspection: the site file's date, else the collection time, else the analysis time."""
    for key in ("inspection_date", "date"):
        when = _as_date((site or {}).get(key))
        if when:
            return when, "site"
    if collected:
        return collected, "collected"
    return analysed, "analysed"
