"""The check catalog (data/checks/*.yaml) and the texts of a check in one language."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import yaml

from netinspect.core.paths import DATA_DIR


@dataclass(frozen=True)
class CheckSpec:
    """One catalog entry: what a check reads, its defaults, and its texts in zh and en."""

    id: str
    category: str
    facts: tuple[str, ...]
    roles: tuple[str, ...]
    thresholds: dict[str, Any]
    texts: dict[str, Any] = field(hash=False)
    fleet: bool = False  # judged once over the whole fleet (health_suite.run_fleet), not per device

    def text(self, key: str, lang: str) -> str:
        value = self.texts[key]
        return value[lang] if isinstance(value, dict) else str(value)

    def message(self, key: str, lang: str, **values: Any) -> str:
        return self.texts["messages"][key][lang].format(**values)

    def criterion(self, lang: str, thresholds: dict[str, Any]) -> str:
        return self.text("criterion", lang).format(**thresholds)


@cache
def load_catalog(category: str) -> dict[str, CheckSpec]:
    """Checks of one category (health | ...), keyed by id, in catalog order."""
    data = yaml.safe_load((DATA_DIR / "checks" / f"{category}.yaml").read_text(encoding="utf-8"))
    return {
        check_id: CheckSpec(
            id=check_id,
            category=category,
            facts=tuple(entry.get("facts", [])),
            roles=tuple(entry.get("roles", [])),
            thresholds=dict(entry.get("thresholds", {})),
            texts={k: v for k, v in entry.items() if k in ("title", "criterion", "advice", "messages")},
            fleet=bool(entry.get("fleet", False)),
        )
        for check_id, entry in data.items()
    }
