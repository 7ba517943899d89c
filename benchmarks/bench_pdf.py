"""PDF page counts and render time of the three reports for the demo fleet, zh and en.

    PYTHONPATH=. python benchmarks/bench_pdf.py [ADVISORY_STORE]

Analyses netinspect/lab/fleet once per language (health, hardening, versions when a store is given),
then times only the PDF writing (HTML render + WeasyPrint) of each report.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

from netinspect.advisories.report import write_reports as write_versions
from netinspect.checks.context import AnalysisContext
from netinspect.harden.report import write_plan_reports
from netinspect.pipeline import analyse
from netinspect.report.inspection import write_reports as write_inspection
from netinspect.sources.logs import read_logs

FLEET = Path(__file__).resolve().parent.parent / "netinspect" / "lab" / "fleet"
SITE = {"customer": "某某银行股份有限公司", "site": "杭州数据中心", "engineer": "张工", "date": "2026-11-20"}


def main() -> None:
    store = sys.argv[1] if len(sys.argv) > 1 else None
    source = read_logs(sorted(FLEET.glob("*.log")))
    suites = ["health", "hardening"] + (["version"] if store else [])
    print(f"{'report':12} {'lang':4} {'pages':>5} {'seconds':>7} {'bytes':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for lang in ("zh", "en"):
            ctx = AnalysisContext(lang=lang, site=dict(SITE), options={"advisories": store} if store else {})
            run = analyse(source, "logs", ctx, suites)
            jobs = [("inspection", lambda o: write_inspection(run, o, ["pdf"]), "inspection-report.pdf"),
                    ("harden", lambda o: write_plan_reports(run, o, ["pdf"]), "hardening-plan.pdf")]
            if store:
                jobs.append(("versions", lambda o: write_versions(run, o, ["pdf"], lang), "versions.pdf"))
            for name, write, filename in jobs:
                out = Path(tmp) / f"{name}-{lang}"
                start = time.perf_counter()
                write(out)
                seconds = time.perf_counter() - start
                path = out / filename
                print(f"{name:12} {lang:4} {len(PdfReader(path).pages):5d} {seconds:7.2f} {path.stat().st_size:9d}")


if __name__ == "__main__":
    main()
