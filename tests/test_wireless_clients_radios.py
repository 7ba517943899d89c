"""health.wlan_clients and health.wlan_radios on real outputs (genieparser's Catalyst 9800 outputs and the
ntc-templates AirEngine `display ap all` in tests/corpus), the report's radio annex, and the new readers'
regular expressions on long adversarial lines."""

from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path

from netinspect.checks.context import AnalysisContext
from netinspect.checks.health_suite import run
from netinspect.core.raw import CommandOutput, RawDevice
from netinspect.core.results import DeviceResult
from netinspect.normalize import aaa, asa, normalize, wireless
from netinspect.report.inspection import radio_rows
from tests.adversarial import adversarial_lines

CORPUS = Path(__file__).resolve().parent / "corpus"


def judged(os_id: str, outputs: dict[str, str], lang: str = "en", config: dict | None = None) -> DeviceResult:
    raw = RawDevice(name="wlc", os=os_id, role="wlan_controller")
    for command, text in outputs.items():
        raw.add(CommandOutput(command, text, status="ok"))
    device, outcomes = normalize(raw)
    d = DeviceResult(raw=raw, device=device, commands=outcomes)
    run([d], AnalysisContext(lang=lang, user_config=config or {}, options={"today": date(2026, 12, 7)}))
    return d


def result(d: DeviceResult, check: str):
    return next(r for r in d.results if r.check == check)


def corpus(path: str) -> str:
    return (CORPUS / path).read_text(encoding="utf-8")


CLIENTS = "cisco_iosxe/show_wireless_client_summary/genie_golden_output.txt"
RADIOS = "cisco_iosxe/show_ap_dot11_5ghz_summary/genie_golden_output.txt"


def test_clients_per_ap_pass_under_the_threshold_and_fail_over_it() -> None:
    d = judged("cisco_iosxe", {"show wireless client summary": corpus(CLIENTS)})
    r = result(d, "health.wlan_clients")
    assert r.status == "pass" and r.message == "13 client(s) on 12 AP(s), at most 2 on one AP (limit 60)"
    strict = {"checks": {"health.wlan_clients": {"max_clients_per_ap": 1}}}
    r = result(judged("cisco_iosxe", {"show wireless client summary": corpus(CLIENTS)}, config=strict),
               "health.wlan_clients")
    assert r.status == "fail" and r.severity == "medium"
    assert r.message == "1 AP(s) with more than 1 clients: b80-61-cap4 (2)"


def test_huawei_sta_column_counts_clients() -> None:
    text = corpus("huawei_ac/display_ap_all/ntc_AirEngine.txt")
    d = judged("huawei_vrp", {"display ap all": text})
    assert d.device.ap_clients == {"APW_0055(WC VIP)": 0, "APW_0001": 0, "APW_0002": 0, "APW_0003(Parkin VIP)": 0}
    assert result(d, "health.wlan_clients").status == "pass"
    crowded = text.replace("nor    0    4D:1H:10M:0S", "nor    61   4D:1H:10M:0S")
    assert crowded != text
    r = result(judged("huawei_vrp", {"display ap all": crowded}, lang="zh"), "health.wlan_clients")
    assert r.status == "fail" and r.message == "1 个 AP 接入终端超过 60 个：APW_0055(WC VIP) (61)"


def test_client_count_that_does_not_add_up_is_a_parse_error_not_a_pass() -> None:
    text = corpus(CLIENTS).replace("Number of Clients: 13", "Number of Clients: 14")
    d = judged("cisco_iosxe", {"show wireless client summary": text})
    assert d.commands["show wireless client summary"].status == "parse_error"
    assert result(d, "health.wlan_clients").status == "insufficient_data"


def test_an_enabled_radio_down_fails_and_the_report_lists_every_radio() -> None:
    d = judged("cisco_iosxe", {"show ap dot11 5ghz summary": corpus(RADIOS)})
    r = result(d, "health.wlan_radios")
    assert r.status == "fail" and r.severity == "medium"
    assert r.message == "1 enabled radio(s) not up: ab-1-test-4800 5GHz (Down)"
    rows = radio_rows(d, "en")
    assert len(rows) == 20
    first = next(row for row in rows if row["ap"] == "ab-1-test-4800")
    assert first == {"device": "wlc", "ap": "ab-1-test-4800", "band": "5GHz", "state": "Down", "channel": "36",
                     "width": "20 MHz", "power": "23 dBm (1/8)", "down": True, "note": "radio down"}


def test_radios_all_up_pass_and_none_collected_is_insufficient_data() -> None:
    text = "\n".join(line for line in corpus(RADIOS).splitlines() if "ab-1-test-4800" not in line) + "\n"
    r = result(judged("cisco_iosxe", {"show ap dot11 5ghz summary": text}), "health.wlan_radios")
    assert r.status == "pass" and r.message == "all 19 radio(s) of 19 AP(s) up"
    r = result(judged("cisco_iosxe", {"show wireless client summary": corpus(CLIENTS)}), "health.wlan_radios")
    assert r.status == "insufficient_data"
    r = result(judged("h3c_comware", {}), "health.wlan_clients")
    assert r.status == "insufficient_data"


def test_a_radio_row_not_understood_is_a_parse_error() -> None:
    text = corpus(RADIOS).replace("*7/8 (6 dBm)    (100)*", "*7/8 (6 mW)    (100)*", 1)
    d = judged("cisco_iosxe", {"show ap dot11 5ghz summary": text})
    assert d.commands["show ap dot11 5ghz summary"].status == "parse_error"


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    found = []
    for module in (aaa, asa, wireless):
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found.append((f"{module.__name__}.{name}", value))
    return found


def test_new_readers_regexes_are_linear_on_long_lines() -> None:
    heads = ["", "  IP  : ", "Authentication Server 1 :  ", "  Primary-authentication-server : ", "  State: ",
             "RADIUS scheme name: ", "ab-1 5c50.15ff.41e1  1  Enabled  Up  20  ", "58bf.eaff.0cf1 ap ",
             "Primary Auth Server:"]
    slow = []
    for origin, pattern in _patterns():
        for kind, tail in adversarial_lines(20_000):
            for head in heads:
                line = head + tail
                start = time.perf_counter()
                pattern.match(line)
                pattern.search(line)
                if time.perf_counter() - start > 0.5:
                    slow.append(f"{origin} {kind} {head!r}")
    assert len(_patterns()) >= 8 and slow == []
