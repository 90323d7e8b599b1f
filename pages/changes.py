"""What changed in the curated data, newest first, so a returning reader sees what is new since last time."""
import pandas as pd
import streamlit as st

from geo.escape import markdown_text as md
from geo.events import CHANGELOG_FILE, companion_file, load_changelog, map_link, problem_rows
from geo.model import Quote
from geo.validate import AtlasError
from ui.data import atlas_or_stop
from ui.panel import quote_card

atlas = atlas_or_stop()

st.title("What changed", anchor=False)
path = companion_file(atlas, CHANGELOG_FILE)
if path is None:
    st.info(f"This data set has no {CHANGELOG_FILE} beside its atlas file, so there is no change log to show.")
    st.stop()
try:
    changes = load_changelog(path, atlas)
except AtlasError as error:
    st.error(f"The change log in {path.name} cannot be shown: {len(error.problems)} problem(s) must be fixed first.")
    st.dataframe(pd.DataFrame(problem_rows(error)), hide_index=True, width="stretch")
    st.stop()

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
