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


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read or write the user's own advisory store, known-hosts file or other user data."""
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("NETINSPECT_ADVISORIES", raising=False)


@pytest.fixture(scope="module")
def fleet_inventory(tmp_path_factory: pytest.TempPathFactory):
    """The demo fleet served on loopback and an inventory file naming it: (devices, inventory, folder)."""
    from netinspect.lab.fleet import FLEET_DIR, load_fleet
    from netinspect.lab.server import LOOPBACK, serve_fleet

    devices = load_fleet([FLEET_DIR]).devices
    folder = tmp_path_factory.mktemp("fleet")
    with serve_fleet(devices, latency_ms=1) as endpoints:
        inventory = folder / "inventory.yaml"
        inventory.write_text("devices:\n" + "".join(
            f"  - {{name: {d.name}, host: {LOOPBACK}, port: {endpoints[d.name]}, platform: {d.os}, "
            f"username: {d.username}, password: {d.password}}}\n" for d in devices), encoding="utf-8")
        yield devices, inventory, folder
