"""Errors every layer may raise for the user's input, and the exit codes they end in."""

from __future__ import annotations

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class UsageError(Exception):
    """Bad usage or unusable input: one line for the user, exit code 2."""
