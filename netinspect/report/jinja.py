"""The Jinja2 environment over `templates/` (the labels of zh/en rendering are netinspect.core.i18n)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from netinspect.core.paths import templates_dir


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
    env.filters["md_code"] = md_code
    return env


def md_cell(value: Any) -> str:
    """A value made safe for one Markdown table cell."""
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def md_code(value: Any) -> str:
    """A value as inline code inside one Markdown table cell: its lines joined (a line break would end
    the table row), pipes escaped, a backtick in it fenced by two."""
    text = " ⏎ ".join(part.strip() for part in ("" if value is None else str(value)).splitlines() if part.strip())
    text = text.replace("|", "\\|")
    if not text:
        return ""
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def write_stream(template: str, context: dict[str, Any], path: Path) -> Path:
    """Render `template` into `path` piece by piece (the whole text is never in memory)."""
    with path.open("w", encoding="utf-8") as handle:
        environment().get_template(template).stream(**context).dump(handle)
    return path
