"""The history store: one SQLite file (default: the user data folder) a team can copy.

Per run: when, source, site; per device: identity and the trend metrics (CPU, memory, temperature,
interface errors, problem count); per problem: check, severity, title.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

from netinspect import __version__
from netinspect.core.results import DeviceResult, Run

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, run_id TEXT, started TEXT NOT NULL, source TEXT,
    site TEXT, tool_version TEXT, devices INTEGER, problems INTEGER);
CREATE TABLE IF NOT EXISTS devices (run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, name TEXT NOT NULL,
    hostname TEXT, serial TEXT, model TEXT, status TEXT, cpu REAL, memory REAL, temperature REAL,
    interface_errors INTEGER, problems INTEGER);
CREATE TABLE IF NOT EXISTS problems (run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    device TEXT NOT NULL, check_id TEXT NOT NULL, severity TEXT, title TEXT);
CREATE INDEX IF NOT EXISTS devices_run ON devices(run);
CREATE INDEX IF NOT EXISTS problems_run ON problems(run);
"""
METRICS = ("cpu", "memory", "temperature", "interface_errors", "problems")


def default_path() -> Path:
    """NETINSPECT_HISTORY, else <user data folder>/history.sqlite."""
    env = os.environ.get("NETINSPECT_HISTORY")
    return Path(env) if env else Path(user_data_dir("netinspect")) / "history.sqlite"


@dataclass
class DeviceRow:
    run: int
    started: str
    name: str
    hostname: str | None
    serial: str | None
    model: str | None
    status: str | None
    metrics: dict[str, float | None]
    problems: dict[str, tuple[str, str]]  # check -> (severity, title)


def _max(values: list[float]) -> float | None:
    return max(values) if values else None


def metrics_of(d: DeviceResult) -> dict[str, float | None]:
    dev = d.device
    errors = [sum(x or 0 for x in (i.crc_errors, i.input_errors, i.output_errors)) for i in dev.interfaces or []]
    return {"cpu": _max([r.percent for r in dev.cpu or []]),
            "memory": _max([r.percent for r in dev.memory or []]),
            "temperature": _max([t.celsius for t in dev.temperatures or [] if t.celsius is not None]),
            "interface_errors": sum(errors) if dev.interfaces is not None else None,
            "problems": float(len(d.problems))}


class HistoryStore:
    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.executescript(SCHEMA)
            yield conn
            conn.commit()
        finally:
            conn.close()

    def record(self, run: Run) -> int:
        """Store a run; returns its row id."""
        with self.connect() as conn:
            cur = conn.execute(
                "INSERT INTO runs (run_id, started, source, site, tool_version, devices, problems) VALUES (?,?,?,?,?,?,?)",
                (run.id, run.started, run.source, json.dumps(run.site, ensure_ascii=False, default=str), __version__,
                 len(run.devices), sum(1 for _ in run.iter_failed())))
            row = int(cur.lastrowid or 0)
            for d in run.devices:
                ident, m = d.device.identity, metrics_of(d)
                conn.execute("INSERT INTO devices VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                             (row, d.name, ident.hostname, ident.serial, ident.model, d.raw.status, m["cpu"],
                              m["memory"], m["temperature"], m["interface_errors"], m["problems"]))
                conn.executemany("INSERT INTO problems VALUES (?,?,?,?,?)",
                                 [(row, d.name, r.check, r.severity, r.title or r.check) for r in d.problems])
        return row

    def runs(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        with self.connect() as conn:
            rows = conn.execute("SELECT id, run_id, started, source, site, devices, problems FROM runs "
                                "ORDER BY started, id").fetchall()
        return [{"id": r[0], "run_id": r[1], "started": r[2], "source": r[3], "site": json.loads(r[4] or "{}"),
                 "devices": r[5], "problems": r[6]} for r in rows]

    def devices(self, run: int | None = None) -> list[DeviceRow]:
        """Device rows of one run, or of every run (oldest first)."""
        if not self.path.exists():
            return []
        with self.connect() as conn:
            where, args = ("WHERE d.run = ?", (run,)) if run is not None else ("", ())
            rows = conn.execute(f"SELECT d.run, r.started, d.name, d.hostname, d.serial, d.model, d.status, d.cpu, "
                                f"d.memory, d.temperature, d.interface_errors, d.problems FROM devices d "
                                f"JOIN runs r ON r.id = d.run {where} ORDER BY r.started, d.run", args).fetchall()
            problems: dict[tuple[int, str], dict[str, tuple[str, str]]] = {}
            pwhere = "WHERE run = ?" if run is not None else ""
            for prow in conn.execute(f"SELECT run, device, check_id, severity, title FROM problems {pwhere}", args):
                problems.setdefault((prow[0], prow[1]), {})[prow[2]] = (prow[3], prow[4])
        return [DeviceRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], dict(zip(METRICS, r[7:12])),
                          problems.get((r[0], r[2]), {})) for r in rows]
