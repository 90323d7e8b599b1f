"""The side panel of one place: what it is, where (and how precisely), its figures and its quotes.

All data text goes through `markdown_text`, so a quote reads exactly as written: "$500 million" stays money,
a `*` stays a star, and HTML stays visible text.
"""
from __future__ import annotations

import streamlit as st

from geo.escape import markdown_text as md
from geo.model import KINDS, MINERALS, STATUSES, Atlas, Citation, Figure, Place, Quote, Reference


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
    return ", ".join(parts)


def reference_line(reference: Reference) -> str:
    line = f"{_link(reference.title, reference.url)}, {md(reference.publisher)}"
    return f"{line}. {md(reference.note)}" if reference.note else line


def quote_card(quote: Quote, atlas: Atlas) -> None:
    """A verbatim quote with its full citation."""
    with st.container(border=True):
        st.markdown(f"> “{md(quote.text)}”")
        st.caption(f"Source: {citation_line(atlas.sources[quote.source])}")


def figure_row(figure: Figure, atlas: Atlas) -> None:
    badge = " :orange-badge[Reported, not independently verified]" if figure.reported else ""
    st.markdown(f"**{md(figure.value)}** — {md(figure.label)}{badge}")
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
    st.markdown(f"**Status: {status.label}** — {status.definition}")
    if place.minerals:
        st.markdown("**Minerals:** " + ", ".join(MINERALS[m].label for m in place.minerals))
    precision = place.precision
    st.markdown(f"**Location precision:** ±{precision.km:g} km — {md(precision.description)}")
    st.caption(f"Location source: {reference_line(place.location_source)}")
    if place.facts:
        st.markdown("#### Key figures")
        for figure in place.facts:
            figure_row(figure, atlas)
    st.markdown("#### What the sources say")
    for quote in place.quotes:
        quote_card(quote, atlas)
    st.caption(f"Last reviewed {place.last_reviewed} · data as of {atlas.as_of}")
