"""Wording every output shares: the atlas's default title, the boundaries credit, and names cut to fit.

One definition each, so the app, the map and the exports never drift apart.
"""
from __future__ import annotations

DEFAULT_TITLE = "Central Asia Critical Minerals Atlas"  # when the data names no title
OUTLINE_CREDIT = "Boundaries: Natural Earth (public domain)"  # the shipped country outlines

# How many characters a name may keep, ellipsis included, where it is shown.
TOOLTIP_CHARS = 200  # a map tooltip; the panel shows the full text
LABEL_CHARS = 26  # a label beside a map symbol
NOTICE_VALUE_CHARS = 40  # a value from the address quoted back in a notice
PROBLEM_VALUE_CHARS = 60  # a data value quoted back in a problem line
FOOTER_TITLE_CHARS = 70  # the title in the briefing sheet's footer


def shorten(text: str, limit: int) -> str:
    """The text, or its first `limit` characters ending in an ellipsis ('…') when it is longer."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
