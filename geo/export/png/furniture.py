"""What a print map needs around its places: a scale bar, a north arrow and a locator of the wider region."""
from __future__ import annotations

import geopandas as gpd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox
from shapely.geometry import box

from geo.export.png.drawing import BORDER, EXTENT_RED, INK, MUTED, WATER, draw_outlines, halo, map_text
from geo.export.png.extent import CENTRAL_ASIA, OUTLINE_BOX, fill_frame, km_per_deg_lon, nice_length


def scale_bar(ax, extent, fig: Figure) -> Bbox:
    lon0, lon1, lat0, lat1 = extent
    lat_mid = (lat0 + lat1) / 2
    per_deg = km_per_deg_lon(lat_mid)
    length = nice_length((lon1 - lon0) * per_deg / 5)
    length_deg = length / per_deg
    x = lon0 + 0.035 * (lon1 - lon0)
    y = lat0 + 0.06 * (lat1 - lat0)
    bar_h = 0.011 * (lat1 - lat0)
    for i, fill in enumerate(("#222222", "white", "#222222", "white")):
        ax.add_patch(Rectangle((x + i * length_deg / 4, y), length_deg / 4, bar_h, facecolor=fill,
                               edgecolor="#222222", linewidth=0.6, zorder=8))
    for fraction, text in ((0, "0"), (0.5, f"{length / 2:g}"), (1, f"{length:g} km")):
        map_text(ax, x + fraction * length_deg, y + bar_h * 1.8, text, fontsize=6.5, color=INK, ha="center",
              va="bottom", zorder=8, path_effects=halo(2))
    hemisphere = "N" if lat_mid >= 0 else "S"
    map_text(ax, x, y - bar_h * 0.9, f"Scale true at {abs(lat_mid):.0f}° {hemisphere}", fontsize=5.5, color=MUTED,
          ha="left", va="top", zorder=8, path_effects=halo(2))
    renderer = fig.canvas.get_renderer()
    a = ax.transData.transform((x, y - bar_h * 2.5))
    b = ax.transData.transform((x + length_deg, y + bar_h * 4.2))
    width_note = map_text(ax, 0, 0, "Scale true at 00° N", fontsize=5.5, transform=None)
    note_w = width_note.get_window_extent(renderer).width
    width_note.remove()
    return Bbox.from_extents(a[0] - 18, a[1] - 4, max(b[0], a[0] + note_w) + 28, b[1] + 4)


def north_arrow(ax, fig: Figure) -> Bbox:
    x, y0, y1 = 0.965, 0.855, 0.945
    ax.annotate("", xy=(x, y1), xytext=(x, y0), xycoords="axes fraction",
                arrowprops=dict(arrowstyle="-|>,head_width=0.35,head_length=0.7", color=INK, linewidth=1.4),
                zorder=8)
    map_text(ax, x, y1 + 0.008, "N", transform=ax.transAxes, fontsize=9, fontweight="bold", color=INK, ha="center",
          va="bottom", zorder=8, path_effects=halo(2))
    (ax0, ay0), (ax1, ay1) = ax.transAxes.transform([(x - 0.02, y0 - 0.01), (x + 0.02, y1 + 0.06)])
    return Bbox.from_extents(ax0, ay0, ax1, ay1)



def locator(fig: Figure, rect, extent, outlines: gpd.GeoDataFrame) -> None:
    """A small overview: where the main map sits in the wider region."""
    lon0, lon1, lat0, lat1 = extent
    c0, c1, c2, c3 = CENTRAL_ASIA
    wide = (max(min(lon0, c0) - 12, OUTLINE_BOX[0]), min(max(lon1, c1) + 12, OUTLINE_BOX[1]),
            max(min(lat0, c2) - 8, OUTLINE_BOX[2]), min(max(lat1, c3) + 8, OUTLINE_BOX[3]))
    fig_w, fig_h = fig.get_size_inches()
    wide = fill_frame(wide, (rect[2] * fig_w) / (rect[3] * fig_h))
    ax = fig.add_axes(rect)
    ax.set_facecolor(WATER)
    draw_outlines(ax, outlines, box(wide[0], wide[2], wide[1], wide[3]), linewidth=0.25)
    ax.add_patch(Rectangle((lon0, lat0), lon1 - lon0, lat1 - lat0, facecolor=(0.75, 0.22, 0.17, 0.12),
                           edgecolor=EXTENT_RED, linewidth=1.1, zorder=5))
    ax.set_xlim(wide[0], wide[1])
    ax.set_ylim(wide[2], wide[3])
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor(BORDER)
        spine.set_linewidth(0.6)
    map_text(ax, 0.03, 0.04, "Map area", transform=ax.transAxes, fontsize=6, color=EXTENT_RED, ha="left",
          va="bottom", path_effects=halo(2))


