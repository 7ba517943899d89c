"""Handlers for huawei outputs: parsed rows to device facts."""

from __future__ import annotations
