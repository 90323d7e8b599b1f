"""What ui/navigation.py relies on in Streamlit, so an upgrade that changes it fails here by name.

The workaround writes Streamlit's private `PagesManager.uses_pages_directory`; the browser test
`test_a_first_visit_to_a_page_after_a_restart_gets_the_app_menu` shows the result a user sees.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import streamlit
from streamlit.runtime import pages_manager
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
UPGRADE = (f"Streamlit {streamlit.__version__} changed the old multipage mode that ui/navigation.py switches off: "
           "check whether a supported way now exists and remove or adapt the workaround there")


@pytest.fixture
def fresh_flag(monkeypatch):
    """The flag as a newly started server has it (unset); restored after the test."""
    assert hasattr(pages_manager.PagesManager, "uses_pages_directory"), UPGRADE
    monkeypatch.setattr(pages_manager.PagesManager, "uses_pages_directory", None)


def test_streamlit_still_has_the_private_multipage_flag_that_ui_navigation_writes(fresh_flag):
    assert (ROOT / "pages").is_dir()
    pages_manager.PagesManager(str(APP))
    assert pages_manager.PagesManager.uses_pages_directory is True, UPGRADE


def test_a_first_run_straight_to_a_page_runs_it_inside_the_app(fresh_flag):
    """A first run that asks for pages/timeline.py by file name, as a shared link after a restart does, ends with
    app.py's st.navigation having run (it switches the old mode off) and the Timeline page drawn."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.switch_page("pages/timeline.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["Timeline"]
    assert pages_manager.PagesManager.uses_pages_directory is False, UPGRADE
