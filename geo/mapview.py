"""The folium map: a constant base map, plus layers built from the places that pass the filters.

The base map takes no place data, so it is identical on every rerun and streamlit-folium keeps the same map
frame: a filter change swaps only the layers, and the user's pan and zoom stay where they were. All scripts and
styles are served by the app itself (`/app/static/vendor`), so the map works with no internet.
Leaflet wants [latitude, longitude]; GeoJSON and shapely give (longitude, latitude).
"""
from __future__ import annotations

import hashlib
import html
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import folium
import xyzservices
from branca.element import Element, MacroElement
from folium.plugins import Fullscreen
from jinja2 import Template
from shapely.geometry import mapping

from geo.model import Place
from geo.style import legend_keys, legend_rows, path_style, place_symbol, SYMBOL_SIZE, STATUS_RANK, HIT_SIZE

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
STATIC = "/app/static"
CANVAS_JS = [("atlas_canvas", f"{STATIC}/atlas/canvas.js")]

DEFAULT_CENTER = (45.0, 62.0)  # lat, lon: Kazakhstan to the Caucasus
DEFAULT_ZOOM = 4
MAX_ZOOM = 18
# A point more uncertain than this gets a faint circle of its stated precision (unclustered maps only).
UNCERTAINTY_MIN_KM = 1.0
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
OUTLINE_ATTRIBUTION = "Boundaries: Natural Earth (public domain)"


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


class Legend(_Script):
    """The legend drawn on the map itself, so every screenshot carries it."""

    def __init__(self):
        parts = ['<details open class="atlas-legend" aria-label="Legend"><summary>Legend</summary>']
        for heading, rows in legend_rows():
            parts.append(f'<div class="atlas-legend-group"><h4>{html.escape(heading)}</h4><div class="atlas-legend-grid">')
            parts.extend(f'<div class="atlas-legend-row" data-legend="{html.escape(row.key, quote=True)}">{row.symbol}'
                         f'<span>{html.escape(row.label)}</span></div>' for row in rows)
            parts.append("</div></div>")
        parts.append("</details>")
        super().__init__(
            """
            (function () {
              var legend = L.control({position: "bottomleft"});
              legend.onAdd = function () {
                var div = L.DomUtil.create("div", "atlas-legend-box");
                div.innerHTML = {{ this.markup|tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
              };
              legend.addTo({{ this._parent.get_name() }});
            })();
            """, markup="".join(parts))


LEGEND_CSS = """
<style>
.atlas-legend-box {background: rgba(255,255,255,0.92); padding: 6px 9px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.3); font: 10.5px/1.25 "Helvetica Neue", Arial, sans-serif; color: #222;
  max-height: 60vh; overflow: auto;}
.atlas-legend-box h4 {margin: 3px 0 1px; font-size: 10.5px; font-weight: 700;}
.atlas-legend-box summary {cursor: pointer; font-weight: 700;}
.atlas-legend-grid {display: grid; grid-template-columns: auto auto; column-gap: 10px;}
.atlas-legend-row {display: flex; align-items: center; gap: 6px; margin: 1px 0;}
.atlas-legend-row svg {flex: none;}
.atlas-pin {background: none; border: none; display: flex; align-items: center; justify-content: center;}
.atlas-pin:focus-visible {outline: 3px solid #1a5fb4; outline-offset: -4px; border-radius: 50%;}
.atlas-leader {pointer-events: none;}
.atlas-pin.atlas-selected svg {filter: drop-shadow(0 0 2px #000) drop-shadow(0 0 4px #ffd400);}
path.atlas-selected {stroke-width: 5; stroke-opacity: 1;}
.atlas-notice {background: #fff8e1; border: 1px solid #c9a227; padding: 4px 8px; border-radius: 4px;
  font: 12px/1.3 Arial, sans-serif; color: #222; max-width: 260px;}
.leaflet-container {background: #dfe8ee;}
</style>
"""


class TileFallback(_Script):
    """Online tiles that cannot load are taken off the map, with a notice naming them. The offline outlines lie
    under every basemap, so the map never goes blank and the notice says what is really shown."""

    def __init__(self, tile_layers: list, outline_layer):
        super().__init__(
            """
            (function () {
              var map = {{ this._parent.get_name() }};
              var tiles = [{% for t in this.tiles %}[{{ t.get_name() }}, {{ t.layer_name|tojson }}]{% if not loop.last %}, {% endif %}{% endfor %}];
              var note = null, failed = [];
              function tell() {
                var text = failed.join(" and ") + (failed.length > 1 ? " basemaps are" : " basemap is") +
                  " unavailable (no internet): showing the offline country outlines (Natural Earth).";
                if (!note) {
                  note = L.control({position: "topright"});
                  note.onAdd = function () {
                    var div = L.DomUtil.create("div", "atlas-notice atlas-offline-notice");
                    div.title = "Click to dismiss";
                    L.DomEvent.on(div, "click", function () { note.remove(); });
                    return div;
                  };
                  note.addTo(map);
                }
                note.getContainer().textContent = text;
              }
              tiles.forEach(function (pair) {
                var layer = pair[0], failures = 0;
                layer.on("tileerror", function () {
                  failures += 1;
                  if (failures < 2 || !map.hasLayer(layer) || failed.indexOf(pair[1]) >= 0) { return; }
                  failed.push(pair[1]);
                  map.removeLayer(layer);
                  tell();
                });
              });
            })();
            """, tiles=tile_layers, outline=outline_layer)


@lru_cache(maxsize=4)
def _outline_json(outlines_text: str) -> str:
    return script_json(json.loads(outlines_text))


class OutlineLayer(_Script):
    """The shipped country outlines as a basemap that needs no internet; drawn in a pane below the data."""

    def __init__(self, data_json: str):
        super().__init__(
            """
            L.geoJson({{ this.data }}, {
              pane: {{ this.pane|tojson }}, interactive: false, attribution: {{ this.attribution|tojson }},
              style: function () {
                return {color: "#8a8a8a", weight: 0.8, fillColor: "#f4f3ee", fillOpacity: 1};
              }
            }).addTo({{ this._parent.get_name() }});
            """, data=data_json, pane=BASEMAP_PANE, attribution=OUTLINE_ATTRIBUTION)


def base_map(outlines_text: str, height_px: int = 620) -> folium.Map:
    """The constant part of the map: basemaps, outline layer, legend, scale, fullscreen. No place data.

    Outlines come as GeoJSON text; each map is built anew (st_folium mutates the map it is given).
    """
    m = folium.Map(location=DEFAULT_CENTER, zoom_start=DEFAULT_ZOOM, tiles=None, control_scale=True,
                   maxZoom=MAX_ZOOM, min_zoom=2, height=height_px, world_copy_jump=False)
    # Clustering is loaded with the base map: the frame loads scripts once, and a later filter may need it.
    m.default_js, m.default_css = LEAFLET_JS + CLUSTER_JS + CANVAS_JS, LEAFLET_CSS + CLUSTER_CSS
    IconImagePath().add_to(m)
    # Given as providers, not bare URLs: folium would otherwise search its whole provider catalogue for each URL on
    # every rerun (about 7 ms a layer).
    tiles = [folium.TileLayer(tiles=xyzservices.TileProvider(name=name, url=url, attribution=attribution),
                              attr=attribution, name=name, max_zoom=MAX_ZOOM, overlay=False, control=True,
                              show=(i == 0))
             for i, (name, url, attribution) in enumerate(TILES)]
    for layer in tiles:
        layer.add_to(m)
    # The outline basemap lives in its own pane below the data, so switching to it never covers the places.
    folium.map.CustomPane(BASEMAP_PANE, z_index=150, pointer_events=False).add_to(m)
    # The outlines are drawn under every basemap (tiles cover them once they load); choosing the outline basemap
    # only takes the tiles away. So a basemap that cannot load offline never leaves the map blank.
    outline = folium.FeatureGroup(name=OUTLINE_BASEMAP, overlay=False, control=True, show=False)
    outline.add_to(m)
    OutlineLayer(_outline_json(outlines_text)).add_to(m)
    fullscreen = Fullscreen(position="topleft", title="Full screen", title_cancel="Exit full screen")
    fullscreen.default_js, fullscreen.default_css = list(FULLSCREEN_JS), list(FULLSCREEN_CSS)
    fullscreen.add_to(m)
    m.get_root().header.add_child(Element(LEGEND_CSS))
    Legend().add_to(m)
    TileFallback(tiles, outline).add_to(m)
    CanvasBinding().add_to(m)
    ViewInAddress().add_to(m)
    ImmediateClick().add_to(m)
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
            """
            (function () {
              var hit = {{ this.hit }};
              var symbols = {{ this.symbols }};
              var styles = {{ this.styles }};
              var layer = L.geoJson({{ this.data }}, {
                pointToLayer: function (feature, latlng) {
                  var marker = L.marker(latlng, {
                    icon: L.divIcon({className: "atlas-pin", html: symbols[feature.properties.symbol],
                                     iconSize: [2 * hit, 2 * hit], iconAnchor: [hit, hit]}),
                    keyboard: true, riseOnHover: true, title: ""
                  });
                  if (window.atlasCanvas) { window.atlasCanvas.add(marker, feature, {{ 'false' if this.cluster else 'true' }}); }
                  return marker;
                },
                style: function (feature) { return styles[feature.properties.style] || {}; },
                onEachFeature: function (feature, layer) {
                  var label = document.createElement("span");
                  label.textContent = feature.properties.name;
                  layer.bindTooltip(label, {sticky: !feature.properties.symbol, direction: "top"});
                  layer.on("add", function () {
                    var el = layer.getElement && layer.getElement();
                    if (el) {
                      el.setAttribute("data-place", feature.properties.id);
                      el.setAttribute("aria-label", feature.properties.name);
                    }
                  });
                  layer.on("click", function () {  // show the choice at once; the server confirms it on its next run
                    document.querySelectorAll("[data-place]").forEach(function (el) {
                      el.classList.toggle("atlas-selected", el.getAttribute("data-place") === feature.properties.id);
                    });
                    if (window.atlasReportClick) { setTimeout(window.atlasReportClick, 0); }  // after every handler
                  });
                }
              });
              {% if this.cluster %}
              var clusters = L.markerClusterGroup({chunkedLoading: true, showCoverageOnHover: false,
                                                   maxClusterRadius: 45, spiderfyOnMaxZoom: true});
              clusters.addLayer(layer);
              clusters.addTo({{ this._parent.get_name() }});
              {% else %}
              layer.addTo({{ this._parent.get_name() }});
              if (window.atlasCanvas) { window.atlasCanvas.refresh(); }
              {% endif %}
            })();
            """, data='{"type":"FeatureCollection","features":[' + features_json + "]}",
            symbols=payload.symbols_json, styles=payload.styles_json, cluster=cluster, hit=HIT_SIZE // 2)


class UncertaintyCircles(_Script):
    """Faint circles of each approximate point's stated precision, so nobody over-reads a pin."""

    def __init__(self, circles: list[tuple[float, float, float]]):
        super().__init__(
            """
            (function () {
              var group = {{ this._parent.get_name() }};
              {{ this.circles|tojson }}.forEach(function (c) {
                L.circle([c[0], c[1]], {radius: c[2], color: "#444444", weight: 1, dashArray: "2 3",
                                        fillColor: "#444444", fillOpacity: 0.06, interactive: false,
                                        className: "atlas-uncertainty"}).addTo(group);
              });
            })();
            """, circles=circles)


MAX_LABEL = 200


def _label(text: str) -> str:
    """Map labels stay short; the panel shows the full text."""
    return text if len(text) <= MAX_LABEL else text[:MAX_LABEL - 1] + "…"


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
        props = {"id": place.id, "name": _label(place.name), "rank": STATUS_RANK.get(place.status, 0)}
        if place.geometry.geom_type == "Point":
            props["symbol"] = symbols.setdefault(place_symbol(place), str(len(symbols)))
        else:
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


FIT_MAX_ZOOM = 7  # a single point is shown with its surroundings, not at street level


def fit_bounds(places: Iterable[Place]) -> list[list[float]] | None:
    """[[south, west], [north, east]] around the places (Leaflet order), or None when there are none."""
    boxes = [p.geometry.bounds for p in places]
    if not boxes:
        return None
    west, south = min(b[0] for b in boxes), min(b[1] for b in boxes)
    east, north = max(b[2] for b in boxes), max(b[3] for b in boxes)
    return [[round(south, 4), round(west, 4)], [round(north, 4), round(east, 4)]]


def fit_key(ids: Iterable[str]) -> str:
    """A short name for a set of places: the map fits again only when it changes."""
    return hashlib.sha1("\n".join(sorted(ids)).encode()).hexdigest()[:12]


class FitView(_Script):
    """Flies the map to what was chosen: a newly chosen place, or else a new set of shown places. The same
    choice drawn again leaves the user's pan and zoom alone; a link's own view wins on the first drawing."""

    def __init__(self, shown_key: str, shown, place_key: str, place, keep_first_view: bool):
        super().__init__(
            """
            setTimeout(function () {
              if (window.atlasCanvas) {
                window.atlasCanvas.fit({{ this.shown_key|tojson }}, {{ this.shown|tojson }},
                                       {{ this.place_key|tojson }}, {{ this.place|tojson }},
                                       {{ this.max_zoom }}, {{ 'true' if this.keep else 'false' }});
              }
            }, 50);
            """, shown_key=shown_key, shown=shown, place_key=place_key, place=place, max_zoom=FIT_MAX_ZOOM,
            keep=keep_first_view)


class LegendFilter(_Script):
    """The legend lists only what is on the map now."""

    def __init__(self, keys):
        super().__init__("if (window.atlasCanvas) { window.atlasCanvas.legend({{ this.keys|tojson }}); }",
                         keys=sorted(keys))


class CanvasBinding(_Script):
    """Hands the map to the canvas script, which keeps symbols apart and fits the view."""

    def __init__(self):
        super().__init__("if (window.atlasCanvas) { window.atlasCanvas.bind({{ this._parent.get_name() }}); }")


def place_layers(places: Iterable[Place], payload: MapPayload | None = None,
                 selected: Place | str | None = None, keep_first_view: bool = False) -> list[folium.FeatureGroup]:
    """One feature group per layer, always all four (possibly empty) so the layer control never changes shape.

    Pass the data set's `map_payload` to reuse its serialised features; without it they are built here. The map
    fits the places (or the `selected` place, when it is newly chosen) unless `keep_first_view` and this is the
    first drawing, as for a link that carries its own view.
    """
    places = tuple(places)
    payload = payload or map_payload(places)
    grouped: dict[str, list[Place]] = {key: [] for key in LAYER_NAMES}
    for place in places:
        grouped[payload.layers[place.id]].append(place)
    groups = []
    for key in ("countries", "areas", "corridors", "points"):
        group = folium.FeatureGroup(name=LAYER_NAMES[key], overlay=True, control=True, show=True)
        members = grouped[key]
        cluster = key == "points" and len(members) >= CLUSTER_MIN
        if key == "points" and not cluster:
            circles = [(p.geometry.y, p.geometry.x, p.precision.km * 1000) for p in members
                       if p.geometry.geom_type == "Point" and p.precision.km >= UNCERTAINTY_MIN_KM]
            if circles:
                UncertaintyCircles(circles).add_to(group)
        if members:
            features_json = ",".join(payload.features[p.id] for p in members)
            PlaceGeoJson(features_json, payload, cluster).add_to(group)
        groups.append(group)
    RestoreView().add_to(groups[-1])
    chosen = selected if isinstance(selected, Place) else None
    selected_id = chosen.id if chosen else selected
    if selected_id:
        SelectedPlace(selected_id).add_to(groups[-1])
    LegendFilter(legend_keys(places, UNCERTAINTY_MIN_KM)).add_to(groups[-1])
    FitView(fit_key(p.id for p in places), fit_bounds(places), selected_id or "",
            fit_bounds([chosen]) if chosen else None, keep_first_view).add_to(groups[-1])
    return groups


class ViewInAddress(_Script):
    """Keeps lat, lon and zoom in the page address as the user pans, without a round trip to the server."""

    def __init__(self):
        super().__init__(
            """
            (function () {
              var map = {{ this._parent.get_name() }};
              function writeView() {
                try {
                  var page = window.parent, url = new URL(page.location.href), c = map.getCenter();
                  url.searchParams.set("lat", c.lat.toFixed(4));
                  url.searchParams.set("lon", c.lng.toFixed(4));
                  url.searchParams.set("zoom", String(map.getZoom()));
                  page.history.replaceState(page.history.state, "", url.toString());
                } catch (e) { /* a page that does not share our origin keeps its own address */ }
              }
              map.on("moveend", writeView);
              window.atlasWriteView = writeView;
            })();
            """)


class ImmediateClick(_Script):
    """Reports a click on a place to the app at once, rather than after streamlit-folium's 250 ms pause.

    streamlit-folium records the click in `window.__GLOBAL_DATA__` and sends it when no other event has come for
    250 ms. This sends the same value straight away, as the component library's `setComponentValue` would, and
    records it as sent, so the delayed report finds nothing new and the app runs once, 250 ms sooner. It acts only
    when every value the map returns is one it can copy; otherwise streamlit-folium's own report stands. Outside
    Streamlit (the HTML export) there is nothing to report to and it does nothing.
    """

    def __init__(self):
        super().__init__(
            """
            window.atlasReportClick = function () {
              var data = window.__GLOBAL_DATA__, value = {};
              if (!data || !Array.isArray(data.returned_objects) || window.parent === window) { return; }
              ["last_object_clicked_count", "last_active_drawing"].forEach(function (key) {  // streamlit-folium's order
                if (data.returned_objects.indexOf(key) >= 0) { value[key] = data[key]; }
              });
              if (Object.keys(value).length !== data.returned_objects.length) { return; }
              if (JSON.stringify(value) === JSON.stringify(data.previous_data)) { return; }
              data.previous_data = value;
              window.parent.postMessage({isStreamlitMessage: true, type: "streamlit:setComponentValue",
                                         value: value, dataType: "json"}, "*");
            };
            """)


class SelectedPlace(_Script):
    """Marks the place whose panel is open, so the map and the panel visibly agree."""

    def __init__(self, place_id: str):
        super().__init__(
            """
            setTimeout(function () {
              document.querySelectorAll("[data-place]").forEach(function (el) {
                el.classList.toggle("atlas-selected", el.getAttribute("data-place") === {{ this.place_id|tojson }});
              });
              if (window.atlasCanvas) { window.atlasCanvas.select({{ this.place_id|tojson }}); }
            }, 0);
            """, place_id=place_id)


class RestoreView(_Script):
    """Put the view back in the address after the app rewrites it for a filter change."""

    def __init__(self):
        super().__init__("if (window.atlasWriteView) { setTimeout(window.atlasWriteView, 400); }")


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
