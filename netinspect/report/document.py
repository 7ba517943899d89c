"""What every deliverable's cover, table of contents and sign-off block show, from the site facts."""

from __future__ import annotations

from typing import Any

from netinspect.core.i18n import labels


def document_info(title: str, site: dict[str, Any], lang: str, report_no: str, date: str,
                  toc: list[tuple[str, str]]) -> dict[str, Any]:
    """Cover fields (customer, site, period, engineer, report number, date), TOC entries, running header.

    `site` may give `period` (default: the date) and `report_no` (default: `report_no` passed in).
    """
    d = labels(lang, "document")
    date = str(site.get("date") or date)
    customer, place = site.get("customer"), site.get("site")
    fields = [("cover.customer", customer), ("cover.site", place), ("cover.period", site.get("period") or date),
              ("cover.engineer", site.get("engineer")), ("cover.report_no", site.get("report_no") or report_no),
              ("cover.date", date)]
    return {
        "title": title,
        "subtitle": " · ".join(str(v) for v in (customer, place) if v),
        "fields": [(d[key], str(value)) for key, value in fields if value],
        "toc": toc,
        "engineer": str(site.get("engineer") or ""),
        "header": " · ".join(str(v) for v in (title, customer, place) if v),
    }
