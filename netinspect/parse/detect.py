"""Session-log dialect (``data/prompts.yaml``) and platform detection from what the device printed.

The OS comes from `display version` / `show version` output first; without it, from the prompt styles
seen and the wording of the device's replies (error and info lines), within the prompt's family.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import yaml

from netinspect.core.paths import DATA_DIR
from netinspect.platforms import all_platforms
from netinspect.platforms.abbrev import first_words


@dataclass(frozen=True)
class PromptPattern:
    style: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class Hint:
    os: str
    prompt: str | None = None
    reply: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Dialect:
    """Everything prompts.yaml says, compiled."""

    prompts: tuple[PromptPattern, ...]
    hostname: re.Pattern[str]
    not_hostnames: tuple[re.Pattern[str], ...]
    view_suffix: tuple[re.Pattern[str], ...]
    command_words: frozenset[str]
    hop_commands: tuple[re.Pattern[str], ...]
    exit_commands: tuple[re.Pattern[str], ...]
    login_markers: re.Pattern[str]
    paging: re.Pattern[str]
    terminal_line: re.Pattern[str]
    line_timestamp: re.Pattern[str]
    whole_output_pipes: tuple[re.Pattern[str], ...]
    version_commands: tuple[str, ...]
    version_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    hints: tuple[Hint, ...]
    families: dict[str, tuple[str, ...]]


def _compile(patterns: Iterable[str], flags: int = 0) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, flags) for p in patterns)


@cache
def dialect() -> Dialect:
    """The compiled session-log dialect (cached)."""
    data = yaml.safe_load((DATA_DIR / "prompts.yaml").read_text(encoding="utf-8"))
    words = set(data["command_words"])
    for platform in all_platforms().values():
        words |= first_words(platform.vocabulary)
    return Dialect(
        prompts=tuple(PromptPattern(p["style"], re.compile(p["regex"])) for p in data["prompts"]),
        hostname=re.compile(data["hostname"]),
        not_hostnames=_compile(data["not_hostnames"]),
        view_suffix=_compile(data["view_suffixes"], re.IGNORECASE),
        command_words=frozenset(w.lower() for w in words),
        hop_commands=_compile(data["hop_commands"], re.IGNORECASE),
        exit_commands=_compile(data["exit_commands"], re.IGNORECASE),
        login_markers=re.compile("|".join(f"(?:{p})" for p in data["login_markers"]), re.IGNORECASE),
        paging=re.compile("|".join(f"(?:{p})" for p in data["paging"])),
        terminal_line=re.compile("|".join(f"(?:{p})" for p in data["terminal_lines"])),
        line_timestamp=re.compile("|".join(f"(?:{p})" for p in data["line_timestamps"])),
        whole_output_pipes=_compile(data["whole_output_pipes"]),
        version_commands=tuple(data["version_commands"]),
        version_patterns=tuple((v["os"], re.compile(v["regex"])) for v in data["version_patterns"]),
        hints=tuple(Hint(h["os"], h.get("prompt"), re.compile(h["reply"]) if "reply" in h else None)
                    for h in data["dialect_hints"]),
        families={k: tuple(v) for k, v in data["families"].items()},
    )


def is_version_command(typed: str) -> bool:
    """`typed` abbreviates `display version` or `show version` (any case, any prefix)."""
    words = typed.lower().split("|")[0].split()
    if len(words) != 2:
        return False
    return any(all(full.startswith(word) for word, full in zip(words, command.split(), strict=True))
               for command in dialect().version_commands)


def os_from_version(text: str) -> str | None:
    """The OS id that version output names, or None."""
    for os_id, pattern in dialect().version_patterns:
        if pattern.search(text):
            return os_id
    return None


def reply_hints(lines: list[str]) -> Counter[str]:
    """OS ids that the first lines of one reply point to (each at most once)."""
    found: Counter[str] = Counter()
    head = [line.strip() for line in lines[:6]]
    for hint in dialect().hints:
        if hint.reply is not None and any(hint.reply.search(line) for line in head):
            found[hint.os] = 1
    return found


def prompt_hints(styles: Iterable[str]) -> Counter[str]:
    """OS ids that prompt styles point to (vrp8, hrp, rbm, cisco)."""
    seen = set(styles)
    return Counter({h.os: 1 for h in dialect().hints if h.prompt is not None and h.prompt in seen})


def family_of(styles: Iterable[str]) -> str | None:
    """'cisco' or 'huawei_h3c' from the prompt styles, None when both or neither appear."""
    seen = set(styles)
    cisco = "cisco" in seen
    vrp_like = bool(seen - {"cisco"})
    if cisco == vrp_like:
        return None
    return "cisco" if cisco else "huawei_h3c"


def guess_os(styles: Iterable[str], hints: Counter[str],
             found: Iterable[Fingerprint] = ()) -> tuple[str | None, str]:
    """OS when no version output was seen, (os or None, how): from the shapes of the outputs
    (data/fingerprints.yaml) first, then prompt styles and reply hints."""
    styles = set(styles)
    family = family_of(styles)
    verdict = decide(found, dialect().families[family] if family else None)
    if verdict.vendor is not None:
        return _from_verdict(verdict, styles, hints)
    if family is None:
        return None, "prompts of both Cisco and Huawei/H3C style" if styles else "no prompt"
    allowed = dialect().families[family]
    votes = Counter({os_id: n for os_id, n in (hints + prompt_hints(styles)).items() if os_id in allowed})
    if "huawei_vrp8" in votes and "huawei_vrp" in votes:  # [~HOST] is VRP8 whatever else Huawei says
        votes["huawei_vrp8"] += votes.pop("huawei_vrp")
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None, "no version output, and prompts and replies do not tell Huawei from H3C"
    how = "prompt style" if family == "cisco" and ranked[0][0] == "cisco_ios" else "prompt style and replies"
    return ranked[0][0], f"guessed from {how} (no display/show version output)"


def _from_verdict(verdict: Verdict, styles: set[str], hints: Counter[str]) -> tuple[str | None, str]:
    shapes = f"recognised from output shapes (no display/show version output): {verdict.describe()}"
    if verdict.os is not None:
        return verdict.os, shapes
    assumed = vendor_default_os(verdict.vendor or "")
    # hints for the vendor's default OS (Huawei's error wording, a Cisco prompt) are shared by its other OS
    # ids; only a hint for another one ([~HOST]: VRP 8) tells the release family
    specific = {o for o in all_platforms() if _vendor_of(o) == verdict.vendor and o != assumed}
    votes = Counter({o: n for o, n in (hints + prompt_hints(styles)).items() if o in specific})
    if len(votes) == 1:
        told = next(iter(votes))
        return told, f"{shapes}; {os_label(told)} from prompt style and replies"
    return assumed, f"{shapes}; {os_label(assumed or '?')} assumed (the outputs do not tell which release family)"


# ---- configurations ----

# interface names and cipher formats only one of the two vendors prints (a VRP configuration without `aaa`)
_HUAWEI_HINTS = re.compile(r"^interface (?:Vlanif|Eth-Trunk|MEth|(?:10|25|40|100|400)GE\d|XGigabitEthernet)|%\^%#|\$1[a-d]\$",
                           re.M)
_H3C_HINTS = re.compile(r"^interface (?:Vlan-interface|Bridge-Aggregation|Route-Aggregation|Ten-GigabitEthernet|"
                        r"M-GigabitEthernet)|\$c\$3\$", re.M)

# what a vendor's documentation examples print besides the hints above: VRP address families, VRP 8 ciphers,
# CloudEngine `portswitch`; Comware's layer-2/3 port modes
_HUAWEI_DOC_HINTS = re.compile(r"^\s*ipv4-family(?:\s|$)|%#%#|%\+%#|@%@%|^ (?:undo )?portswitch$", re.M)
_H3C_DOC_HINTS = re.compile(r"^ port link-mode (?:bridge|route)$|^\s*address-family ipv4(?:\s|$)", re.M)


def _vendor_doc_os(text: str) -> str | None:
    """A saved configuration without version or user lines (the "Configuration Files" of a vendor example).

    Both vendors end the file with `return` and separate sections with `#`. Interface names, cipher formats
    and address-family syntax tell them apart; without any, a `sysname` at the left margin is VRP's (Comware
    prints it one space in, but so do some of Huawei's examples: such a file is not recognised).
    H3C's typical configuration examples (典型配置案例) print only the lines the example configured, between
    `#` separators, without `sysname` or `return`: such a fragment is Comware when its interface names or
    port modes are H3C's and nothing in it is Huawei's.
    """
    if not re.search(r"^#\s*$", text, re.M):
        return None
    huawei = bool(_HUAWEI_HINTS.search(text) or _HUAWEI_DOC_HINTS.search(text))
    h3c = bool(_H3C_HINTS.search(text) or _H3C_DOC_HINTS.search(text))
    if not (re.search(r"^return\s*$", text, re.M) and re.search(r"^ ?sysname \S+", text, re.M)):
        return "h3c_comware" if h3c and not huawei else None
    if huawei == h3c:  # neither or both: only VRP's left-margin `sysname` decides (Huawei's own examples
        # also print ` sysname`, so a one-space margin alone does not make a configuration Comware)
        huawei, h3c = bool(re.search(r"^sysname \S+", text, re.M)), False
        if not huawei:
            return None
    if huawei:
        return "huawei_vrp8" if re.search(r"^interface (?:10|25|40|100|400)GE\d", text, re.M) else "huawei_vrp"
    return "h3c_comware"


def detect_os(text: str) -> str | None:
    """OS id from a configuration's content, or None when it is not recognisably one of ours."""
    if re.search(r"^\s*version \d+\.\d+[.\d]*, (?:Release|ESS|Feature)", text, re.M) or re.search(
            r"^\s*(?:line vty \d+ \d+\n\s+user-role|local-user \S+ class (?:manage|network))", text, re.M):
        return "h3c_comware"
    if re.search(r"^!Software Version V(?:8\d\d|300|500)R", text, re.M) or re.search(r"^device board \d", text, re.M):
        return "huawei_vrp8"
    if re.search(r"^!Software Version V\d{3}R", text, re.M):
        return "huawei_vrp"
    if re.search(r"^\s*sysname \S+", text, re.M) and re.search(r"^\s*user-interface ", text, re.M):
        huawei = re.search(r"^aaa\s*$", text, re.M) or (_HUAWEI_HINTS.search(text) and not _H3C_HINTS.search(text))
        return "huawei_vrp" if huawei else "h3c_comware"
    vendor_doc = _vendor_doc_os(text)
    if vendor_doc:
        return vendor_doc
    if re.search(r"^hostname \S+", text, re.M) and re.search(r"^(?:line vty|interface \S+|end\s*$)", text, re.M):
        version = re.search(r"^version (\d+)\.", text, re.M)
        modern = version and int(version.group(1)) >= 16
        if modern or re.search(r"^(?:platform |license boot level|vrf definition Mgmt-(?:intf|vrf))", text, re.M):
            return "cisco_iosxe"
        return "cisco_ios"
    return None


# ---- the OS from the shapes of outputs (data/fingerprints.yaml) ----

@dataclass(frozen=True)
class Fingerprint:
    """An output shape only the OS ids in `oses` print."""

    oses: frozenset[str]
    command: str | None
    shape: re.Pattern[str]
    evidence: str
    release: str | None = None


@dataclass(frozen=True)
class Verdict:
    """What the outputs' shapes say: the OS (None when they do not decide it), the vendor, the evidence."""

    os: str | None
    vendor: str | None
    evidence: tuple[str, ...] = ()
    release: str | None = None

    def describe(self) -> str:
        """ "VRP 8: `display device` layout, `display cpu-usage` header" (empty when nothing was found)."""
        if not self.evidence:
            return ""
        label = self.release or (os_label(self.os) if self.os else self.vendor or "?")
        return f"{label}: {', '.join(self.evidence)}"


@cache
def _fingerprint_data() -> dict:
    return yaml.safe_load((DATA_DIR / "fingerprints.yaml").read_text(encoding="utf-8"))


@cache
def fingerprints() -> tuple[Fingerprint, ...]:
    """Every fingerprint of data/fingerprints.yaml, compiled (multi-line)."""
    return tuple(Fingerprint(frozenset(f["os"]), f.get("command"), re.compile(f["shape"], re.M), f["evidence"],
                             f.get("release")) for f in _fingerprint_data()["fingerprints"])


def os_label(os_id: str) -> str:
    """Short name of an OS id for evidence lines (VRP 5, VRP 8, Comware, IOS, IOS-XE)."""
    return str(_fingerprint_data().get("labels", {}).get(os_id, os_id))


def abbreviates(typed: str, command: str) -> bool:
    """`typed` is `command` or an abbreviation of it word by word (`dis cpu` -> `display cpu-usage`)."""
    words, full = typed.lower().split("|")[0].split(), command.split()
    return len(words) == len(full) and all(f.startswith(w) for w, f in zip(words, full, strict=True))


HEAD_CHARS = 4000  # shapes are looked for in an output's head only: bounded time on huge outputs
REPLY_CHARS = 400  # error replies are the first lines of a reply


def output_votes(command: str, text: str) -> list[Fingerprint]:
    """The fingerprints one command's output (typed in full or abbreviated) shows."""
    head = text[:HEAD_CHARS]
    return [f for f in fingerprints() if (f.command is None or abbreviates(command, f.command))
            and f.shape.search(head if f.command else head[:REPLY_CHARS])]


def device_votes(outputs: Iterable[tuple[str, str]]) -> list[Fingerprint]:
    """The fingerprints of every (command, text) of one device."""
    return [f for command, text in outputs for f in output_votes(command, text)]


def _vendor_of(os_id: str) -> str | None:
    platform = all_platforms().get(os_id)
    return platform.vendor if platform else None


def decide(found: Iterable[Fingerprint], allowed: Iterable[str] | None = None) -> Verdict:
    """The OS by votes: each fingerprint seen counts once for every OS it names. The OS with most votes
    wins; a tie between OS ids of one vendor decides the vendor only; a tie across vendors decides nothing.
    `allowed` (the prompt's family) limits the candidates."""
    unique = {f.evidence + "|" + ",".join(sorted(f.oses)): f for f in found}
    allowed_set = set(allowed) if allowed is not None else None
    votes: Counter[str] = Counter()
    for f in unique.values():
        for os_id in f.oses:
            if allowed_set is None or os_id in allowed_set:
                votes[os_id] += 1
    if not votes:
        return Verdict(None, None)
    best = max(votes.values())
    top = sorted(os_id for os_id, n in votes.items() if n == best)
    vendors = {_vendor_of(os_id) for os_id in top}
    vendor = vendors.pop() if len(vendors) == 1 else None
    winner = top[0] if len(top) == 1 else None
    if vendor is None:
        return Verdict(None, None, ())
    backing = [f for f in unique.values() if (winner in f.oses if winner else f.oses & set(top))]
    evidence = tuple(dict.fromkeys(f.evidence for f in backing))
    releases = {f.release for f in backing if f.release}
    return Verdict(winner, vendor, evidence, releases.pop() if len(releases) == 1 else None)


def second_opinion(printed: str, found: Iterable[Fingerprint]) -> str | None:
    """A note when the outputs' shapes decide another OS than the version output printed (the version
    output wins), else None."""
    verdict = decide(found)
    if verdict.vendor is None or (verdict.os or printed) == printed and verdict.vendor == _vendor_of(printed):
        return None
    return (f"the version output says {printed}, the other outputs look like {verdict.describe()}: "
            f"analysed as {printed}")


def vendor_default_os(vendor: str) -> str | None:
    """The OS id assumed when only the vendor is known (data/fingerprints.yaml `vendor_default`)."""
    return _fingerprint_data().get("vendor_default", {}).get(vendor)
