"""A single HTML file with the interactive map that opens from a USB stick or an e-mail: no server, no internet.

It is the app's own folium map (same layers, symbols and legend). Every script and stylesheet the app serves from
`/app/static/vendor` is inlined, and the images those stylesheets use become data: URIs. Only the online tile
layers still point outside; offline they fail and the map falls back to the outline basemap by itself.
"""
from __future__ import annotations

import base64
import datetime as dt
import html
import mimetypes
import re
from pathlib import Path
from typing import Sequence

import folium

from geo.filters import Selection
from geo.load import COUNTRY_OUTLINES
from geo.mapview import base_map, place_layers, script_json
from geo.model import Atlas, Place
from geo.export.png import map_extent
from geo.export.popups import POPUP_CSS, popups
from geo.export.wording import BOUNDARIES, cited_sources, full_citation, summary_line

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
STATIC_URL = "/app/static"
_SCRIPT = re.compile(r'<script src="(?P<src>[^"]+)"></script>')
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="(?P<src>[^"]+)"\s*/?>')
_CSS_URL = re.compile(r"url\((?P<quote>['\"]?)(?P<ref>[^)'\"]+)(?P=quote)\)")

PAGE_CSS = """
<style>
body {font: 14px/1.4 "Helvetica Neue", Arial, sans-serif; color: #222; background: #fff;}
.atlas-export-head {padding: 10px 16px 6px;}
.atlas-export-head h1 {font-size: 20px; margin: 0 0 2px;}
.atlas-export-head p, .atlas-export-foot p {margin: 2px 0; color: #555; font-size: 12px;}
.atlas-export-foot {padding: 8px 16px 16px;}
.folium-map {height: calc(100vh - 150px) !important; min-height: 420px;}
</style>
"""


def vendor_file(url: str) -> Path:
    """The file behind a `/app/static/...` address; anything outside the app's static folder is refused."""
    if not url.startswith(STATIC_URL + "/"):
        raise ValueError(f"not an asset the app serves: {url}")
    root = STATIC_DIR.resolve()
    path = (root / url[len(STATIC_URL) + 1:]).resolve()
    if root not in path.parents or not path.is_file():
        raise ValueError(f"vendored asset missing: {url}")
    return path


def _data_uri(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _inline_css(path: Path) -> str:
    """The stylesheet's text with each relative image it names embedded."""

    def embed(match: re.Match) -> str:
        ref = match.group("ref")
        if ref.startswith(("data:", "#", "http:", "https:")):
            return match.group(0)
        target = (path.parent / ref).resolve()
        return f'url("{_data_uri(target)}")' if target.is_file() else match.group(0)

    return _CSS_URL.sub(embed, path.read_text(encoding="utf-8"))


def inline_assets(page: str) -> str:
    """Replace every vendored <script src> and stylesheet <link> with the file's content."""

    def script(match: re.Match) -> str:
        code = vendor_file(match.group("src")).read_text(encoding="utf-8")
        return "<script>" + code.replace("</script", "<\\/script") + "</script>"

    def stylesheet(match: re.Match) -> str:
        css = _inline_css(vendor_file(match.group("src")))
        return "<style>" + css.replace("</style", "<\\/style") + "</style>"

    page = _SCRIPT.sub(lambda m: script(m) if m.group("src").startswith(STATIC_URL) else m.group(0), page)
    page = _STYLESHEET.sub(lambda m: stylesheet(m) if m.group("src").startswith(STATIC_URL) else m.group(0), page)
    return page


def _insert(page: str, marker: str, text: str, after: bool = True) -> str:
    if page.count(marker) != 1:
        raise ValueError(f"expected one {marker} in the folium page")
    return page.replace(marker, marker + text if after else text + marker)


def export_html(atlas: Atlas, places: Sequence[Place], selection: Selection, title: str,
                outlines_text: str | None = None, export_date: dt.date | str | None = None) -> str:
    """The standalone page as text (UTF-8). All data text is escaped; place names reach the map only as JSON."""
    places = tuple(places)
    outlines_text = outlines_text if outlines_text is not None else COUNTRY_OUTLINES.read_text(encoding="utf-8")
    fmap = base_map(outlines_text)
    for group in place_layers(places):
        group.add_to(fmap)
    folium.LayerControl(collapsed=True).add_to(fmap)
    if places:
        lon0, lon1, lat0, lat1 = map_extent(places)
        fmap.fit_bounds([[lat0, lon0], [lat1, lon1]])
    page = fmap.get_root().render()

    sources = "; ".join(
        f'{html.escape(full_citation(c))}. <a href="{html.escape(c.url, quote=True)}">{html.escape(c.url)}</a>'
        for c in cited_sources(atlas, places)) or "none cited"
    head = (f'<header class="atlas-export-head"><h1>{html.escape(title)}</h1>'
            f"<p>{html.escape(summary_line(atlas, places, selection, export_date))}</p></header>")
    foot = (f'<footer class="atlas-export-foot"><p>Sources: {sources}</p>'
            f"<p>{html.escape(BOUNDARIES)}. Online basemaps need internet; without it the map shows the offline "
            f"outline basemap.</p></footer>")
    page = _insert(page, "<head>", f"\n<title>{html.escape(title)}</title>")
    page = _insert(page, "</head>", PAGE_CSS + POPUP_CSS, after=False)
    popup_script = (STATIC_DIR / "export" / "popups.js").read_text(encoding="utf-8")
    page = _insert(page, "</html>", "<script>window.atlasPopups = "
                   + script_json({"map": fmap.get_name(), "popups": popups(atlas, places)}) + ";</script><script>"
                   + popup_script.replace("</script", "<\\/script") + "</script>", after=False)
    page = _insert(page, "<body>", head)
    page = _insert(page, "</body>", foot, after=False)
    page = inline_assets(page)
    if re.search(r'(?:src|href)="/app/static/', page):
        raise ValueError("a vendored asset was not inlined")
    return page
