"""`netinspect advisories import|list|show|stats` and `netinspect versions`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Optional

import typer

from netinspect.advisories.store import ENV, Store, resolve_path

advisories_app = typer.Typer(help="The advisory store: import CSAF / CVE JSON 5 / YAML bulletins, list, show, stats.")

StoreOpt = typer.Option(None, "--advisories", envvar=ENV, help="advisory store (SQLite); default: user data dir")


def _open(path: Optional[Path], create: bool = False) -> Store:
    try:
        return Store(path, create=create)
    except FileNotFoundError as exc:
        typer.echo(f"error: {exc} (import advisories first)", err=True)
        raise typer.Exit(2) from exc


@advisories_app.command("import")
def import_cmd(paths: list[Path] = typer.Argument(..., help="files or directories"),
               advisories: Optional[Path] = StoreOpt) -> None:
    """Import advisory files. An advisory for products we do not assess is stored and skipped with the
    reason; a bad file is one error line and the other files still import. Re-importing changes nothing."""
    with _open(advisories, create=True) as store:
        outcomes = store.import_paths(paths)
    for o in outcomes:
        if o.status == "rejected":
            typer.echo(f"error: {o.path}: {o.message}", err=True)
            continue
        detail = ", ".join(o.advisories)
        typer.echo(f"{o.status:9} {o.path} {o.format or ''} {detail} {o.message or ''}".rstrip())
    count = {k: sum(o.status == k for o in outcomes) for k in ("imported", "skipped", "unchanged", "rejected")}
    typer.echo(f"{count['imported']} imported, {count['skipped']} skipped (stored, not assessed), "
               f"{count['unchanged']} unchanged, {count['rejected']} rejected -> {resolve_path(advisories)}")
    raise typer.Exit(1 if count["rejected"] and count["rejected"] == len(outcomes) else 0)


@advisories_app.command("list")
def list_cmd(vendor: Optional[str] = typer.Option(None), os: Optional[str] = typer.Option(None, "--os"),
             advisories: Optional[Path] = StoreOpt) -> None:
    """One line per advisory: id, vendor, CVSS, first imported, title (or why it is skipped)."""
    with _open(advisories) as store:
        for r in store.list(vendor, os):
            cvss = "-" if r["cvss"] is None else f"{r['cvss']:.1f}"
            title = f"[skipped: {r['skip_reason']}] " if r["skip_reason"] else ""
            typer.echo(f"{r['id']}\t{r['vendor']}\t{cvss}\t{r['first_imported'][:10]}\t{title}{r['title'] or ''}")


@advisories_app.command("show")
def show_cmd(advisory_id: str, advisories: Optional[Path] = StoreOpt) -> None:
    """One advisory with its affected and fixed versions, as JSON."""
    from dataclasses import asdict

    with _open(advisories) as store:
        adv = store.get(advisory_id)
    if adv is None:
        typer.echo(f"error: no advisory {advisory_id}", err=True)
        raise typer.Exit(1)
    typer.echo(json.dumps(asdict(adv), ensure_ascii=False, indent=2))


@advisories_app.command("stats")
def stats_cmd(advisories: Optional[Path] = StoreOpt) -> None:
    """What the store holds per vendor and OS."""
    with _open(advisories) as store:
        rows, skipped = store.stats(), store.skipped()
    typer.echo("vendor\tos\tadvisories\tproducts\tversion_rows\tmax_cvss\tlast_import")
    for r in rows:
        typer.echo("\t".join(str("-" if r[k] is None else r[k]) for k in
                             ("vendor", "os", "advisories", "products", "versions", "max_cvss", "last_import")))
    typer.echo(f"skipped (stored, not assessed): {skipped}")


def _source(logs: Optional[Path], bundle: Optional[Path], inventory: Optional[Path]):  # noqa: ANN202
    chosen = [x for x in (logs, bundle, inventory) if x is not None]
    if len(chosen) != 1:
        typer.echo("error: give exactly one of --logs, --bundle, -i", err=True)
        raise typer.Exit(2)
    try:
        if logs is not None:
            from netinspect.sources.logs import read_logs
            return read_logs([logs]), "logs"
        if bundle is not None:
            from netinspect.sources.bundle import read_bundle
            return read_bundle(bundle), "bundle"
        from netinspect.sources.ssh import collect
        return collect(inventory), "ssh"
    except ImportError as exc:
        typer.echo(f"error: this source is not available in this build ({exc})", err=True)
        raise typer.Exit(2) from exc


def versions_command(
    logs: Optional[Path] = typer.Option(None, "--logs", help="directory of session logs"),
    bundle: Optional[Path] = typer.Option(None, "--bundle", help="a saved run directory"),
    inventory: Optional[Path] = typer.Option(None, "-i", "--inventory", help="inventory.yaml (live SSH)"),
    advisories: Optional[Path] = StoreOpt,
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="recommended.yaml: model or OS -> version"),
    new_since: Optional[str] = typer.Option(None, "--new-since", help="YYYY-MM-DD: list newly affected devices"),
    out: Path = typer.Option(Path("out"), "--out"),
    format: str = typer.Option("html,md,json,xlsx", "--format"),
    lang: str = typer.Option("zh", "--lang"),
) -> None:
    """Version assessment: advisories per device, recommended versions, the version report."""
    from netinspect.advisories.report import FORMATS, write_reports
    from netinspect.options import LANGS, OptionError, check_choice, parse_formats
    from netinspect.pipeline import AnalysisContext, analyse

    try:
        formats = parse_formats(format, FORMATS)
        check_choice(lang, LANGS, "--lang")
    except OptionError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if new_since:
        try:
            date.fromisoformat(new_since)
        except ValueError as exc:
            typer.echo(f"error: --new-since wants YYYY-MM-DD, got {new_since!r}", err=True)
            raise typer.Exit(2) from exc
    store_path = resolve_path(advisories)
    if not store_path.is_file():
        typer.echo(f"error: no advisory store at {store_path}; run `netinspect advisories import` first", err=True)
        raise typer.Exit(2)
    source, kind = _source(logs, bundle, inventory)
    options = {"advisories": str(store_path), "baseline": str(baseline) if baseline else None, "new_since": new_since}
    run = analyse(source, kind, AnalysisContext(lang=lang, options=options), ["version"])
    for path in write_reports(run, out, formats, lang, new_since):
        typer.echo(str(path))
    if new_since:
        for d in run.devices:
            r = next((r for r in d.results if r.check == "version.advisories"), None)
            if r is not None and r.extra.get("new_advisories"):
                typer.echo(f"NEW {d.name}: {', '.join(r.extra['new_advisories'])}")
