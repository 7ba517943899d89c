"""Telnet for devices that allow nothing else (issue 17): inventory, netmiko's Telnet drivers, the report's mark."""

from __future__ import annotations

import socketserver
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

from netinspect.collect import ssh
from netinspect.collect.inventory import load_inventory
from netinspect.collect.readonly import ChannelGuard
from netinspect.collect.transport import CollectOptions
from netinspect.core.model import Device
from netinspect.core.raw import RawDevice
from netinspect.core.results import DeviceResult
from netinspect.lab.fleet import FLEET_DIR
from netinspect.platforms import get_platform
from netinspect.report.inspection import transport_note
from netinspect.sources.logs import read_logs

OPTS = CollectOptions(5.0, 10.0, None, True, None, True)


def inventory(tmp_path: Path, text: str):
    path = tmp_path / "inv.yaml"
    path.write_text(text, encoding="utf-8")
    return load_inventory(path)


def test_transport_telnet_per_device_or_as_default_and_port_23(tmp_path: Path) -> None:
    load = inventory(tmp_path, """defaults: {transport: telnet, username: u, password_env: X}
devices:
  - {name: old-sw, host: 10.0.0.1, platform: huawei_vrp}
  - {name: new-sw, host: 10.0.0.2, platform: huawei_vrp, transport: ssh}
  - {name: bad, host: 10.0.0.3, platform: huawei_vrp, transport: rlogin}
""")
    by_name = {d.name: d for d in load.devices}
    assert (by_name["old-sw"].transport, by_name["old-sw"].port) == ("telnet", 23)
    assert (by_name["new-sw"].transport, by_name["new-sw"].port) == ("ssh", 22)
    assert "bad" not in by_name and any("transport 'rlogin'" in e for e in load.errors)


@pytest.mark.parametrize("os_id, driver", [("huawei_vrp", "huawei_telnet"), ("h3c_comware", "hp_comware_telnet"),
                                           ("cisco_ios", "cisco_ios_telnet"), ("cisco_iosxe", "cisco_xe_telnet")])
def test_netmiko_telnet_driver_and_no_host_key_policy(monkeypatch, tmp_path: Path, os_id: str, driver: str) -> None:
    device = inventory(tmp_path, f"devices:\n  - {{name: d, host: 127.0.0.1, platform: {os_id}, transport: telnet}}\n").devices[0]
    seen: dict = {}

    class Stop(Exception):
        pass

    def fake(**params):
        seen.update(params)
        raise Stop

    monkeypatch.setattr(ssh, "ConnectHandler", fake)
    with pytest.raises(Stop):
        ssh._connect(device, get_platform(os_id), ChannelGuard(), OPTS, ssh._Watch())
    assert seen["device_type"] == driver and seen["port"] == 23


def test_the_report_marks_a_device_collected_over_telnet() -> None:
    d = DeviceResult(raw=RawDevice(name="d", os="huawei_vrp", source="telnet://10.0.0.1:23"), device=Device(name="d"))
    assert "Telnet" in transport_note(d, "en") and "Telnet" in transport_note(d, "zh")
    d.raw.source = "ssh://10.0.0.1:22"
    assert transport_note(d, "en") == ""


# ---- end to end against a small Telnet CLI on loopback that plays back a demo fleet log ----------------



def _outputs() -> tuple[str, dict[str, str]]:
    source = read_logs([FLEET_DIR / "huawei_s5735_access.log"])
    raw = source.devices[0]
    return raw.name, {c: o.text for c, o in raw.outputs.items()}


@contextmanager
def telnet_cli():
    """A Huawei-like CLI over plain TCP (what a Telnet server without option negotiation looks like)."""
    host, outputs = _outputs()
    seen: list[str] = []

    class Handler(socketserver.StreamRequestHandler):
        def line(self) -> str | None:
            """One typed line, ended by CR or LF (the password comes with CR only; CR LF is one end);
            None when the client has gone."""
            data = b""
            while True:
                ch = self.rfile.read(1)
                if not ch:
                    return None
                if ch == b"\n" and self.after_cr:
                    self.after_cr = False
                    continue
                self.after_cr = ch == b"\r"
                if ch in b"\r\n":
                    return data.decode("utf-8", "replace").strip()
                data += ch

        def handle(self) -> None:
            self.after_cr = False
            self.wfile.write(b"\r\nLogin authentication\r\n\r\nUsername:")
            self.line()
            self.wfile.write(b"Password:")
            self.line()
            while True:
                self.wfile.write(f"\r\n<{host}>".encode())
                typed = self.line()
                if typed is None or typed == "quit":
                    return
                if not typed:
                    self.wfile.write(b"\r\n")
                    continue
                seen.append(typed)
                text = outputs.get(typed)
                if text is None:
                    text = "Info: The configuration takes effect on the current user terminal interface only." \
                        if typed.startswith("screen-length") else "Error: Unrecognized command found at '^' position."
                self.wfile.write((typed + "\r\n" + text.replace("\n", "\r\n")).encode())  # echo, output

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], host, seen
    finally:
        server.shutdown()
        server.server_close()


def test_collect_over_telnet_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLD_PW", "not-a-real-password")
    with telnet_cli() as (port, host, seen):
        device = inventory(tmp_path, f"""devices:
  - {{name: {host}, host: 127.0.0.1, port: {port}, platform: huawei_vrp, transport: telnet,
     username: admin, password_env: OLD_PW}}
""").devices[0]
        device.password = "not-a-real-password"
        result = ssh.collect([device], connect_timeout=5, command_timeout=10, progress=False, host_key_check=False)
    raw = result.devices[0]
    assert raw.status in ("ok", "partial"), raw.message
    assert raw.source == f"telnet://127.0.0.1:{port}"
    assert "display version" in raw.outputs and raw.outputs["display version"].status == "ok"
    assert "S5735" in raw.outputs["display version"].text
    assert all(not c.startswith(("system-view", "undo", "reset")) for c in seen)  # read-only only
    assert seen[0] == "screen-length 0 temporary" and "admin" not in seen  # the login is not a command
    assert not any("not-a-real-password" in o.text for o in raw.outputs.values())
