"""Small SVG charts drawn on the server: no JavaScript library, no CDN. Each series has its own
dash pattern and marker shape and is labelled in text, so a chart reads without colour; pages put
the same numbers in a table next to it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 120, 16, 40
# (dash pattern, marker) per series: told apart by shape, not only by colour.
STYLES = [("", "circle"), ("6 4", "square"), ("2 3", "triangle")]
COLOURS = ["#1d4f91", "#b3470a", "#2f6b2f"]


@dataclass
class Series:
    label: str
    values: list[int | None]  # None: no report for that month


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'
    if kind == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    return (
        f'<polygon points="{x:.1f},{y - 4.5:.1f} {x - 4.5:.1f},{y + 3.5:.1f} '
        f'{x + 4.5:.1f},{y + 3.5:.1f}" fill="{colour}"/>'
    )


def _nice_max(value: int) -> int:
    """A round top for the axis that divides into four whole ticks."""
    if value <= 4:
        return 4
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 2, 4, 5, 6, 8, 10):
        top = step * magnitude
        if value <= top and top % 4 == 0:
            return top
    return -(-value // 4) * 4


def line_chart(*, title_id: str, x_labels: list[str], series: list[Series]) -> SafeString:
    """An SVG line chart; `title_id` names the heading that describes it (aria-labelledby)."""
    values = [v for s in series for v in s.values if v is not None]
    top = _nice_max(max(values, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    count = max(len(x_labels), 2)

    def x(i: int) -> float:
        return LEFT + plot_w * i / (count - 1)

    def y(v: int) -> float:
        return TOP + plot_h * (1 - v / top)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{escape(title_id)}" class="w-100 h-auto chart">'
    ]
    for step in range(5):
        value = top * step // 4
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            'stroke="#d0d4d9" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#333">{value}</text>'
        )
    for i, label in enumerate(x_labels):
        if i % 3 == 0 or i == len(x_labels) - 1:
            parts.append(
                f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
                f'font-size="11" fill="#333">{escape(label)}</text>'
            )
    for index, line in enumerate(series):
        dash, marker = STYLES[index % len(STYLES)]
        colour = COLOURS[index % len(COLOURS)]
        points = [(x(i), y(v)) for i, v in enumerate(line.values) if v is not None]
        if not points:
            continue
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>'
        )
        parts += [_marker(marker, px, py, colour) for px, py in points]
        # Legend to the right: a sample of the line with its marker, and the name.
        legend_x, legend_y = LEFT + plot_w + 10, TOP + 8 + 20 * index
        parts.append(
            f'<line x1="{legend_x}" x2="{legend_x + 24}" y1="{legend_y}" y2="{legend_y}" '
            f'stroke="{colour}" stroke-width="2"{dash_attr}/>'
            + _marker(marker, legend_x + 12, legend_y, colour)
            + f'<text x="{legend_x + 30}" y="{legend_y + 4}" font-size="12" fill="#222">'
            f"{escape(line.label)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - numbers and escaped labels only  # nosec B308 B703
