"""Each source with its full citation and every quote the atlas takes from it, grouped by place: first the two
articles, then the independent sources the atlas checks them against."""
import streamlit as st

from geo.escape import markdown_text as md
from geo.links import map_link
from geo.page_rows import REGION, quotes_by_source
from geo.record import record_uses
from ui.data import atlas_or_stop
from ui.panel import citation_line

atlas = atlas_or_stop()
grouped = quotes_by_source(atlas)

st.title("Sources", anchor=False)
st.caption("Every quote in the atlas is verbatim from one of these sources: the articles the atlas is built from, "
           "and the independent sources it checks their claims against, whose passages are stored with the data "
           "and checked word for word. Figures from other public sources carry their own citation on the map and "
           "on Key figures.")
articles = [s for s, c in atlas.sources.items() if not c.independent]
record = [s for s, c in atlas.sources.items() if c.independent]

for source_id in articles + record:
    citation = atlas.sources[source_id]
    if source_id == (record or [None])[0]:
        st.header(f"Independent record ({len(record)} sources)", anchor=False)
    groups = grouped[source_id]
    count = sum(len(group.uses) for group in groups)
    with st.container(border=True):
        st.subheader(md(citation.title), anchor=False)
        details = [("Author", citation.author), ("Publisher", citation.publisher),
                   ("First published by", citation.first_published_by), ("Date", citation.published),
                   ("Address", citation.url), ("Read", citation.read), ("Note", citation.note)]
        st.markdown("  \n".join(f"**{label}:** {md(value)}" for label, value in details if value))
        if citation.title_note:
            st.caption(f"Note on the title: {md(citation.title_note)}")
        st.markdown(f"**Cite as:** {citation_line(citation)}")
        evidence = record_uses(atlas, source_id) if citation.independent else []
        places = {g.place.id if g.place else "" for g in groups} | {u.place.id if u.place else "" for u in evidence}
        st.caption(f"{count + len(evidence)} quote(s) on {len(places)} place(s) or region-wide figures")
        for use in evidence:
            where = md(use.place.name) if use.place else REGION
            st.markdown(f"> “{md(use.quote.text)}”")
            st.caption(f"{where} · {md(use.what)}")
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
