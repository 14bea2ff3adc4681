"""Charts as inline SVG made on the server (no JavaScript, no third-party scripts), and the
same charts drawn for the PDF with reportlab.

Business rules:
- a chart is drawn only from a *published* table (after disclosure control): a hidden figure
  is a gap marked "[c]", never a bar or a point, so a chart cannot show what a table hides;
- every chart has a title and a description (`<title>`, `<desc>`, `role="img"`) and names the
  table that holds its figures (the text alternative);
- colours are set with SVG presentation attributes, not style attributes, so the pages keep
  their strict Content-Security-Policy (no inline styles).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape
from typing import Any

PALETTE = ("#1d70b8", "#f47738", "#00703c", "#4c2c92", "#d4351c", "#505a5f")
INK = "#0b0c0c"
GRID = "#b1b4b6"
W, H = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 40, 64


@dataclass
class Series:
    name: str
    values: list[float | None]


@dataclass
class ForestPoint:
    label: str
    estimate: float | None
    low: float | None
    high: float | None
    reference: bool = False


@dataclass
class Chart:
    key: str
    title: str
    description: str
    kind: str  # "bar" | "line" | "forest"
    table_key: str
    categories: list[str] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    points: list[ForestPoint] = field(default_factory=list)
    y_label: str = ""
    percent: bool = False

    @property
    def svg(self) -> str:
        if self.kind == "forest":
            return _forest_svg(self)
        return _xy_svg(self)


def _nice_step(span: float, ticks: int = 4) -> float:
    """A tick step of 1, 2, 2.5 or 5 times a power of ten giving about `ticks` intervals."""
    if span <= 0:
        return 0.25
    raw = span / ticks
    exp = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * exp + 1e-12:
            return m * exp
    return 10 * exp


def _axis(v: float) -> tuple[float, float, int]:
    """(top, step, decimals) of a value axis from 0 that holds `v`: ticks land on round
    numbers and every tick label shows as many decimals as the step needs (0.25, not 0.2)."""
    step = _nice_step(v)
    top = max(step, math.ceil(v / step - 1e-9) * step)
    decimals = 0
    while decimals < 6 and abs(round(step, decimals) - step) > 1e-9:
        decimals += 1
    return top, step, decimals


def _nice_max(v: float) -> float:
    return _axis(v)[0]


def _fmt(v: float, percent: bool, decimals: int | None = None) -> str:
    """A tick label: thousands separated, with the decimals the axis step needs."""
    if percent:
        d = max(0, (decimals or 0) - 2)
        return f"{v * 100:.{d}f}%"
    if decimals is None:
        decimals = 0 if v == int(v) else (1 if v * 10 == int(v * 10) else 2)
    return f"{v:,.{decimals}f}"


def _open(chart: Chart, height: int) -> list[str]:
    tid, did = f"chart-{chart.key}-title", f"chart-{chart.key}-desc"
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ss-chart" viewBox="0 0 {W} {height}" '
        f'width="100%" role="img" aria-labelledby="{tid} {did}" focusable="false">',
        f'<title id="{tid}">{escape(chart.title)}</title>',
        f'<desc id="{did}">{escape(chart.description)}</desc>',
        f'<rect x="0" y="0" width="{W}" height="{height}" fill="#ffffff"/>',
    ]


def _legend(chart: Chart) -> list[str]:
    out = []
    x = LEFT
    for k, s in enumerate(chart.series):
        colour = PALETTE[k % len(PALETTE)]
        out.append(f'<rect x="{x}" y="12" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{x + 16}" y="22" font-size="12" fill="{INK}">{escape(s.name)}</text>')
        x += 24 + 7 * len(s.name)
    return out


def _xy_svg(chart: Chart) -> str:
    n = max(1, len(chart.categories))
    values = [v for s in chart.series for v in s.values if v is not None]
    highest = max(values) if values else 0.0
    if chart.percent and highest > 0.5:
        highest = max(highest, 1.0)
    top, step, decimals = _axis(highest)
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM

    def y(v: float) -> float:
        return TOP + plot_h - (v / top) * plot_h

    out = _open(chart, H)
    for k in range(round(top / step) + 1):
        v = step * k
        yy = y(v)
        out.append(
            f'<line x1="{LEFT}" y1="{yy:.1f}" x2="{W - RIGHT}" y2="{yy:.1f}" stroke="{GRID}" '
            'stroke-width="1"/>'
        )
        out.append(
            f'<text x="{LEFT - 6}" y="{yy + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="{INK}">{_fmt(v, chart.percent, decimals)}</text>'
        )
    step = plot_w / n
    label_every = max(1, math.ceil(n / 12))
    for i, cat in enumerate(chart.categories):
        if i % label_every:
            continue
        cx = LEFT + step * (i + 0.5)
        out.append(
            f'<text x="{cx:.1f}" y="{H - BOTTOM + 16}" font-size="11" text-anchor="end" '
            f'transform="rotate(-30 {cx:.1f} {H - BOTTOM + 16})" fill="{INK}">'
            f"{escape(cat[:18])}</text>"
        )
    if chart.kind == "bar":
        ns = max(1, len(chart.series))
        bw = step * 0.8 / ns
        for k, s in enumerate(chart.series):
            colour = PALETTE[k % len(PALETTE)]
            for i, v in enumerate(s.values):
                x0 = LEFT + step * i + step * 0.1 + bw * k
                if v is None:
                    out.append(
                        f'<text x="{x0 + bw / 2:.1f}" y="{TOP + plot_h - 4}" font-size="10" '
                        f'text-anchor="middle" fill="{INK}">[c]</text>'
                    )
                    continue
                h = max(0.0, (v / top) * plot_h)
                out.append(
                    f'<rect x="{x0:.1f}" y="{TOP + plot_h - h:.1f}" width="{bw:.1f}" '
                    f'height="{h:.1f}" fill="{colour}"/>'
                )
    else:
        for k, s in enumerate(chart.series):
            colour = PALETTE[k % len(PALETTE)]
            path: list[str] = []
            for i, v in enumerate(s.values):
                cx = LEFT + step * (i + 0.5)
                if v is None:
                    out.append(
                        f'<text x="{cx:.1f}" y="{TOP + plot_h - 4}" font-size="10" '
                        f'text-anchor="middle" fill="{INK}">[c]</text>'
                    )
                    if len(path) > 1:
                        out.append(_polyline(path, colour))
                    path = []
                    continue
                path.append(f"{cx:.1f},{y(v):.1f}")
                out.append(f'<circle cx="{cx:.1f}" cy="{y(v):.1f}" r="3" fill="{colour}"/>')
            if len(path) > 1:
                out.append(_polyline(path, colour))
    out.append(
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{W - RIGHT}" y2="{TOP + plot_h}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    if chart.y_label:
        out.append(
            f'<text x="12" y="{TOP + plot_h / 2:.1f}" font-size="11" text-anchor="middle" '
            f'transform="rotate(-90 12 {TOP + plot_h / 2:.1f})" fill="{INK}">'
            f"{escape(chart.y_label)}</text>"
        )
    out.extend(_legend(chart))
    out.append("</svg>")
    return "\n".join(out)


def _polyline(points: list[str], colour: str) -> str:
    return f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" stroke-width="2"/>'


def forest_range(points: list[ForestPoint]) -> tuple[float, float]:
    vals = [
        v
        for p in points
        for v in (p.estimate, p.low, p.high)
        if v is not None and v > 0 and math.isfinite(v)
    ]
    lo = min([0.25, *vals])
    hi = max([4.0, *vals])
    return max(lo, 1e-3), min(hi, 1e3)


def _forest_svg(chart: Chart) -> str:
    row_h = 26
    height = TOP + row_h * max(1, len(chart.points)) + 40
    label_w = 150
    x0, x1 = LEFT + label_w, W - RIGHT - 20
    lo, hi = forest_range(chart.points)
    llo, lhi = math.log(lo), math.log(hi)

    def x(v: float) -> float:
        v = min(max(v, lo), hi)
        return x0 + (math.log(v) - llo) / (lhi - llo) * (x1 - x0)

    out = _open(chart, height)
    bottom = TOP + row_h * len(chart.points)
    for tick in (0.25, 0.5, 1, 2, 4, 8, 16, 32):
        if lo <= tick <= hi:
            out.append(
                f'<line x1="{x(tick):.1f}" y1="{TOP - 6}" x2="{x(tick):.1f}" y2="{bottom}" '
                f'stroke="{INK if tick == 1 else GRID}" stroke-width="1"/>'
            )
            out.append(
                f'<text x="{x(tick):.1f}" y="{bottom + 16}" font-size="11" text-anchor="middle" '
                f'fill="{INK}">{tick:g}</text>'
            )
    out.append(
        f'<text x="{(x0 + x1) / 2:.1f}" y="{bottom + 32}" font-size="11" text-anchor="middle" '
        f'fill="{INK}">{escape(chart.y_label or "Relative rate index (log scale), 1 = parity")}'
        "</text>"
    )
    for k, p in enumerate(chart.points):
        cy = TOP + row_h * k + row_h / 2
        out.append(
            f'<text x="{LEFT}" y="{cy + 4:.1f}" font-size="12" fill="{INK}">'
            f"{escape(p.label[:22])}</text>"
        )
        if p.reference:
            out.append(
                f'<text x="{x(1) + 6:.1f}" y="{cy + 4:.1f}" font-size="11" fill="{INK}">'
                "reference</text>"
            )
            continue
        if p.estimate is None:
            out.append(
                f'<text x="{x(1) + 6:.1f}" y="{cy + 4:.1f}" font-size="11" fill="{INK}">'
                "[c] or too few</text>"
            )
            continue
        if p.low is not None and p.high is not None:
            out.append(
                f'<line x1="{x(p.low):.1f}" y1="{cy:.1f}" x2="{x(p.high):.1f}" y2="{cy:.1f}" '
                f'stroke="{PALETTE[0]}" stroke-width="2"/>'
            )
        if p.estimate > 0:
            out.append(
                f'<rect x="{x(p.estimate) - 5:.1f}" y="{cy - 5:.1f}" width="10" height="10" '
                f'fill="{PALETTE[0]}"/>'
            )
        else:
            out.append(
                f'<text x="{x(lo) + 4:.1f}" y="{cy + 4:.1f}" font-size="11" fill="{INK}">0</text>'
            )
    out.append("</svg>")
    return "\n".join(out)


# ----------------------------------------------------------------------------- PDF


def to_drawing(chart: Chart, width: float = 460) -> Any:
    """The chart as a reportlab Drawing (for the PDF), from the same published figures."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.shapes import Drawing, Line, Rect, String
    from reportlab.lib import colors

    cols = [colors.HexColor(c) for c in PALETTE]
    if chart.kind == "forest":
        row_h = 16
        height = 30 + row_h * max(1, len(chart.points))
        d = Drawing(width, height)
        lo, hi = forest_range(chart.points)
        x0, x1 = 120, width - 20
        llo, lhi = math.log(lo), math.log(hi)

        def x(v: float) -> float:
            v = min(max(v, lo), hi)
            return x0 + (math.log(v) - llo) / (lhi - llo) * (x1 - x0)

        d.add(Line(x(1), 14, x(1), height - 4, strokeColor=colors.black))
        for tick in (0.25, 0.5, 1, 2, 4, 8, 16, 32):
            if lo <= tick <= hi:
                d.add(String(x(tick), 2, f"{tick:g}", fontSize=7, textAnchor="middle"))
        for k, p in enumerate(chart.points):
            cy = height - 10 - row_h * (k + 0.5)
            d.add(String(4, cy - 3, p.label[:24], fontSize=8))
            if p.reference:
                d.add(String(x(1) + 4, cy - 3, "reference", fontSize=7))
            elif p.estimate is None:
                d.add(String(x(1) + 4, cy - 3, "[c] or too few", fontSize=7))
            else:
                if p.low is not None and p.high is not None:
                    d.add(Line(x(p.low), cy, x(p.high), cy, strokeColor=cols[0], strokeWidth=1.5))
                if p.estimate > 0:
                    d.add(Rect(x(p.estimate) - 3, cy - 3, 6, 6, fillColor=cols[0], strokeWidth=0))
        return d
    d = Drawing(width, 190)
    c: Any = VerticalBarChart() if chart.kind == "bar" else HorizontalLineChart()
    c.x, c.y, c.width, c.height = 40, 45, width - 60, 120
    # A chart of no groups (nothing held yet) still draws: one empty category at zero.
    data = [tuple(0 if v is None else v for v in s.values) or (0,) for s in chart.series] or [(0,)]
    c.data = data
    c.categoryAxis.categoryNames = [s[:12] for s in chart.categories] or [""]
    c.categoryAxis.labels.angle = 30
    c.categoryAxis.labels.fontSize = 6
    c.categoryAxis.labels.boxAnchor = "ne"
    c.valueAxis.valueMin = 0
    c.valueAxis.labels.fontSize = 7
    for k in range(len(data)):
        if chart.kind == "bar":
            c.bars[k].fillColor = cols[k % len(cols)]
        else:
            c.lines[k].strokeColor = cols[k % len(cols)]
    d.add(c)
    x = 40
    for k, s in enumerate(chart.series):
        d.add(Rect(x, 178, 8, 8, fillColor=cols[k % len(cols)], strokeWidth=0))
        d.add(String(x + 11, 179, s.name, fontSize=7))
        x += 20 + 4.2 * len(s.name)
    if any(v is None for s in chart.series for v in s.values):
        d.add(String(width - 4, 179, "[c] = hidden, drawn as 0 here", fontSize=6, textAnchor="end"))
    return d
