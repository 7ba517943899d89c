"""docs/checks.md, the catalog users and monitoring read, is the one the data files give."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_checks_doc_is_up_to_date() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "checks_doc.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_checks_doc_names_every_health_check_and_rule() -> None:
    import yaml

    text = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    health = yaml.safe_load((ROOT / "netinspect" / "data" / "checks" / "health.yaml").read_text(encoding="utf-8"))
    rules = yaml.safe_load((ROOT / "netinspect" / "data" / "harden" / "rules.yaml").read_text(encoding="utf-8"))
    missing = [i for i in [*health, *(r["id"] for r in rules["rules"])] if f"`{i}`" not in text]
    assert not missing, missing
