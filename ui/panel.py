"""The side panel of one place: what it is, where (and how precisely), its figures and its quotes.

All data text goes through `markdown_text`, so a quote reads exactly as written: "$500 million" stays money,
a `*` stays a star, and HTML stays visible text.
"""
from __future__ import annotations

import streamlit as st

from geo.escape import markdown_text as md
from geo.model import ACTOR_TYPES, KINDS, MINERALS, ROLES, STATUSES, VERDICTS, Atlas, Check, Citation, Figure, Place, \
    Quote, Reference
from geo.record import VERDICT_COLOURS, claims_of_place, tonnage_caveat


def _link(title: str, url: str) -> str:
    """A Markdown link; the address was checked to be http(s) when the data was loaded."""
    safe = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    return f"[{md(title)}]({safe})"


def citation_line(citation: Citation) -> str:
    parts = [f"*{_link(citation.title, citation.url)}*", md(citation.publisher)]
    if citation.author:
        parts.insert(0, md(citation.author))
    parts.append(md(citation.published))
    if citation.first_published_by:
        parts.append(f"first published by {md(citation.first_published_by)}")
    if citation.read:
        parts.append(f"read {md(citation.read)}")
    line = ", ".join(parts)
    return f"{line}. {md(citation.note)}" if citation.note else line


def reference_line(reference: Reference) -> str:
    line = f"{_link(reference.title, reference.url)}, {md(reference.publisher)}"
    return f"{line}. {md(reference.note)}" if reference.note else line


def quote_card(quote: Quote, atlas: Atlas) -> None:
    """A verbatim quote with its full citation; an independent source says so."""
    citation = atlas.sources[quote.source]
    with st.container(border=True):
        st.markdown(f"> “{md(quote.text)}”")
        what = "Independent source" if citation.independent else "Source"
        st.caption(f"{what}: {citation_line(citation)}")


def verdict_badge(verdict: str) -> str:
    return f":{VERDICT_COLOURS[verdict]}-badge[{VERDICTS[verdict].label}]"


def involved_section(place: Place, atlas: Atlas) -> None:
    """Who is involved, each role with the quote that says so."""
    st.markdown("#### Who is involved")
    for involved in place.actors:
        actor = atlas.actors[involved.actor]
        group = atlas.actor_groups.get(actor.group, actor.group)
        st.markdown(f"**{md(actor.name)}** — {ROLES[involved.role].label} · "
                    f"{ACTOR_TYPES[actor.type].label}, {md(group)}")
        check = place.check(involved.claim)
        if check is not None:
            st.markdown(verdict_badge(check.verdict))
        quote_card(involved.quote, atlas)


def record_section(place: Place, atlas: Atlas) -> None:
    """Each claim as the article states it, and beside it what the independent record says."""
    claims = [c for c in claims_of_place(place, STATUSES[place.status].label) if c.check is not None]
    if not claims:
        return
    st.markdown("#### Checked against the record")
    st.caption("Left: what the article says, unchanged. Right: the verdict and the independent source's own words.")
    for claim in claims:
        with st.container(border=True):
            st.markdown(f"**{md(claim.label)}**")
            said, record = st.columns(2, gap="small")
            with said:
                st.caption("The article says")
                st.markdown(md(claim.stated))
                if claim.quote is not None:
                    st.markdown(f"> “{md(claim.quote.text)}”")
                    st.caption(citation_line(atlas.sources[claim.quote.source]))
            with record:
                st.caption("The record says")
                st.markdown(f"{verdict_badge(claim.check.verdict)} {md(claim.check.how)}")
                for quote in claim.check.evidence:
                    st.markdown(f"> “{md(quote.text)}”")
                    st.caption(citation_line(atlas.sources[quote.source]))


def figure_row(figure: Figure, atlas: Atlas, check: Check | None = None) -> None:
    """A figure, its own source, and the record's verdict on it where there is one."""
    badge = " :orange-badge[Reported, not independently verified]" if figure.reported else ""
    record = f" · Record: {verdict_badge(check.verdict)}" if check is not None else ""
    st.markdown(f"**{md(figure.value)}** — {md(figure.label)}{badge}{record}")
    caveat = tonnage_caveat(figure)
    if caveat:
        st.caption(md(caveat))
    if figure.quote:
        quote_card(figure.quote, atlas)
    else:
        st.caption(f"Source: {reference_line(figure.citation)}")


def place_panel(place: Place, atlas: Atlas, country_names: dict[str, str]) -> None:
    st.subheader(md(place.name), anchor=False)
    if place.aliases:
        st.caption("Also written: " + md(", ".join(place.aliases)))
    status = STATUSES[place.status]
    countries = ", ".join(country_names.get(c, c) for c in place.countries)
    where = f"{md(countries)} · {md(place.admin_region)}" if place.admin_region else md(countries)
    st.markdown(f"**{KINDS[place.kind].label}** in {where}")
    status_check = place.check("status")
    record = f" · Record: {verdict_badge(status_check.verdict)}" if status_check is not None else ""
    if status_check is not None and status_check.verdict != "confirmed":  # tagged as a reported figure is
        record = " :orange-badge[Reported by the article, not confirmed]" + record
    st.markdown(f"**Status: {status.label}** — {status.definition}{record}")
    if place.minerals:
        st.markdown("**Minerals:** " + ", ".join(MINERALS[m].label for m in place.minerals))
    precision = place.precision
    st.markdown(f"**Location precision:** ±{precision.km:g} km — {md(precision.description)}")
    st.caption(f"Location source: {reference_line(place.location_source)}")
    if place.facts:
        st.markdown("#### Key figures")
        for figure in place.facts:
            figure_row(figure, atlas, place.check(f"figure:{figure.label}"))
    if place.actors:
        involved_section(place, atlas)
    record_section(place, atlas)
    st.markdown("#### What the sources say")
    for quote in place.quotes:
        quote_card(quote, atlas)
    st.caption(f"Last reviewed {place.last_reviewed} · data as of {atlas.as_of}")
