"""Every import of the package points down its layers (pyproject.toml [tool.netinspect.layers]), with no
circles, and the package root holds rooms rather than loose modules (issue 16)."""

from __future__ import annotations

from pathlib import Path

from tests.layers import REPO, cycles, layer_order, violations

PACKAGE = REPO / "netinspect"


def test_no_upward_or_sideways_import() -> None:
    bad, homeless = violations(PACKAGE, layer_order())
    assert bad == [], "\n".join(bad)
    assert homeless == [], f"rooms missing from [tool.netinspect.layers]: {homeless}"


def test_no_import_circles() -> None:
    assert cycles(PACKAGE) == []


def test_every_listed_room_exists() -> None:
    rooms = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()
             if (p.is_dir() and (p / "__init__.py").is_file()) or p.suffix == ".py"}
    listed = {room for layer in layer_order() for room in layer}
    assert listed <= rooms, f"listed but not in netinspect/: {sorted(listed - rooms)}"


def test_package_root_holds_rooms_not_loose_modules() -> None:
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(loose) <= 8, loose


def _package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "pkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "pkg"


def test_the_checker_finds_an_upward_import_a_sideways_one_and_a_circle(tmp_path: Path) -> None:
    package = _package(tmp_path, {
        "__init__.py": "",
        "core/__init__.py": "",
        "core/model.py": "def helper():\n    from pkg.report.html import render  # upward, inside a function\n",
        "report/__init__.py": "",
        "report/html.py": "from pkg.core.model import helper\nfrom pkg.checks import run\n",
        "checks/__init__.py": "from pkg.report import html\n",
    })
    order = [["report", "checks"], ["core"]]
    bad, homeless = violations(package, order)
    assert any(line.startswith("pkg.core.model:2 imports pkg.report.html (room report is above core)") for line in bad)
    assert any("pkg.report.html:2 imports pkg.checks (rooms report and checks are independent)" in line for line in bad)
    assert homeless == []
    assert cycles(package) == [["pkg.checks", "pkg.core.model", "pkg.report.html"]]
    fixed = _package(tmp_path, {"core/model.py": "def helper():\n    return 1\n",
                                "report/html.py": "from pkg.core.model import helper\n",
                                "checks/__init__.py": "from pkg.core import model\n"})
    assert violations(fixed, [["report", "checks"], ["core"]]) == ([], [])
    assert cycles(fixed) == []


def test_a_room_missing_from_the_order_is_named(tmp_path: Path) -> None:
    package = _package(tmp_path, {"__init__.py": "", "core/__init__.py": "", "extra/__init__.py": "",
                                  "extra/x.py": "from pkg.core import y\n", "core/y.py": ""})
    assert violations(package, [["core"]])[1] == ["extra"]
