"""The blank change-plan template (`netinspect change template`): the service's sections in order
(data/change/sections.yaml `template`), as Markdown or Word; `change check` reads both back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from netinspect.change.plan import _sections_data
from netinspect.core.i18n import labels

_ZH_NUMBERS = "一二三四五六七八九十"
DEVICE = "SW1 (h3c_comware)"  # a placeholder device heading: name and platform


def _parts(lang: str) -> list[dict[str, Any]]:
    return [{"title": f"{_ZH_NUMBERS[i]}、{p['zh']}" if lang == "zh" else f"{i + 1}. {p['en']}",
             "hint": p["hint"][lang], "device": bool(p.get("device")), "commands": list(p.get("commands", []))}
            for i, p in enumerate(_sections_data()["template"])]


def markdown(lang: str) -> str:
    t = labels(lang, "common", "change")
    out = [f"# {t['template.title']}", ""]
    for part in _parts(lang):
        out += [f"## {part['title']}", "", part["hint"], ""]
        if part["device"]:
            out += [f"### {DEVICE}", "", "```", *part["commands"], "```", ""]
    return "\n".join(out)


def write_docx(path: Path, lang: str) -> Path:
    import docx  # python-docx
    from docx.shared import Pt

    t = labels(lang, "common", "change")
    document = docx.Document()
    document.add_heading(t["template.title"], level=0)
    for part in _parts(lang):
        document.add_heading(part["title"], level=1)
        document.add_paragraph(part["hint"])
        if part["device"]:
            document.add_heading(DEVICE, level=2)
            for command in part["commands"]:
                run = document.add_paragraph().add_run(command)
                run.font.name, run.font.size = "Courier New", Pt(10)
    document.save(str(path))
    return path


def write_template(path: Path, fmt: str, lang: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "docx":
        return write_docx(path, lang)
    path.write_text(markdown(lang), encoding="utf-8")
    return path
