"""The print map's legend: the rows of `geo.style.legend`, the web legend's own entries, drawn with matplotlib."""
from __future__ import annotations

from typing import Sequence

from matplotlib.figure import Figure
from matplotlib.patches import Ellipse, Rectangle

from geo.model import Place
from geo.style import LegendEntry, legend
from geo.export.png.drawing import INK, MUTED, line_options, map_text, patch_options, symbol_options
from geo.export.wording import wrap


def draw_legend(fig: Figure, rect, places: Sequence[Place]) -> None:
    """The legend rows for what is on this map only (a printed map has no room for unused entries), from the
    same entries, labels and strokes as the web legend."""
    ax = fig.add_axes(rect)
    fig_w, fig_h = fig.get_size_inches()
    width_pt = rect[2] * fig_w * 72
    height_pt = rect[3] * fig_h * 72
    ax.set_xlim(0, width_pt)
    ax.set_ylim(height_pt, 0)
    ax.axis("off")
    y = 4.0
    step = 11.5
    for heading, entries in legend(places):
        map_text(ax, 0, y, heading, fontsize=7.5, fontweight="bold", color=INK, va="top")
        y += step
        for entry in entries:
            _swatch(ax, entry, y)
            lines = wrap(entry.label, width_pt - 24, 7)
            for i, line in enumerate(lines):
                map_text(ax, 22, y + i * 8.5, line, fontsize=7, color=INK, va="top")
            y += step + 8.5 * (len(lines) - 1)
    if not places:
        map_text(ax, 0, y, "No places match these filters.", fontsize=7.5, color=MUTED, va="top")


def _swatch(ax, entry: LegendEntry, y: float) -> None:
    """One legend entry's picture, in a 16 x 8 pt cell left of its label."""
    if entry.swatch == "fill":
        ax.add_patch(Rectangle((4, y), 12, 8, facecolor=entry.colour, edgecolor=entry.colour))
    elif entry.swatch == "symbol":
        ax.plot([10], [y + 4.5], linestyle="none", **symbol_options(entry.shape, entry.hollow, entry.colour, 8))
    elif entry.swatch == "line":
        ax.plot([2, 18], [y + 4.5, y + 4.5], **line_options(entry.stroke, entry.colour))
    elif entry.swatch == "circle":
        ax.add_patch(Ellipse((10, y + 4.5), 9, 9, **patch_options(entry.stroke, entry.colour)))
    else:
        ax.add_patch(Rectangle((2, y + 0.5), 16, 8, **patch_options(entry.stroke, entry.colour)))


