"""The advisory store: SQLite, by default in the user's data directory.

Path resolution: an explicit path, else ``NETINSPECT_ADVISORIES``, else
``platformdirs.user_data_dir("netinspect")/advisories.sqlite``. Imports are idempotent: an advisory
is keyed by its id and replaced only when its content changed; ``first_imported`` keeps the date the
store first saw it (what ``--new-since`` tracks).
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from platformdirs import user_data_dir

from netinspect.advisories.records import Advisory, Affected, BadAdvisoryFile

ENV = "NETINSPECT_ADVISORIES"

SCHEMA = """
CREATE TABLE IF NOT EXISTS advisories (
    id TEXT PRIMARY KEY, vendor TEXT NOT NULL, kind TEXT NOT NULL, title TEXT, cves TEXT NOT NULL,
    cvss REAL, cvss_vector TEXT, published TEXT, url TEXT, workaround TEXT, remediation TEXT,
    end_of_sale TEXT, end_of_support TEXT, source_format TEXT, source_file TEXT,
    digest TEXT NOT NULL, first_imported TEXT NOT NULL, updated TEXT NOT NULL,
    vendor_severity TEXT, skip_reason TEXT, notes TEXT);
CREATE TABLE IF NOT EXISTS affected (
    advisory_id TEXT NOT NULL REFERENCES advisories(id) ON DELETE CASCADE, vendor TEXT NOT NULL,
    os TEXT NOT NULL, product TEXT NOT NULL, status TEXT NOT NULL, version TEXT, start TEXT, "end" TEXT,
    end_inclusive INTEGER NOT NULL DEFAULT 0, uncertain TEXT);
CREATE INDEX IF NOT EXISTS affected_os ON affected(os, product);
CREATE TABLE IF NOT EXISTS kev_catalog (cve TEXT PRIMARY KEY, date_added TEXT, catalog TEXT);
"""
# Columns added after the first release: added to older stores when they are opened.
ADDED_COLUMNS = {"vendor_severity": "TEXT", "skip_reason": "TEXT", "notes": "TEXT", "kev": "TEXT"}


def default_path() -> Path:
    return Path(user_data_dir("netinspect")) / "advisories.sqlite"


def resolve_path(path: str | Path | None = None) -> Path:
    """The store path: explicit, else $NETINSPECT_ADVISORIES, else the user data dir."""
    if path:
        return Path(path)
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    return default_path()


@dataclass
class FileOutcome:
    path: str
    status: str  # imported | skipped (stored, nothing we assess) | unchanged | rejected (bad file)
    format: str | None = None
    advisories: list[str] = field(default_factory=list)
    message: str | None = None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """A connection to one store file."""

    def __init__(self, path: str | Path | None = None, create: bool = True):
        self.path = resolve_path(path)
        if not create and not self.path.is_file():
            raise FileNotFoundError(f"no advisory store at {self.path}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.executescript(SCHEMA)
        have = {r[1] for r in self.db.execute("PRAGMA table_info(advisories)")}
        for name, kind in ADDED_COLUMNS.items():
            if name not in have:
                self.db.execute(f"ALTER TABLE advisories ADD COLUMN {name} {kind}")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- writing ---------------------------------------------------------------------------

    def put(self, advisory: Advisory, source_file: str | None = None, now: str | None = None) -> bool:
        """Insert or replace one advisory; False when the store already had this exact content."""
        digest = advisory.digest()
        row = self.db.execute("SELECT digest, first_imported FROM advisories WHERE id = ?",
                              (advisory.id,)).fetchone()
        if row is not None and row["digest"] == digest:
            return False
        now = now or _now()
        first = row["first_imported"] if row is not None else now
        with self.db:
            self.db.execute("DELETE FROM advisories WHERE id = ?", (advisory.id,))
            row = {"id": advisory.id, "vendor": advisory.vendor, "kind": advisory.kind, "title": advisory.title,
                   "cves": json.dumps(advisory.cves), "cvss": advisory.cvss, "cvss_vector": advisory.cvss_vector,
                   "published": advisory.published, "url": advisory.url, "workaround": advisory.workaround,
                   "remediation": advisory.remediation, "end_of_sale": advisory.end_of_sale,
                   "end_of_support": advisory.end_of_support, "source_format": advisory.source_format,
                   "source_file": source_file, "digest": digest, "first_imported": first, "updated": now,
                   "vendor_severity": advisory.vendor_severity, "skip_reason": advisory.skip_reason,
                   "notes": json.dumps(advisory.notes, ensure_ascii=False) if advisory.notes else None,
                   "kev": advisory.kev}
            self.db.execute(f"INSERT INTO advisories ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                            list(row.values()))
            self.db.executemany(
                'INSERT INTO affected VALUES (?,?,?,?,?,?,?,?,?,?)',
                [(advisory.id, a.vendor, a.os, a.product, a.status, a.version, a.start, a.end,
                  int(a.end_inclusive), a.uncertain) for a in advisory.affected])
        return True

    def put_kev(self, entries: list[tuple[str, str | None]], catalog: str) -> int:
        """CISA KEV catalog entries (CVE, date added); returns how many were new or changed."""
        before = self.db.total_changes
        with self.db:
            self.db.executemany("INSERT INTO kev_catalog VALUES (?,?,?) ON CONFLICT(cve) DO UPDATE SET "
                                "date_added = excluded.date_added, catalog = excluded.catalog "
                                "WHERE date_added IS NOT excluded.date_added",
                                [(cve.upper(), date, catalog) for cve, date in entries])
        return self.db.total_changes - before

    def kev(self, cves: list[str]) -> str | None:
        """The earliest KEV date of any of the CVEs in the imported catalog, None if none is listed."""
        if not cves:
            return None
        rows = self.db.execute(f"SELECT date_added FROM kev_catalog WHERE cve IN ({','.join('?' * len(cves))})",
                               [c.upper() for c in cves]).fetchall()
        return min((r[0] or "yes" for r in rows), default=None)

    def import_file(self, path: Path, now: str | None = None) -> FileOutcome:
        """Import one file; a bad file is reported in the outcome, never raised."""
        from netinspect.advisories.importers import kev_catalog, load

        try:
            catalog = kev_catalog(path)
            if catalog is not None:
                name, entries = catalog
                changed = self.put_kev(entries, name)
                return FileOutcome(str(path), "imported" if changed else "unchanged", "kev", [],
                                   f"{len(entries)} known exploited CVEs ({name})")
            fmt, advisories = load(path)
            changed = [a.id for a in advisories if self.put(a, path.name, now)]
        except (BadAdvisoryFile, OSError) as exc:
            return FileOutcome(str(path), "rejected", message=str(exc))
        except (KeyError, TypeError, AttributeError, ValueError) as exc:  # a shape no importer expected
            return FileOutcome(str(path), "rejected", message=f"unexpected structure ({type(exc).__name__}: {exc})")
        except (Exception, RecursionError) as exc:  # noqa: BLE001 - the file's barrier: the other files go on
            from netinspect.core.barrier import one_line
            return FileOutcome(str(path), "rejected", message=f"not a usable advisory file: {one_line(exc)}")
        ids = [a.id for a in advisories]
        skipped = [a.skip_reason for a in advisories if a.skip_reason]
        if not changed:
            return FileOutcome(str(path), "unchanged", fmt, ids, "already in the store")
        if skipped and len(skipped) == len(advisories):
            return FileOutcome(str(path), "skipped", fmt, ids, "; ".join(skipped))
        notes = [n for a in advisories for n in a.notes]
        message = f"import notes: {'; '.join(notes)}" if notes else None
        return FileOutcome(str(path), "imported", fmt, ids, message)

    def import_paths(self, paths: list[Path], now: str | None = None) -> list[FileOutcome]:
        """Files, and directories walked for *.json / *.yaml / *.yml, in name order."""
        files: list[Path] = []
        for p in paths:
            if p.is_dir():
                files += sorted(f for f in p.rglob("*") if f.suffix.lower() in (".json", ".yaml", ".yml", ".xml"))
            else:
                files.append(p)
        return [self.import_file(f, now) for f in files]

    # ---- reading ---------------------------------------------------------------------------

    def _advisory(self, row: sqlite3.Row) -> Advisory:
        affected = [Affected(r["vendor"], r["os"], r["product"], r["status"], r["version"], r["start"],
                             r["end"], bool(r["end_inclusive"]), r["uncertain"])
                    for r in self.db.execute("SELECT * FROM affected WHERE advisory_id = ? ORDER BY rowid",
                                             (row["id"],))]
        return Advisory(id=row["id"], vendor=row["vendor"], title=row["title"], kind=row["kind"],
                        cves=json.loads(row["cves"]), cvss=row["cvss"], cvss_vector=row["cvss_vector"],
                        published=row["published"], url=row["url"], workaround=row["workaround"],
                        remediation=row["remediation"], end_of_sale=row["end_of_sale"],
                        end_of_support=row["end_of_support"], source_format=row["source_format"] or "",
                        affected=affected, vendor_severity=row["vendor_severity"], skip_reason=row["skip_reason"],
                        notes=json.loads(row["notes"]) if row["notes"] else [], kev=row["kev"])

    def get(self, advisory_id: str) -> Advisory | None:
        row = self.db.execute("SELECT * FROM advisories WHERE id = ? COLLATE NOCASE", (advisory_id,)).fetchone()
        return None if row is None else self._advisory(row)

    def first_imported(self, advisory_id: str) -> str | None:
        row = self.db.execute("SELECT first_imported FROM advisories WHERE id = ?", (advisory_id,)).fetchone()
        return None if row is None else row["first_imported"]

    def for_os(self, os_id: str) -> list[Advisory]:
        """Advisories that name the OS (any product)."""
        rows = self.db.execute("SELECT * FROM advisories WHERE id IN (SELECT advisory_id FROM affected "
                               "WHERE os = ?) ORDER BY id", (os_id,)).fetchall()
        return [self._advisory(r) for r in rows]

    def products(self, os_id: str) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT DISTINCT product FROM affected WHERE os = ?", (os_id,))}

    def list(self, vendor: str | None = None, os_id: str | None = None) -> list[sqlite3.Row]:
        sql = "SELECT a.* FROM advisories a WHERE 1=1"
        args: list[str] = []
        if vendor:
            sql, args = sql + " AND lower(a.vendor) = lower(?)", [*args, vendor]
        if os_id:
            sql += " AND a.id IN (SELECT advisory_id FROM affected WHERE os = ?)"
            args.append(os_id)
        return self.db.execute(sql + " ORDER BY a.vendor, a.id", args).fetchall()

    def skipped(self) -> int:
        """Advisories stored but not assessed (nothing in them concerns an OS we assess)."""
        return self.db.execute("SELECT COUNT(*) FROM advisories WHERE skip_reason IS NOT NULL").fetchone()[0]

    def stats(self) -> list[dict]:
        """Per vendor and OS: advisories, products named, version rows, highest CVSS, newest import."""
        rows = self.db.execute(
            "SELECT f.vendor, f.os, COUNT(DISTINCT f.advisory_id) AS advisories, "
            "COUNT(DISTINCT f.product) AS products, COUNT(*) AS versions, MAX(a.cvss) AS max_cvss, "
            "MAX(a.first_imported) AS last_import FROM affected f JOIN advisories a ON a.id = f.advisory_id "
            "GROUP BY f.vendor, f.os ORDER BY f.vendor, f.os").fetchall()
        return [dict(r) for r in rows]

    def dump(self) -> list[tuple]:
        """Every row except timestamps: what "the same store" means in tests."""
        adv = self.db.execute("SELECT id, digest FROM advisories ORDER BY id").fetchall()
        aff = self.db.execute("SELECT * FROM affected ORDER BY advisory_id, rowid").fetchall()
        return [tuple(r) for r in adv] + [tuple(r) for r in aff]
