"""lifecycle.support: the model and boards against end-of-support dates of a lifecycle file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from netinspect.checks.context import AnalysisContext
from netinspect.checks.health_suite import run
from netinspect.core.model import Board, Device
from netinspect.core.options import OptionError
from netinspect.core.raw import RawDevice
from netinspect.core.results import DeviceResult


def judged(tmp_path: Path, text: str, lang: str = "en"):
    path = tmp_path / "lifecycle.yaml"
    path.write_text(text, encoding="utf-8")
    device = Device(name="sw")
    device.identity.os, device.identity.model = "huawei_vrp", "S7706"
    device.boards = [Board(slot="1", type="LE0DG48SEA00", state="Normal", normal=True)]
    d = DeviceResult(raw=RawDevice(name="sw", os="huawei_vrp"), device=device)
    run([d], AnalysisContext(lang=lang, user_config={}, options={"today": date(2026, 12, 7), "lifecycle": str(path)}))
    return next(r for r in d.results if r.check == "lifecycle.support")


def test_board_near_end_of_support_is_medium_and_an_ended_model_high(tmp_path: Path) -> None:
    r = judged(tmp_path, """entries:
  - {match: '^LE0DG48SEA00$', end_of_support: 2027-06-30, source: test notice A}
""")
    assert r.status == "fail" and r.severity == "medium"
    assert r.message == "LE0DG48SEA00 reaches end of support on 2027-06-30, in 205 days (source: test notice A)"
    r = judged(tmp_path, """entries:
  - {match: '^S7706$', end_of_support: 2026-01-31, source: test notice B}
""", lang="zh")
    assert r.status == "fail" and r.severity == "high" and "S7706 已于 2026-01-31 停止支持" in r.message


def test_no_entry_is_not_evaluated_never_supported(tmp_path: Path) -> None:
    r = judged(tmp_path, "entries: []\n")
    assert r.status == "skipped" and "no lifecycle data for S7706, LE0DG48SEA00" in r.message


def test_far_dates_pass(tmp_path: Path) -> None:
    r = judged(tmp_path, "entries:\n  - {match: 'S7706|LE0DG', end_of_support: 2031-01-01, source: x}\n")
    assert r.status == "pass"


def test_a_bad_lifecycle_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(OptionError, match="lifecycle.yaml: each entry needs"):
        judged(tmp_path, "entries:\n  - {match: S7706, end_of_support: soon}\n")
