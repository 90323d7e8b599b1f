"""How places look: colour by mineral, shape by status, so colour is never the only cue.

Colours are the Okabe-Ito palette, distinguishable with the common forms of colour blindness. Every symbol here is
built from these constants only; no data text ever reaches the SVG.
"""
from __future__ import annotations

from dataclasses import dataclass

from geo.model import MINERALS, REE, Place


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
SYMBOL_SIZE = 18


def mineral_class(place: Place) -> MineralClass:
    classes = {c.key for c in MINERAL_CLASSES for m in place.minerals if m in c.members}
    if not classes:
        return _CLASS["none"]
    return _CLASS[classes.pop()] if len(classes) == 1 else _CLASS["several"]


def symbol_svg(shape: str, colour: str, hollow: bool, size: int = SYMBOL_SIZE) -> str:
    """An inline SVG marker; hollow shapes get a white fill and a thick coloured outline."""
    fill, stroke, width = ("#ffffff", colour, 3) if hollow else (colour, "#ffffff", 1.5)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 18 18" '
            f'aria-hidden="true"><path d="{_PATHS[shape]}" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="{width}" stroke-linejoin="round"/></svg>')


def place_symbol(place: Place) -> str:
    shape, hollow = STATUS_SHAPES.get(place.status, ("circle", False))
    return symbol_svg(shape, mineral_class(place).colour, hollow)


def path_style(place: Place) -> dict:
    """Leaflet path options for areas, corridors, countries and non-point occurrences."""
    if place.kind == "corridor":
        return {"color": CORRIDOR_COLOUR, "weight": 3.5, "opacity": 0.85}
    if place.kind == "country":
        return {"color": COUNTRY_COLOUR, "weight": 1.2, "opacity": 0.7, "fillColor": COUNTRY_COLOUR,
                "fillOpacity": 0.03}
    colour = mineral_class(place).colour
    return {"color": colour, "weight": 2.5, "opacity": 0.9, "dashArray": "6 5", "fillColor": colour,
            "fillOpacity": 0.14}


@dataclass(frozen=True)
class LegendRow:
    symbol: str
    label: str


def legend_rows(places=None) -> tuple[tuple[str, tuple[LegendRow, ...]], ...]:
    """The legend as data: (heading, rows); drawn on the map and in exports alike. Given places, only the
    categories present among them (headings with no rows are left out)."""
    places = None if places is None else tuple(places)
    swatch = '<svg width="18" height="12" aria-hidden="true"><rect x="1" y="1" width="16" height="10" fill="{0}" ' \
             'stroke="{0}"/></svg>'
    coloured = None if places is None else {mineral_class(p).key for p in places
                                            if p.kind not in ("country", "corridor")}
    minerals = tuple(LegendRow(swatch.format(c.colour), c.label) for c in MINERAL_CLASSES
                     if coloured is None or c.key in coloured)
    statuses = None if places is None else {p.status for p in places if p.geometry.geom_type == "Point"}
    shapes = tuple(LegendRow(symbol_svg(shape, "#444444", hollow), label) for status, shape, hollow, label in (
        ("production", "circle", False, "In production"), ("exploration", "square", False, "Exploration"),
        ("announced", "triangle", True, "Announced, unconfirmed"), ("occurrence", "diamond", True, "Known occurrence"))
        if statuses is None or status in statuses)
    line = '<svg width="22" height="12" aria-hidden="true"><path d="M1 6H21" stroke="{0}" stroke-width="{1}" ' \
           'stroke-dasharray="{2}" fill="none"/></svg>'
    kinds = None if places is None else {p.kind for p in places}
    uncertain = places is None or any(p.geometry.geom_type == "Point" and p.precision.km >= 1 for p in places)
    areas = tuple(row for row, present in (
        (LegendRow(line.format("#444444", 2.5, "5 4"), "Exploration area (vague extent)"),
         kinds is None or "exploration_area" in kinds or any(p.geometry.geom_type != "Point" and
                                                            p.kind not in ("country", "corridor") for p in places)),
        (LegendRow(line.format(CORRIDOR_COLOUR, 3.5, "none"), "Export corridor"), kinds is None or "corridor" in kinds),
        (LegendRow('<svg width="18" height="18" aria-hidden="true"><circle cx="9" cy="9" r="7.5" fill="#444444" '
                   'fill-opacity="0.08" stroke="#444444" stroke-dasharray="2 2"/></svg>',
                   "Location uncertainty (radius)"), uncertain),
        (LegendRow(line.format(COUNTRY_COLOUR, 1.2, "none"), "Country (click for profile)"),
         kinds is None or "country" in kinds),
    ) if present)
    sections = (("Mineral (colour)", minerals), ("Status (shape)", shapes), ("Other layers", areas))
    return tuple((heading, rows) for heading, rows in sections if rows)
