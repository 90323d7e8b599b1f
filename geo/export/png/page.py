"""The print map's page: title, map frame, locator, legend and sources laid out on a sheet or a slide, written
as a 300 dpi PNG with its alt text.

The image-to-coordinate mapping is linear (see `extent`), so tests and the PDF can find any place's pixel from
`MapImage.pixel`.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Sequence

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from shapely.geometry import box

from geo.filters import Selection
from geo.model import Atlas, Place
from geo.text import OUTLINE_CREDIT
from geo.export.png.alt import alt_text
from geo.export.png.drawing import INK, MARKER_PT, MUTED, WATER, draw_outlines, draw_places, map_text
from geo.export.png.extent import fill_frame, map_extent
from geo.export.png.furniture import locator, north_arrow, scale_bar
from geo.export.png.labels import PlacedLabel, label_map
from geo.export.png.legend import draw_legend
from geo.export.png.outlines import Outlines, outline_frame
from geo.export.wording import cited_sources, sources_line, summary_line, wrap

WIDTH_IN, HEIGHT_IN, DPI = 10.5, 7.0, 300
SLIDE_WIDTH_PX = 3200  # a slide image: 3200 px wide at 300 dpi, its height from the slide's shape


@dataclass(frozen=True)
class MapImage:
    """Where things ended up in the image, in pixels from the top-left corner."""

    width: int
    height: int
    dpi: float
    extent: tuple[float, float, float, float]  # lon_min, lon_max, lat_min, lat_max actually shown
    axes_box: tuple[float, float, float, float]  # left, top, right, bottom of the map frame
    anchors: dict[str, tuple[float, float]] = field(default_factory=dict)  # place id: marker or label anchor
    labels: tuple[PlacedLabel, ...] = ()
    alt: str = ""

    def pixel(self, lon: float, lat: float) -> tuple[float, float]:
        lon0, lon1, lat0, lat1 = self.extent
        left, top, right, bottom = self.axes_box
        return (left + (lon - lon0) / (lon1 - lon0) * (right - left),
                bottom - (lat - lat0) / (lat1 - lat0) * (bottom - top))


def page_inches(shape: tuple[float, float] | None = None) -> tuple[float, float]:
    """The image's width and height in inches: the 3:2 sheet, or a slide of the given shape (16:9 is
    3200 x 1800 px), so an image downloaded from a slide drops onto that slide without bars or cropping."""
    if shape is None:
        return WIDTH_IN, HEIGHT_IN
    width = SLIDE_WIDTH_PX / DPI
    return width, round(SLIDE_WIDTH_PX * shape[1] / shape[0]) / DPI


def draw_map(atlas: Atlas, places: Sequence[Place], selection: Selection, title: str,
             outlines: Outlines = None,
             export_date: dt.date | str | None = None, show_title: bool = True,
             shape: tuple[float, float] | None = None) -> tuple[Figure, MapImage]:
    """The whole image as a matplotlib figure, plus where its places ended up. A page that prints the title
    itself (the PDF) asks for the image without it; a briefing slide asks for its own shape."""
    outlines = outline_frame(outlines)
    places = tuple(places)
    width_in, height_in = page_inches(shape)
    fig = Figure(figsize=(width_in, height_in), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    margin, panel_w, gap = 0.22, 2.3, 0.18
    map_w = width_in - 2 * margin - panel_w - gap
    map_top, map_bottom = _page_text(fig, atlas, places, selection, title if show_title else None, export_date,
                                     margin, map_w)
    map_h = map_top - map_bottom

    ax = fig.add_axes((margin / width_in, map_bottom / height_in, map_w / width_in, map_h / height_in))
    extent = fill_frame(map_extent(places), map_w / map_h)
    _frame(ax, extent)
    lon0, lon1, lat0, lat1 = extent
    view = box(lon0, lat0, lon1, lat1)
    draw_outlines(ax, outlines, view)
    moved = draw_places(ax, places)
    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)

    panel_x = (margin + map_w + gap) / width_in
    locator_h = 1.45
    locator(fig, (panel_x, (map_top - locator_h) / height_in, panel_w / width_in, locator_h / height_in), extent,
            outlines)
    legend_top = map_top - locator_h - 0.15
    draw_legend(fig, (panel_x, map_bottom / height_in, panel_w / width_in, (legend_top - map_bottom) / height_in),
                places)

    radius_px = (MARKER_PT * 1.05 / 2 + 1.2) * DPI / 72 + 2  # the largest symbol, with its outline
    anchors, labels = label_map(ax, places, moved, view, outlines, [scale_bar(ax, extent, fig), north_arrow(ax, fig)],
                                radius_px)
    frame = ax.get_window_extent()
    height_px = float(fig.bbox.height)
    image = MapImage(width=int(round(width_in * DPI)), height=int(round(height_in * DPI)), dpi=DPI, extent=extent,
                     axes_box=(float(frame.x0), float(height_px - frame.y1), float(frame.x1),
                               float(height_px - frame.y0)), anchors=anchors, labels=labels,
                     alt=alt_text(atlas, places, selection, title))
    return fig, image


def _page_text(fig: Figure, atlas: Atlas, places: Sequence[Place], selection: Selection, title: str | None,
               export_date: dt.date | str | None, margin: float, map_w: float) -> tuple[float, float]:
    """The title above the map and the summary and sources below it; returns the map's top and bottom (inches)."""
    width_in, height_in = fig.get_size_inches()
    title_lines = wrap(title, map_w * 72, 16, weight="bold")[:2] if title is not None else []
    summary = wrap(summary_line(atlas, places, selection, export_date), (width_in - 2 * margin) * 72, 8.5)
    sources = wrap(sources_line(cited_sources(atlas, places)), (width_in - 2 * margin) * 72, 7)
    top = height_in - margin
    for i, line in enumerate(title_lines):
        map_text(fig, margin / width_in, (top - i * 0.26) / height_in, line, fontsize=16, fontweight="bold",
                 color=INK, va="top")
    map_top = top - 0.26 * len(title_lines) - (0.1 if title_lines else 0)
    bottom_text = margin + 0.13 * len(sources) + 0.15 * len(summary)
    y = margin
    for line in reversed(sources):
        map_text(fig, margin / width_in, y / height_in, line, fontsize=7, color=MUTED, va="bottom")
        y += 0.13
    for line in reversed(summary):
        map_text(fig, margin / width_in, y / height_in, line, fontsize=8.5, color=INK, va="bottom")
        y += 0.15
    return map_top, bottom_text + 0.08


def _frame(ax, extent: tuple[float, float, float, float]) -> None:
    """The map frame: water behind the land, no ticks, a thin grey border."""
    ax.set_facecolor(WATER)
    lon0, lon1, lat0, lat1 = extent
    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#777777")
        spine.set_linewidth(0.8)


def _metadata(atlas: Atlas, title: str, alt: str) -> dict:
    return {"Title": title, "Description": alt, "Source": f"{atlas.title}, data as of {atlas.as_of}",
            "Copyright": OUTLINE_CREDIT}


def export_png(atlas: Atlas, places: Sequence[Place], selection: Selection, title: str,
               outlines: Outlines, path: str | Path | BinaryIO,
               export_date: dt.date | str | None = None, show_title: bool = True,
               shape: tuple[float, float] | None = None) -> MapImage:
    """Write the map as a 300 dpi PNG (3150 x 2100 px, or a slide's shape) to a path or binary file; the alt text
    rides along in the PNG's Description field."""
    fig, image = draw_map(atlas, places, selection, title, outlines, export_date, show_title, shape)
    target = str(path) if isinstance(path, Path) else path
    fig.savefig(target, format="png", dpi=DPI, facecolor="white", metadata=_metadata(atlas, title, image.alt))
    return image


def png_bytes(atlas: Atlas, places: Sequence[Place], selection: Selection, title: str,
              outlines: Outlines = None,
              export_date: dt.date | str | None = None, show_title: bool = True,
              shape: tuple[float, float] | None = None) -> tuple[bytes, MapImage]:
    buffer = io.BytesIO()
    image = export_png(atlas, places, selection, title, outlines, buffer, export_date, show_title, shape)
    return buffer.getvalue(), image
