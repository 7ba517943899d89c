"""Property tests for the session splitter and line cleaner: nothing raises, no line lost or duplicated."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netinspect.platforms import get_platform
from netinspect.sources.logs import _host_without_view, clean_line, is_terminal_line, read_logs, split_session
from tests.conftest import sample

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HUAWEI_MORE = "  ---- More ----\x1b[42D" + " " * 42 + "\x1b[42D"
CISCO_MORE = " --More-- " + "\x08" * 10 + " " * 10 + "\x08" * 10

lines_of_text = st.lists(st.text(max_size=60), max_size=60)


def flatten(segments) -> list[str]:
    """The input lines back from the segments: preamble, then each prompt line and its output."""
    out = list(segments[0].lines)
    for segment in segments[1:]:
        out += [segment.prompt_line, *segment.lines]
    return out


@FAST
@given(lines_of_text)
def test_arbitrary_lines_no_exception_no_line_lost_or_duplicated(lines):
    segments = split_session(lines)
    assert segments[0].host is None
    assert flatten(segments) == [line for line in lines if not is_terminal_line(line)]
    assert all(s.closed for s in segments[:-1]) and not segments[-1].closed


prompt_like = st.sampled_from(["<SW1>", "<SW1>dis ver", "[SW1]", "[SW1-ui-vty0-4]dis this", "R1#", "R1#sh ver",
                               "HRP_M<FW>", "[~CE]", "<cr>", "#", "!", "[V200R010C00SPC600]", "Username:",
                               "<SW1>telnet 1.1.1.1", "  ---- More ----", "=~=~=~=~=~=~=~=~=~=~=~= PuTTY log x =~=~"
                               "=~=~=~=~=~=~=~=~=~="])


@FAST
@given(st.lists(st.one_of(prompt_like, st.text(max_size=30)), max_size=80))
def test_prompt_heavy_lines_keep_every_line(lines):
    assert flatten(split_session(lines)) == [line for line in lines if not is_terminal_line(line)]


# Real outputs, and lines from real outputs that look like prompts but are not.
OUTPUT_POOL = [line.rstrip() for path in ("huawei_vrp5/display_version/ntc_S7706_V200R010C00SPC600.txt",
                                          "h3c_comware7/display_interface_brief/ntc_router_R60615P16.txt",
                                          "cisco_ios/show_processes_cpu/netinspect_C2960.txt")
               for line in sample(path).splitlines()]
TRICKY = ["<cr>", "[V200R010C00SPC600]", "#", "!", "R1#", "C>  10.0.0.0/8 is directly connected", "<SW9>",
          "!Software Version V200R010C00SPC600", " sysname HOST", "-" * 40, "Info: Done."]
VOCABULARY = sorted({c for os_id in ("huawei_vrp", "h3c_comware", "cisco_ios") for c in get_platform(os_id).vocabulary
                     if not c.startswith(("telnet", "ssh"))})

hosts = st.from_regex(r"\AH[A-Za-z0-9_]{0,8}(-[A-Z0-9]{1,4})?\Z").filter(
    lambda h: _host_without_view(h) == h)  # `[H-HRP]` is H in its HRP view: a bracketed name like that is ambiguous
styles = st.sampled_from(["<{}>", "[{}]", "{}#", "{}>", "HRP_M<{}>", "RBM_P<{}>", "[~{}]", "[{}-ui-vty0-4]"])


def abbreviate(command: str, cut: int) -> str:
    return " ".join(word[:max(2, len(word) - cut)] if len(word) > 3 else word for word in command.split())


segment_strategy = st.tuples(
    st.sampled_from(VOCABULARY), st.integers(0, 6),
    st.lists(st.sampled_from(OUTPUT_POOL + TRICKY) | st.text(st.characters(blacklist_categories=["Cc", "Cs"]),
                                                              max_size=30).map(lambda t: " " + t), max_size=12))
device_strategy = st.tuples(hosts, styles, st.lists(segment_strategy, min_size=1, max_size=6))


def distinct_hosts(devices) -> bool:
    """Neighbours differ, and no host is another's `HOST-view` form (`[H-0]` after `<H>` is a view of H)."""
    names = [d[0] for d in devices]
    return all(a != b for a, b in zip(names, names[1:])) and not any(
        b.startswith(a + "-") for a in names for b in names)


@FAST
@given(st.lists(st.text(max_size=40).filter(lambda t: not t.lstrip(" ").startswith(("<", "[", "H", "R"))),
                max_size=4),
       st.lists(device_strategy, min_size=1, max_size=4).filter(distinct_hosts))
def test_generated_sessions_split_exactly_as_generated(preamble, devices):
    preamble = [p for p in preamble if "#" not in p and ">" not in p]
    lines, expected = list(preamble), []
    for host, style, segments in devices:
        prompt = style.format(host)
        for command, cut, output in segments:
            typed = abbreviate(command, cut)
            lines += [prompt + typed, *output]
            expected.append((host, typed, output))
    result = split_session(lines)
    assert result[0].lines == preamble
    assert [(s.host, s.typed, s.lines) for s in result[1:]] == expected


@FAST
@given(st.text(max_size=200))
def test_clean_line_never_raises_and_leaves_no_controls(raw):
    for line in clean_line(raw):
        assert "\r" not in line and "\x1b" not in line and "\x08" not in line
        assert line == line.rstrip()


printable = st.text(st.characters(blacklist_categories=["Cc", "Cs", "Zl", "Zp"]), max_size=40).filter(
    lambda t: "More" not in t)


@FAST
@given(printable, st.sampled_from([HUAWEI_MORE, CISCO_MORE]))
def test_erased_paging_prompt_leaves_the_following_output(text, more):
    assert clean_line(more + text) == [text.rstrip()]


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000))
def test_read_logs_never_raises_on_arbitrary_bytes(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.log"
        path.write_bytes(data)
        result = read_logs([path])
    assert [i.name for i in result.inputs] == [str(path)]
    assert result.inputs[0].status in ("ok", "partial", "rejected") and result.inputs[0].message


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["<SW1>dis ver\n", sample("huawei_vrp5/display_version/ntc_AR617VW_V300R022C00.txt"),
                                 "<SW1>dis fan\n", "Slot 0: Fan 0 is normal.\n", HUAWEI_MORE, "\r\n", "\x1b[1m",
                                 "至核心", "\xff", "SW2#sh ver\n", "% Invalid input detected at '^' marker.\n"]),
                max_size=30))
def test_read_logs_never_raises_on_mangled_sessions(parts):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "m.log"
        path.write_bytes("".join(parts).encode("utf-8", errors="surrogateescape"))
        result = read_logs([path])
    assert len(result.inputs) == 1 and result.inputs[0].message
