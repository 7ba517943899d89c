"""What every check suite reads besides the devices (the pipeline builds it, each suite receives it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class AnalysisContext:
    """What every check suite may read besides the devices."""

    lang: str = "zh"  # zh | en: the language of messages, titles and advice
    site: dict[str, Any] = field(default_factory=dict)  # site facts (--site)
    user_config: dict[str, Any] = field(default_factory=dict)  # thresholds and switches (--config)
    options: dict[str, Any] = field(default_factory=dict)  # suite-specific options (rules dir, waivers, advisories db)
