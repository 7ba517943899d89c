"""Outcome table of the configuration corpus: every harden.* rule on every real configuration.

    python benchmarks/config_corpus_outcomes.py

Reads tests/configs_corpus (see its SOURCES.tsv), audits each configuration as `harden --configs` does
and prints: the corpus size per family, per rule the person's outcomes (pass / fail / not applicable /
insufficient data) over all configurations, and how many rule outcomes of the tool differ from them.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from netinspect.core.i18n import labels  # noqa: E402
from netinspect.harden.rules import default_rules, load_rules  # noqa: E402
from netinspect.harden.suite import audit_config  # noqa: E402
from netinspect.sources.configs import read_config  # noqa: E402

CORPUS = ROOT / "tests" / "configs_corpus"
COLUMNS = ("pass", "fail", "not_applicable", "insufficient_data", "skipped")


def _tool(result) -> str:  # noqa: ANN001 - a CheckResult
    if result.status == "skipped" and (result.extra.get("not_applicable") or result.message == labels("en", "harden")["msg_na"]):
        return "not_applicable"
    return result.status


def main() -> None:
    rules = default_rules(load_rules()[0])  # as `harden` runs without --baseline
    table: dict[str, Counter] = {r.id: Counter() for r in rules}
    per_family: dict[str, Counter] = {r.id: Counter() for r in rules}  # (family, outcome) -> n
    families: Counter = Counter()
    platforms: Counter = Counter()
    differ = total = 0
    for path in sorted(CORPUS.glob("*/*.cfg")):
        expected = yaml.safe_load(path.with_suffix(".expected.yaml").read_text(encoding="utf-8"))["rules"]
        device, _ = read_config(path)
        families[path.parent.name] += 1
        platforms[device.os if device else "rejected"] += 1
        got = {r.check: _tool(r) for r in audit_config(path.read_text(encoding="utf-8"), device.os, rules, {}, "en")}
        for rule_id, want in expected.items():
            outcome = want["outcome"] if isinstance(want, dict) else want
            table[rule_id][outcome] += 1
            per_family[rule_id][(path.parent.name, outcome)] += 1
            total += 1
            differ += got[rule_id] != outcome
    print(f"configurations: {sum(families.values())}  " + "  ".join(f"{k}={v}" for k, v in sorted(families.items())))
    print("platform detected: " + "  ".join(f"{k}={v}" for k, v in sorted(platforms.items())))
    print(f"\n| rule | {' | '.join(COLUMNS)} |\n|---|{'---|' * len(COLUMNS)}")
    sums: Counter = Counter()
    for rule_id, counts in table.items():
        sums.update(counts)
        print(f"| {rule_id} | " + " | ".join(str(counts[c]) for c in COLUMNS) + " |")
    print("| all | " + " | ".join(str(sums[c]) for c in COLUMNS) + " |")
    print(f"\nrule outcomes: {total}; tool differs from the person on {differ}")
    fams = sorted(families)
    print(f"\nper family, pass/fail (not applicable, insufficient data and skipped left out)\n"
          f"| rule | {' | '.join(fams)} |\n|---|{'---|' * len(fams)}")
    for rule_id, counts in per_family.items():
        cells = [f"{counts[(f, 'pass')]}/{counts[(f, 'fail')]}" for f in fams]
        print(f"| {rule_id} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
