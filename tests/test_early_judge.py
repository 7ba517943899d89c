"""`inspect -i` judges each device while the others are still being collected (pipeline.EarlyJudge): the
results are those of judging every device after the collection, on both SSH transports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netinspect import pipeline
from netinspect.checks.context import AnalysisContext
from netinspect.cli.app import app
from netinspect.core.results import device_to_json
from netinspect.lab.fleet import FLEET_DIR
from netinspect.pipeline import EarlyJudge, judge_all
from netinspect.sources.logs import read_logs

TIMES = {"id", "started", "finished", "seconds"}  # differ from run to run


def _timeless(value: object) -> object:
    if isinstance(value, dict):
        return {k: _timeless(v) for k, v in value.items() if k not in TIMES}
    if isinstance(value, list):
        return [_timeless(v) for v in value]
    return value


def _inspect(inventory: Path, out: Path, transport: str, early_from: int, monkeypatch: pytest.MonkeyPatch,
             sent: list[int]) -> dict:
    """`inspect -i` with devices judged early from the `early_from`-th collected; `sent` gets how many
    devices were handed to the workers before the collection ended."""
    judge = EarlyJudge.judge

    def spy(self: EarlyJudge, raws: list) -> list:
        sent.append(self.sent)
        return judge(self, raws)

    monkeypatch.setattr(pipeline, "EARLY_FROM", early_from)
    monkeypatch.setattr(pipeline, "EARLY_BATCH", 2)
    monkeypatch.setattr(EarlyJudge, "judge", spy)
    result = CliRunner().invoke(app, ["inspect", "-i", str(inventory), "-o", str(out), "-f", "json", "--lang", "en",
                                      "-q", "--no-host-key-check", "--no-history", "--transport", transport])
    assert result.exit_code in (0, 1), result.output
    return _timeless(json.loads((out / "results.json").read_text(encoding="utf-8")))


@pytest.mark.parametrize("transport", ["netmiko", "asyncssh"])
def test_judged_during_collection_same_results_as_after_it(fleet_inventory, tmp_path, monkeypatch, transport):
    devices, inventory, _ = fleet_inventory
    sent_early: list[int] = []
    sent_after: list[int] = []
    early = _inspect(inventory, tmp_path / "early", transport, 1, monkeypatch, sent_early)
    after = _inspect(inventory, tmp_path / "after", transport, 10 ** 9, monkeypatch, sent_after)
    assert sent_after == [0]  # below the threshold: every device judged after the collection, as before
    assert sent_early[0] >= 2  # some devices went to the workers while the others were being collected
    assert [d["name"] for d in early["devices"]] == [d.name for d in devices]  # inventory order
    assert sum(len(d["results"]) for d in early["devices"]) > 50
    assert early == after


def _raws() -> list:
    return read_logs([FLEET_DIR]).devices


def _judged(devices: list) -> list[dict]:
    return [_timeless(device_to_json(d)) for d in devices]


def test_a_device_the_hook_never_saw_is_judged_at_the_end(monkeypatch):
    monkeypatch.setattr(pipeline, "EARLY_FROM", 1)
    monkeypatch.setattr(pipeline, "EARLY_BATCH", 2)
    raws = _raws()
    ctx = AnalysisContext(lang="en")
    suites = ["health", "hardening", "version"]
    with EarlyJudge(ctx, suites, jobs=2) as early:
        for raw in raws[1:]:  # the first device never passed through the hook
            early(raw)
        assert early.sent >= 2
        devices = early.judge(raws)
    assert [d.raw for d in devices] == raws and all(a is b for a, b in zip((d.raw for d in devices), raws))
    assert _judged(devices) == _judged(judge_all(_raws(), AnalysisContext(lang="en"), suites))


def test_the_workers_stop_when_the_collection_fails(monkeypatch):
    monkeypatch.setattr(pipeline, "EARLY_FROM", 1)
    monkeypatch.setattr(pipeline, "EARLY_BATCH", 1)
    with pytest.raises(KeyboardInterrupt), EarlyJudge(AnalysisContext(lang="en"), ["health"], jobs=2) as early:
        for raw in _raws()[:3]:
            early(raw)
        raise KeyboardInterrupt
    assert early.sent == 3
    assert early._pool is not None and early._pool._shutdown_thread  # shut down, not left running


def test_a_small_fleet_starts_no_worker():
    with EarlyJudge(AnalysisContext(lang="en"), ["health"], jobs=2) as early:
        raws = _raws()
        for raw in raws:
            early(raw)
        devices = early.judge(raws)
    assert early.sent == 0 and early._pool is None
    assert [d.name for d in devices] == [r.name for r in raws]


def test_a_bad_config_file_stops_the_run_before_any_connection(tmp_path, monkeypatch):
    from netinspect.collect import ssh

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("connected")

    monkeypatch.setattr(ssh, "collect", never)
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text("devices:\n  - {name: R1, host: 192.0.2.1, platform: huawei_vrp, username: u, password: p}\n",
                         encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text("thresholds: [not, a, mapping\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["inspect", "-i", str(inventory), "--config", str(config), "-o",
                                      str(tmp_path / "out"), "--lang", "en", "--no-history"])
    assert result.exit_code == 2, result.output
    assert "config.yaml" in result.output


def test_a_fleet_announced_large_enough_is_sent_from_its_first_devices(monkeypatch):
    monkeypatch.setattr(pipeline, "EARLY_FROM", 5)
    monkeypatch.setattr(pipeline, "EARLY_BATCH", 2)
    raws = _raws()
    ctx = AnalysisContext(lang="en")
    with EarlyJudge(ctx, ["health"], jobs=2) as unannounced, EarlyJudge(ctx, ["health"], jobs=2) as announced:
        announced.expect(len(raws))
        for raw in raws[:2]:
            unannounced(raw)
            announced(raw)
        assert (unannounced.sent, announced.sent) == (0, 2)  # without the count, workers wait for 5 devices
        assert _judged(announced.judge(raws)) == _judged(unannounced.judge(raws))
