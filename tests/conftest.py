"""Shared fixtures: where the real device samples are, and helpers to build session logs from them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = Path(os.environ.get("NETINSPECT_SAMPLES", REPO.parent / "shared" / "samples"))
# The tests run on the corpus inside the repository; the shared samples only add tests when present.
HAVE_SAMPLES = SAMPLES.is_dir()
needs_samples = pytest.mark.skipif(not HAVE_SAMPLES, reason="shared samples not present")


def pytest_report_header(config: pytest.Config) -> str:
    """One line saying whether the shared samples add their tests to this run."""
    if HAVE_SAMPLES:
        return f"samples: {SAMPLES}"
    return f"samples: {SAMPLES} not found - the tests that need them are skipped (set NETINSPECT_SAMPLES to add them)"


def pytest_configure(config: pytest.Config) -> None:
    """The skips for missing samples are counted, not listed one by one."""
    if not HAVE_SAMPLES:
        config.option.reportchars = (config.option.reportchars or "").replace("s", "").replace("a", "")


def sample(relpath: str) -> str:
    """Text of one sample file under shared/samples; skips the test (or module) when the samples are absent."""
    path = SAMPLES / relpath
    if not path.is_file():
        if not HAVE_SAMPLES:
            pytest.skip("shared samples not present", allow_module_level=True)
        pytest.fail(f"sample {path} not found in {SAMPLES}")
    return path.read_bytes().decode("utf-8", errors="replace")


@pytest.fixture
def samples_dir() -> Path:
    if not HAVE_SAMPLES:
        pytest.skip("shared samples not present")
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
