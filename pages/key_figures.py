"""The numbers a briefing needs, each with the quote or public source it comes from."""
import altair as alt
import pandas as pd
import streamlit as st

from geo.escape import markdown_text as md
from geo.links import map_link
from geo.page_rows import REGION, figure_groups, figure_rows
from geo.vanadium_chart import us_vanadium_2024
from ui.data import atlas_or_stop
from ui.panel import figure_row, quote_card

atlas = atlas_or_stop()

st.title("Key figures", anchor=False)
st.caption(f"Data as of {md(atlas.as_of)}. “Reported” marks a figure a government, company or official gives "
           "that no one has independently verified.")

bars = us_vanadium_2024(atlas)
if bars:
    st.subheader("US vanadium in 2024: consumed vs produced at home", anchor=False)
    chart, numbers = st.columns([3, 2], gap="medium")
    with chart:
        frame = pd.DataFrame({"Measure": [b.measure for b in bars], "Tons": [b.tonnes for b in bars]})
        st.altair_chart(alt.Chart(frame).mark_bar().encode(
            x=alt.X("Tons:Q", title="Tons in 2024, as reported"),
            y=alt.Y("Measure:N", sort=None, title=None, axis=alt.Axis(labelLimit=400)),
            tooltip=["Measure", alt.Tooltip("Tons:Q", format=",")]).properties(height=140), width="stretch")
    with numbers:
        for bar in bars:
            st.metric(bar.measure, md(bar.figure.value))
    quotes = list(dict.fromkeys(b.figure.quote for b in bars if b.figure.quote))
    for quote in quotes:
        quote_card(quote, atlas)

st.subheader("Every figure", anchor=False)
st.dataframe(pd.DataFrame(figure_rows(atlas)), hide_index=True, width="stretch", column_config={
    "Figure": st.column_config.TextColumn(width="medium"),
    "Value": st.column_config.TextColumn(width="large"),
    "Reported": st.column_config.CheckboxColumn(help="Given by a government, company or official; not verified"),
})

st.subheader("By place, with sources", anchor=False)
for place, figures in figure_groups(atlas):
    label = f"{REGION} ({len(figures)})" if place is None else f"{md(place.name)} ({len(figures)})"
    with st.expander(label, expanded=place is None):
        if place is not None:
            st.markdown(f"[Open {md(place.name)} on the map]({map_link(site=place.id)})")
        checks = {c.claim: c for c in (place.checks if place is not None else atlas.checks)}
        for figure in figures:
            figure_row(figure, atlas, checks.get(f"figure:{figure.label}"))
