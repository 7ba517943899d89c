"""Fix, rollback and verify commands for a failed rule, rendered from Jinja2 templates with site facts.

Built-in rules name macros ``fix_<rule>``, ``rollback_<rule>``, ``verify_<rule>`` in
``templates/harden/<vrp|comware|ios>.j2``; user rules may give inline templates instead. A site fact
that is missing becomes a placeholder such as ``<SYSLOG_SERVER>``; secrets are always placeholders
(``<ADMIN_PASSWORD>``) typed at change time. Generated commands are never passed through redaction
(``password history record number 5`` is ours, not a secret): a secret that a command would copy from the
configuration (a rollback restoring a community, a line already ``<redacted>``) becomes a named
placeholder (``<COMMUNITY_NAME>``, ``<CURRENT_PASSWORD>``) listed with the others; its value comes from the
configuration backup the plan takes first.

Huawei VRP5 and VRP8 share one dialect (``vrp``); ``f.vrp8`` tells a template it is writing for a
CloudEngine / NetEngine (os ``huawei_vrp8``) so a macro can choose the VRP8 spelling, ``f.netengine`` that
the device is a NetEngine router (its model, or software V800 in its configuration), and ``f.unconfirmed()`` marks a step whose VRP8
command the Huawei guides the templates were checked against do not show (the plan says so).
"""

from __future__ import annotations

import ipaddress
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import jinja2
from hier_config import HConfig

from netinspect.core.paths import templates_dir
from netinspect.core.redact import MASK, forms
from netinspect.harden.engine import Finding, Target
from netinspect.harden.lines import root_defaults
from netinspect.harden.roles import select
from netinspect.harden.rules import Rule

TEMPLATE_FILES = {"vrp": "harden/vrp.j2", "comware5": "harden/comware.j2", "comware7": "harden/comware.j2",
                  "ios": "harden/ios.j2"}
_PLACEHOLDER = re.compile(r"<([A-Z][A-Z0-9_]*)>")
_SECRET = re.compile(r"PASSWORD|_KEY$|SECRET")
_TOKEN = re.compile(r"\S+")
_NETENGINE = re.compile(r"^software version V8\d\dR")  # NE40E / NE5000E / CX600 (CloudEngine: V100-V300)
_NETENGINE_MODEL = re.compile(r"^(?:NE\d|NetEngine|CX\d)", re.I)  # the model `display version` names
_WEAK = re.compile(r"^(?:public|private|admin|huawei|h3c|cisco|community|snmp|test|default|manager|monitor|security|"
                   r"secret)$", re.IGNORECASE)


@dataclass(frozen=True)
class Network:
    address: str
    wildcard: str
    mask: str


@dataclass
class SiteFacts:
    """The site facts fixes use; missing ones hold placeholders."""

    mgmt_networks: list[Network]
    syslog_servers: list[str]
    ntp_servers: list[str]
    snmpv3_user: str
    snmpv3_group: str
    banner: str
    admin_user: str
    aaa_login_methods: str
    mgmt_acl: str | None


def _facts_source(site: dict[str, Any]) -> dict[str, Any]:
    nested = site.get("harden")
    return {**site, **nested} if isinstance(nested, dict) else dict(site)


def _as_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _network(text: str) -> Network:
    net = ipaddress.ip_network(text, strict=False)
    return Network(str(net.network_address), str(net.hostmask), str(net.netmask))


def site_facts(site: dict[str, Any] | None) -> SiteFacts:
    """Site facts from --site (top level or under ``harden:``), placeholders where missing."""
    data = _facts_source(site or {})
    nets = [_network(n) for n in _as_list(data.get("mgmt_networks"))]
    return SiteFacts(
        mgmt_networks=nets or [Network("<MGMT_NETWORK>", "<MGMT_WILDCARD>", "<MGMT_MASK>")],
        syslog_servers=_as_list(data.get("syslog_servers")) or ["<SYSLOG_SERVER>"],
        ntp_servers=_as_list(data.get("ntp_servers")) or ["<NTP_SERVER>"],
        snmpv3_user=str(data.get("snmpv3_user") or "<SNMPV3_USER>"),
        snmpv3_group=str(data.get("snmpv3_group") or "V3-PRIV"),
        banner=" ".join(str(data.get("banner") or "<BANNER_TEXT>").split()),
        admin_user=str(data.get("admin_user") or "<ADMIN_USER>"),
        aaa_login_methods=str(data.get("aaa_login_methods") or "local"),
        mgmt_acl=str(data["mgmt_acl"]) if data.get("mgmt_acl") else None,
    )


@dataclass
class Hit:
    text: str
    parent: str | None
    children: list[str]
    path: list[str] = field(default_factory=list)  # the section headers above the line, outermost first


@dataclass
class FixContext:
    """What a fix template sees (``f``)."""

    dialect: str
    site: SiteFacts
    tree: HConfig
    targets: list[Target]
    hits: list[Hit]
    groups: dict[str, list[str]]
    default_users: set[str] = field(default_factory=set)
    facts: dict[str, Any] = field(default_factory=dict)  # the raw site facts (user rules read any key)
    params: dict[str, Any] = field(default_factory=dict)  # the rule's parameters (baseline profile)
    os: str | None = None  # the device's os id (huawei_vrp, huawei_vrp8, ...)
    model: str | None = None  # the device's model when the source read it (display version), else None
    marks: set[str] = field(default_factory=set)  # what the templates flagged (unconfirmed)

    @property
    def vrp8(self) -> bool:
        """A VRP8 device (CloudEngine switch, NetEngine router): the VRP macros write its spelling."""
        return self.os == "huawei_vrp8"

    @property
    def netengine(self) -> bool:
        """A VRP8 NetEngine router (its model, or its configuration naming software V800): NE40E spellings,
        not CloudEngine's."""
        if not self.vrp8:
            return False
        by_model = bool(self.model and _NETENGINE_MODEL.match(self.model))
        return by_model or any(_NETENGINE.match(line) for line in self.root)

    @property
    def ntp(self) -> str:
        """The NTP command word: VRP5 and NetEngine `ntp-service`, CloudEngine `ntp`; the configuration's own
        spelling first."""
        if not self.vrp8:
            return "ntp-service"
        if self.has("^ntp-service ") or (self.netengine and not self.has("^ntp ")):
            return "ntp-service"
        return "ntp"

    def unconfirmed(self) -> str:
        """Mark the step: its VRP8 command is not shown by the Huawei guides checked (an empty string)."""
        self.marks.add("unconfirmed")
        return ""

    def sections(self, name: str) -> list[str]:
        """Headers of an interface set of data/harden/roles.yaml (access_ports, uplink_ports, l3_interfaces)."""
        return [s.text for s in select(self.tree, self.dialect, name)]

    @property
    def access_ports(self) -> list[str]:
        """Headers of the access ports the configuration shows facing hosts (roles.yaml access_ports)."""
        return self.sections("access_ports")

    @property
    def uplinks(self) -> list[str]:
        """Headers of the trunk uplinks, or the placeholder <TRUSTED_UPLINK_PORT> when none is shown."""
        return self.sections("uplink_ports") or ["interface <TRUSTED_UPLINK_PORT>"]

    @property
    def access_vlans(self) -> list[str]:
        """VLANs of the access ports (``port default vlan``, ``port access vlan``, ``switchport access vlan``)."""
        found: list[str] = []
        for section in select(self.tree, self.dialect, "access_ports"):
            for child in section.children:
                match = re.match(r"^(?:port default vlan|port access vlan|switchport access vlan) (\d+)$", child.text)
                if match and match.group(1) not in found:
                    found.append(match.group(1))
        return found or ["<USER_VLANS>"]

    @property
    def hit_groups(self) -> list[tuple[list[str], list[Hit]]]:
        """The hits grouped by the sections above them (one block per BGP instance), in order."""
        groups: dict[tuple[str, ...], list[Hit]] = {}
        for hit in self.hits:
            groups.setdefault(tuple(hit.path), []).append(hit)
        return [(list(path), hits) for path, hits in groups.items()]

    def param(self, name: str, placeholder: str) -> str:
        """A rule parameter (from the rule or the baseline profile), else the placeholder."""
        value = self.params.get(name)
        return placeholder if value in (None, "") else str(value)

    def section_has(self, header: str, pattern: str) -> bool:
        """Whether the root section `header` has a child matching `pattern`."""
        return any(c.text == header and any(re.search(pattern, x.text) for x in c.children)
                   for c in self.tree.children)

    def site_value(self, key: str, placeholder: str) -> str:
        """A site fact by name (lists joined by spaces), else the placeholder: for user rule templates."""
        value = self.facts.get(key)
        if value in (None, "", []):
            return placeholder
        return " ".join(map(str, value)) if isinstance(value, list) else str(value)

    @property
    def root(self) -> list[str]:
        """Global lines, with those the device has by default (VRP5 Telnet/HTTP servers, lines.root_defaults)."""
        return [c.text for c in self.tree.children] + [c.text for c in root_defaults(self.tree, self.dialect)]

    def has(self, pattern: str) -> bool:
        return any(re.search(pattern, line) for line in self.root)

    def _node(self, *path: str) -> Any:
        nodes: list[Any] = [self.tree]
        for pattern in path:
            nodes = [c for n in nodes for c in n.children if re.search(pattern, c.text)]
        return nodes[0] if nodes else None

    def has_path(self, *path: str) -> bool:
        return self._node(*path) is not None

    def children_of(self, *path: str) -> list[str]:
        node = self._node(*path)
        return [c.text for c in node.children] if node is not None else []

    @property
    def acl(self) -> str:
        """The management ACL: the site's, else a number (name on IOS) not used in the configuration."""
        if self.site.mgmt_acl:
            return self.site.mgmt_acl
        if self.dialect == "ios":
            return "MGMT-ACCESS"
        used = {int(m.group(1)) for line in self.root if (m := re.match(r"^acl (?:number |basic )?(\d+)", line))}
        return str(next(n for n in range(2001, 3000) if n not in used))

    def community(self, line: str) -> str:
        """The community to remove: its name when guessable (not a secret), else a placeholder."""
        match = re.search(r"community (?:read |write )?(?:simple )?(\S+)", line)
        name = match.group(1) if match else ""
        return name if _WEAK.match(name) else "<COMMUNITY_NAME>"


@dataclass
class Fix:
    commands: list[str]
    rollback: list[str]
    verify: list[str]
    placeholders: list[str]  # site facts to fill in before use
    secrets: list[str]  # secrets to type at change time
    unconfirmed: bool = False  # VRP8: a command of the step the Huawei guides checked do not show

    @property
    def concrete(self) -> bool:
        return not self.placeholders


def _grep(lines: list[str], pattern: str) -> list[str]:
    return [line for line in lines if re.search(pattern, line)]


def _re_group(text: str | None, pattern: str) -> str | None:
    match = re.search(pattern, text or "")
    return match.group(1) if match else None


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates_dir())), trim_blocks=True,
                             lstrip_blocks=True, undefined=jinja2.StrictUndefined, autoescape=False)
    env.filters.update(grep=_grep, re_group=_re_group, re_sub=lambda s, p, r: re.sub(p, r, s))
    env.tests["match"] = lambda s, p: bool(re.search(p, s or ""))
    return env


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines() if line.strip()]


def _render(rule: Rule, dialect: str, kind: str, ctx: FixContext) -> str:
    spec = rule.platforms[dialect]
    if isinstance(spec.fix, dict):
        source = spec.fix.get("commands" if kind == "fix" else kind) or spec.fix.get(kind)
        return environment().from_string(source).render(f=ctx) if source else ""
    module = environment().get_template(TEMPLATE_FILES[dialect]).module
    macro = getattr(module, f"{kind}_{spec.fix or rule.name}", None)
    if macro is None:
        return ""
    return str(macro(ctx))


def _hits(finding: Finding) -> list[Hit]:
    """The offending lines, each once (two checks of a rule may hit the same line)."""
    hits: dict[tuple[str, str | None], Hit] = {}
    for h in finding.hits:
        hit = Hit(h.text, None if isinstance(h.parent, HConfig) else h.parent.text, [c.text for c in h.children],
                  [c.text for c in h.lineage()][:-1])
        hits.setdefault((hit.text, tuple(hit.path)), hit)
    return list(hits.values())


def _placeholder_for(form_id: str) -> str:
    """The placeholder standing for a configuration secret of one redaction form."""
    return "<COMMUNITY_NAME>" if "community" in form_id or "securityname" in form_id else "<CURRENT_PASSWORD>"


@cache
def _template_words() -> frozenset[str]:
    """Every word the built-in fix templates write: keywords (``history``, ``expire``), never secrets."""
    words: set[str] = set()
    for path in (templates_dir() / "harden").glob("*.j2"):
        words.update(re.findall(r"[A-Za-z][A-Za-z0-9-]*", path.read_text(encoding="utf-8")))
    return frozenset(words)


def _form_spans(line: str) -> list[tuple[int, int, str]]:
    """(start, end, form id) of every secret a configuration-line form finds in `line`."""
    spans = []
    for form in forms():
        if form.embedded:
            continue
        for match in form.pattern.finditer(line):
            start, end = match.span("secret")
            if start < end:
                spans.append((start, end, form.id))
    return spans


def config_secrets(tree: HConfig) -> dict[str, str]:
    """{secret value: placeholder} of the configuration's secrets (not guessable names, not our keywords)."""
    found: dict[str, str] = {}
    keywords = _template_words()
    for child in tree.all_children():
        for start, end, form_id in _form_spans(child.text):
            value = child.text[start:end]
            if value != MASK and not _PLACEHOLDER.fullmatch(value) and not _WEAK.match(value) \
                    and value not in keywords:
                found.setdefault(value, _placeholder_for(form_id))
    return found


def guard_line(line: str, secrets: dict[str, str]) -> str:
    """A generated line with every configuration secret it copied (and every ``<redacted>``) replaced by
    its placeholder; everything the template wrote is kept as written."""
    edits: dict[tuple[int, int], str] = {}
    for start, end, form_id in _form_spans(line):
        value = line[start:end]
        if value == MASK or value in secrets:
            edits[(start, end)] = secrets.get(value, _placeholder_for(form_id))
    for match in _TOKEN.finditer(line):
        if match.span() in edits or any(a < match.end() and match.start() < b for a, b in edits):
            continue
        token = match.group()
        if token in secrets or token == MASK:
            edits[match.span()] = secrets.get(token, "<CURRENT_PASSWORD>")
    for (start, end), text in sorted(edits.items(), reverse=True):
        line = line[:start] + text + line[end:]
    return line


def render_fix(rule: Rule, dialect: str, finding: Finding, tree: HConfig, site: dict[str, Any] | None,
               default_users: set[str] | None = None, params: dict[str, Any] | None = None,
               os_id: str | None = None, model: str | None = None) -> Fix:
    """Fix, rollback and verify commands of one failed rule on one device (`os_id`: VRP5 or VRP8 spelling;
    `model`: the device's model, which tells a NetEngine from a CloudEngine)."""
    groups: dict[str, list[str]] = defaultdict(list, {k: list(v) for k, v in finding.groups.items()})
    ctx = FixContext(dialect=dialect, site=site_facts(site), tree=tree, targets=finding.targets,
                     hits=_hits(finding), groups=groups, default_users=set(default_users or ()),
                     facts=_facts_source(site or {}), params=dict(params or {}), os=os_id, model=model)
    secrets = config_secrets(tree)
    commands, rollback, verify = ([guard_line(line, secrets) for line in _lines(_render(rule, dialect, kind, ctx))]
                                  for kind in ("fix", "rollback", "verify"))
    names = list(dict.fromkeys(_PLACEHOLDER.findall("\n".join(commands + rollback + verify))))
    return Fix(commands=commands, rollback=rollback, verify=verify,
               placeholders=[f"<{n}>" for n in names if not _SECRET.search(n)],
               secrets=[f"<{n}>" for n in names if _SECRET.search(n)], unconfirmed="unconfirmed" in ctx.marks)
