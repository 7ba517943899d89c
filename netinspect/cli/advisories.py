"""`netinspect advisories import|list|show|stats` and `netinspect versions`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

if TYPE_CHECKING:
    from netinspect.advisories.store import Store

ENV = "NETINSPECT_ADVISORIES"  # = netinspect.advisories.store.ENV (tests/test_startup.py); the store is imported when used
from netinspect.core import terminal
from netinspect.core.messages import line, localize, say

advisories_app = typer.Typer(help="The advisory store: import CSAF / CVE JSON 5 / YAML bulletins, list, show, stats.")

StoreOpt = typer.Option(None, "--advisories", envvar=ENV, help="advisory store (SQLite); default: user data dir")
LangOpt = typer.Option("zh", "--lang", help="Language of the messages: zh or en.")


def _err(lang: str, kind: str, text: object) -> None:
    """One error or warning line on stderr, in `lang`."""
    terminal.stderr().print(line(lang, kind, text), highlight=False)


def _open(path: Optional[Path], create: bool = False, lang: str = "zh") -> Store:
    from netinspect.advisories.store import Store

    try:
        return Store(path, create=create)
    except FileNotFoundError as exc:
        _err(lang, "error", f"{localize(str(exc), lang)} {say(lang, 'adv.import_first')}")
        raise typer.Exit(2) from exc


@advisories_app.command("import")
def import_cmd(paths: list[Path] = typer.Argument(..., help="files or directories"),
               advisories: Optional[Path] = StoreOpt, lang: str = LangOpt) -> None:
    """Import advisory files. An advisory for products we do not assess is stored and skipped with the
    reason; a bad file is one error line and the other files still import. Re-importing changes nothing."""
    lang = _lang(lang)
    missing = [p for p in paths if not p.exists()]
    if missing:  # a path that is not there is bad usage (exit 2), said before the store is touched
        for path in missing:
            _err(lang, "error", localize(f"{path}: no such file or folder", lang))
        raise typer.Exit(2)
    with _open(advisories, create=True, lang=lang) as store:
        outcomes = store.import_paths(paths)
    for o in outcomes:
        if o.status == "rejected":
            _err(lang, "error", f"{o.path}: {localize(o.message, lang)}")
            continue
        detail = ", ".join(o.advisories)
        status = say(lang, f"adv.status.{o.status}")
        typer.echo(f"{status:{9 if lang == 'en' else 4}} {o.path} {o.format or ''} {detail} "
                   f"{localize(o.message, lang)}".rstrip())
    from netinspect.advisories.lint import bulletin_warnings, files_of
    for path in files_of(paths):
        for warning in bulletin_warnings(path):
            _err(lang, "warning", warning)
    count = {k: sum(o.status == k for o in outcomes) for k in ("imported", "skipped", "unchanged", "rejected")}
    from netinspect.advisories.store import resolve_path

    typer.echo(say(lang, "adv.summary", **count, path=resolve_path(advisories)))
    raise typer.Exit(1 if count["rejected"] else 0)


@advisories_app.command("list")
def list_cmd(vendor: Optional[str] = typer.Option(None), os: Optional[str] = typer.Option(None, "--os"),
             advisories: Optional[Path] = StoreOpt, lang: str = LangOpt) -> None:
    """One line per advisory: id, vendor, CVSS, first imported, title (or why it is skipped)."""
    lang = _lang(lang)
    with _open(advisories, lang=lang) as store:
        for r in store.list(vendor, os):
            cvss = "-" if r["cvss"] is None else f"{r['cvss']:.1f}"
            reason = localize(r["skip_reason"], lang)
            title = f"[{say(lang, 'adv.skipped', reason=reason)}] " if r["skip_reason"] else ""
            typer.echo(f"{r['id']}\t{r['vendor']}\t{cvss}\t{r['first_imported'][:10]}\t{title}{r['title'] or ''}")


@advisories_app.command("show")
def show_cmd(advisory_id: str, advisories: Optional[Path] = StoreOpt, lang: str = LangOpt,
             model: Optional[str] = typer.Option(None, "--model", help="a device model: say which of the "
                                                 "advisory's products name it (exact, family, series)")) -> None:
    """One advisory with its affected and fixed versions, as JSON; with --model, how each product it
    names matches that model (``model_match``: exact, family with the family's name, series, or none)."""
    from dataclasses import asdict

    lang = _lang(lang)
    with _open(advisories, lang=lang) as store:
        adv = store.get(advisory_id)
    if adv is None:
        _err(lang, "error", say(lang, "adv.no_advisory", id=advisory_id))
        raise typer.Exit(1)
    data = asdict(adv)
    if model:
        data["model_match"] = product_matches(adv, model)
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def product_matches(adv, model: str) -> list[dict[str, str | None]]:
    """Per product the advisory names (not ``*``): how it matches ``model`` and through which family."""
    from netinspect.advisories.catalog import family_of
    from netinspect.advisories.match import model_match

    out = []
    for product in dict.fromkeys(r.product for r in adv.affected if r.product != "*"):
        how = model_match(product, model)
        out.append({"product": product, "model": model, "match": how or "none",
                    "family": family_of(product, model) if how == "family" else None})
    return out


@advisories_app.command("stats")
def stats_cmd(advisories: Optional[Path] = StoreOpt, lang: str = LangOpt) -> None:
    """What the store holds per vendor and OS."""
    lang = _lang(lang)
    with _open(advisories, lang=lang) as store:
        rows, skipped = store.stats(), store.skipped()
    from netinspect.report.jinja import when

    keys = ("vendor", "os", "advisories", "products", "versions", "max_cvss", "last_import")
    typer.echo("\t".join(say(lang, f"adv.stats.{k}") for k in keys))  # tab-separated: a header row, then data
    for r in rows:
        cells = {**r, "last_import": when(r["last_import"], lang) if r["last_import"] else None}
        typer.echo("\t".join(str("-" if cells[k] is None else cells[k]) for k in keys))
    typer.echo(say(lang, "adv.stats_skipped", count=skipped))


VERSIONS_EXIT_HELP = ("Exit codes: 0 no device affected at or above --fail-on (\"possibly affected\" only with "
                      "--fail-on-possibly); 1 some; 2 bad usage or no usable input.")


@terminal.quiet_option
def versions_command(
    logs: Annotated[Optional[list[Path]], typer.Option("--logs", "-l", help="Session logs: a folder or files (repeatable).")] = None,
    bundle: Annotated[Optional[Path], typer.Option("--bundle", "-b", help="Re-analyse a saved run bundle.")] = None,
    inventory: Annotated[Optional[Path], typer.Option("--inventory", "-i", help="Inventory YAML: collect over SSH.")] = None,
    advisories: Annotated[Optional[Path], typer.Option("--advisories", envvar=ENV, help="Advisory store (SQLite); default: NETINSPECT_ADVISORIES or the user store.")] = None,
    baseline: Annotated[Optional[Path], typer.Option("--baseline", help="Approved versions YAML (recommended.yaml): model or OS -> version.")] = None,
    new_since: Annotated[Optional[str], typer.Option("--new-since", help="YYYY-MM-DD: list devices newly affected since then.")] = None,
    site: Annotated[Optional[Path], typer.Option("--site", help="Site facts YAML (customer, site, engineer, date).")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output folder (default: a new dated folder here).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Comma-separated: html,md,json,xlsx,pdf,docx.")] = "html,md,json,xlsx",
    lang: Annotated[str, typer.Option("--lang", help="Report language: zh or en.")] = "zh",
    fail_on: Annotated[str, typer.Option("--fail-on", help="Exit 1 when a device is affected by an advisory at or above this severity (\"possibly affected\" ones do not count).")] = "high",
    fail_on_possibly: Annotated[bool, typer.Option("--fail-on-possibly", help="Count \"possibly affected\" advisories for --fail-on too.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the output folder.")] = False,
) -> None:
    """Version assessment: advisories per device, recommended versions, the version report."""
    from netinspect.advisories.report import FORMATS, write_reports
    from netinspect.advisories.store import resolve_path
    from netinspect.checks.context import AnalysisContext
    from netinspect.core.errors import EXIT_USAGE, UsageError
    from netinspect.core.i18n import labels
    from netinspect.core.messages import line, localize, say
    from netinspect.core.options import LANGS, OptionError, check_choice, parse_formats
    from netinspect.core.results import SEVERITIES
    from netinspect.pipeline import analyse
    from netinspect.report.pdf import PdfError
    from netinspect.workflow import default_outdir, exit_code, load_site

    def fail(message: str) -> typer.Exit:
        typer.echo(_plain(line(lang, "error", message)), err=True)
        return typer.Exit(EXIT_USAGE)

    try:
        formats = parse_formats(fmt, FORMATS)
        check_choice(lang, LANGS, "--lang")
        check_choice(fail_on, SEVERITIES, "--fail-on")
        if new_since:
            date.fromisoformat(new_since)
    except OptionError as exc:
        raise fail(str(exc)) from None
    except ValueError:
        raise fail(f"--new-since wants YYYY-MM-DD, got {new_since!r}") from None
    chosen = [name for name, value in (("--logs", logs), ("--bundle", bundle), ("--inventory", inventory)) if value]
    if len(chosen) != 1:
        raise fail(say(lang, "one_source", got=", ".join(chosen) or say(lang, "none")))
    store_path = resolve_path(advisories)
    if not store_path.is_file():
        raise fail(f"no advisory store at {store_path}; run `netinspect advisories import` first")
    if baseline is not None and not baseline.is_file():
        raise fail(f"{baseline}: no such file")
    try:
        from netinspect import sources
        site_facts = load_site(site)
        source, kind = sources.load(logs=logs, inventory=inventory, bundle=bundle)
    except UsageError as exc:
        raise fail(str(exc)) from None
    for record in source.inputs:
        if record.status != "ok":
            prefix = record.status if record.status in ("rejected", "partial") else "warning"
            terminal.stderr().print(line(lang, prefix, f"{record.name}: {localize(record.message, lang)}"))
    if not source.devices:
        raise fail("no usable input: no device found in what was given")
    options = {"advisories": str(store_path), "baseline": str(baseline) if baseline else None, "new_since": new_since,
               "fail_on_possibly": fail_on_possibly}
    run = analyse(source, kind, AnalysisContext(lang=lang, site=site_facts, options=options), ["version"])
    outdir = out or default_outdir("versions")
    try:
        written = write_reports(run, outdir, formats, lang, new_since)
    except PdfError as exc:
        raise fail(str(exc)) from None
    from netinspect.advisories.report import terminal_summary
    terminal.result(terminal_summary(run, lang))
    if new_since:
        for d in run.devices:
            r = next((r for r in d.results if r.check == "version.advisories"), None)
            if r is not None and r.extra.get("new_advisories"):
                terminal.result(f"NEW {d.name}: {', '.join(r.extra['new_advisories'])}")
    terminal.written(outdir, labels(lang, "inspection")["written"], written)
    raise typer.Exit(exit_code(run, fail_on))


versions_command.__doc__ = (versions_command.__doc__ or "") + "\n\n" + VERSIONS_EXIT_HELP


def _plain(text: str) -> str:
    """A terminal line without its rich colour markup (these lines go through typer.echo)."""
    import re

    return re.sub(r"\[/?[a-z ]*\]", "", text)


def _lang(lang: str) -> str:
    if lang not in ("zh", "en"):
        _err("zh", "error", f"--lang must be zh or en, not {lang!r}")
        raise typer.Exit(2)
    return lang
