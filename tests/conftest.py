"""Shared fixtures: where the real device samples are, and helpers to build session logs from them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = Path(os.environ.get("NETINSPECT_SAMPLES", REPO.parent / "shared" / "samples"))


def sample(relpath: str) -> str:
    """Text of one sample file under shared/samples (fails the test when it is missing)."""
    path = SAMPLES / relpath
    if not path.is_file():
        pytest.fail(f"sample {path} not found: set NETINSPECT_SAMPLES to the shared/samples folder")
    return path.read_bytes().decode("utf-8", errors="replace")


@pytest.fixture
def samples_dir() -> Path:
    if not SAMPLES.is_dir():
        pytest.fail(f"samples folder {SAMPLES} not found: set NETINSPECT_SAMPLES")
    return SAMPLES
