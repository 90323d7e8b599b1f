"""The dated events the source articles report, oldest first, each with its quote and links to the map."""
import streamlit as st

from geo.dates import date_label
from geo.escape import markdown_text as md
from geo.events import EVENTS_FILE, load_events
from geo.links import map_link
from geo.model import ROLES
from ui.data import atlas_or_stop, companion_or_stop, country_names
from ui.panel import citation_line, quote_card, verdict_badge

atlas = atlas_or_stop()
names = country_names()

st.title("Timeline", anchor=False)
events = companion_or_stop(atlas, EVENTS_FILE, load_events, "timeline")

st.caption(f"{len(events)} events the source articles report, oldest first, each checked against the record where "
           "one was found. Where an article gives only a month or "
           "a year, so does the timeline; a note says when the year is inferred from the article's context.")
for event in events:
    with st.container(border=True):
        st.markdown(f"**{md(date_label(event.date))}** · {md(event.title)}")
        if event.date_note:
            st.caption(f"Date: {md(event.date_note)}")
        links = [f"[{md(atlas.place(p).name)}]({map_link(site=p)})" for p in event.places]
        links += [f"[places in {md(names.get(c, c))}]({map_link(country=c)})" for c in event.countries]
        if links:
            st.markdown("On the map: " + " · ".join(links))
        quote_card(event.quote, atlas)
        if event.actors:
            st.markdown("**Who is involved:** " + "; ".join(
                f"{md(i.name)} — {ROLES[i.role].label.lower()}" for i in event.actors))
        for check in event.checks:
            what = "The event" if check.claim == "event" else \
                next(f"{i.name} — {ROLES[i.role].label.lower()}" for i in event.actors if i.claim == check.claim)
            st.markdown(f"{verdict_badge(check.verdict)} **{md(what)}:** {md(check.how)}")
            for quote in check.evidence:
                st.markdown(f"> “{md(quote.text)}”")
                st.caption(citation_line(atlas.sources[quote.source]))
