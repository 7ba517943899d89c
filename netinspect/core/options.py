"""Option values every command shares (formats, language, severity), checked the same way everywhere."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from netinspect.core import safeyaml

LANGS = ("zh", "en")


class OptionError(ValueError):
    """A bad option value; the message is the one line the user sees."""


def parse_formats(value: str, allowed: Iterable[str]) -> list[str]:
    """'html, md,json' -> ['html', 'md', 'json']; an unknown format is an OptionError."""
    allowed = tuple(allowed)
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in allowed]
    if unknown:
        raise OptionError(f"unknown format(s) {', '.join(unknown)}; choose from {', '.join(allowed)}")
    if not formats:
        raise OptionError(f"no format given; choose from {', '.join(allowed)}")
    return formats


def check_choice(value: str, choices: Iterable[str], option: str) -> str:
    choices = tuple(choices)
    if value not in choices:
        raise OptionError(f"{option} must be one of {', '.join(choices)}, not {value!r}")
    return value


def read_yaml(path: Path) -> Any:
    """A user's YAML file, or an OptionError naming the file (and line) and the reason."""
    try:
        return safeyaml.load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise OptionError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise OptionError(f"{path}: not UTF-8 text") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise OptionError(f"{where}: not valid YAML: {getattr(exc, 'problem', None) or exc}") from exc
