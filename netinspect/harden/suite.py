"""The hardening check suite: `harden.*` CheckResults (category "hardening") from each device's running config.

ctx.options: ``rules_dir`` (user rule folder), ``waivers`` (path or list of Waiver). Rule file errors are
left in ``ctx.options["harden_rule_errors"]`` for the caller to report.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from netinspect.checks.context import AnalysisContext
from netinspect.core.i18n import labels
from netinspect.core.redact import MASK
from netinspect.core.results import CheckResult, DeviceResult, Remediation
from netinspect.harden.baseline import apply_baseline
from netinspect.harden.configtree import dialect_of, parse_config
from netinspect.harden.engine import ENCRYPTED, IMPLICIT, NO_PEER, NO_PORTS, Finding, evaluate
from netinspect.harden.fixes import render_fix
from netinspect.harden.roles import device_roles, not_applicable_reason
from netinspect.harden.rules import Rule, RuleError, default_rules, load_rules
from netinspect.harden.state import NO_STATE, STATE
from netinspect.harden.waivers import apply_waivers, load_waivers


def _result(rule: Rule, status: str, message: str, lang: str, **kw: Any) -> CheckResult:
    extra = {"family": rule.family, **kw.pop("extra", {})}
    return CheckResult(check=rule.id, category="hardening", status=status,
                       severity=rule.severity if status == "fail" else "info", message=message,
                       title=rule.text("title", lang), expected=rule.text("expected", lang),
                       references=kw.pop("references", None) or rule.refs(kw.pop("dialect", "") or "", lang),
                       extra=extra, **kw)


def _failed(rule: Rule, dialect: str, finding: Finding, tree: Any, site: dict[str, Any], lang: str,
            default_users: set[str], command: str | None, text: dict[str, str],
            os_id: str | None = None, model: str | None = None) -> CheckResult:
    fix = render_fix(rule, dialect, finding, tree, site, default_users, params=rule.params, os_id=os_id,
                     model=model)
    missing = [f"{text['missing']}: {rule.text('expected', lang) or '; '.join(finding.missing)}"] \
        if finding.missing else []
    evidence = [e.replace(IMPLICIT, text["implicit_line"]) for e in finding.evidence] + missing
    return _result(
        rule, "fail", text["msg_fail"].format(title=rule.text("title", lang)), lang, command=command,
        observed=evidence, evidence=evidence,
        advice=text["advice_fix"].format(expected=rule.text("expected", lang) or rule.text("title", lang)),
        remediation=Remediation(commands=fix.commands, rollback=fix.rollback, verify=fix.verify,
                                notes=rule.text("impact", lang)),
        references=rule.refs(dialect, lang),
        extra={"harden": {"dialect": dialect, "phase": rule.phase, "cuts_session": rule.cuts_session,
                          "family": rule.family, "impact_level": rule.impact_level,
                          "risk": rule.text("risk", lang), "impact": rule.text("impact", lang),
                          "placeholders": fix.placeholders, "secrets": fix.secrets, "concrete": fix.concrete,
                          "missing": finding.missing, "rule_source": rule.source,
                          **({"unconfirmed": True} if fix.unconfirmed else {})}})


def _with_state(rule: Rule, dialect: str, tree: Any, finding: Finding, interfaces: list[Any] | None) -> Finding:
    """A rule that also reads the device state (unused ports): its verdict once the configuration passes."""
    spec = rule.platforms.get(dialect)
    if spec is None or spec.state is None or finding.status != "pass" or finding.note:
        return finding
    return STATE[spec.state](tree, dialect, interfaces)


def audit_config(text: str | None, os_id: str | None, rules: list[Rule], site: dict[str, Any] | None = None,
                 lang: str = "zh", command: str | None = None, role: str | None = None,
                 interfaces: list[Any] | None = None, model: str | None = None) -> list[CheckResult]:
    """Every rule over one configuration; `role` is the inventory role (switch, router, ...) if any,
    `interfaces` the interface state read from the device (None: configuration only), `model` the device's
    model when known (it chooses NetEngine or CloudEngine spellings of VRP 8 fixes)."""
    labels_ = labels(lang, "harden")
    site = site or {}
    dialect = dialect_of(os_id, text or "") if text else None
    if text is None or dialect is None:
        reason = labels_["msg_no_config"] if text is None else labels_["msg_no_platform"]
        return [_result(r, "insufficient_data", reason, lang) for r in rules]
    tree = parse_config(text, dialect)
    found = device_roles(tree, dialect, role, lang)
    na = {r.id: reason for r in rules if (reason := not_applicable_reason(r.roles, found, lang))}
    findings = {r.id: _with_state(r, dialect, tree, evaluate(r, dialect, tree, site), interfaces)
                if r.id not in na else Finding("skipped", note=na[r.id]) for r in rules}
    default_users = set(findings.get("harden.default_accounts", Finding("pass")).groups.get("user", []))
    results = []
    for rule in rules:
        finding = findings[rule.id]
        title = rule.text("title", lang)
        if rule.id in na:
            results.append(_result(rule, "skipped", na[rule.id], lang, command=command, dialect=dialect,
                                   extra={"not_applicable": na[rule.id], "roles": sorted(found.roles)}))
        elif finding.status == "fail":
            results.append(_failed(rule, dialect, finding, tree, site, lang, default_users, command, labels_,
                                   os_id, model))
        elif finding.status == "insufficient_data":
            reason = labels_["msg_encrypted"] if finding.note == ENCRYPTED else \
                labels_["msg_no_state"] if finding.note == NO_STATE else labels_["msg_partial"]
            results.append(_result(rule, "insufficient_data", reason, lang, command=command, evidence=finding.missing,
                                   dialect=dialect))
        elif finding.status == "skipped":
            results.append(_result(rule, "skipped", labels_["msg_no_rule"], lang, command=command, dialect=dialect))
        elif rule.needs_secrets and MASK in text:
            results.append(_result(rule, "insufficient_data", labels_["msg_redacted"], lang, command=command,
                                   dialect=dialect))
        elif finding.note:
            message = _not_applicable_message(finding.note, labels_)
            results.append(_result(rule, "skipped", message, lang, command=command, dialect=dialect,
                                   extra={"not_applicable": message}))
        else:
            results.append(_result(rule, "pass", labels_["msg_pass"].format(title=title), lang, command=command,
                                   dialect=dialect))
    for result in results:
        result.extra.setdefault("roles", sorted(found.roles))
    return results


def _not_applicable_message(note: str, labels_: dict[str, str]) -> str:
    """Why a rule that judged nothing does not apply: no eBGP peer, no port of its set, or no such feature."""
    if note == NO_PEER:
        return labels_["msg_na_peer"]
    if note.startswith(NO_PORTS):
        return labels_.get(f"msg_na_set.{note[len(NO_PORTS):].strip().lstrip('@')}", labels_["msg_na_ports"])
    return labels_["msg_na"]


def chosen_rules(ctx: AnalysisContext) -> tuple[list[Rule], list[Any]]:
    """The catalog (and --rules), narrowed and tuned by the baseline profile (ctx.options["hardening_baseline"])."""
    rules, errors = load_rules(ctx.options.get("rules_dir"))
    baseline = ctx.options.get("hardening_baseline")
    if baseline is None:
        return default_rules(rules), errors
    rules, unknown = apply_baseline(rules, baseline)
    errors = [*errors, *(RuleError(baseline.path, None, f"{rule_id}: no such rule") for rule_id in unknown)]
    return rules, errors


def prepare(ctx: AnalysisContext) -> None:
    """Once per run, before the devices: rule-file errors for the report, waiver errors for the user."""
    ctx.options["harden_rule_errors"] = chosen_rules(ctx)[1]
    load_waivers(ctx.options.get("waivers"))


def run(devices: list[DeviceResult], ctx: AnalysisContext) -> None:
    """Append the hardening results to every device."""
    rules, errors = chosen_rules(ctx)
    ctx.options["harden_rule_errors"] = errors
    waivers = load_waivers(ctx.options.get("waivers"))
    today = ctx.options.get("today") or date.today()
    for dev in devices:
        results = audit_config(dev.device.running_config, dev.device.identity.os, rules, ctx.site, ctx.lang,
                               dev.device.sources.get("running_config"), role=dev.device.identity.role,
                               interfaces=dev.device.interfaces or None, model=dev.device.identity.model)
        apply_waivers(dev, results, waivers, ctx.lang, today)
        dev.results.extend(results)
