"""Who is involved and what the independent record says: the views the panel, the tables and the exports share.

An article's claim and the record's verdict are kept apart: a claim is shown as the article states it, and beside it
the verdict with the record's own words. Nothing here rewrites a claim.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from geo.model import ROLES, VERDICTS, Atlas, Check, Figure, Place, Quote

GROUP_SUFFIX = " — any agency or company"
# Streamlit badge colours, one per verdict, read by the panel and the Places table.
VERDICT_COLOURS = {"confirmed": "green", "differs": "orange", "contradicted": "red", "no_record": "gray"}


@dataclass(frozen=True)
class Claim:
    """One thing the atlas shows a reader as fact: a status, a figure or an actor's role, with the record's check."""

    key: str
    label: str
    stated: str
    quote: Quote | None
    check: Check | None


def actor_options(atlas: Atlas) -> list[str]:
    """Filter values: each group that has an actor at some place, then each such actor, by name."""
    involved = {i.actor for p in atlas.places for i in p.actors}
    groups = sorted({atlas.actors[a].group for a in involved}, key=lambda g: atlas.actor_groups.get(g, g))
    actors = sorted(involved, key=lambda a: atlas.actors[a].name)
    return [*groups, *actors]


def actor_option_label(atlas: Atlas, value: str) -> str:
    if value in atlas.actor_groups:
        return atlas.actor_groups[value] + GROUP_SUFFIX
    actor = atlas.actors.get(value)
    return actor.name if actor else value


def involvement_line(place: Place) -> str:
    """'United States: finances; Ferro-Alloy Resources: owns' — one line for tables and exports."""
    parts: dict[str, list[str]] = {}
    for involved in place.actors:
        parts.setdefault(involved.name or involved.actor, []).append(ROLES[involved.role].label.lower())
    return "; ".join(f"{name}: {', '.join(dict.fromkeys(roles))}" for name, roles in parts.items())


def chosen_roles(place: Place, actors: frozenset[str]) -> str:
    """What the actors a user filtered for do at the place, with the record's verdict on each role:
    'United States government: finances (no independent record found)', so a list filtered by actor says why each
    place is in it."""
    parts: dict[str, list[str]] = {}
    for involved in place.actors:
        if involved.actor in actors or involved.group in actors:
            check = place.check(involved.claim)
            verdict = f" ({_first_lower(VERDICTS[check.verdict].label)})" if check else ""
            role = f"{_first_lower(ROLES[involved.role].label)}{verdict}"
            parts.setdefault(involved.name or involved.actor, []).append(role)
    return "; ".join(f"{name}: {', '.join(dict.fromkeys(roles))}" for name, roles in parts.items())


def _first_lower(label: str) -> str:
    """'Signed an agreement or MoU' inside a sentence, keeping the acronym's capitals."""
    return label[:1].lower() + label[1:]


def claims_of_place(place: Place, status_label: str) -> list[Claim]:
    """The place's status, figures and actor roles, each with its check (or None when unchecked)."""
    status = place.check("status")
    out = [Claim("status", "Status", status_label, status.article if status else None, status)]
    out += [_figure_claim(f, place.check(f"figure:{f.label}")) for f in place.facts]
    out += [Claim(i.claim, f"{i.name}: {ROLES[i.role].label.lower()}", f"{i.name} — {ROLES[i.role].label}",
                  i.quote, place.check(i.claim)) for i in place.actors]
    return out


def claims_of_atlas(atlas: Atlas) -> list[Claim]:
    """The region-wide figures with their checks."""
    checks = {c.claim: c for c in atlas.checks}
    return [_figure_claim(f, checks.get(f"figure:{f.label}")) for f in atlas.facts]


def _figure_claim(figure: Figure, check: Check | None) -> Claim:
    return Claim(f"figure:{figure.label}", figure.label, figure.value, figure.quote, check)


def needs_check(claim: Claim, figures: Iterable[Figure]) -> bool:
    """A claim from one of the articles needs a verdict; a figure that already comes from an independent,
    cited source (not an article), like a role quoted from one, is itself the record."""
    if claim.key.startswith("figure:"):
        return any(f.quote is not None for f in figures if f"figure:{f.label}" == claim.key)
    return True


# The atlas's own categories, not something an article claims about the world: a country profile is a summary.
UNCLAIMED_STATUSES = frozenset({"profile"})


def _from_record(place: Place, atlas: Atlas) -> bool:
    """A place the atlas knows only from independent sources: its status is the record's own."""
    return all(atlas.sources[q.source].independent for q in place.quotes)


def unchecked(atlas: Atlas) -> list[str]:
    """'place: claim' for every claim that should carry a verdict and does not."""
    missing = [f"{p.id}: {c.key}" for p in atlas.places for c in claims_of_place(p, p.status)
               if c.check is None and needs_check(c, p.facts)
               and not (c.key == "status" and (_from_record(p, atlas) or p.status in UNCLAIMED_STATUSES))
               and not (c.key.startswith("actor:") and atlas.sources[c.quote.source].independent)]
    missing += [f"atlas: {c.key}" for c in claims_of_atlas(atlas)
                if c.check is None and needs_check(c, atlas.facts)]
    return missing


def verdict_line(place: Place) -> str:
    """'status: confirmed; 32.9 Mt...: differs' — the verdicts in one line for tables and exports."""
    return "; ".join(f"{c.claim.split(':', 1)[-1] if c.claim != 'status' else 'status'}: "
                     f"{VERDICTS[c.verdict].label.lower()}" for c in place.checks)


def verdict_counts(places: Iterable[Place]) -> dict[str, int]:
    counts = {key: 0 for key in VERDICTS}
    for place in places:
        for check in place.checks:
            counts[check.verdict] += 1
    return counts


@dataclass(frozen=True)
class RecordUse:
    """Where an independent passage is used: as evidence for a verdict, or for who is involved."""

    place: Place | None
    what: str
    quote: Quote


def record_uses(atlas: Atlas, source: str) -> list[RecordUse]:
    """Every verdict and actor role that quotes `source`, place by place (region-wide verdicts first)."""
    uses = [RecordUse(None, f"Evidence for “{c.claim.split(':', 1)[-1]}”: {VERDICTS[c.verdict].label.lower()}", q)
            for c in atlas.checks for q in c.evidence if q.source == source]
    for place in atlas.places:
        for check in place.checks:
            claim = "Status" if check.claim == "status" else check.claim.split(":", 1)[-1]
            if check.claim.startswith("actor:"):
                claim = next((f"{i.name}: {ROLES[i.role].label.lower()}" for i in place.actors
                              if i.claim == check.claim), claim)
            uses += [RecordUse(place, f"Evidence for “{claim}”: {VERDICTS[check.verdict].label.lower()}", q)
                     for q in check.evidence if q.source == source]
        uses += [RecordUse(place, f"Says who is involved: {i.name}, {ROLES[i.role].label.lower()}", i.quote)
                 for i in place.actors if i.quote.source == source]
    return uses


_TONNES = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion)?\s*(?:metric\s+)?(?:tons|tonnes|t)\b", re.I)
_PERCENT_GRADE = re.compile(r"(\d+(?:\.\d+)?)\s*%\s*(V2O5|vanadium pentoxide|TREO|REO)", re.I)
_GPT_GRADE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*g/t", re.I)
_SCALE = {None: 1.0, "thousand": 1e3, "million": 1e6, "billion": 1e9}
_CONTAINED_WORDS = ("contained", "oxide", "treo", "of rare earth metals", "metal content")
_RESOURCE_WORDS = re.compile(r"\b(resources?|reserves?|ore|deposits?|estimate)\b", re.I)
_ORE_WORD = re.compile(r"\bore\b|iron-ore|ore bod", re.I)


def _round(tonnes: float) -> str:
    """Two significant figures: the grade and tonnage behind it are not more precise than that."""
    if tonnes >= 1e6:
        return f"{tonnes / 1e6:.2g} million t"
    return f"{float(f'{tonnes:.2g}'):,.0f} t"


def tonnage_caveat(figure: Figure) -> str | None:
    """What a tonnage is: ore or contained product, and the contained amount where the figure gives a grade. None
    for a figure that is not a tonnage. The contained amount is computed here (tonnage × grade), never quoted."""
    text = figure.value
    found = _TONNES.search(text)
    if not found or not _RESOURCE_WORDS.search(f"{figure.label} {text}"):
        return None  # a cargo volume or a consumption figure is not a resource
    tonnes = float(found.group(1).replace(",", "")) * _SCALE[(found.group(2) or "").lower() or None]
    percent, gpt = _PERCENT_GRADE.search(text), _GPT_GRADE.search(text)
    if percent:
        contained = tonnes * float(percent.group(1)) / 100
        return (f"Ore tonnage at the stated grade; contained {percent.group(2).replace('vanadium pentoxide', 'V2O5')} "
                f"about {_round(contained)} (computed by the atlas: tonnage × grade).")
    if gpt:
        contained = tonnes * float(gpt.group(1).replace(",", "")) / 1e6
        return (f"Ore tonnage at the stated grade; contained about {_round(contained)} "
                "(computed by the atlas: tonnage × grade).")
    if any(word in (text + " " + figure.label).lower() for word in _CONTAINED_WORDS):
        return None
    if _ORE_WORD.search(f"{figure.label} {text}"):
        return "Ore tonnage; no grade is given, so the contained amount is unknown."
    return "The source does not say whether this tonnage is ore or contained metal, and gives no grade."
