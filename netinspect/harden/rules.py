"""Hardening rules: the built-in catalog (data/harden/rules.yaml) and user rule files (--rules DIR).

A broken rule file or rule is reported with its path and line (:class:`RuleError`) and skipped; the
others still load. A user rule with the id of a built-in rule replaces it. Format: docs/rules.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import yaml

from netinspect.core.paths import DATA_DIR
from netinspect.core.results import SEVERITIES
from netinspect.harden.configtree import DIALECTS
from netinspect.harden.roles import role_names, selector_names

BUILTIN = DATA_DIR / "harden" / "rules.yaml"
DIALECT_GROUPS = {"comware": ("comware5", "comware7"), "huawei_vrp": ("vrp",), "huawei_vrp8": ("vrp",),
                  "h3c_comware": ("comware5", "comware7"), "cisco_ios": ("ios",), "cisco_iosxe": ("ios",)}
TEXT_KEYS = ("title", "risk", "expected", "impact")
FAMILIES = ("management", "access", "control_plane", "routing")
STATE_CHECKS = ("down_ports",)  # checks that need the device state, not only the configuration (harden/state.py)
IMPACT_LEVELS = ("none", "brief", "window")  # no interruption / brief interruption / needs a window
_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z0-9_.]+$")
_PLACEHOLDERS = {"<IP>": r"\d{1,3}(?:\.\d{1,3}){3}", "<NUM>": r"\d+", "<WORD>": r"\S+", "<ANY>": r".*"}
_TOKEN = re.compile(r"(<IP>|<NUM>|<WORD>|<ANY>|\{[a-z_]+\})")


class RuleError(Exception):
    """A rule file or rule that cannot be used: where it is and why."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path, self.line, self.message = path, line, message
        super().__init__(f"{path}:{line or 0}: {message}")


@dataclass(frozen=True)
class Check:
    """One condition: lines that must be absent or present, at the root, in a section path or anywhere."""

    kind: str  # absent | present | any_of | each
    patterns: tuple[str, ...] = ()
    path: tuple[str, ...] = ()  # section patterns from the root; () = root level
    anywhere: bool = False
    above: int | None = None  # numeric: a hit only when the value is above this
    zero: bool = False  # numeric: a value of 0 (disabled) is also a hit
    missing_section: str = "fail"  # fail | insufficient_data | not_applicable | pass
    create: str | None = None  # section header to create when the section is missing
    any_of: tuple[Check, ...] = ()
    require: tuple[str, ...] = ()  # each: what every matching line's {key} needs (any of)
    via: tuple[str, ...] = ()  # each: lines naming another {key} whose requirement counts (peer groups)
    ebgp: bool = False  # each: only lines whose group `as` differs from the section header's AS number


@dataclass(frozen=True)
class PlatformRule:
    when: str | None
    checks: tuple[Check, ...]
    fix: str | dict[str, str] | None  # macro name in templates/harden/<dialect>.j2, or inline templates
    unknown: str | None = None  # a line that hides what the rule judges (an encrypted community): no pass
    state: str | None = None  # a check of the collected device state as well (STATE_CHECKS)


@dataclass
class Rule:
    id: str
    severity: str
    phase: int
    texts: dict[str, dict[str, str]]  # title/risk/expected/impact -> {zh, en}
    references: dict[str, list[Any]]  # "all" or a dialect -> references (text, or {zh, en})
    platforms: dict[str, PlatformRule]  # dialect -> rule
    facts: tuple[str, ...] = ()
    cuts_session: bool = False
    needs_secrets: bool = False  # judges secret values (community names): no pass on a redacted config
    source: str = "builtin"
    line: int | None = None
    family: str = "management"
    roles: tuple[str, ...] = ()  # roles the rule applies to; () = every device
    impact_level: str = "none"
    params: dict[str, Any] = field(default_factory=dict)  # values the fix templates use (f.params)
    optional: bool = False  # runs only when a baseline profile names it (a policy choice, not a baseline)
    extra: dict[str, Any] = field(default_factory=dict)

    def text(self, key: str, lang: str) -> str:
        return self.texts.get(key, {}).get(lang, "")

    def refs(self, dialect: str, lang: str = "en") -> list[str]:
        """The clauses and guides the rule serves; a guide named in both languages ({zh, en}) in `lang`."""
        return [ref if isinstance(ref, str) else ref[lang]
                for ref in (*self.references.get("all", []), *self.references.get(dialect, []))]

    @property
    def name(self) -> str:
        return self.id.split(".", 1)[1]


def compile_pattern(pattern: str, site: dict[str, Any] | None = None) -> re.Pattern[str]:
    """A rule pattern as a regex: ``re:...`` as written, else a CLI pattern anchored at the line start."""
    if pattern.startswith("re:"):
        return re.compile(pattern[3:])
    parts = []
    for token in _TOKEN.split(pattern):
        if token in _PLACEHOLDERS:
            parts.append(_PLACEHOLDERS[token])
        elif token.startswith("{") and token.endswith("}"):
            value = (site or {}).get(token[1:-1])
            values = value if isinstance(value, list) else [value] if value else []
            parts.append("(?:" + "|".join(re.escape(str(v)) for v in values) + ")" if values else r"\S+")
        else:
            parts.append(r"\s+".join(re.escape(word) for word in token.split(" ")))
    return re.compile("^" + "".join(parts) + r"(?:\s|$)")


def _validate_pattern(pattern: Any, where: str) -> str:
    if not isinstance(pattern, str) or not pattern.strip():
        raise ValueError(f"{where}: a pattern must be a non-empty string")
    try:
        compile_pattern(pattern)
    except re.error as exc:
        raise ValueError(f"{where}: bad regular expression {pattern!r}: {exc}") from exc
    return pattern


def _check(data: Any) -> Check:
    if not isinstance(data, dict):
        raise ValueError("a check must be a mapping with absent:, present: or any_of:")
    kinds = [k for k in ("absent", "present", "any_of", "each") if k in data]
    if len(kinds) != 1:
        raise ValueError(f"a check needs exactly one of absent/present/any_of/each, got {sorted(data)}")
    unknown = set(data) - {"absent", "present", "any_of", "each", "require", "via", "ebgp", "in", "anywhere",
                           "above", "zero", "missing_section", "create"}
    if unknown:
        raise ValueError(f"unknown check key(s): {', '.join(sorted(unknown))}")
    kind = kinds[0]
    if kind == "any_of":
        subs = data["any_of"]
        if not isinstance(subs, list) or not subs:
            raise ValueError("any_of needs a list of checks")
        return Check(kind="any_of", any_of=tuple(_check(s) for s in subs))
    raw = data[kind]
    patterns = tuple(_validate_pattern(p, kind) for p in (raw if isinstance(raw, list) else [raw]))
    path_raw = data.get("in") or []
    path = tuple(_validate_pattern(p, "in") for p in (path_raw if isinstance(path_raw, list) else [path_raw]))
    for p in path:
        if p.startswith("@") and p[1:] not in selector_names():
            raise ValueError(f"in: unknown interface set {p!r}: use one of {', '.join(sorted(selector_names()))}")
    require: tuple[str, ...] = ()
    if kind == "each":
        raw_req = data.get("require")
        if not raw_req:
            raise ValueError("each: needs require: (what every matching line must have)")
        fill = lambda p: p.replace("{key}", "x")  # noqa: E731
        require = tuple(p for p in (raw_req if isinstance(raw_req, list) else [raw_req])
                        if _validate_pattern(fill(p), "require"))
        if any("(?P<key>" not in p for p in patterns):
            raise ValueError("each: the pattern needs a named group (?P<key>...)")
    missing = data.get("missing_section", "fail")
    if missing not in ("fail", "insufficient_data", "not_applicable", "pass"):
        raise ValueError(f"missing_section must be fail, insufficient_data, not_applicable or pass, not {missing!r}")
    above = data.get("above")
    if above is not None and not isinstance(above, int):
        raise ValueError("above must be an integer")
    via_raw = data.get("via") or []
    via = tuple(_validate_pattern(p.replace("{key}", "x"), "via") and p
                for p in (via_raw if isinstance(via_raw, list) else [via_raw]))
    return Check(kind=kind, patterns=patterns, path=path, anywhere=bool(data.get("anywhere")), above=above,
                 zero=bool(data.get("zero")), missing_section=missing, create=data.get("create"), require=require,
                 via=via, ebgp=bool(data.get("ebgp")))


def _validate_fix(fix: dict[str, Any], where: str) -> None:
    unknown = set(fix) - {"commands", "rollback", "verify"}
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; use commands, rollback, verify")
    for name, source in fix.items():
        try:
            jinja2.Environment().parse(str(source))
        except jinja2.TemplateSyntaxError as exc:
            raise ValueError(f"{where}.{name}: template error: {exc.message}") from exc


def _platforms(data: Any) -> dict[str, PlatformRule]:
    if not isinstance(data, dict) or not data:
        raise ValueError("platforms: needs at least one dialect (vrp, comware5, comware7, comware, ios)")
    out: dict[str, PlatformRule] = {}
    for key, spec in data.items():
        targets = DIALECT_GROUPS.get(key, (key,))
        if any(t not in DIALECTS for t in targets):
            raise ValueError(f"unknown platform {key!r}: use one of {', '.join(DIALECTS)}, comware")
        state = spec.get("state") if isinstance(spec, dict) else None
        if state is not None and state not in STATE_CHECKS:
            raise ValueError(f"platforms.{key}.state: {state!r} is not one of {', '.join(STATE_CHECKS)}")
        if not isinstance(spec, dict) or not isinstance(spec.get("checks", []), list) or \
                not (spec.get("checks") or state):
            raise ValueError(f"platforms.{key}: needs a non-empty checks: list")
        when = _validate_pattern(spec["when"], "when") if spec.get("when") else None
        unknown = _validate_pattern(spec["unknown"], "unknown") if spec.get("unknown") else None
        fix = spec.get("fix")
        if fix is not None and not isinstance(fix, (str, dict)):
            raise ValueError(f"platforms.{key}.fix: a macro name or a mapping of commands/rollback/verify")
        if isinstance(fix, dict):
            _validate_fix(fix, f"platforms.{key}.fix")
        rule = PlatformRule(when=when, checks=tuple(_check(c) for c in spec.get("checks", [])), fix=fix,
                            unknown=unknown, state=state)
        for target in targets:
            out[target] = rule
    return out


def _texts(data: dict[str, Any]) -> dict[str, dict[str, str]]:
    texts = {}
    for key in TEXT_KEYS:
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            value = {"zh": value, "en": value}
        if not isinstance(value, dict) or not {"zh", "en"} <= set(value):
            raise ValueError(f"{key}: needs both zh: and en: texts")
        texts[key] = {"zh": str(value["zh"]), "en": str(value["en"])}
    if "title" not in texts:
        raise ValueError("title: is required ({zh: ..., en: ...})")
    return texts


def _rule(data: Any, source: str, line: int) -> Rule:
    if not isinstance(data, dict):
        raise ValueError("a rule must be a mapping")
    rule_id = data.get("id")
    if not isinstance(rule_id, str) or not _ID.match(rule_id):
        raise ValueError(f"id: {rule_id!r} is not a rule id like harden.telnet or site.snmp_location")
    severity = data.get("severity")
    if severity not in SEVERITIES:
        raise ValueError(f"severity: {severity!r} is not one of {', '.join(SEVERITIES)}")
    refs = data.get("references") or {}
    if isinstance(refs, list):
        refs = {"all": refs}
    family = data.get("family", "management")
    if family not in FAMILIES:
        raise ValueError(f"family: {family!r} is not one of {', '.join(FAMILIES)}")
    roles = tuple(data.get("roles") or ())
    unknown_roles = [r for r in roles if r not in role_names()]
    if unknown_roles:
        raise ValueError(f"roles: unknown {', '.join(map(str, unknown_roles))}; use {', '.join(role_names())}")
    level = data.get("impact_level", "none")
    if level not in IMPACT_LEVELS:
        raise ValueError(f"impact_level: {level!r} is not one of {', '.join(IMPACT_LEVELS)}")
    params = data.get("params") or {}
    if not isinstance(params, dict):
        raise ValueError("params: a mapping of names to values")
    return Rule(family=family, roles=roles, impact_level=level, params=dict(params),
                optional=bool(data.get("optional")),
                id=rule_id, severity=severity, phase=int(data.get("phase", 90)), texts=_texts(data),
                references={k: list(v) for k, v in refs.items()}, platforms=_platforms(data.get("platforms")),
                facts=tuple(data.get("facts", [])), cuts_session=bool(data.get("cuts_session")),
                needs_secrets=bool(data.get("needs_secrets")), source=source, line=line)


def load_file(path: Path) -> tuple[list[Rule], list[RuleError]]:
    """Rules of one file; every broken rule (or the whole file) as an error with its line.

    Read once per process while the file stays the same (its size and modification time): every chunk
    of devices a worker judges asks for the rules again. The rules are shared: callers never change them.
    """
    try:
        stat = path.stat()
        key: tuple[int, int] | None = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = None
    if key is None:
        return _load_file(path)
    rules, errors = _load_file_cached(path, key)
    return list(rules), list(errors)


@lru_cache(maxsize=64)
def _load_file_cached(path: Path, key: tuple[int, int]) -> tuple[tuple[Rule, ...], tuple[RuleError, ...]]:
    rules, errors = _load_file(path)
    return tuple(rules), tuple(errors)


def _load_file(path: Path) -> tuple[list[Rule], list[RuleError]]:
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as exc:
        return [], [RuleError(name, None, f"cannot read: {exc}")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [], [RuleError(name, mark.line + 1 if mark else None, f"not valid YAML: {exc}")]
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        return [], [RuleError(name, 1, "a rule file is a mapping with a rules: list")]
    nodes = next(v for k, v in root.value if k.value == "rules").value
    rules, errors = [], []
    for node, item in zip(nodes, data["rules"], strict=True):
        line = node.start_mark.line + 1
        try:
            rules.append(_rule(item, name, line))
        except (ValueError, TypeError) as exc:
            errors.append(RuleError(name, line, str(exc)))
    return rules, errors


def default_rules(rules: list[Rule]) -> list[Rule]:
    """The rules an audit without a baseline profile runs: all but the optional ones."""
    return [r for r in rules if not r.optional]


def load_rules(rules_dir: str | Path | None = None) -> tuple[list[Rule], list[RuleError]]:
    """Built-in rules, then every *.yaml/*.yml in `rules_dir` (same id: the user's rule wins)."""
    rules, errors = load_file(BUILTIN)
    by_id = {r.id: r for r in rules}
    if rules_dir:
        folder = Path(rules_dir)
        if not folder.is_dir():
            errors.append(RuleError(str(folder), None, "rules folder not found"))
        else:
            for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
                extra, errs = load_file(path)
                errors.extend(errs)
                by_id.update({r.id: r for r in extra})
    ordered = sorted(by_id.values(), key=lambda r: (r.phase, r.id))
    return ordered, errors
