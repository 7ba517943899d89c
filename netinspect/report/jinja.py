"""The Jinja2 environment over `templates/`, and the label catalog for zh/en rendering."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import yaml

from netinspect.core.paths import DATA_DIR, templates_dir

LANGS = ("zh", "en")


@cache
def environment() -> jinja2.Environment:
    """One environment for all reports: autoescape for HTML, plain for Markdown and command text."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md_cell"] = md_cell
    return env


def md_cell(value: Any) -> str:
    """A value made safe for one Markdown table cell."""
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def write_stream(template: str, context: dict[str, Any], path: Path) -> Path:
    """Render `template` into `path` piece by piece (the whole text is never in memory)."""
    with path.open("w", encoding="utf-8") as handle:
        environment().get_template(template).stream(**context).dump(handle)
    return path


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
