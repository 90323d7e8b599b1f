"""Each source article with its full citation and every quote the atlas takes from it, grouped by place."""
import streamlit as st

from geo.escape import markdown_text as md
from geo.events import REGION, map_link, quotes_by_source
from ui.data import atlas_or_stop
from ui.panel import citation_line

atlas = atlas_or_stop()
grouped = quotes_by_source(atlas)

st.title("Sources", anchor=False)
st.caption("Every quote in the atlas is verbatim from one of these articles. Figures from other public sources "
           "carry their own citation on the map and on Key figures.")

for source_id, citation in atlas.sources.items():
    groups = grouped[source_id]
    count = sum(len(group.uses) for group in groups)
    with st.container(border=True):
        st.subheader(md(citation.title), anchor=False)
        details = [("Author", citation.author), ("Publisher", citation.publisher),
                   ("First published by", citation.first_published_by), ("Date", citation.published),
                   ("Address", citation.url)]
        st.markdown("  \n".join(f"**{label}:** {md(value)}" for label, value in details if value))
        if citation.title_note:
            st.caption(f"Note on the title: {md(citation.title_note)}")
        st.markdown(f"**Cite as:** {citation_line(citation)}")
        st.caption(f"{count} quote(s) on {len(groups)} place(s) or region-wide figures")
        for group in groups:
            if group.place is None:
                st.markdown(f"#### {REGION} figures")
            else:
                st.markdown(f"#### {md(group.place.name)} · [open on map]({map_link(site=group.place.id)})")
            for use in group.uses:
                st.markdown(f"> “{md(use.quote.text)}”")
                uses = ["Quoted in the place's panel"] if use.about_place and group.place else []
                uses += [f"Backs the figure “{md(label)}”" for label in use.figures]
                st.caption(" · ".join(uses))
