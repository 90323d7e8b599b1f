"""The one way data text reaches HTML, Markdown or folium's JavaScript templates.

folium places tooltip and popup text inside JavaScript template literals without escaping it, so a `${...}` or a
backtick in a place name would run as code in the map frame (which shares the page's origin). Encoding those
characters as HTML entities keeps the text literal in both the template and the DOM.
"""
from __future__ import annotations

import html
import re

_TEMPLATE_CHARS = {"`": "&#96;", "$": "&#36;", "\\": "&#92;", "{": "&#123;", "}": "&#125;"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:=])")


def html_text(text: object) -> str:
    """Text for HTML that will also pass through a JavaScript template literal."""
    escaped = html.escape(str(text), quote=True)
    return "".join(_TEMPLATE_CHARS.get(ch, ch) for ch in escaped)


def markdown_text(text: object) -> str:
    """Text for st.markdown shown exactly as written: no maths from '$', no italics from '*', no links."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))
