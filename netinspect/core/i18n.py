"""The label catalog: every text netinspect shows, in zh and en (data/i18n/<file>.yaml)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from netinspect.core.paths import DATA_DIR

LANGS = ("zh", "en")


@cache
def _labels_file(path: Path) -> dict[str, dict[str, str]]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def labels(lang: str, *files: str) -> dict[str, str]:
    """Labels in `lang` from data/i18n/<file>.yaml files (each key: {zh: ..., en: ...})."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    merged: dict[str, str] = {}
    for name in files or ("common",):
        for key, texts in _labels_file(DATA_DIR / "i18n" / f"{name}.yaml").items():
            merged[key] = texts[lang]
    return merged


def duration_text(seconds: int, lang: str) -> str:
    """3 days 4 hours -> "3d 4h" (en) / "3天4小时" (zh); minutes only under a day."""
    text = labels(lang, "checks")
    days, rest = divmod(int(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    parts = []
    if days:
        parts.append(text["duration.days"].format(n=days))
    if hours or days:
        parts.append(text["duration.hours"].format(n=hours))
    if not days:
        parts.append(text["duration.minutes"].format(n=rest // 60))
    return ("" if lang == "zh" else " ").join(parts)
