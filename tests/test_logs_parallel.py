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
