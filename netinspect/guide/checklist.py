"""The engineer's checklist (`netinspect commands PLATFORM`): the commands to paste when capturing session
logs by hand, paging off first, from the platform's inspection command set (data/platforms.yaml).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from netinspect.checks.catalog import load_catalog
from netinspect.core.i18n import labels
from netinspect.platforms import Platform, all_platforms, get_platform


class ChecklistError(Exception):
    """Unknown platform or unwritable output; one line for the user."""


def resolve(name: str, lang: str) -> Platform:
    """The platform by OS id or alias, else a ChecklistError listing the known ones."""
    platform = get_platform(name)
    if platform is None:
        t = labels(lang, "guide")
        raise ChecklistError(t["cmd.unknown_platform"].format(name=name, known=", ".join(all_platforms())))
    return platform


def command_text(platform: Platform) -> str:
    """The commands to paste, one a line: paging off first, then the inspection command set."""
    return "\n".join([*platform.setup, *(c.command for c in platform.commands)]) + "\n"


def checks_by_fact(lang: str) -> dict[str, list[str]]:
    """Fact group -> titles of the health checks that read it (what a command's output is used for)."""
    found: dict[str, list[str]] = {}
    for spec in load_catalog("health").values():
        for fact in spec.facts:
            found.setdefault(fact, []).append(spec.text("title", lang))
    return found


def purpose(facts: tuple[str, ...], by_fact: dict[str, list[str]], t: dict[str, str]) -> str:
    """What the tool does with a command's output, from the checks that read its facts."""
    titles = [title for fact in facts for title in by_fact.get(fact, [])]
    if "running_config" in facts:
        titles.append(t["cmd.purpose_baseline"])
    if "identity" in facts:
        titles.append(t["cmd.purpose_identity"])
    return t["list_sep"].join(dict.fromkeys(titles))


def view(platform: Platform, lang: str) -> dict[str, Any]:
    """What the printable sheet shows: the setup commands, then each command with its purpose."""
    t = labels(lang, "guide")
    by_fact = checks_by_fact(lang)
    rows = [{"no": i, "command": c.command, "purpose": purpose(c.facts, by_fact, t), "optional": c.optional}
            for i, c in enumerate(platform.commands, 1)]
    return {"lang": lang, "t": t, "os": platform.os, "platform_title": t.get(f"platform.{platform.os}", platform.title),
            "setup": list(platform.setup), "rows": rows, "text": command_text(platform)}


def write_sheet(platform: Platform, lang: str, fmt: str, outdir: Path) -> Path:
    """The printable sheet as commands-<os>.<fmt> (html, md or pdf) in `outdir`."""
    data = view(platform, lang)
    outdir.mkdir(parents=True, exist_ok=True)
    from netinspect.report.pdf import write_document

    return write_document("guide/commands", data, outdir / f"commands-{platform.os}.{fmt}", fmt, lang,
                          data["t"]["cmd.title"])
