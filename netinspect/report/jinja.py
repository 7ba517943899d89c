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
    env.filters["when"] = when
    env.filters["platform_title"] = platform_title
    return env


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def when(value: Any, lang: str, time: bool = True, zone: bool = True) -> str:
    """An ISO timestamp as the locale writes it, in local time: 2026年12月7日 11:25 (UTC+08:00) /
    7 Dec 2026 11:25 (UTC+08:00); `zone` names the zone (once per document). A date alone stays a date;
    anything else is shown as it is."""
    from datetime import date, datetime

    text = "" if value is None else str(value)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if len(text) <= 10:
        time = zone = False
    elif moment.tzinfo is not None:
        moment = moment.astimezone()  # local time
    day: date = moment.date()
    out = f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    if time:
        out += f" {moment:%H:%M}"
    if zone and moment.tzinfo is not None:
        offset = moment.strftime("%z")
        out += f" (UTC{offset[:3]}:{offset[3:]})"
    return out


def platform_title(os_id: Any) -> str:
    """A platform id (huawei_vrp) shown by its title's short form (Huawei VRP 5); unknown ids as they are."""
    if not os_id:
        return "-"
    try:
        from netinspect.platforms import get_platform

        return get_platform(str(os_id)).title.split(" (")[0]
    except Exception:  # noqa: BLE001 - an id we do not know is shown as it is
        return str(os_id)


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
