"""Help text of the command line: plain metavars (PATH, TEXT, INTEGER), none for flags, NAME for arguments.

Recent Typer releases print Python types in help (``<bool>``, ``<list[Path]>``) and wrap required arguments
in braces (``{paths}``). :class:`TidyGroup`, the root group of the app, gives every option and argument of
every command a plain metavar before help or usage is printed, whatever the Typer version.
"""

from __future__ import annotations

from typing import Any, get_args, get_origin

import typer.core

METAVARS = {"path": "PATH", "str": "TEXT", "text": "TEXT", "int": "INTEGER", "integer": "INTEGER",
            "float": "NUMBER"}


def _type_name(param: Any) -> str:
    """'path', 'str', 'int', 'float', 'bool' ... of a parameter (Typer's type descriptor, or click's type)."""
    desc = getattr(param, "type_descriptor", None)
    if desc is not None:
        annotation = desc.annotation
        if get_origin(annotation) in (list, tuple) and get_args(annotation):
            annotation = get_args(annotation)[0]
        return getattr(annotation, "__name__", str(annotation)).lower()
    return str(getattr(getattr(param, "type", None), "name", "text")).lower()


def _is_flag(param: Any) -> bool:
    return bool(getattr(param, "is_flag", False)) or _type_name(param) in ("bool", "boolean")


class _Argument(typer.core.TyperArgument):
    """An argument shown as NAME (required) or [NAME] in the usage line, never {name}."""

    def _usage_display_name(self) -> str:
        name = self.metavar or (self.name or "").upper()
        if not self.required:
            name = f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")

    def display_type_rich(self, ctx: Any) -> str | None:
        return METAVARS.get(_type_name(self), "TEXT")


def tidy_params(params: list[Any]) -> None:
    """Set plain metavars on `params` (in place; idempotent)."""
    for param in params:
        if getattr(param, "param_type_name", "") == "argument":
            if param.metavar is None:
                param.metavar = (param.name or "").upper()
            if isinstance(param, typer.core.TyperArgument) and hasattr(param, "_usage_display_name") \
                    and type(param) is typer.core.TyperArgument:
                param.__class__ = _Argument
        elif param.metavar is None:
            param.metavar = "" if _is_flag(param) else METAVARS.get(_type_name(param), "TEXT")


def tidy_command(command: Any, ctx: Any) -> None:
    """Tidy a command's parameters (its --help included) and, for a group, every subcommand's."""
    tidy_params(command.get_params(ctx))
    for sub in getattr(command, "commands", {}).values():
        tidy_command(sub, ctx)


class TidyGroup(typer.core.TyperGroup):
    """The root group: plain metavars in every help and usage line below it."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        tidy_params(params)
        return params

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            tidy_command(command, ctx)
        return command
