"""Keeps every visit inside the app's own navigation.

Streamlit treats a folder named `pages/` beside the main script as an old-style multipage app until the main
script has called `st.navigation` once after the server starts. Until then a first visit straight to a shared link
such as `/timeline` would run that page alone, with a menu of file names. A page that finds itself run that way
switches the flag off and reruns, so `app.py` (and its `st.navigation`) runs and resolves the address as usual.
"""
from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def use_app_navigation() -> None:
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
