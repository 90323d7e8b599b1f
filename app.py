"""Central Asia Critical Minerals Atlas: the frame every page shares."""
import logging
from pathlib import Path

import streamlit as st

from geo.text import DEFAULT_TITLE
from ui.page_assets import accessible_css

# WARNING, so the server log holds problems (the app's own "atlas" logger reports only failures), not every
# library's progress notes such as fontTools listing each font subset of a PDF export.
logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

st.set_page_config(page_title=DEFAULT_TITLE,
                   page_icon=str(Path(__file__).parent / "static" / "favicon.png"),
                   layout="wide",
                   # "auto": open beside the map on a wide screen, closed on a phone, where it would cover the map.
                   initial_sidebar_state="collapsed" if st.query_params.get("mode") == "briefing" else "auto")
accessible_css()
page = st.navigation([
    st.Page("pages/atlas_map.py", title="Map", icon=":material/map:", default=True),
    st.Page("pages/places.py", title="Places", icon=":material/table_rows:", url_path="places"),
    st.Page("pages/sources.py", title="Sources", icon=":material/format_quote:", url_path="sources"),
    st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
    st.Page("pages/key_figures.py", title="Key figures", icon=":material/bar_chart:", url_path="key_figures"),
    st.Page("pages/changes.py", title="What changed", icon=":material/history:", url_path="changes"),
    st.Page("pages/about.py", title="About", icon=":material/info:", url_path="about"),
])
page.run()
