"""Evaluating a rule over a configuration tree: verdict, evidence (redacted) and what the fix must touch."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from hier_config import HConfig
from hier_config.child import HConfigChild

from netinspect.core.redact import redact_line
from netinspect.harden.configtree import path_text, walk
from netinspect.harden.lines import effective_children, implicit_sections
from netinspect.harden.roles import select
from netinspect.harden.rules import Check, Rule, compile_pattern

Node = HConfig | HConfigChild


@dataclass
class Target:
    """A section (or the root) a fix has to work in, with its current lines."""

    header: str | None  # None: the root
    children: list[str]
    exists: bool = True


@dataclass
class Finding:
    """The outcome of one rule on one configuration."""

    status: str  # pass | fail | insufficient_data
    evidence: list[str] = field(default_factory=list)  # redacted "section > line" paths
    hits: list[HConfigChild] = field(default_factory=list)  # offending lines (raw, for fix templates only)
    targets: list[Target] = field(default_factory=list)  # sections lacking a required line
    missing: list[str] = field(default_factory=list)  # what is missing, in words (patterns)
    groups: dict[str, list[str]] = field(default_factory=dict)  # named regex groups of the hits
    note: str | None = None


@dataclass
class _Context:
    """What a check is evaluated against: the tree, its dialect and the user lines it does not print."""

    tree: HConfig
    dialect: str
    site: dict[str, Any]
    implicit: list[HConfigChild]

    def children(self, node: Node) -> list[HConfigChild]:
        return effective_children(node, self.tree, self.dialect)


def _sections(ctx: _Context, path: tuple[str, ...]) -> list[Node]:
    nodes: list[Node] = [ctx.tree]
    for depth, pattern in enumerate(path):
        if depth == 0 and pattern.startswith("@"):
            nodes = list(select(ctx.tree, ctx.dialect, pattern[1:]))
            continue
        regex = compile_pattern(pattern, ctx.site)
        nodes = [c for n in nodes for c in n.children if regex.search(c.text)]
        if depth == 0 and len(path) == 1:
            nodes += [c for c in ctx.implicit if regex.search(c.text)]
    return nodes


IMPLICIT = " (not in the configuration: defaults)"
NO_PEER = "not applicable: no line the rule checks one by one (no eBGP peer)"
NO_PORTS = "not applicable: no port of the set the rule checks"  # + " @<set>" (missing_section: not_applicable)
ENCRYPTED = "the configuration stores what the rule judges in encrypted form"  # after a user line the configuration does not print


def _header(ctx: _Context, scope: Node) -> str:
    text = redact_line(path_text(scope))
    return text + IMPLICIT if any(scope is c for c in ctx.implicit) else text


def _value(match: re.Match[str]) -> int | None:
    groups = match.groupdict()
    if groups.get("m") is not None:
        return int(groups["m"]) * 60 + int(groups.get("s") or 0)
    if groups.get("value") is not None:
        return int(groups["value"])
    return None


def _is_hit(check: Check, regexes: list[re.Pattern[str]], text: str) -> re.Match[str] | None:
    for regex in regexes:
        match = regex.search(text)
        if not match:
            continue
        if check.above is None and not check.zero:
            return match
        value = _value(match)
        if value is not None and ((check.above is not None and value > check.above) or (check.zero and value == 0)):
            return match
    return None


def _candidates(ctx: _Context, check: Check, scopes: list[Node]) -> list[HConfigChild]:
    if check.anywhere:
        return [c for c, _ in walk(ctx.tree)]
    seen: dict[int, HConfigChild] = {}
    for scope in scopes:
        for child in ctx.children(scope):
            seen.setdefault(id(child), child)
    return list(seen.values())


def _eval_check(ctx: _Context, check: Check, out: Finding) -> str:
    if check.kind == "any_of":
        trial = [Finding("pass") for _ in check.any_of]
        verdicts = [_eval_check(ctx, c, f) for c, f in zip(check.any_of, trial, strict=True)]
        if "pass" in verdicts:
            return "pass"
        if all(v == "not_applicable" for v in verdicts):
            out.note = next((f.note for f in trial if f.note), None)
            return "not_applicable"
        for f in trial:
            out.evidence += f.evidence
            out.missing += f.missing
            out.targets += f.targets
        return "insufficient_data" if "insufficient_data" in verdicts else "fail"
    scopes = _sections(ctx, check.path)
    if check.kind == "each":
        return _eval_each(ctx, check, scopes, out)
    regexes = [compile_pattern(p, ctx.site) for p in check.patterns]
    if check.path and not scopes and not check.anywhere:
        if check.kind == "absent" or check.missing_section == "pass":
            return "pass"
        if check.missing_section == "not_applicable":  # nothing to judge: say so, never a pass
            out.note = f"{NO_PORTS} {check.path[0]}"
            return "not_applicable"
        out.missing.append(f"{' > '.join(check.path)}: {' | '.join(check.patterns)}")
        if check.create:
            out.targets.append(Target(check.create, [], exists=False))
        return "insufficient_data" if check.missing_section == "insufficient_data" else "fail"
    if check.kind == "absent":
        hits = [(c, m) for c in _candidates(ctx, check, scopes) if (m := _is_hit(check, regexes, c.text))]
        for child, match in hits:
            out.hits.append(child)
            default = "" if child.root is ctx.tree else IMPLICIT  # a global default (lines.root_defaults)
            out.evidence.append(redact_line(path_text(child)) + default)
            for name, value in match.groupdict().items():
                if value is not None:
                    out.groups.setdefault(name, []).append(value)
        if hits:
            out.targets += [_target(c.parent) for c in {id(h.parent): h for h, _ in hits}.values()]
        return "fail" if hits else "pass"
    if check.anywhere:  # present anywhere: one line at any depth will do
        if any(r.search(c.text) for c, _ in walk(ctx.tree) for r in regexes):
            return "pass"
        out.missing.append(" | ".join(check.patterns))
        out.targets.append(_target(ctx.tree))
        return "fail"
    verdict = "pass"
    for scope in scopes:
        if not any(r.search(c.text) for c in ctx.children(scope) for r in regexes):
            verdict = "fail"
            out.targets.append(_target(scope))
            header = None if isinstance(scope, HConfig) else _header(ctx, scope)
            out.missing.append(f"{header + ': ' if header else ''}{' | '.join(check.patterns)}")
            if header:
                out.evidence.append(header)
    return verdict


def _keyed(pattern: str, key: str, site: dict[str, Any]) -> re.Pattern[str]:
    return compile_pattern(pattern.replace("{key}", re.escape(key)), site)


def _local_as(scope: Node) -> str | None:
    match = re.search(r"\b(\d+(?:\.\d+)?)\b", getattr(scope, "text", ""))
    return match.group(1) if match else None


def _eval_each(ctx: _Context, check: Check, scopes: list[Node], out: Finding) -> str:
    """Every line matching the pattern (a BGP peer) needs one of `require` for its {key} in the section."""
    verdict, seen = "pass", False
    regexes = [compile_pattern(p, ctx.site) for p in check.patterns]
    for scope in scopes:
        lines = [c for c, _ in walk(scope)] if not isinstance(scope, HConfig) else [c for c, _ in walk(ctx.tree)]
        local = _local_as(scope)
        for child in lines:
            match = next((m for r in regexes if (m := r.search(child.text))), None)
            if match is None:
                continue
            peer_as = match.groupdict().get("as")
            if check.ebgp and (peer_as is None or local is None or peer_as == local):
                continue
            seen = True
            if _satisfied(ctx, check, lines, match.group("key")):
                continue
            verdict = "fail"
            out.hits.append(child)
            out.evidence.append(redact_line(path_text(child)))
            out.groups.setdefault("key", []).append(match.group("key"))
            out.targets.append(_target(child.parent))
            out.missing.append(f"{match.group('key')}: {' | '.join(check.require)}")
    return verdict if seen else "not_applicable"


def _satisfied(ctx: _Context, check: Check, lines: list[HConfigChild], key: str) -> bool:
    keys = [key]
    for pattern in check.via:
        regex = _keyed(pattern, key, ctx.site)
        keys += [m.group("key") for c in lines if (m := regex.search(c.text)) and "key" in m.groupdict()]
    for k in dict.fromkeys(keys):
        required = [_keyed(p, k, ctx.site) for p in check.require]
        if any(r.search(c.text) for c in lines for r in required):
            return True
    return False


def _target(node: Node) -> Target:
    if isinstance(node, HConfig):
        return Target(None, [c.text for c in node.children])
    return Target(node.text, [c.text for c in node.children])


def evaluate(rule: Rule, dialect: str, tree: HConfig, site: dict[str, Any] | None = None) -> Finding:
    """Run every check of `rule` for `dialect` over `tree`."""
    site = site or {}
    spec = rule.platforms.get(dialect)
    if spec is None:
        return Finding("skipped", note=f"no rule for {dialect}")
    if spec.when and not _applies(spec.when, dialect, tree, site):
        return Finding("pass", note="not applicable: the feature is not configured")
    finding = Finding("pass")
    ctx = _Context(tree, dialect, site, implicit_sections(tree, dialect))
    verdicts = [_eval_check(ctx, check, finding) for check in spec.checks]
    if verdicts and all(v == "not_applicable" for v in verdicts):
        return Finding("pass", note=finding.note or NO_PEER)
    verdicts = ["pass" if v == "not_applicable" else v for v in verdicts]
    if "fail" in verdicts:
        finding.status = "fail"
    elif "insufficient_data" in verdicts:
        finding.status = "insufficient_data"
        finding.note = "the configuration lacks the section the rule reads (partial configuration?)"
    elif spec.unknown and any(compile_pattern(spec.unknown, site).search(c.text) for c, _ in walk(tree)):
        finding.status = "insufficient_data"
        finding.note = ENCRYPTED
        finding.missing.append(f"{spec.unknown} (encrypted: cannot be judged)")
    finding.targets = _dedupe(finding.targets)
    finding.evidence = list(dict.fromkeys(finding.evidence))
    return finding


def _applies(when: str, dialect: str, tree: HConfig, site: dict[str, Any]) -> bool:
    """`when`: a line somewhere matches, or (``@name``) the interface set is not empty."""
    if when.startswith("@"):
        return bool(select(tree, dialect, when[1:]))
    return any(compile_pattern(when, site).search(c.text) for c, _ in walk(tree))


def _dedupe(targets: list[Target]) -> list[Target]:
    seen: dict[str | None, Target] = {}
    for t in targets:
        seen.setdefault(t.header, t)
    return list(seen.values())
