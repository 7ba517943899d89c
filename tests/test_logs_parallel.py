"""Many session logs are read in worker processes; the devices and inputs equal a one-by-one read."""

from __future__ import annotations

from pathlib import Path

from netinspect.sources.logs import PARALLEL_FROM, read_logs

FLEET = Path(__file__).resolve().parent.parent / "netinspect" / "lab" / "fleet"


def test_parallel_reading_equals_serial_reading(tmp_path: Path) -> None:
    logs = sorted(FLEET.glob("*.log"))
    texts = [p.read_text(encoding="utf-8") for p in logs]
    for i in range(PARALLEL_FROM + 6):  # copies of a log are one device seen in many files
        text = texts[i % len(texts)]
        if i % 9 == 0:  # the same device split over two files: its halves are merged in file order
            cut = text.index("\n", len(text) // 2) + 1
            (tmp_path / f"{i:03d}-a.log").write_text(text[:cut], encoding="utf-8")
            (tmp_path / f"{i:03d}-b.log").write_text(text[cut:], encoding="utf-8")
        else:
            (tmp_path / f"{i:03d}.log").write_text(text, encoding="utf-8")
    (tmp_path / "050-empty.log").write_text("", encoding="utf-8")
    (tmp_path / "051-notes.txt").write_text("meeting notes, no device here\n", encoding="utf-8")
    parallel, serial = read_logs([tmp_path], jobs=2), read_logs([tmp_path], jobs=1)
    assert parallel.inputs == serial.inputs
    assert parallel.devices == serial.devices
    assert all("merged from" in (d.message or "") for d in parallel.devices)  # copies share a hostname
    assert {i.name.rsplit("/", 1)[-1] for i in parallel.inputs if i.status == "rejected"} >= {
        "050-empty.log", "051-notes.txt"}


def test_a_large_log_folder_streamed_through_workers_gives_the_same_run(tmp_path: Path) -> None:
    """`inspect --logs` on many files reads and judges them in worker processes without holding their
    text in the main process: devices, facts, verdicts and inputs equal the in-memory analysis. The
    devices are written to a spool on disk as they finish; the fleet-wide verdicts (version consistency)
    are added to the spooled devices afterwards."""
    from dataclasses import replace

    from netinspect import sources
    from netinspect.advisories.store import Store
    from netinspect.checks.context import AnalysisContext
    from netinspect.core.spool import Spool
    from netinspect.pipeline import analyse

    folder = tmp_path / "logs"
    folder.mkdir()
    logs = [(p.read_text(encoding="utf-8"), read_logs([p]).devices[0].name) for p in sorted(FLEET.glob("*.log"))]
    for i in range(sources.STREAM_FROM + 4):
        text, host = logs[i % len(logs)]
        (folder / f"{i:03d}.log").write_text(text.replace(host, f"{host}-{i:03d}"), encoding="utf-8")
    (folder / "zz-empty.log").write_text("", encoding="utf-8")
    streamed, kind = sources.load(logs=[folder], stream=True)
    assert kind == "logs" and streamed.log_paths and not streamed.devices
    suites = ["health", "hardening", "version"]
    with Store(tmp_path / "adv.db"):  # an empty store: the version suite and its fleet-wide check run
        pass
    ctx = AnalysisContext(lang="en", options={"advisories": str(tmp_path / "adv.db")})
    run = analyse(streamed, kind, ctx, suites, jobs=2)
    whole = analyse(read_logs([folder], jobs=1), kind, ctx, suites, jobs=1)
    assert isinstance(run.devices, Spool) and isinstance(whole.devices, list)
    assert len(run.devices) > sources.STREAM_FROM
    consistency = [r for d in run.devices for r in d.results if r.check == "version.consistency"]
    assert len(consistency) == len(run.devices) and {r.status for r in consistency} >= {"pass"}
    assert [d.name for d in run.devices] == [d.name for d in whole.devices]
    assert [d.results for d in run.devices] == [d.results for d in whole.devices]
    assert [replace(d.device, running_config=None, saved_config=None) for d in run.devices] == \
           [replace(d.device, running_config=None, saved_config=None) for d in whole.devices]
    assert run.inputs == whole.inputs and streamed.inputs == whole.inputs
    assert all(not o.text for d in run.devices for o in d.raw.outputs.values())  # no text kept here
    assert [(d.raw.status, d.raw.message, list(d.raw.outputs)) for d in run.devices] == \
           [(d.raw.status, d.raw.message, list(d.raw.outputs)) for d in whole.devices]
