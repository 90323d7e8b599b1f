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

# What an actor does at a place or in an event. Roles describe what a source says, not a judgement.
ROLES = _vocabulary(
    Term("finances", "Finances", "Pays for the work: grants, loans, equity or a budget line."),
    Term("offers_finance", "Offers finance",
         "Has offered finance that is not yet committed: a letter of interest or a conditional, non-binding offer."),
    Term("owns", "Owns", "Holds the licence, the rights or a controlling share."),
    Term("operates", "Operates", "Runs the work on the ground."),
    Term("jv_partner", "Joint-venture partner", "Holds a share in a joint venture beside others."),
    Term("buys_output", "Buys the output", "Has agreed to buy what is produced (offtake)."),
    Term("signed_agreement", "Signed an agreement or MoU", "Party to an agreement or memorandum the source names."),
    Term("explores", "Explores", "Carries out geological exploration."),
    Term("regulates", "Regulates", "Licenses or oversees the work as a public authority."),
    Term("announced", "Announced", "Made the announcement the source reports; no other role is implied."),
    Term("transports", "Transports", "Carries goods along the route or runs its infrastructure."),
)

ACTOR_TYPES = _vocabulary(
    Term("government", "Government", "A national government or head of state."),
    Term("agency", "Government agency", "A ministry, department or public finance agency."),
    Term("state_company", "State company", "A company the state owns or controls."),
    Term("company", "Company", "A privately held or listed company."),
    Term("multilateral", "Multilateral lender", "A development bank owned by several states."),
    Term("eu", "European Union", "The EU or one of its institutions."),
)

# How the independent record compares with an article's claim.
VERDICTS = _vocabulary(
    Term("confirmed", "Confirmed by an independent source", "A source other than the articles says the same."),
    Term("differs", "Differs from the record", "The record gives another number, date, classification or place."),
    Term("contradicted", "Contradicted by the record", "The record says the claim is not so."),
    Term("no_record", "No independent record found",
         "No source other than the articles was found; the claim is neither confirmed nor refuted."),
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
    """A quotable source's bibliographic record: one of the two articles (sources.json), or an independent source
    of the record (record.json), whose stored passage the project keeps and checks quotes against."""

    id: str
    title: str
    publisher: str
    published: str
    url: str
    author: str | None = None
    first_published_by: str | None = None
    title_note: str | None = None
    read: str | None = None
    note: str | None = None
    independent: bool = False
    text: str | None = field(default=None, repr=False, compare=False)  # the stored passage, whitespace squashed


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
class Actor:
    """Someone a source names as involved: a government, agency, lender or company, with the group it belongs to
    (e.g. every US agency belongs to "united-states"), so a user can ask for "the United States, any agency"."""

    id: str
    name: str
    type: str
    group: str


@dataclass(frozen=True)
class Involvement:
    """An actor's role at a place or in an event, with the quote that says so."""

    actor: str
    role: str
    quote: Quote
    name: str = ""  # the actor's name and group, copied from actors.json when the data is validated
    group: str = ""

    @property
    def claim(self) -> str:
        return f"actor:{self.actor}:{self.role}"


@dataclass(frozen=True)
class Check:
    """The record's verdict on one claim the atlas shows: "status", "figure:<label>" or "actor:<id>:<role>"."""

    claim: str
    verdict: str
    how: str
    evidence: tuple[Quote, ...] = ()
    article: Quote | None = None  # the article's own words for the claim, where no figure or role quote has them


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
    actors: tuple[Involvement, ...] = ()
    checks: tuple[Check, ...] = ()

    def check(self, claim: str) -> Check | None:
        return next((c for c in self.checks if c.claim == claim), None)


@dataclass(frozen=True)
class Atlas:
    """A validated data set: what every page and export reads."""

    title: str
    as_of: str
    places: tuple[Place, ...]
    sources: Mapping[str, Citation]
    facts: tuple[Figure, ...] = ()
    path: str = ""
    actors: Mapping[str, Actor] = field(default_factory=dict)
    actor_groups: Mapping[str, str] = field(default_factory=dict)
    checks: tuple[Check, ...] = ()

    def place(self, place_id: str) -> Place | None:
        return next((p for p in self.places if p.id == place_id), None)
