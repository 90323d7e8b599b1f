"""The atlas's records and controlled vocabularies, defined once and read by validation, filters and the UI.

Coordinates inside geometries follow GeoJSON order: (longitude, latitude).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from shapely.geometry.base import BaseGeometry


@dataclass(frozen=True)
class Term:
    """One entry of a controlled vocabulary: the stored key, what users read, and what it means."""

    key: str
    label: str
    definition: str
    group: str | None = None


def _vocabulary(*terms: Term) -> dict[str, Term]:
    return {term.key: term for term in terms}


REE = "rare_earth_elements"

MINERALS = _vocabulary(
    Term("vanadium", "Vanadium", "Element V; used in high-strength steel and vanadium redox flow batteries."),
    Term("lithium", "Lithium", "Element Li; used in batteries."),
    Term("uranium", "Uranium", "Element U."),
    Term("rare_metals", "Rare metals (unspecified)", "The source says 'rare metals' without naming elements."),
    Term(REE, "Rare-earth elements", "The 17 rare-earth elements; used where the source names no element.", REE),
    Term("neodymium", "Neodymium", "Rare-earth element Nd; permanent magnets.", REE),
    Term("praseodymium", "Praseodymium", "Rare-earth element Pr; permanent magnets.", REE),
    Term("dysprosium", "Dysprosium", "Rare-earth element Dy; high-temperature magnets.", REE),
    Term("terbium", "Terbium", "Rare-earth element Tb; magnets and phosphors.", REE),
)

STATUSES = _vocabulary(
    Term("production", "In production", "Producing ore or product, as the source reports."),
    Term("exploration", "Exploration", "Under geological exploration; not producing."),
    Term("announced", "Announced, unconfirmed",
         "Discovery announced by a government or company; its figures are not independently confirmed."),
    Term("occurrence", "Known occurrence", "Known mineral indications or occurrences; extent and economics unproven."),
    Term("transport_route", "Transport route", "A transport route in use or being developed."),
    Term("profile", "Country profile", "What the sources say about a country as a whole; not a site."),
)

KINDS = _vocabulary(
    Term("deposit", "Deposit", "A named mineral deposit."),
    Term("occurrence", "Occurrence", "Mineral indications without a defined deposit."),
    Term("exploration_area", "Exploration area", "An area under exploration; the sources name no single site."),
    Term("corridor", "Export corridor", "A transport route for exports."),
    Term("country", "Country", "A country profile drawn on its national boundary."),
)


def expand_minerals(keys: set[str] | frozenset[str]) -> frozenset[str]:
    """A group key stands for all its members, so choosing rare earths also finds neodymium."""
    expanded = set(keys)
    for key in keys:
        expanded.update(term.key for term in MINERALS.values() if term.group == key)
    return frozenset(expanded)


@dataclass(frozen=True)
class Citation:
    """A source article's bibliographic record (from sources.json)."""

    id: str
    title: str
    publisher: str
    published: str
    url: str
    author: str | None = None
    first_published_by: str | None = None
    title_note: str | None = None


@dataclass(frozen=True)
class Reference:
    """A public source other than the articles: where a coordinate or figure comes from."""

    title: str
    publisher: str
    url: str
    note: str | None = None


@dataclass(frozen=True)
class Quote:
    """A verbatim excerpt of a source article."""

    source: str
    text: str


@dataclass(frozen=True)
class Figure:
    """A number a briefing may cite, carrying its own provenance: a quote or a reference."""

    label: str
    value: str
    quote: Quote | None = None
    citation: Reference | None = None
    reported: bool = False


@dataclass(frozen=True)
class Precision:
    """How far the real place may be from its geometry."""

    km: float
    description: str


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    countries: tuple[str, ...]
    admin_region: str | None
    minerals: tuple[str, ...]
    status: str
    precision: Precision
    location_source: Reference
    facts: tuple[Figure, ...]
    quotes: tuple[Quote, ...]
    last_reviewed: str
    geometry: BaseGeometry = field(compare=False)


@dataclass(frozen=True)
class Atlas:
    """A validated data set: what every page and export reads."""

    title: str
    as_of: str
    places: tuple[Place, ...]
    sources: Mapping[str, Citation]
    facts: tuple[Figure, ...] = ()
    path: str = ""

    def place(self, place_id: str) -> Place | None:
        return next((p for p in self.places if p.id == place_id), None)
