"""Small inline SVG charts for self-contained HTML reports (no scripts, no network)."""

from __future__ import annotations

from html import escape

# the PDF's embedded font first (see report/pdf.py); browsers skip it and use the system's CJK fonts
FONT = ('font-family="netinspect CJK, PingFang SC, Microsoft YaHei, Noto Sans CJK SC, sans-serif" '
        'font-size="11"')
SEVERITY_COLOURS = {"critical": "#7b1fa2", "high": "#d32f2f", "medium": "#f57c00", "low": "#fbc02d",
                    "info": "#90a4ae", "none": "#43a047", "unknown": "#90a4ae", "possibly": "#c8a600"}


def severity_bars(counts: dict[str, int], labels: dict[str, str]) -> str:
    """Horizontal bars, one per severity, with counts."""
    rows = list(counts.items())
    top = max([c for _, c in rows] + [1])
    width, bar_h, gap, left = 420, 22, 8, 90
    height = len(rows) * (bar_h + gap) + gap
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'class="chart" {FONT}>']
    for i, (sev, count) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        w = 0 if count == 0 else max(2, int((width - left - 50) * count / top))
        parts.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end">{escape(labels[sev])}</text>')
        parts.append(f'<rect x="{left}" y="{y}" width="{w}" height="{bar_h}" fill="{SEVERITY_COLOURS[sev]}"/>')
        parts.append(f'<text x="{left + w + 6}" y="{y + 16}">{count}</text>')
    parts.append("</svg>")
    return "".join(parts)


def utilisation_bars(rows: list[tuple[str, float | None, float | None]], legend: tuple[str, str],
                     no_data: str, limit: float = 80.0) -> str:
    """Paired bars per device: CPU and memory percent (max over slots); a dashed line at `limit`.

    Compact (a 30-device fleet takes half a page); a device with neither reading gets one "no data" label,
    a missing bar a small one, so that labels never overlap."""
    bar_h, gap, left, width = 7, 5, 170, 520
    scale = (width - left - 60) / 100.0
    height = len(rows) * (2 * bar_h + gap) + gap + 24
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'class="chart" {FONT}>']
    for i, (name, cpu, mem) in enumerate(rows):
        y = 24 + i * (2 * bar_h + gap)
        parts.append(f'<text x="{left - 8}" y="{y + 11}" text-anchor="end" font-size="10">{escape(name[:28])}</text>')
        if cpu is None and mem is None:
            parts.append(f'<text x="{left + 4}" y="{y + 11}" font-size="9" fill="#616e7c">{escape(no_data)}</text>')
            continue
        for j, (value, colour) in enumerate(((cpu, "#1976d2"), (mem, "#43a047"))):
            yy = y + j * bar_h
            if value is None:
                parts.append(f'<text x="{left + 4}" y="{yy + 6}" font-size="6.5" fill="#616e7c">'
                             f'{escape(no_data)}</text>')
                continue
            colour = "#d32f2f" if value >= limit else colour
            parts.append(f'<rect x="{left}" y="{yy}" width="{max(1, int(value * scale))}" height="{bar_h - 1}" '
                         f'fill="{colour}"/>')
            parts.append(f'<text x="{left + int(value * scale) + 4}" y="{yy + 6.5}" font-size="8">{value:.0f}</text>')
    x = left + int(limit * scale)
    parts.append(f'<line x1="{x}" y1="18" x2="{x}" y2="{height}" stroke="#999" stroke-dasharray="4 3"/>')
    parts.append(f'<rect x="{left}" y="4" width="10" height="10" fill="#1976d2"/>'
                 f'<text x="{left + 14}" y="13">{escape(legend[0])}</text>'
                 f'<rect x="{left + 90}" y="4" width="10" height="10" fill="#43a047"/>'
                 f'<text x="{left + 104}" y="13">{escape(legend[1])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def sparkline(points: list[tuple[str, float | None]], width: int = 180, height: int = 36) -> str:
    """A small line over dated values (None: a gap), first and last dates under it (history trends)."""
    values = [v for _, v in points if v is not None]
    low, high = min(values, default=0.0), max(values, default=1.0)
    span = (high - low) or 1.0
    step = (width - 8) / max(1, len(points) - 1)
    coords = [(4 + i * step, 4 + (height - 20) * (1 - (v - low) / span)) for i, (_, v) in enumerate(points)
              if v is not None]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" class="chart">',
             f'<polyline points="{path}" fill="none" stroke="#1976d2" stroke-width="1.5"/>']
    parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="#1976d2"/>' for x, y in coords]
    parts.append(f'<text x="2" y="{height - 2}" font-size="9">{escape(points[0][0])}</text>')
    parts.append(f'<text x="{width - 2}" y="{height - 2}" font-size="9" text-anchor="end">'
                 f'{escape(points[-1][0])}</text>')
    parts.append("</svg>")
    return "".join(parts)
