"""``netinspect schema``: the JSON schema of results.json that ships with the package (for cron users)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from netinspect.core.paths import DATA_DIR

SCHEMA_FILE = DATA_DIR / "results.schema.json"


def schema_command(
    path: Annotated[bool, typer.Option("--path", help="Print the schema file's path instead of the schema.")] = False,
) -> None:
    """Print the JSON schema of results.json (the shared contract plus the fields netinspect adds)."""
    if path:
        typer.echo(str(SCHEMA_FILE))
        return
    sys.stdout.write(SCHEMA_FILE.read_text(encoding="utf-8").rstrip("\n") + "\n")
