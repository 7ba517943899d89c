"""The history store: one SQLite file (default: the user data folder) a team can copy.

Per run: when, source, site; per device: identity and the trend metrics (CPU, memory, temperature,
interface errors, problem count); per problem: check, severity, title.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
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
# columns added after the first release: (table, column, type); a store from an older version gets them
ADDED_COLUMNS = (
    ("runs", "customer", "TEXT"),  # from the site file, for "the last inspection of this customer and site"
    ("runs", "site_name", "TEXT"),
    ("runs", "inspected", "TEXT"),  # when the inspection happened: site file date, else collection time
    ("runs", "inspected_how", "TEXT"),  # site | collected | analysed
    ("problems", "object", "TEXT"),  # fan 3, PSU 2, Gi1/0/1: a problem is its check and its object
    ("problems", "category", "TEXT"),  # health | hardening | version ...
)
METRICS = ("cpu", "memory", "temperature", "interface_errors", "problems")


def default_path() -> Path:
    """NETINSPECT_HISTORY, else <user data folder>/history.sqlite."""
    env = os.environ.get("NETINSPECT_HISTORY")
    return Path(env) if env else Path(user_data_dir("netinspect")) / "history.sqlite"


def _migrate(conn: sqlite3.Connection) -> None:
    """Add the columns an older store lacks (ADDED_COLUMNS); rows recorded before keep NULL there."""
    for table, column, kind in ADDED_COLUMNS:
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if column not in have:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")


def site_key(site: dict[str, Any] | None) -> tuple[str, str]:
    """(customer, site) as compared: blanks collapsed, case folded."""
    site = site or {}
    return tuple(" ".join(str(site.get(k) or "").split()).casefold() for k in ("customer", "site"))  # type: ignore[return-value]


# when a run happened, in SQL: the inspection date, else (older stores) the time it was recorded
WHEN = "COALESCE(r.inspected, r.started)"


@dataclass
class DeviceRow:
    run: int
    started: str  # when the inspection happened (the inspection date; older rows: the analysis time)
    name: str
    hostname: str | None
    serial: str | None
    model: str | None
    status: str | None
    metrics: dict[str, float | None]
    problems: dict[str, tuple[str, str]]  # key "check|object" -> (severity, category); see history.keys


def _max(values: list[float]) -> float | None:
    return max(values) if values else None


def metrics_of(d: DeviceResult) -> dict[str, float | None]:
    dev = d.device
    # CRC errors are counted among the input errors (IOS, VRP, Comware): the larger of the two, plus output
    errors = [max(i.crc_errors or 0, i.input_errors or 0) + (i.output_errors or 0) for i in dev.interfaces or []]
    return {"cpu": _max([r.percent for r in dev.cpu or []]),
            "memory": _max([r.percent for r in dev.memory or []]),
            "temperature": _max([t.celsius for t in dev.temperatures or [] if t.celsius is not None]),
            "interface_errors": sum(errors) if dev.interfaces is not None else None,
            "problems": float(len(d.problems))}


BUSY_SECONDS = 30.0  # how long a run waits for another run writing the same store (then retries)
RETRIES = 3


class HistoryStore:
    """One SQLite file in WAL mode: readers never block the writer, a run is one transaction (all or
    nothing, even when the process is killed), and two runs writing at once wait for each other."""

    def __init__(self, path: Path, busy_seconds: float = BUSY_SECONDS) -> None:
        self.path = path
        self.busy_seconds = busy_seconds

    @contextmanager
    def connect(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        """A connection in WAL mode with a busy timeout, the schema made current, and one transaction
        (`write`: BEGIN IMMEDIATE, the write lock taken at once) that commits or rolls back whole."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=self.busy_seconds, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_seconds * 1000)}")
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")  # WAL: durable at checkpoints, never corrupt
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("BEGIN IMMEDIATE")  # schema and migration: one writer at a time, all or nothing
            try:
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                _migrate(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()

    def record(self, run: Run, inspected: str | None = None, how: str | None = None) -> int:
        """Store a run in one transaction; returns its row id. A store locked by another run past the
        busy timeout is tried again (RETRIES times) before the error is raised."""
        for attempt in range(RETRIES):
            try:
                return self._record(run, inspected, how)
            except sqlite3.OperationalError as exc:
                if ("locked" not in str(exc) and "busy" not in str(exc)) or attempt == RETRIES - 1:
                    raise
                time.sleep(0.2 * (attempt + 1))
        raise AssertionError("unreachable")

    def _record(self, run: Run, inspected: str | None = None, how: str | None = None) -> int:
        """Store a run with the date of the inspection; returns its row id. Problems are stored by check and
        object, titles language-neutral (the check id): they are rendered in the reader's language."""
        from netinspect.checks.objects import problem_keys

        customer, place = ((run.site or {}).get(k) for k in ("customer", "site"))
        with self.connect(write=True) as conn:
            cur = conn.execute(
                "INSERT INTO runs (run_id, started, source, site, tool_version, devices, problems, customer, "
                "site_name, inspected, inspected_how) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (run.id, run.started, run.source, json.dumps(run.site, ensure_ascii=False, default=str), __version__,
                 len(run.devices), sum(1 for _ in run.iter_failed()), customer, place, inspected or run.started,
                 how or "analysed"))
            row = int(cur.lastrowid or 0)
            for d in run.devices:
                ident, m = d.device.identity, metrics_of(d)
                conn.execute("INSERT INTO devices VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                             (row, d.name, ident.hostname, ident.serial, ident.model, d.raw.status, m["cpu"],
                              m["memory"], m["temperature"], m["interface_errors"], m["problems"]))
                conn.executemany("INSERT INTO problems (run, device, check_id, severity, title, object, category) "
                                 "VALUES (?,?,?,?,?,?,?)",
                                 [(row, d.name, key.check, r.severity, key.check, key.obj, r.category)
                                  for key, r in problem_keys(d)])
        return row

    def runs(self, customer: str | None = None, site: str | None = None) -> list[dict[str, Any]]:
        """Recorded runs in inspection order (inspection date, then recording order); optionally those of
        one customer and/or site (compared case-insensitively)."""
        if not self.path.exists():
            return []
        with self.connect() as conn:
            rows = conn.execute(f"SELECT r.id, r.run_id, r.started, r.source, r.site, r.devices, r.problems, "
                                f"r.customer, r.site_name, {WHEN}, r.inspected_how FROM runs r "
                                f"ORDER BY {WHEN}, r.id").fetchall()
        out = [{"id": r[0], "run_id": r[1], "analysed": r[2], "source": r[3], "site": _site(r[4]),
                "devices": r[5], "problems": r[6], "customer": r[7] or "", "site_name": r[8] or "",
                "started": r[9], "inspected_how": r[10] or "analysed"} for r in rows]
        for r in out:  # runs recorded before the columns existed: customer and site from the site JSON
            r["customer"] = r["customer"] or str(r["site"].get("customer") or "")
            r["site_name"] = r["site_name"] or str(r["site"].get("site") or "")
        want = site_key({"customer": customer, "site": site})
        return [r for r in out
                if (customer is None or site_key({"customer": r["customer"]})[0] == want[0])
                and (site is None or site_key({"site": r["site_name"]})[1] == want[1])]

    def devices(self, run: int | None = None) -> list[DeviceRow]:
        """Device rows of one run, or of every run (in inspection order)."""
        if not self.path.exists():
            return []
        with self.connect() as conn:
            where, args = ("WHERE d.run = ?", (run,)) if run is not None else ("", ())
            rows = conn.execute(f"SELECT d.run, {WHEN}, d.name, d.hostname, d.serial, d.model, d.status, d.cpu, "
                                f"d.memory, d.temperature, d.interface_errors, d.problems FROM devices d "
                                f"JOIN runs r ON r.id = d.run {where} ORDER BY {WHEN}, d.run", args).fetchall()
            problems: dict[tuple[int, str], dict[str, tuple[str, str]]] = {}
            pwhere = "WHERE run = ?" if run is not None else ""
            for prow in conn.execute(f"SELECT run, device, check_id, severity, object, category FROM problems {pwhere}",
                                     args):
                key = prow[2] + (f"|{prow[4]}" if prow[4] else "")
                problems.setdefault((prow[0], prow[1]), {})[key] = (prow[3], prow[5] or prow[2].split(".")[0])
        return [DeviceRow(r[0], str(r[1]), str(r[2]), r[3], r[4], r[5], r[6],
                          dict(zip(METRICS, (_number(v) for v in r[7:12]))), problems.get((r[0], r[2]), {}))
                for r in rows]


def _site(text: Any) -> dict[str, Any]:
    """A run's site facts; a row damaged by hand or by another tool reads as no site facts."""
    try:
        value = json.loads(text or "{}")
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _number(value: Any) -> float | None:
    """A metric; a value that is not a number (a damaged row) reads as not measured."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
