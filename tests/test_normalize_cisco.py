"""Cisco normalizer: RawDevice -> normalize() -> facts, on real samples, written samples and the demo fleet.

Files under tests/data/cisco/ were written from Cisco's command references (see test_parse_cisco.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from netinspect.core.paths import PACKAGE_DIR
from netinspect.core.raw import CommandOutput, RawDevice
from netinspect.normalize import normalize
from tests.conftest import sample

DATA = Path(__file__).parent / "data" / "cisco"
FLEET = PACKAGE_DIR / "lab" / "fleet"


def run(os_id: str, outputs: dict[str, str]):
    raw = RawDevice(name="dev", os=os_id)
    for command, text in outputs.items():
        raw.add(CommandOutput(command=command, text=text))
    return normalize(raw)


def test_show_version_identity_ios() -> None:
    device, outcome = run("cisco_ios", {"show version": sample("cisco_ios/show_version/netinspect_C2960_12.2-55-SE7.txt")})
    ident = device.identity
    assert outcome["show version"].status == "ok"
    assert (ident.model, ident.serial, ident.version, ident.os_version) == (
        "WS-C2960-48TC-L", "FCQXXXXX58D", "12.2(55)SE7", "12.2(55)SE7")
    assert ident.hostname == "AA_BB_SW1"
    assert ident.uptime_seconds == ((7 * 7 + 6) * 24 + 2) * 3600 + 39 * 60
    assert any("uptime is" in line for line in ident.evidence)
    assert device.sources["identity"] == "show version"


def test_show_version_identity_iosxe() -> None:
    device, _ = run("cisco_iosxe", {"show version": sample("cisco_iosxe/show_version/oxidized_C9200L_17.9.4a.txt")})
    assert (device.identity.version, device.identity.os_version, device.identity.model) == (
        "17.9.4a", "17.09.04a", "C9200L-24P-4G")


def test_cpu_memory() -> None:
    device, _ = run("cisco_ios", {
        "show processes cpu": sample("cisco_ios/show_processes_cpu/netinspect_C2960.txt"),
        "show memory statistics": sample("cisco_ios/show_memory_statistics/napalm_normal.txt"),
    })
    assert [(c.slot, c.percent, c.interval) for c in device.cpu] == [("0", 23.0, "5min")]
    assert device.memory[0].percent == round(100 * 18498044 / 21505428, 1)
    header, row = device.memory[0].evidence.splitlines()  # the pool's row under its header line
    assert row.startswith("Processor") and "Total(b)" in header


def test_environment_c9300_bad_psu() -> None:
    device, _ = run("cisco_iosxe", {"show environment all": sample("cisco_iosxe/show_environment_all/genie_C9300_stack.txt")})
    assert len(device.fans) == 6  # 5 system fans + PS-2's fan; PS-1's empty bay is not a fan
    assert all(f.normal is True for f in device.fans)
    bad = [p for p in device.power if p.normal is False]
    assert [p.name for p in bad] == ["PS 1A PWR-C4-950WAC-R"] and "No Input Power" in bad[0].state
    inlet = next(t for t in device.temperatures if t.name == "Inlet")
    assert (inlet.celsius, inlet.warning_limit, inlet.alarm_limit, inlet.normal) == (29.0, 46.0, 56.0, True)
    assert device.sources["power"] == "show environment all"


def test_environment_c3850_faulty_fan_and_absent_psu() -> None:
    """Written sample (Catalyst 3850 command reference)."""
    device, _ = run("cisco_iosxe", {"show environment all": (DATA / "show_environment_all_c3850.txt").read_text()})
    assert [(f.name, f.normal) for f in device.fans if f.normal is not True] == [("3", False)]
    absent = [p for p in device.power if not p.present]
    assert [(p.name, p.normal) for p in absent] == [("PS 1B", None)]


def test_unknown_state_word_is_unknown_not_normal() -> None:
    text = "FAN is WOBBLY\nTEMPERATURE is OK\n\nPOWER is OK\nRPS is NOT PRESENT\n"
    device, _ = run("cisco_ios", {"show environment all": text})
    assert device.fans[0].state == "WOBBLY" and device.fans[0].normal is None


def test_ntp_and_logs() -> None:
    device, _ = run("cisco_ios", {
        "show ntp status": sample("cisco_ios/show_ntp_status/genie_unsynced.txt"),
        "show logging": sample("cisco_ios/show_logging/ntc_logging_1.txt"),
    })
    assert device.ntp.synchronized is False and device.ntp.stratum == 16 and device.ntp.reference is None
    assert [e.severity for e in device.logs] == [5, 5, 3, 3]
    assert device.logs[2].text.startswith("022702: Jun 19 03:02:32: %LINK-3-UPDOWN")
    assert device.logs[2].module == "LINK" and device.logs[2].mnemonic == "UPDOWN"


def test_empty_log_buffer_is_empty_list() -> None:
    text = ("Syslog logging: enabled (0 messages dropped, 0 messages rate-limited, 0 flushes, 0 overruns, "
            "xml disabled, filtering disabled)\n\nLog Buffer (4096 bytes):\n\n")
    device, outcome = run("cisco_ios", {"show logging": text})
    assert outcome["show logging"].status == "ok" and device.logs == []


def test_stack_members_and_standalone() -> None:
    """Written sample (Catalyst 9300 stacking guide)."""
    device, _ = run("cisco_iosxe", {"show switch": (DATA / "show_switch_c9300_stack.txt").read_text()})
    assert device.stack_configured is True
    assert [(m.member_id, m.role, m.normal) for m in device.stack.members] == [
        ("1", "active", True), ("2", "standby", True), ("3", "member", False), ("4", "member", False)]
    single = ("Switch/Stack Mac Address : 701f.53a4.1c00 - Local Mac Address\n"
              "Mac persistency wait time: Indefinite\n"
              "                                           H/W   Current\n"
              "Switch#  Role   Mac Address     Priority Version  State \n"
              "------------------------------------------------------------\n"
              "*1       Master 701f.53a4.1c00     1      4       Ready               \n")
    device, _ = run("cisco_ios", {"show switch": single})
    assert device.stack is None and device.stack_configured is False


def test_interfaces_err_disabled_merge_and_counters() -> None:
    device, _ = run("cisco_ios", {
        "show interfaces": sample("cisco_ios/show_interfaces/ntc_iosvl2.txt"),
        "show interfaces status err-disabled": "\nPort      Name               Status       Reason               Err-disabled Vlans\n"
                                               "Gi0/1     to iosvl2-2        err-disabled bpduguard\n",
    })
    gi01 = next(i for i in device.interfaces if i.name == "GigabitEthernet0/1")
    assert gi01.err_disabled is True and gi01.link == "err_disabled"
    assert len([i for i in device.interfaces if i.name.startswith("Gi")]) == len(
        {i.name for i in device.interfaces if i.name.startswith("Gi")})


def test_file_systems_and_licenses() -> None:
    """Written samples (IOS-XE / IOS 15 command references)."""
    device, _ = run("cisco_iosxe", {
        "show file systems": (DATA / "show_file_systems_c9300.txt").read_text(),
        "show license summary": (DATA / "show_license_summary_c9300.txt").read_text(),
    })
    assert [s.name for s in device.storage] == ["flash:", "flash-2:"]
    assert device.storage[0].total_kb == 11353194496 // 1024 and round(device.storage[0].used_percent) == 91
    assert [(lic.name, lic.state) for lic in device.licenses][2] == ("C9K HSEC", "NOT IN USE")
    device, _ = run("cisco_ios", {"show license": (DATA / "show_license_c3750x.txt").read_text()})
    assert [(lic.name, lic.permanent) for lic in device.licenses] == [("lanbasek9", True), ("ipservicesk9", False)]


def test_garbage_and_partial_outputs_are_parse_errors() -> None:
    partial = sample("cisco_ios/show_ntp_status/netinspect_C2960.txt") + "peer is having a bad day\n"
    device, outcome = run("cisco_ios", {
        "show processes cpu": "<html>login required</html>\n",
        "show ntp status": partial,
        "show memory statistics": "Head Total(b)\n",
    })
    assert {c: o.status for c, o in outcome.items()} == {
        "show processes cpu": "parse_error", "show ntp status": "parse_error", "show memory statistics": "parse_error"}
    assert device.cpu is None and device.ntp is None and device.memory is None


# ---- demo fleet -----------------------------------------------------------------------------


def fleet_device(filename: str, os_id: str):
    """The demo log's outputs, an error reply recorded as `unsupported` as the session-log reader does."""
    from netinspect.platforms import get_platform

    text = (FLEET / filename).read_text(encoding="utf-8")
    host = re.match(r"^([\w.-]+)#", text).group(1)
    parts = re.split(rf"^{re.escape(host)}#(.*)$", text, flags=re.MULTILINE)
    outputs = {cmd.strip(): out.lstrip("\n") for cmd, out in zip(parts[1::2], parts[2::2])
               if cmd.strip() and not cmd.startswith("terminal")}
    platform = get_platform(os_id)
    raw = RawDevice(name="dev", os=os_id)
    for command, out in outputs.items():
        error = platform.is_error_reply(out)
        raw.add(CommandOutput(command=command, text=out, status="unsupported" if error else "ok", message=error))
    return host, outputs, normalize(raw)


def _all_commands_ok(outputs: dict, outcome: dict, os_id: str) -> None:
    """Every command of the set is in the log and parses; only an optional command (many models lack it,
    data/platforms.yaml) may get the device's error reply."""
    from netinspect.platforms import get_platform

    commands = get_platform(os_id).commands
    assert set(outputs) == {c.command for c in commands}
    optional = {c.command for c in commands if c.optional}
    assert {c: o.status for c, o in outcome.items()
            if o.status != "ok" and not (o.status == "unsupported" and c in optional)} == {}


def test_fleet_c9300_stack() -> None:
    host, outputs, (device, outcome) = fleet_device("cisco_c9300_dist.log", "cisco_iosxe")
    _all_commands_ok(outputs, outcome, "cisco_iosxe")
    ident = device.identity
    assert (host, ident.hostname, ident.model, ident.version, ident.serial) == (
        "BJ-DIST-01", "BJ-DIST-01", "C9300-48P", "17.9.4", "FOC2419L0XJ")
    assert [m.member_id for m in device.stack.members] == ["1", "2"] and all(m.normal for m in device.stack.members)
    assert [p.name for p in device.power if p.normal is False] == ["PS 2A PWR-C1-715WAC"]
    assert 83.5 <= device.memory[0].percent <= 84.5
    # everything else healthy
    assert device.cpu[0].percent < 50 and device.ntp.synchronized is True
    assert all(f.normal for f in device.fans) and all(t.normal for t in device.temperatures)
    assert not [i for i in device.interfaces if i.err_disabled or i.duplex == "half" or i.crc_errors]
    assert device.config.saved is True


def test_fleet_c2960x_access() -> None:
    host, outputs, (device, outcome) = fleet_device("cisco_c2960x_access.log", "cisco_ios")
    _all_commands_ok(outputs, outcome, "cisco_ios")
    ident = device.identity
    assert (host, ident.model, ident.version, ident.os_version) == (
        "BJ-ACC-01", "WS-C2960X-48FPD-L", "15.2(2)E7", "15.2(2)E7")
    assert device.stack_configured is False
    assert [i.name for i in device.interfaces if i.err_disabled] == ["GigabitEthernet1/0/17"]
    half = [i for i in device.interfaces if i.duplex == "half"]
    assert [(i.name, i.input_errors, i.crc_errors) for i in half] == [("GigabitEthernet1/0/23", 1523, 1498)]
    assert device.ntp.synchronized is False
    # everything else healthy
    assert all(p.normal for p in device.power) and all(f.normal for f in device.fans)
    assert device.memory[0].percent < 50 and device.cpu[0].percent < 50
    assert "snmp-server community public RO" in device.running_config


# ---- variants from real outputs (issue 8); the corpus files are under tests/corpus/ --------------

CORPUS = Path(__file__).parent / "corpus"


def corpus(rel: str) -> str:
    return (CORPUS / rel).read_text(encoding="utf-8")


def test_show_version_engineering_build_version() -> None:
    """IOS-XE engineering builds print `Experimental Version 17.6.20210302:012459 [...]`."""
    device, outcome = run("cisco_iosxe", {"show version": corpus(
        "cisco_iosxe/show_version/genie_iosxe_ShowVersion_g_c9300.txt")})
    assert outcome["show version"].status == "ok"
    assert device.identity.version == "17.6.20210302:012459"
    assert device.identity.model == "C9300-24P" and device.identity.serial == "FCW2223G0B9"
    device, outcome = run("cisco_iosxe", {"show version": corpus(
        "cisco_iosxe/show_version/genie_iosxe_cat9k_c9500_ShowVersion_g_c9500_3.txt")})
    assert outcome["show version"].status == "ok"
    assert device.identity.version == "17.13.20230512:105008"  # the build named in issue 8


def test_show_version_image_line_not_rom_line() -> None:
    """An AS2511 whose ROM lines (`ROM: 3000 Bootstrap Software ..., Version 11.0(10c)XB1`) follow the
    image line: the version is the running image's 11.2(5)P."""
    device, _ = run("cisco_ios", {"show version": corpus(
        "cisco_ios/show_version/genie_iosxe_ShowVersion_g_ios_2.txt")})
    assert device.identity.version == "11.2(5)P"


def test_show_version_rom_line_first_is_skipped() -> None:
    text = corpus("cisco_ios/show_version/ntc_show_version_01.txt")
    rom = next(ln for ln in text.splitlines() if ln.startswith("ROM:"))
    device, _ = run("cisco_ios", {"show version": rom + "\n" + text})  # the ROM line printed before the image line
    assert device.identity.version == "12.4(6)T2"


def test_iosxe_device_inventory_says_cisco_ios_reported_iosxe_with_version() -> None:
    """The inventory says cisco_ios; the device printed IOS XE 17.9.4a: identity says IOS-XE and its version."""
    device, outcome = run("cisco_ios", {"show version": corpus(
        "cisco_iosxe/show_version/sample_oxidized_C9200L_17.9.4a.txt")})
    assert outcome["show version"].status == "ok"
    assert device.identity.os == "cisco_iosxe"
    assert (device.identity.version, device.identity.os_version) == ("17.9.4a", "17.09.04a")
    assert device.identity.model == "C9200L-24P-4G"


def test_iosxe_show_version_image_line_wrapped_with_backslash() -> None:
    """A terminal that wraps the long image line with a trailing backslash."""
    text = corpus("cisco_iosxe/show_version/sample_oxidized_C9200L_17.9.4a.txt")
    image = next(ln for ln in text.splitlines() if ln.startswith("Cisco IOS Software ["))
    cut = image.index("Software (") + 5
    wrapped = text.replace(image, image[:cut] + "\\\n" + image[cut:])
    assert "\\\n" in wrapped
    device, outcome = run("cisco_ios", {"show version": wrapped})
    assert outcome["show version"].status == "ok"
    assert (device.identity.os, device.identity.version) == ("cisco_iosxe", "17.9.4a")


def test_ios_device_stays_ios() -> None:
    device, _ = run("cisco_iosxe", {"show version": corpus("cisco_ios/show_version/ntc_show_version.txt")})
    assert (device.identity.os, device.identity.version) == ("cisco_ios", "12.2(54)SG1")


def test_show_inventory_model_from_chassis_not_first_entry() -> None:
    """A real ISR4331 inventory with its network modules listed before the chassis entry."""
    text = corpus("cisco_iosxe/show_inventory/genie_iosxe_ShowInventory_g_isr4k.txt")
    blocks = [b for b in re.split(r"\n\s*\n", text) if "NAME:" in b]
    chassis = next(b for b in blocks if 'NAME: "Chassis"' in b)
    reordered = "\n\n".join([b for b in blocks if b is not chassis] + [chassis]) + "\n"
    assert reordered.lstrip().startswith('NAME: "Power Supply Module 0"')
    device, outcome = run("cisco_iosxe", {"show inventory": reordered})
    assert outcome["show inventory"].status == "ok"
    assert device.identity.model == "ISR4331/K9"


def test_show_inventory_stack_model_is_switch_1() -> None:
    device, _ = run("cisco_iosxe", {"show inventory": corpus(
        "cisco_iosxe/show_inventory/genie_iosxe_ShowInventory_g_6.txt")})
    assert device.identity.model == "C9300-48U" and device.identity.serial == "FCW999999999"


def test_show_logging_empty_buffer_zero_entries_not_parse_error() -> None:
    """Buffer logging disabled: no `Log Buffer` section at all -- zero entries, a valid output."""
    device, outcome = run("cisco_iosxe", {"show logging": corpus(
        "cisco_iosxe/show_logging/genie_iosxe_ShowLogging_g_17.txt")})
    assert outcome["show logging"].status == "ok" and device.logs == []


def test_iosxe_show_environment_all_load_header_alarm_counts_fan_direction() -> None:
    """Catalyst 9400: alarm counts, a sensor table with thresholds, faulty supplies, fan-tray airflow
    direction; and a C9300 stack with the `Load for five secs` / `Time source` header and an Airflow table."""
    device, outcome = run("cisco_iosxe", {"show environment all": corpus(
        "cisco_iosxe/show_environment_all/genie_iosxe_cat9k_c9400_ShowEnvironmentAll_g.txt")})
    assert outcome["show environment all"].status == "ok"
    assert device.alarms == []  # 0 critical, 0 major, 0 minor
    assert [p.normal for p in device.power] == [True, False, False]
    inlet = next(t for t in device.temperatures if t.slot == "R0" and t.name == "Temp: inlet")
    assert (inlet.celsius, inlet.warning_limit, inlet.alarm_limit, inlet.normal) == (32.0, 56.0, 66.0, True)
    assert any(f.name == "Fantray" and f.normal for f in device.fans)

    device, outcome = run("cisco_iosxe", {"show environment all": corpus(
        "cisco_iosxe/show_environment_all/genie_iosxe_cat9k_c9300_ShowEnvironmentAll_g3.txt")})
    assert outcome["show environment all"].status == "ok"
    tray = [f for f in device.fans if f.state == "NOT PRESENT or FAULTY"]
    assert len(tray) == 12 and all(f.normal is False for f in tray)
    assert len(device.temperatures) == 12


def test_iosxe_show_environment_all_alarm_count_raised() -> None:
    text = corpus("cisco_iosxe/show_environment_all/genie_iosxe_cat9k_c9400_ShowEnvironmentAll_g.txt")
    device, _ = run("cisco_iosxe", {"show environment all": text.replace(
        "Number of Major alarms:     0", "Number of Major alarms:     2")})
    assert [(a.level, a.text) for a in device.alarms] == [("major", "Number of Major alarms:     2")]


def test_iosxe_router_show_environment_all_sensor_table() -> None:
    """ASR1000: a show-tech separator, `Load for five secs` header, the Sensor/Location/State/Reading table."""
    device, outcome = run("cisco_iosxe", {"show environment all": corpus(
        "cisco_iosxe/show_environment_all/genie_iosxe_asr1k_ShowEnvironmentAll_g.txt")})
    assert outcome["show environment all"].status == "ok"
    assert len(device.temperatures) == 24 and all(t.normal for t in device.temperatures)
    assert [(p.name, p.normal) for p in device.power] == [("PEM P0", True), ("PEM P1", True)]


def test_ie_switch_show_environment_all_alarm_contacts() -> None:
    text = corpus("cisco_iosxe/show_environment_all/genie_iosxe_ie3k_ShowEnvironmentAll_g.txt")
    device, outcome = run("cisco_iosxe", {"show environment all": text})
    assert outcome["show environment all"].status == "ok" and device.alarms == []
    asserted = text.replace("Status:      not asserted", "Status:      asserted", 1)
    device, _ = run("cisco_iosxe", {"show environment all": asserted})
    assert [(a.level, a.text) for a in device.alarms] == [("minor", "ALARM CONTACT 1 asserted")]


def test_show_inventory_chassis_without_pid_is_not_a_network_module() -> None:
    """A 3640 whose "3640 chassis" entry prints no PID: the model is 3640, never the NM-1FE-TX= listed next."""
    device, outcome = run("cisco_ios", {"show inventory": corpus("cisco_ios/show_inventory/ntc_show_inventory.txt")})
    assert outcome["show inventory"].status == "ok"
    assert (device.identity.model, device.identity.serial) == ("3640", "FF1045C5")


def test_show_environment_all_unknown_fault_line_is_parse_error() -> None:
    """An unknown line costs that line only -- unless it may report a fault: then no pass on the rest."""
    text = corpus("cisco_iosxe/show_environment_all/genie_iosxe_cat9k_c9200_ShowEnvironmentAll_g.txt")
    device, outcome = run("cisco_iosxe", {"show environment all": text + "\nSensor X melted: 900 Kelvin\n"})
    assert outcome["show environment all"].status == "ok" and len(device.fans) == 2
    device, outcome = run("cisco_iosxe", {"show environment all": text + "\nFAN TRAY 2 has FAILED\n"})
    assert outcome["show environment all"].status == "parse_error"
    assert "FAN TRAY 2 has FAILED" in outcome["show environment all"].message
    assert device.fans is None and device.power is None


def test_environment_system_temperature_state_green() -> None:
    """2960-X/3650-style 'System Temperature State: GREEN' inside the sensor block (genielibs fixture)."""
    text = ("Switch 1 FAN 1 is OK\nSYSTEM TEMPERATURE is OK\nSystem Temperature Value: 41 Degree Celsius\n"
            "System Temperature State: GREEN\nYellow Threshold : 66 Degree Celsius\nRed Threshold    : 76 Degree Celsius\n")
    device, _ = run("cisco_iosxe", {"show environment all": text})
    temp = next(t for t in device.temperatures if t.celsius is not None)
    assert (temp.celsius, temp.warning_limit, temp.alarm_limit, temp.state, temp.normal) == (41.0, 66.0, 76.0, "GREEN", True)


def test_env_all_c9600_fan_trays_and_failed_sensor() -> None:
    """Catalyst 9600: a fan tray "marginal" with a "bad" fan is a fault; a sensor reading "NA Sensor Fault"
    is a temperature that cannot be read, not a normal one, and not a reason to refuse the output."""
    text = (" Sensor           Location      State     Reading        Threshold(Minor,Major,Critical,Shutdown)\n"
            " Temp: CPUcore:0  R0            Normal    27    Celsius \t( 75, 80, 85,100)(Celsius)\n"
            " Temp: FPIO-1     R0            Normal    NA    Sensor Fault\t( 55, 60, 65, 70)(Celsius)\n"
            "\nFan                 Fan States\nTray    Status       1     2     3\n"
            "------  ----------  ------------------\n"
            "FT1     active       good  good  good \nFT2     marginal     bad   good  good \n")
    device, outcomes = run("cisco_iosxe", {"show environment all": text})
    assert outcomes["show environment all"].status == "ok"
    fans = {f.name: (f.state, f.normal) for f in device.fans}
    assert fans["FT1"] == ("active", True) and fans["FT2"] == ("marginal", False) and fans["FT2 fan 1"] == ("bad", False)
    temps = {t.name: (t.celsius, t.normal) for t in device.temperatures}
    assert temps == {"Temp: CPUcore:0": (27.0, True), "Temp: FPIO-1": (None, False)}


def test_show_logging_lines_without_a_code_are_entries() -> None:
    """Buffer lines without %FAC-SEV-MNEMONIC are still log entries (severity unknown); garbage is not."""
    text = "Jun  5 05:11:04.626 EST: Rollback:Acquired Configuration lock.\n"
    device, outcomes = run("cisco_ios", {"show logging": text})
    assert outcomes["show logging"].status == "ok"
    assert [(e.text, e.severity, e.timestamp) for e in device.logs] == [
        (text.strip(), None, "Jun  5 05:11:04.626 EST")]
    device, outcomes = run("cisco_ios", {"show logging": "nothing like a log\n"})
    assert outcomes["show logging"].status == "parse_error"


def test_show_interfaces_line_protocol_reason_is_not_the_state() -> None:
    """Catalyst switch ports print the reason after the line protocol ("up (connected)", "down (disabled)",
    "down (notconnect)", Dialer "up (spoofing)"): the protocol is the state word, the link stays as read."""
    text = ("GigabitEthernet1/0/1 is up, line protocol is up (connected)\n"
            "  Hardware is Gigabit Ethernet, address is c471.fe17.1581 (bia c471.fe17.1581)\n"
            "GigabitEthernet0/1 is administratively down, line protocol is down (disabled)\n"
            "  Hardware is Gigabit Ethernet, address is 0019.aa7d.0701 (bia 0019.aa7d.0701)\n"
            "GigabitEthernet0/2 is down, line protocol is down (notconnect)\n"
            "  Hardware is Gigabit Ethernet, address is 0019.aa7d.0702 (bia 0019.aa7d.0702)\n"
            "GigabitEthernet0/3 is down, line protocol is down (err-disabled)\n"
            "  Hardware is Gigabit Ethernet, address is 0019.aa7d.0703 (bia 0019.aa7d.0703)\n"
            "Dialer1 is up (spoofing), line protocol is up (spoofing)\n"
            "  Hardware is Unknown\n")
    device, outcomes = run("cisco_ios", {"show interfaces": text})
    assert outcomes["show interfaces"].status == "ok"
    got = {i.name: (i.link, i.protocol, i.err_disabled) for i in device.interfaces}
    assert got == {"GigabitEthernet1/0/1": ("up", "up", False),
                   "GigabitEthernet0/1": ("admin_down", "down", False),
                   "GigabitEthernet0/2": ("down", "down", False),
                   "GigabitEthernet0/3": ("err_disabled", "down", True),
                   "Dialer1": ("up", "up", False)}
