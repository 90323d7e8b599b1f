"""What changed in the curated data, newest first, so a returning reader sees what is new since last time."""
import streamlit as st

from geo.escape import markdown_text as md
from geo.events import CHANGELOG_FILE, load_changelog
from geo.links import map_link
from geo.model import Quote
from ui.data import atlas_or_stop, companion_or_stop
from ui.panel import quote_card

atlas = atlas_or_stop()

st.title("What changed", anchor=False)
changes = companion_or_stop(atlas, CHANGELOG_FILE, load_changelog, "change log")

st.caption(f"Changes to the curated data, newest first · data as of {md(atlas.as_of)}")
for change in changes:
    with st.container(border=True):
        st.markdown(f"**{md(change.date)}** · {md(change.change)}")
        if change.places:
            st.markdown("Places: " + " · ".join(f"[{md(atlas.place(p).name)}]({map_link(site=p)})"
                                                 for p in change.places))
        if isinstance(change.source, Quote):
            quote_card(change.source, atlas)
        else:
            st.caption(f"Source: {md(change.source)}")
