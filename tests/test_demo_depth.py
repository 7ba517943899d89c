"""The demo fleet shows each problem of issue 17 with the right check id and severity (read from its logs)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from netinspect.cli.app import app
from netinspect.lab.demo import DEMO_LIFECYCLE
from netinspect.lab.fleet import FLEET_DIR

runner = CliRunner()


def test_demo_fleet_shows_the_new_problems(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["inspect", "--logs", str(FLEET_DIR), "--out", str(out), "--no-history",
                                 "--format", "json", "--lang", "en", "--lifecycle", str(DEMO_LIFECYCLE)])
    assert result.exit_code == 1, result.output
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    failed = {(d["name"], r["check"]): r for d in data["devices"] for r in d["results"] if r["status"] == "fail"}
    optic = failed[("BJ-DIST-01", "health.optics")]
    assert optic["severity"] == "medium" and "Te1/1/1 Rx power -17.8 dBm only 0.6 dB" in optic["message"]
    aaa = failed[("BJ-DIST-01", "health.aaa")]
    assert aaa["severity"] == "high" and aaa["message"] == "1 AAA server(s) not alive: RADIUS 10.20.1.21 (DEAD)"
    ap = failed[("BJ-WLC-01", "health.wlan_aps")]
    assert ap["severity"] == "medium" and "BJ-F4-AP02 (Not Joined)" in ap["message"]
    crowded = failed[("HZ-WAC-AC6605-01", "health.wlan_clients")]
    assert crowded["severity"] == "medium" and crowded["message"] == "1 AP(s) with more than 60 clients: HZ-2F-AP03 (74)"
    passed = {(d["name"], r["check"]): r for d in data["devices"] for r in d["results"] if r["status"] == "pass"}
    assert passed[("BJ-WLC-01", "health.wlan_radios")]["message"] == "all 6 radio(s) of 3 AP(s) up"
    board = failed[("HZ-ACC-S5735-01", "lifecycle.support")]
    assert board["severity"] == "medium" and "S5735-L48T4X-A1 reaches end of support on 2027-08-31" in board["message"]
    ips = failed[("FW-01", "health.signatures")]  # released 2023-11-20: past high_age_days on any later day
    assert ips["severity"] == "high" and "IPS database 2023112002 released 2023-11-20 is " in ips["message"]
    assert "Issue Time of the Update File   : 17:40:21 2023/11/20" in ips["evidence"]
    vpn = failed[("FW-01", "health.vpn_tunnels")]
    assert vpn["severity"] == "medium" and vpn["message"] == "1 of 2 IPsec tunnel(s) configured but down: vpn 20 (198.51.100.20)"
    peer = failed[("HZ-CORE-S6850", "health.routing_peers")]
    assert peer["severity"] == "high" and "OSPF 10.10.0.9 (Vlan20) in state ExStart/DR" in peer["message"]
    for name in ("HZ-CORE-S6850", "HZ-CORE-S6850-02"):
        vrrp = failed[(name, "health.vrrp_fleet")]
        assert vrrp["severity"] == "high" and "has 2 masters" in vrrp["message"]
    partial = {d["name"]: d["inspection"] for d in data["devices"] if d["inspection"]["state"] != "complete"}
    assert list(partial) == ["HZ-ACC-S5735-02"]
    assert partial["HZ-ACC-S5735-02"]["missing_core"] == ["health.power", "health.fan", "health.temperature",
                                                          "health.interfaces", "health.logs"]
    assert data["summary"]["partly_inspected"] == 1
    assert "HZ-ACC-S5735-02: partly inspected" in result.output
