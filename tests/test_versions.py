"""Vendor version parsing and ordering, on real version strings from shared/samples and the advisories."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netinspect.advisories.versions import (
    Incomparable,
    VersionError,
    device_version,
    parse,
    parse_comware,
    parse_ios,
    parse_iosxe,
    parse_vrp,
    parse_vrp_patch,
)
from tests.conftest import sample


def test_vrp_product_version_not_platform():
    text = sample("huawei_vrp5/display_version/ntc_S7706_V200R010C00SPC600.txt")
    line = next(l for l in text.splitlines() if "VRP (R) software" in l)
    v = device_version("huawei_vrp", line)
    assert str(v) == "V200R010C00SPC600" and v.train == "V200R010"
    with pytest.raises(VersionError):
        device_version("huawei_vrp", "5.170")


def test_vrp8_sample_and_patch():
    text = sample("huawei_vrp8/display_version/napalm-huawei-vrp_NE40E-X8A.txt")
    assert str(device_version("huawei_vrp8", re.search(r"\((.*)\)", text).group(1))) == "V800R021C10SPC600"
    patch = re.search(r"Patch Version: (\S+)", text).group(1)
    assert parse_vrp_patch(patch) < parse_vrp_patch("V800R021SPH020")
    with pytest.raises(Incomparable):
        _ = parse_vrp_patch(patch) < parse_vrp_patch("V800R010SPH120")  # SPH numbered per release


def test_vrp_order_within_release():
    assert parse_vrp("V200R019C10") < parse_vrp("V200R019C10SPC500") < parse_vrp("V200R019C20SPC100")
    assert parse_vrp("V200R010C00SPC600") > parse_vrp("V200R010C00SPC500")
    with pytest.raises(Incomparable):
        _ = parse_vrp("V200R010C00SPC600") < parse_vrp("V200R011C10")  # another release: another train


def test_comware_real_strings():
    cases = {"h3c_comware7/display_version/ntc-pr_FF5940_R2510P01.txt": "Release 2510P01",
             "h3c_comware7/display_version/ntc-pr_FF5930_F2427.txt": "Feature 2427",
             "h3c_comware7/display_version/ntc-pr_FF5945_R6710P01.txt": "Release 6710P01-US",
             "h3c_comware5/display_version/ntc-pr_HP5800_R1809P03.txt": "Release 1809P03-US"}
    for path, expected in cases.items():
        line = next(l for l in sample(path).splitlines() if "Comware Software, Version" in l)
        assert str(device_version("h3c_comware", line)) == expected
    assert parse_comware("Version 7.1.070, Release 6728P22") < parse_comware("Release 6728P23")
    assert parse_comware("Release 6728P22") < parse_comware("R6730")
    assert parse_comware("Release 2418P06") < parse_comware("Release 2418P06H04")
    with pytest.raises(Incomparable):
        _ = parse_comware("Release 6728P22") < parse_comware("Release 2510P01")  # other release family


def test_ios_trains():
    """A fix in 15.2(6)E3 says nothing about 15.2(7)E: same train letters, but order is per train."""
    line = next(l for l in sample("cisco_ios/show_version/netinspect_C2960_12.2-55-SE7.txt").splitlines()
                if "Version" in l)
    assert str(device_version("cisco_ios", re.search(r"Version ([^,]+),", line).group(1))) == "12.2(55)SE7"
    assert parse_ios("15.2(7)E4").train == "15.2E"
    assert parse_ios("15.2(4)E10") < parse_ios("15.2(4)E10a") < parse_ios("15.2(5)E")
    assert parse_ios("15.2(2)E5") < parse_ios("15.2(2)E5a") < parse_ios("15.2(2)E6")
    assert parse_ios("15.0(2)SE9") < parse_ios("15.0(2a)SE9")
    assert parse_ios("15.2(6)E3") < parse_ios("15.2(7)E")
    with pytest.raises(Incomparable):
        _ = parse_ios("15.2(7)E4") < parse_ios("15.2(1)SY")
    with pytest.raises(VersionError):
        parse_ios("15.2")


def test_iosxe_real_strings():
    assert str(parse_iosxe("03.06.05E")) == "3.6.5E" and parse_iosxe("03.06.05E").train == "3.6E"
    assert parse_iosxe("16.09.03") == parse_iosxe("16.9.3")
    assert parse_iosxe("17.9.4") < parse_iosxe("17.9.4a") < parse_iosxe("17.9.5")
    assert parse_iosxe("16.12.1") < parse_iosxe("16.12.1z1") < parse_iosxe("16.12.2")
    assert parse_iosxe("16.12.9") < parse_iosxe("16.12.10")
    with pytest.raises(Incomparable):
        _ = parse_iosxe("17.9.4a") < parse_iosxe("17.6.5")
    with pytest.raises(VersionError):
        parse("iosxe", "V169_5_SR689355441_2")  # special build in ntc_special_build.txt: not guessed
    assert str(parse("iosxe", "15.3(2)S1")) == "15.3(2)S1"  # IOS-style string on an IOS-XE device


# ---- properties: total order within a train, parse/format round trip -----------------------------

vrp = st.builds(lambda v, r, c, s: f"V{v:03d}R{r:03d}" + (f"C{c:02d}" if c is not None else "")
                + (f"SPC{s:03d}" if s is not None and c is not None else ""),
                st.sampled_from([100, 200, 300, 800]), st.integers(1, 25), st.none() | st.integers(0, 99),
                st.none() | st.integers(0, 999))
ios = st.builds(lambda a, b, m, ml, tr, rb, rl: f"{a}.{b}({m}{ml}){tr}{rb}{rl if rb else ''}",
                st.sampled_from([12, 15]), st.integers(0, 9), st.integers(0, 99), st.sampled_from(["", "a", "m"]),
                st.sampled_from(["E", "SE", "SY", "M"]), st.sampled_from(["", "1", "10"]), st.sampled_from(["", "a"]))
xe = st.builds(lambda a, b, c, l: f"{a}.{b}.{c}{l}", st.sampled_from([16, 17]), st.integers(1, 15),
               st.integers(0, 12), st.sampled_from(["", "a", "b"]))
cmw = st.builds(lambda k, n, p, h: f"{k} {n:04d}" + (f"P{p:02d}" if p is not None else "")
                + (f"H{h:02d}" if h is not None else ""), st.sampled_from(["Release", "Feature"]),
                st.integers(1000, 9999), st.none() | st.integers(0, 99), st.none() | st.integers(0, 99))
SCHEMES = [("vrp", vrp), ("ios", ios), ("iosxe", xe), ("comware", cmw)]


@pytest.mark.parametrize("scheme,strategy", SCHEMES)
def test_round_trip(scheme, strategy):
    @given(strategy)
    def check(text):
        v = parse(scheme, text)
        assert str(v) == text and parse(scheme, str(v)) == v
    check()


@pytest.mark.parametrize("scheme,strategy", SCHEMES)
def test_total_order_within_train(scheme, strategy):
    @given(st.lists(strategy, min_size=3, max_size=8))
    def check(texts):
        vs = [parse(scheme, t) for t in texts]
        train = [v for v in vs if v.comparable(vs[0])]
        ordered = sorted(train)
        for a, b in zip(ordered, ordered[1:]):
            assert a <= b and not (b < a)
        for a in train:
            for b in train:
                assert (a < b) + (a == b) + (a > b) == 1  # exactly one holds
    check()
