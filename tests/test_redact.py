"""Secrets never leave netinspect: configuration lines with passwords, communities and keys are masked."""

import pytest

from netinspect.core.redact import MASK, forms, redact, redact_line


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


@pytest.mark.parametrize("line, kept, secret", [  # issue 24: forms the second reliability pass found kept
    ("local-user admin password Admin@123", "local-user admin password", "Admin@123"),
    (" sa string-key inbound esp cipher %^%#k1%^%#", "sa string-key inbound esp cipher", "%^%#k1%^%#"),
    (" rip authentication-mode md5 usual cipher %^%#r1%^%#", "rip authentication-mode md5 usual cipher", "%^%#r1%^%#"),
    (" domain-authentication-mode hmac-sha256 key-id 1 cipher %^%#d%^%#", "key-id 1 cipher", "%^%#d%^%#"),
    (" key-string cipher $c$3$Qk9v", "key-string cipher", "$c$3$Qk9v"),
    (" wep key wep-40 pass-phrase 0 cipher %^%#w%^%#", "pass-phrase 0 cipher", "%^%#w%^%#"),
    (" pre-shared-key local cipher %^%#l%^%#", "pre-shared-key local cipher", "%^%#l%^%#"),
    (" standby 1 authentication text hsrpKey1", "standby 1 authentication text", "hsrpKey1"),
    (" neighbor 10.0.0.1 password bgpKey1", "neighbor 10.0.0.1 password", "bgpKey1"),
    ("key config-key password-encrypt MasterKey1", "key config-key password-encrypt", "MasterKey1"),
    (" Community name: nmsRead1", "Community name:", "nmsRead1"),
])
def test_second_pass_forms_masked(line: str, kept: str, secret: str) -> None:
    out = redact_line(line)
    assert secret not in out and kept in out and out.count(MASK) == 1, out


def test_every_row_names_its_command_and_vendor() -> None:
    assert all(f.command and set(f.platforms) <= {"huawei", "h3c", "cisco"} and f.platforms for f in forms())
    for vendor in ("huawei", "h3c", "cisco"):
        assert sum(vendor in f.platforms for f in forms()) >= 10, vendor


@pytest.mark.parametrize("line, masked", [
    ("%Nov 30 10:00:00:000 2026 SW2 LOGIN/5/LOGIN_FAILED: Pa55word! failed to log in from 10.1.1.9.", "P********"),
    ("*Nov 30 10:00:00.000: %SEC_LOGIN-4-LOGIN_FAILED: Login failed [user: admin] [Source: 10.1.1.9]", "a****"),
    ("SW1 %%01SSH/5/SSH_USER_LOGIN_FAIL(s)[2]:The SSH user failed to login. (ServiceType=stelnet, UserName=ops, "
     "UserAddress=10.1.1.9)", "o**"),
])
def test_failed_login_user_keeps_initial_and_length(line: str, masked: str) -> None:
    out = redact_line(line)
    assert masked in out and MASK not in out, out
    assert len(out) == len(line)


def test_successful_login_user_kept() -> None:
    line = "*Nov 30 10:00:00.000: %SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: admin] [Source: 10.1.1.9]"
    assert redact_line(line) == line
