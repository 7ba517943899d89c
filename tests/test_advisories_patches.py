"""Patches and hotfixes: a device whose installed patch is the named fix is not affected; a patch the
advisory does not name gives "possibly" with the reason. H3C publishes its notices as web pages only, so
the Comware cases use our YAML bulletin format (docs/advisories-yaml.md) with made-up ids; the version
strings are Comware's own (``Release 2418P06H04``: release 2418, patch P06, hotfix H04)."""

from __future__ import annotations

from pathlib import Path

import pytest

from netinspect.advisories.match import assess
from netinspect.advisories.store import Store

BULLETIN = """format: netinspect-bulletins/1
bulletins:
  - id: TEST-H3C-HOTFIX-0001
    vendor: h3c
    title: Test notice fixed by a hotfix of 2418P06 and by 2418P07
    cvss: 7.5
    products:
      - models: [S5130-28S-EI]
        ranges: [{from: Release 2418, before: Release 2418P07}]
        fixed: [Release 2418P06H04, Release 2418P07]
  - id: TEST-H3C-HOTFIX-0002
    vendor: h3c
    title: Test notice listing a release, no hotfix named
    cvss: 5.3
    products:
      - models: [S5130-28S-EI]
        affected: [Release 2418P06]
        fixed: [Release 2418P07]
"""


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    path = tmp_path / "h3c.yaml"
    path.write_text(BULLETIN, encoding="utf-8")
    s = Store(tmp_path / "adv.sqlite")
    assert [o.status for o in s.import_paths([path])] == ["imported"]
    return s


def _findings(store: Store, version: str, patch: str | None = None) -> dict:
    a = assess(store, "h3c_comware", "S5130-28S-EI", f"Version 7.1.070, {version}", patch)
    return {f.advisory.id: f for f in a.findings}


def test_named_hotfix_installed_is_not_affected(store):
    assert "TEST-H3C-HOTFIX-0001" not in _findings(store, "Release 2418P06H04")
    assert "TEST-H3C-HOTFIX-0001" not in _findings(store, "Release 2418P06H05")  # a later hotfix
    # the hotfix as the installed patch of the release (display version lists it beside the release)
    assert "TEST-H3C-HOTFIX-0001" not in _findings(store, "Release 2418P06", patch="2418P06H04")


def test_earlier_hotfix_than_the_named_fix_is_affected_with_the_fix(store):
    f = _findings(store, "Release 2418P06H02")["TEST-H3C-HOTFIX-0001"]
    assert f.certain and [str(v) for v in f.fixed_in] == ["Release 2418P06H04", "Release 2418P07"]
    f = _findings(store, "Release 2418P06")["TEST-H3C-HOTFIX-0001"]
    assert f.certain and str(f.fixed_in[0]) == "Release 2418P06H04"


def test_unnamed_hotfix_of_a_listed_release_is_possibly(store):
    """2418P06 is listed; a device on its hotfix H03 (which the notice does not mention) is neither
    "affected" for sure nor "not affected": possibly, with the reason. Before, it was silently not affected."""
    f = _findings(store, "Release 2418P06H03")["TEST-H3C-HOTFIX-0002"]
    assert not f.certain and f.reasons == [{"code": "hotfix", "patch": "Release 2418P06H03"}]
    assert _findings(store, "Release 2418P06")["TEST-H3C-HOTFIX-0002"].certain
    assert "TEST-H3C-HOTFIX-0002" not in _findings(store, "Release 2418P07")
