"""The folium map: a constant base map, plus layers built from the places that pass the filters.

The base map takes no place data, so it is identical on every rerun and streamlit-folium keeps the same map
frame: a filter change swaps only the layers, and the user's pan and zoom stay where they were. All scripts and
styles are served by the app itself (`/app/static/vendor`), so the map works with no internet.
Leaflet wants [latitude, longitude]; GeoJSON and shapely give (longitude, latitude).
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass
from functools import lru_cache
from string import Template as CssTemplate
from typing import Iterable

import folium
import xyzservices
from branca.element import Element, MacroElement
from folium.plugins import Fullscreen
from jinja2 import Template
from shapely.geometry import mapping, shape

from geo.model import Place
from geo.style import (BASEMAP, LABEL_FONT, LABEL_LINE_PX, LEADER, LEADER_DOT, LEADER_DOT_RADIUS, STATUS_RANK,
                       UNCERTAINTY, is_uncertain, legend_rows, path_style, place_symbol)
from geo.text import LABEL_CHARS, OUTLINE_CREDIT, TOOLTIP_CHARS, shorten

VENDOR = "/app/static/vendor"
LEAFLET_JS = [("leaflet", f"{VENDOR}/leaflet-1.9.3/leaflet.js"),
              ("jquery", f"{VENDOR}/jquery-3.7.1/jquery.min.js")]
LEAFLET_CSS = [("leaflet_css", f"{VENDOR}/leaflet-1.9.3/leaflet.css")]
CLUSTER_JS = [("markerclusterjs", f"{VENDOR}/leaflet.markercluster-1.1.0/leaflet.markercluster.js")]
CLUSTER_CSS = [("markerclustercss", f"{VENDOR}/leaflet.markercluster-1.1.0/MarkerCluster.css"),
               ("markerclusterdefaultcss", f"{VENDOR}/leaflet.markercluster-1.1.0/MarkerCluster.Default.css")]
FULLSCREEN_JS = [("Control.Fullscreen.js", f"{VENDOR}/leaflet.fullscreen-3.0.0/Control.FullScreen.js")]
FULLSCREEN_CSS = [("Control.FullScreen.css", f"{VENDOR}/leaflet.fullscreen-3.0.0/Control.FullScreen.css")]
ICON_PATH = f"{VENDOR}/leaflet-1.9.3/images/"
# The map's own behaviour; the elements below only call it with their data.
ATLAS_JS = [("atlas_canvas", "/app/static/atlas/canvas.js"), ("atlas_map", "/app/static/atlas/map.js")]

DEFAULT_CENTER = (45.0, 62.0)  # lat, lon: Kazakhstan to the Caucasus
DEFAULT_ZOOM = 4
MAX_ZOOM = 18
# From this many points on, markers are clustered: thousands of map pins would freeze the browser.
CLUSTER_MIN = 500

LAYER_NAMES = {
    "points": "Deposits and occurrences",
    "areas": "Exploration areas",
    "corridors": "Export corridors",
    "countries": "Country profiles",
}

TILES = (
    ("Light (CARTO)", "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
     '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors &copy; '
     '<a href="https://carto.com/attributions">CARTO</a>'),
    ("Satellite (Esri)", "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
     "Tiles &copy; Esri &mdash; Source: Esri, Maxar, Earthstar Geographics, and the GIS User Community"),
    ("Terrain (OpenTopoMap)", "https://{s}.tile.opentopomap.org/{z}/{x}/{y}.png",
     'Map data &copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors, SRTM; '
     'style &copy; <a href="https://opentopomap.org">OpenTopoMap</a> (CC-BY-SA)'),
)
OUTLINE_BASEMAP = "Outlines only (offline)"
BASEMAP_PANE = "atlas-basemap"
OUTLINE_ATTRIBUTION = OUTLINE_CREDIT


@lru_cache(maxsize=None)
def _compiled(template: str) -> Template:
    """Compiling a template costs far more than rendering it, so each one is compiled once per process."""
    return Template("{% macro script(this, kwargs) %}" + template + "{% endmacro %}")


class _Verbatim(Element):
    """Finished script text that joins the page as it is."""

    def __init__(self, text: str):
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:
        return self._text


class _Script(MacroElement):
    """A piece of map script rendered from a template with this element's fields."""

    def __init__(self, template: str, **fields):
        super().__init__()
        self._name = type(self).__name__
        self._template = _compiled(template)
        for key, value in fields.items():
            setattr(self, key, value)

    def render(self, **kwargs) -> None:
        """As folium's, except that the rendered script is not compiled as a template a second time: that would
        run `{{ }}` or `{% %}` in data text as template code, and it costs a lexer pass over every feature."""
        script = self._template.module.script(self, kwargs)
        self.get_root().script.add_child(_Verbatim(script), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


def script_json(value) -> str:
    """JSON that is safe inside a <script> element (no '</script>' or HTML comment can be formed)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class IconImagePath(_Script):
    """Leaflet's default icon path, set from the map script (header scripts never run inside the map frame)."""

    def __init__(self, path: str = ICON_PATH):
        super().__init__("L.Icon.Default.imagePath = {{ this.path|tojson }};", path=path)


def legend_markup(places: Iterable[Place] | None = None) -> str:
    """The legend as HTML for the given places (every category when None), in a collapsible <details>."""
    parts = ['<details class="atlas-legend" aria-label="Legend"><summary>Legend</summary>']
    for heading, rows in legend_rows(places):
        parts.append(f'<h4>{html.escape(heading)}</h4><div class="atlas-legend-grid">')
        parts.extend(f'<div class="atlas-legend-row">{row.symbol}<span>{html.escape(row.label)}</span></div>'
                     for row in rows)
        parts.append("</div>")
    parts.append("</details>")
    return "".join(parts)


class CanvasOptions(_Script):
    """How the live map canvas behaves on this map (briefing or interactive)."""

    def __init__(self, briefing: bool):
        options = {"briefing": briefing, "labelFont": LABEL_FONT, "labelHeight": LABEL_LINE_PX,
                   "leader": LEADER.leaflet(), "leaderDot": dict(LEADER_DOT.leaflet(), radius=LEADER_DOT_RADIUS)}
        super().__init__("atlasCanvas.configure({{ this.options }});", options=script_json(options))


LEGEND_CSS = CssTemplate("""
<style>
.atlas-legend-box {background: rgba(255,255,255,0.92); padding: 6px 9px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.3); font: 10.5px/1.25 "Helvetica Neue", Arial, sans-serif; color: #222;
  max-height: 60vh; overflow: auto;}
.atlas-legend-box h4 {margin: 3px 0 1px; font-size: 10.5px; font-weight: 700;}
.atlas-legend-box summary {cursor: pointer; font-weight: 700;}
.atlas-legend-grid {display: grid; grid-template-columns: auto auto; column-gap: 10px;}
.atlas-legend-row {display: flex; align-items: center; gap: 6px; margin: 1px 0;}
.atlas-legend-row svg {flex: none;}
.atlas-legend-compact {font-size: 9.5px; padding: 4px 6px;}
.atlas-pin {background: none; border: none; display: flex; align-items: center; justify-content: center;}
.atlas-pin:focus-visible {outline: 2px solid #1a5fb4; outline-offset: -2px; border-radius: 50%;}
.atlas-symbol {display: block; width: 18px; height: 18px; line-height: 0;}
.atlas-pin.atlas-selected svg {filter: drop-shadow(0 0 2px #000) drop-shadow(0 0 4px #ffd400);}
.atlas-label {background: none; border: none; white-space: nowrap; color: #1b1b1b;
  font: $label_font; line-height: ${label_line}px; padding: 0 4px; box-sizing: border-box;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff, 1px 1px 0 #fff, -1px -1px 0 #fff, 1px -1px 0 #fff,
  -1px 1px 0 #fff;}
.atlas-label-country {color: #4a4a4a; font-weight: 400; letter-spacing: 0.06em; text-transform: uppercase;
  font-size: 10.5px;}
path.atlas-selected {stroke-width: 5; stroke-opacity: 1;}
.atlas-notice {background: #fff8e1; border: 1px solid #c9a227; padding: 4px 8px; border-radius: 4px;
  font: 12px/1.3 Arial, sans-serif; color: #222;}
.leaflet-container {background: #dfe8ee;}
.leaflet-container .leaflet-control-attribution, .leaflet-container .leaflet-control-scale-line {font-size: 11px;
  line-height: 1.35;}
@media (max-width: 480px) {
  .atlas-offline-notice {max-width: calc(100vw - 110px); font-size: 11px;}
  .leaflet-container .leaflet-control-attribution {font-size: 9.5px; max-width: 60vw;}
}
</style>
""").substitute(label_font=LABEL_FONT, label_line=LABEL_LINE_PX)
BRIEFING_CSS = """
<style>.leaflet-control-layers, .leaflet-control-zoom, .leaflet-control-attribution {display: none !important;}
#map_div {width: 100% !important; height: 100vh !important;}</style>
"""  # in briefing mode the page sizes the frame to the slide's shape, and the map fills the frame


class TileFallback(_Script):
    """Online tiles that cannot load leave the country outlines drawn under them, with a notice naming the failed
    basemap."""

    def __init__(self, tile_layers: list):
        super().__init__(
            "atlasMap.tileFallback({{ this._parent.get_name() }}, ["
            "{% for t in this.tiles %}{layer: {{ t.get_name() }}, name: {{ t.layer_name|tojson }}},{% endfor %}]);",
            tiles=tile_layers)


@lru_cache(maxsize=4)
def _outline_json(outlines_text: str) -> str:
    return script_json(json.loads(outlines_text))


class OutlineLayer(_Script):
    """The shipped country outlines as a basemap that needs no internet; drawn in a pane below the data."""

    def __init__(self, data_json: str):
        options = script_json({"pane": BASEMAP_PANE, "attribution": OUTLINE_ATTRIBUTION, "style": BASEMAP.leaflet()})
        super().__init__("atlasMap.outline({{ this._parent.get_name() }}, {{ this.data }}, {{ this.options }});",
                         data=data_json, options=options)


@lru_cache(maxsize=4)
def _country_label_points(outlines_text: str) -> str:
    """Where each outline country's name goes: its centroid when that lies inside it, else a point inside."""
    points = []
    for feature in json.loads(outlines_text).get("features", []):
        props, geometry = feature.get("properties") or {}, feature.get("geometry")
        if not props.get("name") or not geometry:
            continue
        outline = shape(geometry)
        at = outline.centroid if outline.contains(outline.centroid) else outline.representative_point()
        points.append({"id": f"country-name:{props.get('iso3', props['name'])}", "label": short_name(props["name"]),
                       "at": [round(at.y, 3), round(at.x, 3)]})
    return script_json(points)


class BasemapLabels(_Script):
    """Country names on the basemap, placed by the canvas after every place label."""

    def __init__(self, points_json: str):
        super().__init__("atlasCanvas.basemapLabels({{ this.points }});", points=points_json)


def base_map(outlines_text: str, height_px: int = 620, briefing: bool = False) -> folium.Map:
    """The constant part of the map: basemaps, outline layer, scale, fullscreen. No place data.

    Outlines come as GeoJSON text; each map is built anew (st_folium mutates the map it is given). A briefing map
    has no zoom, full-screen or layer controls, no attribution control and no offline notice; its labels are
    always on and its legend sits compact at the bottom right.
    """
    options = {"attributionControl": False} if briefing else {}
    m = folium.Map(location=DEFAULT_CENTER, zoom_start=DEFAULT_ZOOM, tiles=None, control_scale=True,
                   maxZoom=MAX_ZOOM, min_zoom=2, height=height_px, world_copy_jump=False,
                   zoom_control=not briefing, **options)
    # Clustering is loaded with the base map: the frame loads scripts once, and a later filter may need it.
    m.default_js, m.default_css = LEAFLET_JS + CLUSTER_JS + ATLAS_JS, LEAFLET_CSS + CLUSTER_CSS
    IconImagePath().add_to(m)
    CanvasOptions(briefing).add_to(m)
    BasemapLabels(_country_label_points(outlines_text)).add_to(m)
    # Given as providers, not bare URLs: folium would otherwise search its whole provider catalogue for each URL on
    # every rerun (about 7 ms a layer).
    # A briefing slide is drawn on the shipped outlines alone: the same on every network, credited in one line.
    tiles = [] if briefing else [
        folium.TileLayer(tiles=xyzservices.TileProvider(name=name, url=url, attribution=attribution),
                         attr=attribution, name=name, max_zoom=MAX_ZOOM, overlay=False, control=True, show=(i == 0))
        for i, (name, url, attribution) in enumerate(TILES)]
    for layer in tiles:
        layer.add_to(m)
    # The outline basemap lives in its own pane below the tiles and the data, so it never covers anything.
    folium.map.CustomPane(BASEMAP_PANE, z_index=150, pointer_events=False).add_to(m)
    outline = folium.FeatureGroup(name=OUTLINE_BASEMAP, overlay=False, control=True, show=briefing)
    OutlineLayer(_outline_json(outlines_text)).add_to(outline)
    outline.add_to(m)
    if not briefing:
        fullscreen = Fullscreen(position="topleft", title="Full screen", title_cancel="Exit full screen")
        fullscreen.default_js, fullscreen.default_css = list(FULLSCREEN_JS), list(FULLSCREEN_CSS)
        fullscreen.add_to(m)
    m.get_root().header.add_child(Element(LEGEND_CSS))
    if briefing:
        m.get_root().header.add_child(Element(BRIEFING_CSS))
    TileFallback(tiles).add_to(m)
    ViewInAddress().add_to(m)
    return m


class PlaceGeoJson(_Script):
    """Places as one GeoJSON layer: markers by mineral and status, paths styled per place, names as tooltips.

    Each feature carries only its id, name and the key of its symbol or style; the symbols and styles travel once,
    in a table, which keeps large data sets small. Names reach the page through `textContent`, never HTML, so no
    data text can run as code. Above `CLUSTER_MIN` points the markers are clustered (loaded in chunks, so the
    browser never freezes) and open up as the user zooms in. A click hands the feature (with its id) to
    streamlit-folium as `last_active_drawing`.
    """

    def __init__(self, features_json: str, payload: "MapPayload", cluster: bool):
        super().__init__(
            "atlasMap.places({{ this._parent.get_name() }}, {{ this.data }}, "
            "{symbols: {{ this.symbols }}, styles: {{ this.styles }}, cluster: {{ this.cluster|tojson }}});",
            data='{"type":"FeatureCollection","features":[' + features_json + "]}",
            symbols=payload.symbols_json, styles=payload.styles_json, cluster=cluster)


class UncertaintyCircles(_Script):
    """Faint circles of each approximate point's stated precision, so nobody over-reads a pin."""

    def __init__(self, circles: list[tuple[float, float, float]]):
        super().__init__("atlasMap.uncertainty({{ this._parent.get_name() }}, {{ this.circles }}, {{ this.style }});",
                         circles=script_json(circles), style=script_json(UNCERTAINTY.leaflet()))


@dataclass(frozen=True)
class MapPayload:
    """Every place's map feature, serialised once per data set; a rerun only joins the ones that are shown.

    Features carry their id, a short name and the key of a shared symbol or style, so the browser receives
    each symbol once rather than once per place.
    """

    features: dict[str, str]
    layers: dict[str, str]
    symbols_json: str
    styles_json: str


def map_payload(places: Iterable[Place]) -> MapPayload:
    symbols: dict[str, str] = {}
    styles: dict[str, str] = {}
    features: dict[str, str] = {}
    layers: dict[str, str] = {}
    for place in places:
        props = {"id": place.id, "name": shorten(place.name, TOOLTIP_CHARS)}
        if place.geometry.geom_type == "Point":
            props["symbol"] = symbols.setdefault(place_symbol(place), str(len(symbols)))
            props["rank"] = STATUS_RANK.get(place.status, 0)
            props["label"] = short_name(place.name)
            props["prio"] = label_priority(place)
        else:
            if place.kind == "country":
                at = place.geometry.representative_point()
                props.update(label=short_name(place.name), prio=label_priority(place),
                             at=[round(at.y, 4), round(at.x, 4)])
            style = json.dumps(path_style(place), sort_keys=True)
            props["style"] = styles.setdefault(style, str(len(styles)))
        feature = {"type": "Feature", "id": place.id, "geometry": mapping(place.geometry), "properties": props}
        features[place.id] = script_json(feature)
        layers[place.id] = layer_of(place)
    return MapPayload(features=features, layers=layers,
                      symbols_json=script_json({key: svg for svg, key in symbols.items()}),
                      styles_json=script_json({key: json.loads(style) for style, key in styles.items()}))


def layer_of(place: Place) -> str:
    if place.kind == "country":
        return "countries"
    if place.kind == "corridor":
        return "corridors"
    if place.kind == "exploration_area":
        return "areas"
    return "points"


FIT_MAX_ZOOM = 7
LABELS_LAYER = "Labels"


def short_name(name: str) -> str:
    """A name short enough to sit beside a symbol: no parenthesised part, at most `LABEL_CHARS` characters."""
    return shorten(name.split(" (")[0].strip() or name, LABEL_CHARS)


def label_priority(place: Place) -> int:
    """Which label wins when two would collide: points by status rank (producing sites first), then countries."""
    if place.geometry.geom_type == "Point":
        return 10 + STATUS_RANK.get(place.status, 0)
    return 5 if place.kind == "country" else 0


def fit_bounds(places: Iterable[Place]) -> list[list[float]] | None:
    """[[south, west], [north, east]] around the places' geometries, or None when there are none."""
    boxes = [p.geometry.bounds for p in places]
    if not boxes:
        return None
    west, south = min(b[0] for b in boxes), min(b[1] for b in boxes)
    east, north = max(b[2] for b in boxes), max(b[3] for b in boxes)
    return [[south, west], [north, east]]


def fit_key(ids: Iterable[str], selected: str | None) -> str:
    """Changes exactly when the shown places or the chosen place change, so a rerun for the same selection keeps
    the user's view."""
    import hashlib
    text = "\n".join(sorted(ids)) + "\n#" + (selected or "")
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def place_layers(places: Iterable[Place], payload: MapPayload | None = None,
                 selected: str | None = None, fit: bool = True,
                 chosen: Place | None = None, start_view: tuple[float, float, int] | None = None
                 ) -> list[folium.FeatureGroup]:
    """One feature group per layer, always all four (possibly empty) so the layer control never changes shape,
    plus the labels overlay.

    Pass the data set's `map_payload` to reuse its serialised features; without it they are built here. With
    `fit`, the view is fitted to the shown places (and `chosen`, the open place, even if filtered out) whenever
    they change; without it the view is left as it is. `start_view` (lat, lon, zoom) is where a new map opens, at
    once and without the zoom animation that would drop a pan made in its first second.
    """
    places = tuple(places)
    payload = payload or map_payload(places)
    grouped: dict[str, list[Place]] = {key: [] for key in LAYER_NAMES}
    for place in places:
        grouped[payload.layers[place.id]].append(place)
    groups = []
    for key in ("countries", "areas", "corridors", "points"):
        group = folium.FeatureGroup(name=LAYER_NAMES[key], overlay=True, control=True, show=True)
        if key == "countries":
            CanvasBegin().add_to(group)
        members = grouped[key]
        cluster = key == "points" and len(members) >= CLUSTER_MIN
        if key == "points" and not cluster:
            circles = [(p.geometry.y, p.geometry.x, p.precision.km * 1000) for p in members if is_uncertain(p)]
            if circles:
                UncertaintyCircles(circles).add_to(group)
        if members:
            features_json = ",".join(payload.features[p.id] for p in members)
            PlaceGeoJson(features_json, payload, cluster).add_to(group)
        groups.append(group)
    labels = folium.FeatureGroup(name=LABELS_LAYER, overlay=True, control=True, show=True)
    framed = places + ((chosen,) if chosen is not None and chosen not in places else ())
    CanvasFinish(points=groups[-1], fit=fit, bounds=fit_bounds(framed), key=fit_key((p.id for p in places), selected),
                 selected=selected, legend=legend_markup(places), start_view=start_view).add_to(labels)
    groups.append(labels)
    return groups


class CanvasBegin(_Script):
    """Starts a new set of layers on the canvas."""

    def __init__(self):
        super().__init__("atlasCanvas.begin({{ this._parent._parent.get_name() }});")


class CanvasFinish(_Script):
    """Lays out symbols and labels, fits the view when the selection changed, and draws the legend."""

    def __init__(self, points, fit: bool, bounds, key: str, selected: str | None, legend: str,
                 start_view: tuple[float, float, int] | None = None):
        options = {"fit": fit, "bounds": bounds, "key": key, "selected": selected, "maxZoom": FIT_MAX_ZOOM,
                   "legend": legend, "startView": list(start_view) if start_view else None}
        super().__init__(
            "atlasMap.finish({{ this._parent._parent.get_name() }}, {{ this._parent.get_name() }}, "
            "{{ this.points.get_name() }}, {{ this.options }});", options=script_json(options), points=points)


class ViewInAddress(_Script):
    """Keeps lat, lon and zoom in the page address as the user pans, without a round trip to the server (and the
    map page keeps them there when the app rewrites the address)."""

    def __init__(self):
        super().__init__("atlasMap.viewInAddress({{ this._parent.get_name() }});")


def clicked_place(returned: dict | None, seen_clicks: int | None, known_ids: set[str]) -> tuple[str | None, int | None]:
    """The place a new map click chose, if any, and the click count to remember.

    streamlit-folium reports the last clicked feature and a running click count; only a count we have not seen
    means a new click, so an older click never overrides a place picked from the list since.
    """
    if not returned:
        return None, seen_clicks
    count = returned.get("last_object_clicked_count")
    if count is None or count == seen_clicks:
        return None, seen_clicks
    feature = returned.get("last_active_drawing") or {}
    props = feature.get("properties") if isinstance(feature, dict) else None
    place_id = props.get("id") if isinstance(props, dict) else None
    return (place_id if place_id in known_ids else None), count
