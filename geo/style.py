"""How places look, on screen and on paper: the one symbology the web map, its legend, the print map and its
legend all read.

Colour is by mineral and shape by status, so colour is never the only cue; the colours are the Okabe-Ito palette,
distinguishable with the common forms of colour blindness. Lines are defined once (`Stroke`), with their dash in
screen pixels at their screen width; paper keeps the same dash in proportion to its own line width. Every symbol
here is built from these constants only; no data text ever reaches the SVG.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from geo.model import KINDS, MINERALS, REE, STATUSES, Place


@dataclass(frozen=True)
class MineralClass:
    key: str
    label: str
    colour: str
    members: frozenset[str]


MINERAL_CLASSES = (
    MineralClass("vanadium", "Vanadium", "#0072B2", frozenset({"vanadium"})),
    MineralClass("rare_earths", "Rare-earth elements", "#D55E00",
                 frozenset(k for k, t in MINERALS.items() if t.group == REE)),
    MineralClass("lithium", "Lithium and rare metals", "#009E73", frozenset({"lithium", "rare_metals"})),
    MineralClass("uranium", "Uranium", "#E69F00", frozenset({"uranium"})),
    MineralClass("several", "Several of these", "#CC79A7", frozenset()),
    MineralClass("none", "No mineral named", "#6E6E6E", frozenset()),
)
_CLASS = {c.key: c for c in MINERAL_CLASSES}

# Shape per status; hollow symbols mark what is not (yet) a confirmed producing site.
STATUS_SHAPES = {
    "production": ("circle", False),
    "exploration": ("square", False),
    "announced": ("triangle", True),
    "occurrence": ("diamond", True),
}
DEFAULT_SHAPE = ("circle", False)  # a point of any other status
_PATHS = {
    "circle": "M9 2.5a6.5 6.5 0 1 0 0.001 0z",
    "square": "M3 3h12v12H3z",
    "triangle": "M9 1.8 16.5 15.5H1.5z",
    "diamond": "M9 1.5 16.5 9 9 16.5 1.5 9z",
}
# Drawing order and label priority: producing sites on top.
STATUS_RANK = {"production": 4, "exploration": 3, "announced": 2, "occurrence": 1}
CORRIDOR_COLOUR = "#222222"
COUNTRY_COLOUR = "#555555"
# Place names on the web map: the canvas measures each label in this font, and the page's CSS draws it in it.
LABEL_FONT = "600 11.5px Arial, Helvetica, sans-serif"
LABEL_LINE_PX = 16
LEGEND_INK = "#444444"  # the neutral colour of legend symbols that stand for every mineral
SYMBOL_SIZE = 18
# A point more uncertain than this gets a faint circle of its stated precision.
UNCERTAINTY_MIN_KM = 1.0


@dataclass(frozen=True)
class Stroke:
    """One line style. `weight` is in screen pixels, `print_weight` in points on paper; `dash` is in screen
    pixels at `weight` (empty: solid). The fill is the line colour unless `fill` names another; 0 means none."""

    colour: str | None  # None: the place's mineral colour
    weight: float
    print_weight: float
    opacity: float = 1.0
    dash: tuple[float, ...] = ()
    fill_opacity: float = 0.0
    fill: str | None = None

    def dash_array(self) -> str | None:
        """The dash as SVG and Leaflet write it, e.g. '6 5'."""
        return " ".join(f"{d:g}" for d in self.dash) if self.dash else None

    def print_dashes(self) -> tuple[float, ...] | None:
        """The dash in line widths, as matplotlib scales it: the same pattern as on screen, in proportion."""
        return tuple(d / self.weight for d in self.dash) if self.dash else None

    def leaflet(self, colour: str | None = None) -> dict:
        """Leaflet path options; `colour` is the mineral colour, for a stroke that has none of its own."""
        line = self.colour or colour
        options = {"color": line, "weight": self.weight, "opacity": self.opacity}
        if self.dash:
            options["dashArray"] = self.dash_array()
        if self.fill_opacity:
            options.update(fillColor=self.fill or line, fillOpacity=self.fill_opacity)
        return options


# Areas and non-point occurrences: dashed, because their extent is vague.
AREA = Stroke(None, 2.5, 1.4, opacity=0.9, dash=(6, 5), fill_opacity=0.14)
CORRIDOR = Stroke(CORRIDOR_COLOUR, 3.5, 2.2, opacity=0.85)
COUNTRY = Stroke(COUNTRY_COLOUR, 1.2, 0.9, opacity=0.7, fill_opacity=0.03)
UNCERTAINTY = Stroke(LEGEND_INK, 1, 0.6, dash=(2, 3), fill_opacity=0.06)
# A symbol moved apart from another keeps a leader line (and a dot) to its true position.
LEADER = Stroke("#333333", 1, 0.7, opacity=0.8)
LEADER_DOT = Stroke("#333333", 1, 0.7, fill_opacity=1)
LEADER_DOT_RADIUS = 2  # screen pixels
# The offline basemap of the web map: country outlines on a pale ground.
BASEMAP = Stroke("#8a8a8a", 0.8, 0.5, fill="#f4f3ee", fill_opacity=1)


def mineral_class(place: Place) -> MineralClass:
    classes = {c.key for c in MINERAL_CLASSES for m in place.minerals if m in c.members}
    if not classes:
        return _CLASS["none"]
    return _CLASS[classes.pop()] if len(classes) == 1 else _CLASS["several"]


def status_shape(status: str) -> tuple[str, bool]:
    """(shape, hollow) of a point of this status."""
    return STATUS_SHAPES.get(status, DEFAULT_SHAPE)


def stroke_of(place: Place) -> Stroke:
    """The line style of a place drawn as a path: country, corridor, or a dashed area or line."""
    return COUNTRY if place.kind == "country" else CORRIDOR if place.kind == "corridor" else AREA


def is_uncertain(place: Place) -> bool:
    """A point whose stated precision earns it an uncertainty circle."""
    return place.geometry.geom_type == "Point" and place.precision.km >= UNCERTAINTY_MIN_KM


def symbol_svg(shape: str, colour: str, hollow: bool, size: int = SYMBOL_SIZE) -> str:
    """An inline SVG marker; hollow shapes get a white fill and a thick coloured outline."""
    fill, stroke, width = ("#ffffff", colour, 3) if hollow else (colour, "#ffffff", 1.5)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 18 18" '
            f'aria-hidden="true"><path d="{_PATHS[shape]}" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="{width}" stroke-linejoin="round"/></svg>')


def place_symbol(place: Place) -> str:
    shape, hollow = status_shape(place.status)
    return symbol_svg(shape, mineral_class(place).colour, hollow)


def path_style(place: Place) -> dict:
    """Leaflet path options for areas, corridors, countries and non-point occurrences."""
    return stroke_of(place).leaflet(mineral_class(place).colour)


# ---- the legend ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LegendEntry:
    """One legend row as data, drawn as SVG on screen and with matplotlib on paper.

    `swatch` says what stands beside the label: 'fill' (a box of `colour`), 'symbol' (a status `shape`), or the
    `stroke` drawn as a 'line', a 'box' or a 'circle' (in `colour` when the stroke has none of its own)."""

    key: str
    label: str
    swatch: str
    colour: str = LEGEND_INK
    shape: str = ""
    hollow: bool = False
    stroke: Stroke | None = None


MINERAL_HEADING, STATUS_HEADING, LAYERS_HEADING = "Mineral (colour)", "Status (shape)", "Other layers"
AREA_LABEL = "Area (dashed: approximate extent)"
UNCERTAINTY_LABEL = "Location uncertainty (radius)"
COUNTRY_LABEL = "Country with a profile"


def _is_point(place: Place) -> bool:
    return place.geometry.geom_type in ("Point", "MultiPoint")


def _coloured(place: Place) -> bool:
    return place.kind not in ("country", "corridor")


def legend(places: Iterable[Place] | None = None) -> tuple[tuple[str, tuple[LegendEntry, ...]], ...]:
    """The legend as (heading, entries); given places, only the categories drawn for them (headings with no
    entries are left out), else every category."""
    shown = None if places is None else tuple(places)

    def present(test) -> bool:
        return shown is None or any(test(p) for p in shown)

    minerals = tuple(LegendEntry(c.key, c.label, "fill", c.colour) for c in MINERAL_CLASSES
                     if present(lambda p, c=c: _coloured(p) and mineral_class(p).key == c.key))
    statuses = list(STATUS_SHAPES) if shown is None else sorted(
        {p.status for p in shown if _coloured(p) and _is_point(p)}, key=lambda s: (-STATUS_RANK.get(s, 0), s))
    shapes = tuple(LegendEntry(s, STATUSES[s].label, "symbol", shape=status_shape(s)[0], hollow=status_shape(s)[1])
                   for s in statuses)
    layers = tuple(entry for entry, test in (
        (LegendEntry("area", AREA_LABEL, "box", stroke=AREA), lambda p: _coloured(p) and not _is_point(p)),
        (LegendEntry("corridor", KINDS["corridor"].label, "line", stroke=CORRIDOR),
         lambda p: p.kind == "corridor"),
        (LegendEntry("uncertainty", UNCERTAINTY_LABEL, "circle", stroke=UNCERTAINTY), is_uncertain),
        (LegendEntry("country", COUNTRY_LABEL, "box", stroke=COUNTRY), lambda p: p.kind == "country"),
    ) if present(test))
    sections = ((MINERAL_HEADING, minerals), (STATUS_HEADING, shapes), (LAYERS_HEADING, layers))
    return tuple((heading, entries) for heading, entries in sections if entries)


def swatch_svg(entry: LegendEntry) -> str:
    """The web legend's picture of one entry, drawn from the same stroke the map uses."""
    if entry.swatch == "symbol":
        return symbol_svg(entry.shape, entry.colour, entry.hollow)
    if entry.swatch == "fill":
        return (f'<svg width="18" height="12" aria-hidden="true"><rect x="1" y="1" width="16" height="10" '
                f'fill="{entry.colour}" stroke="{entry.colour}"/></svg>')
    stroke = entry.stroke
    colour = stroke.colour or entry.colour
    paint = (f'stroke="{colour}" stroke-width="{stroke.weight:g}" stroke-opacity="{stroke.opacity:g}" '
             + (f'stroke-dasharray="{stroke.dash_array()}" ' if stroke.dash else "")
             + (f'fill="{stroke.fill or colour}" fill-opacity="{stroke.fill_opacity:g}"'
                if stroke.fill_opacity else 'fill="none"'))
    if entry.swatch == "line":
        return f'<svg width="22" height="12" aria-hidden="true"><path d="M1 6H21" {paint}/></svg>'
    if entry.swatch == "circle":
        return f'<svg width="18" height="18" aria-hidden="true"><circle cx="9" cy="9" r="7.5" {paint}/></svg>'
    return f'<svg width="18" height="14" aria-hidden="true"><rect x="2" y="2" width="14" height="10" {paint}/></svg>'


@dataclass(frozen=True)
class LegendRow:
    symbol: str
    label: str


def legend_rows(places=None) -> tuple[tuple[str, tuple[LegendRow, ...]], ...]:
    """The web legend: each `legend` entry with its SVG swatch."""
    return tuple((heading, tuple(LegendRow(swatch_svg(e), e.label) for e in entries))
                 for heading, entries in legend(places))
