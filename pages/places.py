"""Every place in one table a reader can search and sort, each row linking to the place on the map."""
import streamlit as st

from geo.escape import markdown_text as md
from geo.page_rows import place_rows
from ui.data import atlas_or_stop, country_names

ORDER = ("Place", "Map", "Kind", "Countries", "Minerals", "Status", "Record check", "Who is involved",
         "Precision (km)", "Key figure")
# Fixed widths (px) keep the link column in view beside the name; the browser test clicks it there.
COLUMNS = {
    "Place": st.column_config.TextColumn(width=200),
    "Map": st.column_config.LinkColumn(display_text="Open on map", width=100,
                                       help="Open the map with this place selected"),
    "Minerals": st.column_config.TextColumn(width=220),
    "Precision (km)": st.column_config.NumberColumn(
        format="±%g",
        help="How far the real place may be from where it is drawn; ±10 km for generalised national outlines"),
    "Key figure": st.column_config.TextColumn(width="large", help="The place's first figure; all are on Key figures"),
    "Who is involved": st.column_config.TextColumn(width="medium", help="Actors the sources name, with their roles"),
    "Record check": st.column_config.TextColumn(
        width="medium", help="How the status, figures and roles compare with independent sources (see the panel)"),
    "Search match": st.column_config.TextColumn(width="large", help="Where the search text was found"),
}
ROW_PX = 35

atlas = atlas_or_stop()
names = country_names()

st.title("Places", anchor=False)
st.caption(f"{len(atlas.places)} places · data as of {md(atlas.as_of)}. Click a column heading to sort; "
           "“Open on map” shows the place with its quotes and figures.")
query = st.text_input("Search names, actors, quotes and figures (any spelling or script)", key="places_query",
                      max_chars=100, placeholder="e.g. Balasauskandyk, Баласаускандык, United States").strip()
rows = place_rows(atlas, names, query)
if not rows:
    st.info("Nothing matches this search: no name, alias, actor, quote or figure contains it.")
else:
    if query:
        st.caption(f"{len(rows)} of {len(atlas.places)} places match.")
    st.dataframe(rows, hide_index=True, width="stretch", height=ROW_PX * (len(rows) + 1) + 3,
                 column_order=ORDER[:2] + (("Search match",) if query else ()) + ORDER[2:], column_config=COLUMNS)
