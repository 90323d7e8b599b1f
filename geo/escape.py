"""Data text for Streamlit Markdown, shown exactly as written.

The pages show names, quotes and citations with st.markdown, which would read '$' as maths, '*' as italics and
brackets as links. HTML built outside Streamlit (the map's legend, the standalone file and its popups) escapes with
`html.escape` where it is built, and the map's data reaches its scripts as JSON, not as template text.
"""
from __future__ import annotations

import html
import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:=])")


def markdown_text(text: object) -> str:
    """Text for st.markdown shown exactly as written: no maths from '$', no italics from '*', no links."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))
