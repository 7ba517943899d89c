"""Messages that sources write in English, rendered in the report's language (data/i18n/messages.yaml)."""

from __future__ import annotations

import re
from functools import cache

import yaml

from netinspect.core.paths import DATA_DIR


@cache
def _catalog() -> tuple[tuple[re.Pattern[str], str], ...]:
    entries = yaml.safe_load((DATA_DIR / "i18n" / "messages.yaml").read_text(encoding="utf-8"))
    # the evidence names of data/fingerprints.yaml (OS from output shapes), each as written
    shapes = yaml.safe_load((DATA_DIR / "fingerprints.yaml").read_text(encoding="utf-8"))["fingerprints"]
    exact = {f["evidence"]: f["zh"] for f in shapes if f.get("zh")}
    return tuple((re.compile(e["pattern"]), e["zh"]) for e in entries) + tuple(
        (re.compile(re.escape(en)), zh) for en, zh in exact.items())


def _group(key: str, value: str | None) -> str:
    """A message's part: `why` rendered as a message, `list` as a ", "-separated list of them."""
    if not value:
        return ""
    if key == "why":
        return _part(value)
    if key == "list":
        return "、".join(_part(item) for item in value.split(", "))
    return value


def _part(text: str) -> str:
    for pattern, zh in _catalog():
        match = pattern.fullmatch(text.strip())
        if match:
            return zh.format(**{k: _group(k, v) for k, v in match.groupdict().items()})
    return text


def localize(message: str | None, lang: str) -> str:
    """`message` in `lang`; parts without a rendering stay as written (device output, names)."""
    if not message or lang == "en":
        return message or ""
    whole = _part(message)
    if whole != message:
        return whole
    return "；".join(_part(p) for p in message.split("; "))


_TERMINAL = {"lang": "zh"}


def set_terminal_language(lang: str) -> None:
    """The language of terminal lines printed deep inside a run (progress bar, inventory problems)."""
    _TERMINAL["lang"] = lang if lang in ("zh", "en") else "zh"


def terminal_language() -> str:
    return _TERMINAL["lang"]


def say(lang: str, key: str, **values: object) -> str:
    """One terminal text (data/i18n/terminal.yaml) in `lang`."""
    from netinspect.core.i18n import labels

    return labels(lang if lang in ("zh", "en") else "zh", "terminal")[key].format(**values)


def line(lang: str, kind: str, text: object, colour: str | None = None) -> str:
    """A terminal line "<prefix>: text" in `lang` (rich markup), the text localized where it is ours:
    line("zh", "error", "x: no such file") -> "[red]错误：[/]x：文件或文件夹不存在"."""
    # a rejected input is a warning (the run goes on) shown in red: bright_red, so that -q (which keeps only
    # "[red]" error lines, core.terminal.LogConsole) leaves it out
    colour = colour or {"error": "red", "internal_error": "red", "rejected": "bright_red"}.get(kind, "yellow")
    sep = "：" if lang == "zh" else ": "
    from rich.markup import escape

    return f"[{colour}]{say(lang, 'prefix.' + kind)}{sep}[/]{escape(localize(str(text), lang))}"
