"""Collection beyond one machine: `--shard K/N` and `netinspect merge` give the same results as one run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netinspect.cli.app import app
from netinspect.collect.shards import ShardError, parse_shard


def test_shard_values_are_checked():
    assert str(parse_shard(" 2 / 5 ")) == "2/5"
    for bad in ("0/3", "4/3", "3", "a/b", "1/0", ""):
        with pytest.raises(ShardError):
            parse_shard(bad)


def test_every_device_falls_in_exactly_one_shard_whatever_the_order():
    names = [f"SW-{i:04d}" for i in range(500)]
    shards = [parse_shard(f"{k}/7") for k in range(1, 8)]
    owners = {name: [s.index for s in shards if s.holds(name)] for name in names}
    assert all(len(found) == 1 for found in owners.values())
    sizes = [sum(1 for found in owners.values() if found == [s.index]) for s in shards]
    assert min(sizes) > 40  # spread, not all in one shard
    assert [n for n in reversed(names) if shards[2].holds(n)] == list(reversed(shards[2].pick(names, str)))


def _verdicts(results: Path) -> dict[str, set[tuple[str, str]]]:
    data = json.loads(results.read_text(encoding="utf-8"))
    return {d["name"]: {(r["check"], r["status"], r["message"]) for r in d["results"]} for d in data["devices"]}


@pytest.mark.slow
def test_three_shards_merged_give_the_same_results_as_one_run(fleet_inventory, tmp_path):
    devices, inventory, _ = fleet_inventory
    runner = CliRunner()
    common = ["--no-host-key-check", "--connect-timeout", "5", "--keep-secrets"]  # as the live run judges them
    whole = runner.invoke(app, ["inspect", "-i", str(inventory), "-o", str(tmp_path / "whole"), "-f", "json",
                                "--lang", "en", "-q", "--no-host-key-check"])
    assert whole.exit_code in (0, 1), whole.output
    shard_dirs = []
    for k in (1, 2, 3):
        folder = tmp_path / f"shard{k}"
        result = runner.invoke(app, ["collect", "-i", str(inventory), "--shard", f"{k}/3", "-o", str(folder), *common])
        assert result.exit_code == 0, result.output
        shard_dirs.append(folder)
    collected = [d["name"] for f in shard_dirs for d in json.loads((f / "manifest.json").read_text())["devices"]]
    assert sorted(collected) == sorted(d.name for d in devices)  # each device collected once
    merged = runner.invoke(app, ["merge", *map(str, shard_dirs), "-o", str(tmp_path / "merged"), "-f", "json",
                                 "--lang", "en", "-q"])
    assert merged.exit_code == whole.exit_code, merged.output
    assert _verdicts(tmp_path / "merged" / "results.json") == _verdicts(tmp_path / "whole" / "results.json")
    manifest = json.loads((tmp_path / "merged" / "manifest.json").read_text(encoding="utf-8"))
    assert [m["shard"] for m in manifest["shards"]] == ["1/3", "2/3", "3/3"]


@pytest.mark.slow
def test_a_device_in_two_bundles_is_kept_once_and_named(fleet_inventory, tmp_path):
    devices, inventory, _ = fleet_inventory
    runner = CliRunner()
    first = tmp_path / "a"
    result = runner.invoke(app, ["collect", "-i", str(inventory), "--limit", devices[0].name, "-o", str(first),
                                 "--no-host-key-check"])
    assert result.exit_code == 0, result.output
    merged = runner.invoke(app, ["merge", str(first), str(first), str(tmp_path / "nothing"), "-o",
                                 str(tmp_path / "m"), "-f", "json"])  # -q would hide the warning
    assert "重复" in merged.output and devices[0].name in merged.output
    assert "nothing：不是运行包文件夹" in merged.output
    data = json.loads((tmp_path / "m" / "results.json").read_text(encoding="utf-8"))
    assert [d["name"] for d in data["devices"]] == [devices[0].name]


def test_a_bad_shard_is_a_usage_error(fleet_inventory, tmp_path):
    _, inventory, _ = fleet_inventory
    result = CliRunner().invoke(app, ["collect", "-i", str(inventory), "--shard", "4/3", "-o", str(tmp_path / "x")])
    assert result.exit_code == 2 and "--shard '4/3'" in result.output
