"""The map page's own CSS and JavaScript, kept in `static/atlas/` and placed into the main document."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import streamlit as st

STATIC = Path(__file__).resolve().parent.parent / "static" / "atlas"


@lru_cache(maxsize=8)
def _asset(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def briefing_css(width: int, height: int) -> None:
    """The slide layout at a shape of width:height."""
    st.html(f"<style>:root {{--slide-w: {int(width)}; --slide-h: {int(height)};}}\n{_asset('briefing.css')}</style>")


def accessible_css() -> None:
    """Colours every page needs to meet WCAG 2.1 AA contrast, beyond what the theme settings reach."""
    st.html(f"<style>{_asset('a11y.css')}</style>")


def phone_css() -> None:
    """The map page's layout on a phone."""
    st.html(f"<style>{_asset('phone.css')}</style>")


def page_behaviour(focus: int, top: int) -> None:
    """Focus to the panel when request `focus` is new, the page to its top when `top` is new; Escape closes the
    panel. The numbers only grow, so a rerun that changes nothing repeats nothing."""
    request = json.dumps({"focus": int(focus), "top": int(top)})
    st.html(f"<script>{_asset('page.js')}\nwindow.atlasPage.update({request});</script>",
            unsafe_allow_javascript=True)
