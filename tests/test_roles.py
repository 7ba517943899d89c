"""Device role inferred from the model name (data/roles.yaml) when the inventory gives none."""

import pytest

from netinspect.normalize import infer_role


@pytest.mark.parametrize("model, role", [
    ("WS-C2960X-48FPD-L", "switch"), ("WS-C2960-48TC-L", "switch"), ("C9300-48P", "switch"),
    ("S5735-L48T4X-A1", "switch"), ("Quidway S7706", "switch"), ("CE12808S", "switch"), ("S6850-56HF", "switch"),
    ("HPE 5130-48G-EI", "switch"), ("FF5930", "switch"),
    ("CISCO2921/K9", "router"), ("C2951", "router"), ("ISR4331/K9", "router"), ("AR617VW-LTE4EA", "router"),
    ("NE20E-S4", "router"), ("MSR30-40", "router"), ("CSR1000V", "router"),
    ("USG6555E", "firewall"), ("SecPath F1000-AK115", "firewall"),
    ("AC6605", "wlan_controller"), ("AirEngine 9700-M1", "wlan_controller"),
    ("Mystery box 3000", None), (None, None),
])
def test_role_from_model(model: str | None, role: str | None) -> None:
    assert infer_role(model) == role
