"""A device's hardening plan: the fix script in a safe order and the rollback script in reverse.

Order (rule ``phase``): back up first; enable SSH, policies and servers; AAA login; create the ACL and
bind it; timeouts; new admin before removing default accounts; telnet off only after SSH and AAA work;
then services. Steps that can cut the management session carry a warning. VRP8 ends with
``commit trial`` (auto-rollback unless confirmed); Comware 7 names ``configuration replace`` from the
backup; IOS names ``configure replace``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from netinspect.core.i18n import labels
from netinspect.core.results import CheckResult, DeviceResult
from netinspect.harden.configtree import dialect_of, dialects
from netinspect.harden.workarounds import exposed_advisories, workaround_steps


@dataclass
class PlanStep:
    number: int
    result: CheckResult
    warning: str | None = None

    @property
    def info(self) -> dict:
        return self.result.extra.get("harden", {})


@dataclass
class DevicePlan:
    device: str
    os: str | None
    dialect: str
    steps: list[PlanStep]
    fix_script: list[str] = field(default_factory=list)
    rollback_script: list[str] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)
    secrets: list[str] = field(default_factory=list)
    waived: list[CheckResult] = field(default_factory=list)
    expired: list[CheckResult] = field(default_factory=list)


def harden_failures(dev: DeviceResult) -> list[CheckResult]:
    """Failed hardening results of a device, in the order the plan applies them."""
    failed = [r for r in dev.results if r.category == "hardening" and r.status == "fail" and r.remediation]
    return sorted(failed, key=lambda r: (r.extra.get("harden", {}).get("phase", 90), r.check))


def plan_steps(dev: DeviceResult) -> list[CheckResult]:
    """The results a device's plan has a step for, in order: none when no failure has a dialect."""
    failures = harden_failures(dev)
    return failures if any("harden" in r.extra for r in failures) else []


def _comment(dialect: str, text: str) -> str:
    return f"{dialects()[dialect].comment} {text}"


def _header(plan: DevicePlan, title: str, lang: str) -> list[str]:
    text = labels(lang, "harden")
    c = lambda s: _comment(plan.dialect, s)  # noqa: E731
    lines = [c(f"{title}: {plan.device} ({plan.os}) - {datetime.now():%Y-%m-%d %H:%M}")]
    if plan.placeholders:
        lines.append(c(f"{text['fill_in']}: {', '.join(plan.placeholders)}"))
    if plan.secrets:
        lines.append(c(f"{text['type_secrets']}: {', '.join(plan.secrets)}"))
    lines.append(c(text["warn_keep_session"]))
    return lines


def _fix_script(plan: DevicePlan, lang: str) -> list[str]:
    spec, text = dialects()[plan.dialect], labels(lang, "harden")
    c = lambda s: _comment(plan.dialect, s)  # noqa: E731
    lines = _header(plan, text["script_header"], lang)
    lines += [c(text["step_backup"])]
    if plan.dialect != "ios":
        lines.append(c(text["warn_interactive"]))
    lines += [*spec.backup, spec.verify_backup]
    if spec.safety_net:
        lines.append(c(f"{text['cmw7_replace' if plan.dialect != 'ios' else 'ios_replace']} {spec.safety_net}"))
    elif plan.dialect == "comware5":
        lines.append(c(text["cmw5_restore"]))
    lines += list(spec.enter)
    for step in plan.steps:
        r = step.result
        lines.append(c(f"{text['step'].format(n=step.number)} [{r.check}] {r.title}"))
        level = step.info.get("impact_level", "none")
        if level != "none":
            label, impact = text["impact_" + level], step.info.get("impact", "")
            said = impact.lower().startswith(label.lower()[:4])  # the impact text opens with its level
            lines.append(c(f"{text['impact_level']}: {impact if said else f'{label} - {impact}'}"))
        if r.remediation and r.remediation.verify:
            lines.append(c(f"{text['verify']}: {' / '.join(r.remediation.verify)}"))
        if r.check == "harden.ssh":
            lines.append(c(text["ssh_key_note"]))
        if step.info.get("unconfirmed"):
            lines.append(c(text["vrp8_unconfirmed"]))
        if step.warning:
            lines.append(c(step.warning))
        lines += r.remediation.commands if r.remediation else []
    if plan.os == "huawei_vrp8":
        lines += [c(text["vrp8_trial"]), "commit trial 600"]
        return lines
    lines += [*spec.leave, c(text["step_save"]), *spec.save]
    return lines


def _rollback_script(plan: DevicePlan, lang: str) -> list[str]:
    spec, text = dialects()[plan.dialect], labels(lang, "harden")
    c = lambda s: _comment(plan.dialect, s)  # noqa: E731
    lines = [*_header(plan, text["rollback_header"], lang), c(text["rollback_secrets"])]
    if spec.safety_net:
        lines.append(c(f"{text['cmw7_replace' if plan.dialect != 'ios' else 'ios_replace']} {spec.safety_net}"))
    lines += list(spec.enter)
    for step in reversed(plan.steps):
        r = step.result
        lines.append(c(f"{text['step'].format(n=step.number)} [{r.check}] {r.title}"))
        lines += r.remediation.rollback if r.remediation else []
    if plan.os == "huawei_vrp8":
        lines.append("commit")
    lines += [*spec.leave, *spec.save]
    return lines


def build_plan(dev: DeviceResult, lang: str = "zh") -> DevicePlan | None:
    """The plan for one device, or None when it has no hardening result with a dialect."""
    hardening = [r for r in dev.results if r.category == "hardening"]
    failures = harden_failures(dev)
    dialect = next((r.extra["harden"]["dialect"] for r in failures if "harden" in r.extra), None)
    if dialect is None and exposed_advisories(dev):
        dialect = dialect_of(dev.device.identity.os, dev.device.running_config or "")
    if dialect is not None:  # the advisories' workarounds after the baseline items (version verdicts of the run)
        planned = {c for r in failures if r.remediation for c in r.remediation.commands}
        failures = failures + workaround_steps(dev, dialect, lang, planned)
    if dialect is None or not failures:
        return None if not hardening else DevicePlan(dev.name, dev.device.identity.os, "", [],
                                                     waived=_waived(hardening), expired=_expired(hardening))
    text = labels(lang, "harden")
    steps = []
    for number, result in enumerate(failures, 1):
        cut = result.extra["harden"].get("cuts_session")
        warning = f"{text['warn_cut']}: {result.extra['harden'].get('impact', '')}" if cut else None
        steps.append(PlanStep(number, result, warning))
    plan = DevicePlan(dev.name, dev.device.identity.os, dialect, steps, waived=_waived(hardening),
                      expired=_expired(hardening))
    plan.placeholders = list(dict.fromkeys(p for s in steps for p in s.info.get("placeholders", [])))
    plan.secrets = list(dict.fromkeys(p for s in steps for p in s.info.get("secrets", [])))
    plan.fix_script = _fix_script(plan, lang)
    plan.rollback_script = _rollback_script(plan, lang)
    return plan


def _waived(results: list[CheckResult]) -> list[CheckResult]:
    return [r for r in results if r.status == "skipped" and "waiver" in r.extra]


def _expired(results: list[CheckResult]) -> list[CheckResult]:
    return [r for r in results if r.extra.get("waiver", {}).get("expired")]
