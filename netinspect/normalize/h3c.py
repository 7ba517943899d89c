"""Handlers for h3c outputs: parsed rows to device facts."""

from __future__ import annotations
