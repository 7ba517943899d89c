"""Where netinspect's resource folders are, installed or in a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # netinspect/ (this file is netinspect/core/paths.py)
DATA_DIR = PACKAGE_DIR / "data"


def _resource(name: str) -> Path:
    """A top-level resource folder: inside the wheel, else beside the package in a checkout."""
    installed = PACKAGE_DIR / "_resources" / name
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / name


@cache
def templates_dir() -> Path:
    """Jinja2 report and command templates (`templates/`)."""
    return _resource("templates")


@cache
def parsers_dir() -> Path:
    """netinspect's own TextFSM templates and their index (`parsers/`)."""
    return _resource("parsers")
