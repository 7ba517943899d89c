"""Session-log reader: real sample outputs framed as the logs engineers save (contracts/transcripts.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from netinspect.core.paths import PACKAGE_DIR
from netinspect.platforms import get_platform
from netinspect.platforms.abbrev import expand
from netinspect.sources.logs import clean_line, read_logs, split_session
from tests.conftest import SAMPLES, needs_samples, sample

DATA = Path(__file__).parent / "data" / "logs"
HUAWEI_MORE = "  ---- More ----\x1b[42D" + " " * 42 + "\x1b[42D"
CISCO_MORE = " --More-- " + "\x08" * 10 + " " * 10 + "\x08" * 10


def body(relpath: str) -> str:
    """A sample as the reader returns it: lines without trailing blanks."""
    return "\n".join(line.rstrip() for line in sample(relpath).rstrip("\n").split("\n"))


def session(prompt: str, *pairs: tuple[str, str], end: str | None = "") -> str:
    """A log: `prompt` + typed command + output for each pair, then a closing prompt (unless end None)."""
    parts = [f"{prompt}{typed}\n{output}\n" for typed, output in pairs]
    if end is not None:
        parts.append(f"{prompt}{end}\n")
    return "".join(parts)


def read_one(tmp_path: Path, text: str | bytes, name: str = "s.log"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    result = read_logs([path])
    assert len(result.inputs) == 1
    return result


VRP5_VER = "huawei_vrp5/display_version/ntc_S7706_V200R010C00SPC600.txt"
VRP5_CPU = "huawei_vrp5/display_cpu-usage/rpq_S7706_2022.txt"
VRP5_FAN = "huawei_vrp5/display_fan/netinspect_S7706_session.txt"
H3C_VER = "h3c_comware5/display_version/netinspect_MSR30-40_R2511.txt"
H3C_CPU = "h3c_comware5/display_cpu-usage/netinspect_MSR30-40.txt"
IOS_VER = "cisco_ios/show_version/netinspect_C2960_12.2-55-SE7.txt"
IOS_CPU = "cisco_ios/show_processes_cpu/" + "netinspect_C2960.txt"


def test_huawei_session_abbreviations_expanded_and_outputs_kept(tmp_path):
    text = session("<S7706>", ("dis ver", body(VRP5_VER)), ("dis cpu", body(VRP5_CPU)), ("disp fan", body(VRP5_FAN)))
    result = read_one(tmp_path, text)
    (device,) = result.devices
    assert (device.name, device.hostname, device.os, device.status) == ("S7706", "S7706", "huawei_vrp", "ok")
    assert device.source == str(tmp_path / "s.log")
    assert list(device.outputs) == ["display version", "display cpu-usage", "display fan"]
    cpu = device.outputs["display cpu-usage"]
    assert (cpu.typed, cpu.status, cpu.message) == ("dis cpu", "ok", None)
    assert cpu.text == body(VRP5_CPU)
    assert cpu.line == 2 + body(VRP5_VER).count("\n") + 1
    assert result.inputs[0].status == "ok"


VERSION_DIRS = {"huawei_vrp5": "huawei_vrp", "huawei_vrp8": "huawei_vrp8", "h3c_comware5": "h3c_comware",
                "h3c_comware7": "h3c_comware", "cisco_ios": "cisco_ios", "cisco_iosxe": "cisco_iosxe"}
VERSION_SAMPLES = sorted(p.relative_to(SAMPLES).as_posix() for d in VERSION_DIRS
                         for p in (SAMPLES / d).glob("*_version/*.txt"))


@pytest.mark.parametrize("relpath", VERSION_SAMPLES)
def test_os_detected_from_every_real_version_output(tmp_path, relpath):
    vendor_dir = relpath.split("/")[0]
    prompt, typed = ("SW1#", "sh ver") if vendor_dir.startswith("cisco") else ("<SW1>", "dis ver")
    result = read_one(tmp_path, session(prompt, (typed, body(relpath))))
    assert [d.os for d in result.devices] == [VERSION_DIRS[vendor_dir]]
    assert result.devices[0].outputs["show version" if prompt == "SW1#" else "display version"].status == "ok"


@needs_samples
def test_version_samples_cover_every_os():
    assert {VERSION_DIRS[p.split("/")[0]] for p in VERSION_SAMPLES} == set(VERSION_DIRS.values())


def test_several_devices_in_one_file_hopping_by_telnet(tmp_path):
    text = (session("<S7706>", ("dis ver", body(VRP5_VER)), ("telnet 10.0.0.2", "Trying 10.0.0.2 ...\n"
                                                                "Login authentication\n\nUsername:admin\nPassword:"),
                    end=None)
            + session("<H3C_AA>", ("dis ver", body(H3C_VER)), ("dis cpu", body(H3C_CPU)), end="quit")
            + "Connection closed by foreign host.\n"
            + session("C2960>", ("en", "Password:"), end=None)
            + session("C2960#", ("sh ver", body(IOS_VER)), ("sho proc cpu", "CPU utilization for five seconds: 5%/0%")))
    result = read_one(tmp_path, text)
    assert [(d.name, d.os) for d in result.devices] == [
        ("S7706", "huawei_vrp"), ("H3C_AA", "h3c_comware"), ("C2960", "cisco_ios")]
    h3c = result.devices[1]
    assert h3c.outputs["display cpu-usage"].text == body(H3C_CPU)
    assert result.devices[2].outputs["show processes cpu"].typed == "sho proc cpu"
    assert result.inputs[0].status == "ok" and "S7706, H3C_AA, C2960" in result.inputs[0].message


def test_device_split_across_files_is_merged_and_later_output_wins(tmp_path):
    (tmp_path / "a.log").write_text(session("<S7706>", ("dis ver", body(VRP5_VER)), ("dis cpu", "old output")))
    (tmp_path / "b.log").write_text(session("<S7706>", ("display cpu-usage", body(VRP5_CPU)), ("dis fan", body(VRP5_FAN))))
    result = read_logs([tmp_path])
    (device,) = result.devices
    assert device.os == "huawei_vrp"  # display version only in a.log
    assert device.outputs["display cpu-usage"].text == body(VRP5_CPU)
    assert device.outputs["display cpu-usage"].earlier == ["old output"]
    assert "display fan" in device.outputs
    assert "merged from 2 files" in device.message
    assert [i.status for i in result.inputs] == ["ok", "ok"]


@pytest.mark.parametrize("more", [HUAWEI_MORE, "  ---- More ----\x1b[16D                \x1b[16D", CISCO_MORE])
def test_paging_artefacts_removed_and_output_joined(tmp_path, more):
    lines = body(VRP5_VER).split("\n")
    paged = "\n".join(lines[:10] + [more + lines[10]] + lines[11:20] + [more + lines[20]] + lines[21:])
    result = read_one(tmp_path, session("<S7706>", ("dis ver", paged)))
    assert result.devices[0].outputs["display version"].text == body(VRP5_VER)


def test_paging_prompt_alone_on_a_line_is_dropped():
    assert clean_line("  ---- More ----") == []  # logged without its erase codes
    assert clean_line(HUAWEI_MORE) == [""]  # erased, then a blank output line
    assert clean_line(" --More-- \x08\x08\x08\x08\x08\x08\x08\x08\x08\x08          \x08\x08\x08\x08\x08\x08\x08\x08\x08\x08"
                      "  GigabitEthernet0/0/1   up") == ["  GigabitEthernet0/0/1   up"]


def test_ansi_backspaces_line_endings_and_trailing_blanks():
    assert clean_line("\x1b[1m<SW1>\x1b[0mdis verr\x08 \x08\r") == ["<SW1>dis ver"]
    assert clean_line("Slot 0:  Fan 0 is normal.   \t  \r\r") == ["Slot 0:  Fan 0 is normal."]
    assert clean_line("\rpart one\rpart two") == ["part one", "part two"]  # stray CR: nothing overwritten
    assert clean_line("Fan \t1 State: Normal") == ["Fan \t1 State: Normal"]  # tabs kept for the templates


def test_crlf_stray_cr_and_lf_only_give_the_same_output(tmp_path):
    text = session("<S7706>", ("dis ver", body(VRP5_VER)), ("dis fan", body(VRP5_FAN)))
    for variant in (text, text.replace("\n", "\r\n"), text.replace("\n", "\r\r\n"), text.replace("\n", "\n\r")):
        result = read_one(tmp_path, variant)
        assert result.devices[0].outputs["display fan"].text == body(VRP5_FAN)


@pytest.mark.parametrize(("os_id", "typed", "full"), [
    ("huawei_vrp", "dis ver", "display version"),
    ("huawei_vrp", "disp cur", "display current-configuration"),
    ("huawei_vrp", "dis int b", "display interface brief"),
    ("huawei_vrp", "DIS   Version", "display version"),
    ("huawei_vrp", "dis int GigabitEthernet0/0/1", "display interface GigabitEthernet0/0/1"),
    ("huawei_vrp8", "dis dev fan", "display device fan"),
    ("h3c_comware", "dis dev manu", "display device manuinfo"),
    ("h3c_comware", "dis ntp status", "display ntp-service status"),
    ("h3c_comware", "dis cpu", "display cpu-usage"),
    ("cisco_ios", "sh ver", "show version"),
    ("cisco_ios", "sh run", "show running-config"),
    ("cisco_ios", "sho proc cpu", "show processes cpu"),
    ("cisco_ios", "show env all", "show environment all"),  # `env` is also a keyword: `all` decides
    ("cisco_ios", "sh ip int br", "show ip interface brief"),
    ("cisco_iosxe", "sh lic sum", "show license summary"),
    ("cisco_ios", "sh mac add", "show mac address-table"),  # session_commands in platforms.yaml
    ("huawei_vrp", "dis int desc", "display interface description"),
    ("h3c_comware", "dis link ver", "display link-aggregation verbose"),
    ("cisco_ios", "sh i", "sh i"),  # ambiguous: inventory, interfaces, ip
    ("huawei_vrp", "dis nqa res", "dis nqa res"),  # unknown: kept as typed
    ("huawei_vrp", "dis bgp peer", "display bgp peer"),  # state snapshot commands (data/snapshot.yaml)
    ("huawei_vrp", "dis d", "dis d"),  # ambiguous: device, diagnostic-information
])
def test_abbreviations_resolve_like_the_cli(os_id, typed, full):
    assert expand(typed, get_platform(os_id).vocabulary) == full


def test_error_replies_are_unsupported_not_output(tmp_path):
    text = session("<S7706>", ("dis ver", body(VRP5_VER)),
                   ("dis stak", "            ^\nError: Unrecognized command found at '^' position."),
                   ("display alarm active", "Error: Unrecognized command found at '^' position."))
    (device,) = read_one(tmp_path, text).devices
    alarm = device.outputs["display alarm active"]
    assert (alarm.status, alarm.message) == ("unsupported", "Error: Unrecognized command found at '^' position.")
    assert device.outputs["dis stak"].status == "unsupported"
    assert device.text("display alarm active") is None


def test_cisco_error_reply(tmp_path):
    text = session("C2960#", ("sh ver", body(IOS_VER)), ("sh lic", "          ^\n% Invalid input detected at '^' marker."))
    (device,) = read_one(tmp_path, text).devices
    assert device.outputs["show license"].status == "unsupported"
    assert device.outputs["show license"].message == "% Invalid input detected at '^' marker."


def test_truncated_log_marks_command_device_and_input_partial(tmp_path):
    cpu = body(VRP5_CPU).split("\n")
    text = session("<S7706>", ("dis ver", body(VRP5_VER)), end=None) + "<S7706>dis cpu\n" + "\n".join(cpu[:8]) + "\n"
    result = read_one(tmp_path, text)
    (device,) = result.devices
    out = device.outputs["display cpu-usage"]
    assert out.text == "\n".join(cpu[:8]) and out.message == "output truncated"
    assert device.status == "partial" and "truncated" in device.message
    assert result.inputs[0].status == "partial" and "truncated" in result.inputs[0].message
    assert device.outputs["display version"].message is None


def test_quit_at_the_end_is_not_truncation(tmp_path):
    text = session("<S7706>", ("dis ver", body(VRP5_VER)), end=None) + "<S7706>quit\nConnection closed by foreign host.\n"
    result = read_one(tmp_path, text)
    assert result.devices[0].status == "ok" and result.inputs[0].status == "ok"


def test_pipes_kept_out_of_the_key_and_never_replace_whole_output(tmp_path):
    text = session("<S7706>", ("dis ver", body(VRP5_VER)), ("dis cpu", body(VRP5_CPU)),
                   ("dis cpu | include CPU Usage", "CPU Usage            : 7% Max: 99%"),
                   ("dis fan | no-more", body(VRP5_FAN)))
    (device,) = read_one(tmp_path, text).devices
    cpu = device.outputs["display cpu-usage"]
    assert cpu.text == body(VRP5_CPU) and cpu.earlier == ["CPU Usage            : 7% Max: 99%"]
    fan = device.outputs["display fan"]
    assert fan.typed == "dis fan | no-more" and fan.message == "typed with '| no-more'"


def test_filtered_output_alone_is_flagged(tmp_path):
    text = session("SW1#", ("sh ver", body(IOS_VER)), ("sh run | i snmp", "snmp-server location lab"))
    out = read_one(tmp_path, text).devices[0].outputs["show running-config"]
    assert out.status == "ok" and out.message.startswith("filtered with '| i snmp'")


def test_same_command_twice_later_wins_earlier_kept(tmp_path):
    text = session("<S7706>", ("dis ver", body(VRP5_VER)), ("dis fan", "first"), ("display fan", body(VRP5_FAN)))
    fan = read_one(tmp_path, text).devices[0].outputs["display fan"]
    assert fan.text == body(VRP5_FAN) and fan.earlier == ["first"]


def test_empty_output_does_not_replace_real_output(tmp_path):
    # real logs: `DIS VE` printed nothing, then `DIS version` printed the version (Elinpf/net_inspect log)
    text = session("<AR01>", ("DIS version", body(VRP5_VER)), ("DIS VE", ""))
    out = read_one(tmp_path, text).devices[0].outputs["display version"]
    assert out.text == body(VRP5_VER)


@pytest.mark.parametrize(("prompt", "os_id"), [
    ("<NE20E>", "huawei_vrp8"), ("[~NE20E]", "huawei_vrp8"), ("HRP_M<FW-01>", "huawei_vrp"),
    ("RBM_P<FW-02>", "h3c_comware"), ("SW1(config)#", "cisco_ios"),
])
def test_prompt_forms(tmp_path, prompt, os_id):
    version = {"huawei_vrp8": "huawei_vrp8/display_version/netinspect_NE20E-S4.txt", "huawei_vrp": VRP5_VER,
               "h3c_comware": H3C_VER, "cisco_ios": IOS_VER}[os_id]
    typed = "do sh ver" if prompt.endswith("#") else "dis ver"
    result = read_one(tmp_path, session(prompt, (typed, body(version)), ("dis fan" if "#" not in prompt else "do sh clock", "x")))
    (device,) = result.devices
    assert device.name == prompt.split("<")[-1].split("[~")[-1].rstrip(">]").split("(")[0]
    if not prompt.endswith("#"):
        assert device.os == os_id


def test_system_view_prompts_belong_to_the_same_device(tmp_path):
    text = ("<S7706>dis ver\n" + body(VRP5_VER) + "\n<S7706>sys\nEnter system view, return user view with Ctrl+Z.\n"
            "[S7706]user-interface vty 0 4\n[S7706-ui-vty0-4]dis this\n#\nuser-interface vty 0 4\n"
            " authentication-mode aaa\n protocol inbound ssh\n#\nreturn\n[S7706-ui-vty0-4]return\n<S7706>\n")
    (device,) = read_one(tmp_path, text).devices
    assert device.outputs["display this"].text == "#\nuser-interface vty 0 4\n authentication-mode aaa\n" \
                                                  " protocol inbound ssh\n#\nreturn"
    assert device.outputs["system-view"].typed == "sys"


def test_output_lines_that_look_like_prompts_stay_output(tmp_path):
    config = ("!Software Version V200R010C00SPC600\n[V200R010C00SPC600]\n#\n sysname S7706\n#\n<cr>\n"
              "R1#\nC>  10.0.0.0/8\n<SW9>\n#\nreturn")
    text = session("<S7706>", ("dis ver", body(VRP5_VER)), ("disp cur", config))
    (device,) = read_one(tmp_path, text).devices
    assert device.outputs["display current-configuration"].text == config
    assert list(device.outputs) == ["display version", "display current-configuration"]


def test_terminal_banners_and_timestamps(tmp_path):
    stamped = "\n".join(f"[2024-05-01 10:00:{i % 60:02d}.123] {line}"
                        for i, line in enumerate(session("<S7706>", ("dis ver", body(VRP5_VER)), ("dis fan", body(VRP5_FAN))).split("\n"))
                        if line)
    text = ("=~=~=~=~=~=~=~=~=~=~=~= PuTTY log 2024.05.01 10:00:00 =~=~=~=~=~=~=~=~=~=~=~=\n"
            "[2024-05-01 10:00:00.000] Login authentication\n" + stamped + "\n")
    (device,) = read_one(tmp_path, text).devices
    assert device.outputs["display fan"].text == body(VRP5_FAN)


def test_putty_banner_in_the_middle_is_not_output(tmp_path):
    text = (session("<S7706>", ("dis fan", body(VRP5_FAN)), end=None)
            + "=~=~=~=~=~=~=~=~=~=~=~= PuTTY log 2024.05.02 09:00:00 =~=~=~=~=~=~=~=~=~=~=~=\n"
            + session("<S7706>", ("dis ver", body(VRP5_VER))))
    (device,) = read_one(tmp_path, text).devices
    assert device.outputs["display fan"].text == body(VRP5_FAN)


def test_gb18030_log_from_tests_data():
    result = read_logs([DATA / "h3c_msr3600_gb18030.log"])
    (device,) = result.devices
    assert device.os == "h3c_comware" and device.name == "MSR3600-HQ"
    brief = device.outputs["display interface brief"]
    assert "至联通出口" in brief.text and "办公网关" in brief.text
    assert device.outputs["display alarm"].status == "unsupported"
    assert device.outputs["display this"].text.startswith("#\nline vty 0 63")
    assert result.inputs[0].status == "ok" and "gb18030" in result.inputs[0].message


def test_xshell_log_from_tests_data():
    result = read_logs([DATA])
    by_name = {i.name: i for i in result.inputs}
    assert by_name[str(DATA / "README.md")].status == "rejected"  # a folder's non-log files are reported
    assert by_name[str(DATA / "huawei_s7706_xshell.log")].status == "ok"
    s7706 = next(d for d in result.devices if d.name == "S7706")
    assert s7706.os == "huawei_vrp" and s7706.status == "ok"
    assert s7706.outputs["display version"].text == body(VRP5_VER)
    assert s7706.outputs["display cpu-usage"].text == body(VRP5_CPU)
    assert s7706.outputs["display memory-usage"].text == body("huawei_vrp5/display_memory-usage/rpq_S7706_2022.txt")
    assert s7706.outputs["dis stak"].status == "unsupported"


FLEET = PACKAGE_DIR / "lab" / "fleet"


@pytest.mark.skipif(not any(FLEET.glob("*.log")), reason="demo fleet logs not present")
def test_demo_fleet_logs_read_cleanly():
    logs = sorted(FLEET.glob("*.log"))
    result = read_logs(logs)
    assert [i.status for i in result.inputs] == ["ok"] * len(logs), result.inputs
    assert len(result.devices) == len(logs)
    for log, device in zip(logs, result.devices, strict=True):
        platform = get_platform(device.os)
        assert platform is not None and platform.vendor == log.name.split("_")[0], (log, device.os)
        version = "show version" if platform.vendor == "cisco" else "display version"
        assert device.outputs[version].status == "ok" and device.outputs[version].text
        assert device.status == "ok"
        expected = {c.command for c in platform.commands}
        assert expected <= set(device.outputs), expected - set(device.outputs)


def test_split_session_preamble_and_segments():
    segments = split_session(["login: admin", "<SW1>", "<SW1>dis ver", "out 1", "<SW1>dis fan", "out 2", "more"])
    assert segments[0].host is None and segments[0].lines == ["login: admin"]
    assert [(s.typed, s.lines, s.closed, s.line) for s in segments[1:]] == [
        ("", [], True, 2), ("dis ver", ["out 1"], True, 3), ("dis fan", ["out 2", "more"], False, 5)]
