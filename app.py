"""Central Asia Critical Minerals Atlas: the frame every page shares."""
import logging
from pathlib import Path

import streamlit as st

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

st.set_page_config(page_title="Central Asia Critical Minerals Atlas", page_icon=str(Path(__file__).parent / "static" / "favicon.png"),
                   layout="wide", initial_sidebar_state="expanded")
page = st.navigation([
    st.Page("pages/atlas_map.py", title="Map", icon=":material/map:", default=True),
])
page.run()
