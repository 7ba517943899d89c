"""Source messages (English in results.json) are shown in Chinese in zh reports."""

import re

import pytest

from netinspect.core.messages import localize

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("message", [
    "empty file",
    "binary file (NUL bytes), not a text session log",
    "not a device session: no device prompt followed by a command found",
    "file is 200.0 MB, above the 100.0 MB limit (max_bytes); not read",
    "HZ-01: output of 'dis logbuffer' truncated (line 120); 2 device(s): A, B; 14 commands",
    "'display logbuffer' output truncated (line 88)",
    "authentication failed for user 'admin' (not retried: AAA servers lock accounts)",
    "no TCP answer from 10.1.1.1:22",
])
def test_known_messages_have_no_english_words_left_in_zh(message: str) -> None:
    zh = localize(message, "zh")
    assert CJK.search(zh)
    leftover = re.sub(r"'[^']*'|\([^)]*\)|\d+(\.\d+)?|MB|[A-Z]\b|10\.1\.1\.1:22|display logbuffer", "", zh)
    assert not re.search(r"[a-z]{4,}", leftover), zh


def test_english_and_unknown_messages_pass_through() -> None:
    assert localize("empty file", "en") == "empty file"
    assert localize("Something new", "zh") == "Something new"
    assert localize(None, "zh") == ""
