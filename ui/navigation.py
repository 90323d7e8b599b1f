"""Keeps every visit inside the app's own navigation.

Streamlit 1.67 has no supported way to keep a `pages/` folder beside the main script from switching on its old
multipage mode (checked in its source):
- `PagesManager.__init__` sets the class flag `uses_pages_directory` once per process, to whether `pages/` exists
  (runtime/pages_manager.py), and only `st.navigation` switches it off (commands/navigation.py, before
  `_navigation`);
- while it is on, `ScriptRunner` runs `_mpa_v1` (a menu of the folder's file names) instead of the main script
  (runtime/scriptrunner/script_runner.py);
- `client.showSidebarNavigation = false` only hides menus, and it hides the app's own `st.navigation` menu too
  (commands/navigation.py `_navigation`); `st.navigation(position=...)` acts only once the main script has run.
So the first visit after a server start straight to a shared link such as `/timeline` would run that page alone.
A page that finds itself run that way switches the flag off and reruns, so `app.py` (and its `st.navigation`)
runs and resolves the address as usual. This module is the only place that touches that private flag;
tests/test_navigation.py fails by name when a Streamlit upgrade changes what it relies on.
"""
from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def use_app_navigation() -> None:
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
