"""Secrets never leave netinspect: configuration lines with passwords, communities and keys are masked."""

import pytest

from netinspect.core.redact import MASK, redact, redact_line


@pytest.mark.parametrize("line, kept, secret", [
    (" local-user admin password irreversible-cipher $1a$Xy9$abc", "local-user admin password irreversible-cipher", "$1a$Xy9$abc"),
    (" password simple Huawei@123", "password simple", "Huawei@123"),
    (" password cipher %^%#abc%^%#", "password cipher", "%^%#abc%^%#"),
    (" set authentication password simple h3c123", "password simple", "h3c123"),
    (" snmp-agent community read cipher %^%#zz%^%#", "snmp-agent community read cipher", "%^%#zz%^%#"),
    (" snmp-agent community write private", "snmp-agent community write", "private"),
    ("snmp-server community public RO", "snmp-server community", "public"),
    ("enable secret 5 $1$abcd$efgh", "enable secret 5", "$1$abcd$efgh"),
    ("enable password cisco123", "enable password", "cisco123"),
    ("username admin privilege 15 secret 9 $9$xyz", "username admin privilege 15 secret 9", "$9$xyz"),
    (" password 7 0822455D0A16", "password 7", "0822455D0A16"),
    ("tacacs-server host 10.1.1.1 key 7 ABCDEF", "key 7", "ABCDEF"),
    (" super password level 3 cipher %^%#q%^%#", "super password level 3 cipher", "%^%#q%^%#"),
])
def test_secret_masked_keyword_kept(line: str, kept: str, secret: str) -> None:
    out = redact_line(line)
    assert secret not in out
    assert kept in out
    assert out.count(MASK) == 1, out


def test_ordinary_lines_untouched() -> None:
    text = "interface GigabitEthernet0/0/1\n description uplink\n ntp-service unicast-server 10.1.1.1\n"
    assert redact(text) == text
