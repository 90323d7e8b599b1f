/* The live map canvas: point symbols kept apart on screen, labels placed without collisions, the view fitted to
 * what is shown, and the legend for the places on the map now. The app passes data only; all behaviour is here. */
(function () {
  "use strict";
  var HIT = 32;          // hit target of a point symbol, px
  var SEP = 34;          // two symbols closer than this on screen are moved apart
  var RINGS = [36, 56, 76, 96, 120];
  var VISUAL = 10;       // half the drawn symbol, px (labels avoid it)

  var A = window.atlasCanvas = {options: {}};
  var state = null;
  var measurer = null;

  function textWidth(text) {
    measurer = measurer || document.createElement("canvas").getContext("2d");
    measurer.font = A.options.labelFont;  // the font the page's CSS draws labels in
    return Math.ceil(measurer.measureText(text).width) + 8;
  }

  A.configure = function (options) { A.options = options || {}; };

  /* Country names of the basemap, [{id, label, at: [lat, lon]}], drawn when there is room. */
  A.basemapLabels = function (countries) { A.basemapCountries = countries || []; };

  /* A new set of layers is about to be drawn: forget the previous one. */
  A.begin = function (map) {
    if (A.map !== map) {
      A.map = map;
      map.on("zoomend", function () { A.layout(); });
      map.on("resize", function () { A.layout(); });
    }
    state = {markers: [], countries: [], leaders: null, labels: null, selected: null};
    A.state = state;
  };

  /* A point marker with a transparent hit area around its symbol, raised by status rank. */
  A.marker = function (feature, latlng, symbols) {
    var props = feature.properties;
    var marker = L.marker(latlng, {
      icon: L.divIcon({className: "atlas-pin", html: '<span class="atlas-symbol">' + symbols[props.symbol] + "</span>",
                       iconSize: [HIT, HIT], iconAnchor: [HIT / 2, HIT / 2]}),
      keyboard: true, zIndexOffset: (props.rank || 0) * 1000
    });
    marker.atlasTrue = L.latLng(latlng);
    marker.atlasProps = props;
    marker.on("add", function () {
      var el = marker.getElement();
      if (!el || el.atlasKeys) { return; }
      el.atlasKeys = true;
      el.setAttribute("role", "button");
      el.setAttribute("aria-label", props.name);
      el.addEventListener("keydown", function (event) {
        if (event.key !== "Enter" && event.key !== " " && event.key !== "Spacebar") { return; }
        event.preventDefault();
        event.stopPropagation();
        marker.fire("click", {latlng: marker.getLatLng(), originalEvent: event}, true);
      });
    });
    if (state) { state.markers.push(marker); }
    return marker;
  };

  /* A country whose name is drawn as a label at a given point. */
  A.country = function (feature) {
    var props = feature.properties;
    if (state && props.label && props.at) { state.countries.push(props); }
  };

  A.select = function (id) {
    if (state) { state.selected = id; }
    document.querySelectorAll("[data-place]").forEach(function (el) {
      el.classList.toggle("atlas-selected", el.getAttribute("data-place") === id);
    });
    if (state) {
      state.markers.forEach(function (m) {
        m.setZIndexOffset((m.atlasProps.rank || 0) * 1000 + (m.atlasProps.id === id ? 100000 : 0));
      });
      A.layout();
    }
  };

  function collides(p, placed, gap) {
    for (var i = 0; i < placed.length; i++) {
      if (Math.abs(placed[i].x - p.x) < gap && Math.abs(placed[i].y - p.y) < gap) { return true; }
    }
    return false;
  }

  /* Symbols that would overlap are moved to the nearest free spot around their true position, with a leader
   * line back to it. The selected place, then producing sites, keep their true position first. */
  function separate(map) {
    var zoom = map.getZoom();
    var order = state.markers.filter(function (m) { return m._map; }).sort(function (a, b) {
      var sa = a.atlasProps.id === state.selected ? 1 : 0, sb = b.atlasProps.id === state.selected ? 1 : 0;
      return (sb - sa) || ((b.atlasProps.rank || 0) - (a.atlasProps.rank || 0)) ||
        (a.atlasProps.id < b.atlasProps.id ? -1 : 1);
    });
    var placed = [];
    var truths = order.map(function (m) { return map.project(m.atlasTrue, zoom); });
    if (state.leaders) { state.leaders.clearLayers(); }
    order.forEach(function (m, index) {
      var truth = truths[index], spot = truth;
      var others = truths.slice(index + 1);  // true positions still to come: keep clear of them if possible
      if (collides(truth, placed, SEP)) {
        spot = null;
        for (var pass = 0; pass < 2 && !spot; pass++) {
          for (var r = 0; r < RINGS.length && !spot; r++) {
            var steps = 8 + 4 * r;
            for (var k = 0; k < steps; k++) {
              var angle = -Math.PI / 2 + (2 * Math.PI * k) / steps;
              var p = L.point(truth.x + RINGS[r] * Math.cos(angle), truth.y + RINGS[r] * Math.sin(angle));
              if (!collides(p, placed, SEP) && (pass === 1 || !collides(p, others, SEP))) { spot = p; break; }
            }
          }
        }
        spot = spot || truth;
      }
      placed.push(spot);
      var shown = spot === truth ? m.atlasTrue : map.unproject(spot, zoom);
      m.setLatLng(shown);
      m.atlasSpot = spot;
      if (spot !== truth && state.leaders) {
        var fixed = {interactive: false, className: "atlas-leader"};  // styles from the app's symbology
        state.leaders.addLayer(L.polyline([m.atlasTrue, shown], L.extend({}, A.options.leader, fixed)));
        state.leaders.addLayer(L.circleMarker(m.atlasTrue, L.extend({}, A.options.leaderDot, fixed)));
      }
    });
  }

  function intersects(a, b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  }

  /* Labels in priority order; each takes the first free spot beside its symbol, or is left out. */
  function label(map) {
    var group = state.labels;
    if (!group) { return; }
    group.clearLayers();
    var zoom = map.getZoom();
    var report = {shown: [], dropped: {}};
    var obstacles = state.markers.filter(function (m) { return m._map && m.atlasSpot; }).map(function (m) {
      return {x: m.atlasSpot.x - VISUAL, y: m.atlasSpot.y - VISUAL, w: 2 * VISUAL, h: 2 * VISUAL};
    });
    var items = [];
    state.markers.forEach(function (m) {
      if (m._map && m.atlasSpot && m.atlasProps.label) {
        items.push({id: m.atlasProps.id, text: m.atlasProps.label, prio: m.atlasProps.prio || 0, at: m.atlasSpot,
                    point: true});
      }
    });
    state.countries.forEach(function (c) {
      items.push({id: c.id, text: c.label, prio: c.prio || 0, at: map.project(L.latLng(c.at[0], c.at[1]), zoom),
                  point: false});
    });
    // Basemap country names come last: a place's label, or a country profile's own, always wins the space.
    var named = {};
    items.forEach(function (item) { named[item.text] = true; });
    var view = map.getBounds().pad(-0.05);
    (A.basemapCountries || []).forEach(function (c) {
      var at = L.latLng(c.at[0], c.at[1]);
      if (named[c.label] || !view.contains(at)) { return; }
      items.push({id: c.id, text: c.label, prio: -1000, at: map.project(at, zoom), point: false, basemap: true});
    });
    items.sort(function (a, b) { return (b.prio - a.prio) || (a.id < b.id ? -1 : 1); });
    var placed = [];
    items.forEach(function (item) {
      var w = textWidth(item.text), h = A.options.labelHeight, c = item.at, gap = VISUAL + 3;
      var spots = item.point ? [
        {x: c.x + gap, y: c.y - h / 2}, {x: c.x - gap - w, y: c.y - h / 2},
        {x: c.x - w / 2, y: c.y - gap - h}, {x: c.x - w / 2, y: c.y + gap},
        {x: c.x + gap, y: c.y - gap - h + 4}, {x: c.x + gap, y: c.y + gap - 4},
        {x: c.x - gap - w, y: c.y - gap - h + 4}, {x: c.x - gap - w, y: c.y + gap - 4}
      ] : [{x: c.x - w / 2, y: c.y - h / 2}, {x: c.x - w / 2, y: c.y + h}, {x: c.x - w / 2, y: c.y - 2 * h}];
      var box = null;
      for (var i = 0; i < spots.length && !box; i++) {
        var b = {x: spots[i].x, y: spots[i].y, w: w, h: h};
        var blocked = placed.some(function (o) { return intersects(b, o); }) ||
          obstacles.some(function (o) { return intersects(b, o); });
        if (!blocked) { box = b; }
      }
      if (!box) { report.dropped[item.id] = "no free space beside the symbol at zoom " + zoom; return; }
      placed.push(box);
      report.shown.push(item.id);
      var marker = L.marker(map.unproject(L.point(box.x, box.y), zoom), {
        icon: L.divIcon({className: "atlas-label" + (item.point ? "" : " atlas-label-country"), html: "",
                         iconSize: [w, h], iconAnchor: [0, 0]}),
        interactive: false, keyboard: false, pane: "atlas-labels"
      });
      marker.on("add", function () {
        var el = marker.getElement();
        el.textContent = item.text;
        el.setAttribute("data-label", item.id);
        el.setAttribute("aria-hidden", "true");
      });
      group.addLayer(marker);
    });
    window.atlasLabelReport = report;
  }

  A.layout = function () {
    var map = A.map;
    if (!map || !state) { return; }
    separate(map);
    label(map);
    if (A.options.briefing) { placeLegend(map); }
  };

  /* On a slide the legend takes the first corner where it covers no symbol and no label. */
  function placeLegend(map) {
    var control = A.legendControl, box = control && control.getContainer();
    if (!box) { return; }
    var drawn = Array.from(map.getContainer().querySelectorAll(
      ".atlas-pin, .atlas-label:not([data-label^='country-name:'])"));
    var corners = ["bottomright", "bottomleft", "topright", "topleft"];
    for (var i = 0; i < corners.length; i++) {
      if (control.getPosition() !== corners[i]) { control.setPosition(corners[i]); }
      var r = box.getBoundingClientRect();
      var covers = drawn.some(function (el) {
        var o = el.getBoundingClientRect();
        return o.width > 0 && r.left < o.right && o.left < r.right && r.top < o.bottom && o.top < r.bottom;
      });
      if (!covers) { box.removeAttribute("data-covers"); return; }
    }
    control.setPosition("bottomright");
    box.setAttribute("data-covers", "true");  // nowhere free: the usual corner, and the test can tell
  }

  /* The last layer has been drawn: place everything, fit the view if the selection changed, draw the legend. */
  A.finish = function (map, options) {
    if (!map.getPane("atlas-labels")) {
      var pane = map.createPane("atlas-labels");
      pane.style.zIndex = 550;
      pane.style.pointerEvents = "none";
    }
    state.leaders = options.leaders || null;
    state.labels = options.labels || null;
    state.selected = options.selected || null;
    A.legend(map, options.legend);
    A.select(options.selected || null);  // a closed panel also clears the ring of the place it showed
    var fitted = false;
    if (options.key !== A.fitKey) {
      var first = A.fitKey === undefined;
      A.fitKey = options.key;
      if (options.fit && options.bounds) {
        map.invalidateSize(false);
        var target = map.getBoundsZoom(L.latLngBounds(options.bounds), false, L.point(40, 40));
        var zoom = Math.min(target, options.maxZoom || 7);
        var bounds = L.latLngBounds(options.bounds);
        if (first || zoom !== map.getZoom() || !map.getBounds().contains(bounds)) {
          map.fitBounds(bounds, {padding: [40, 40], maxZoom: options.maxZoom || 7, animate: !first});
          fitted = true;
        }
      }
    }
    A.layout();
    if (fitted) { map.once("moveend", function () { A.layout(); }); }
  };

  A.legend = function (map, markup) {
    if (A.legendControl) { A.legendControl.remove(); A.legendControl = null; }
    if (!markup) { return; }
    var briefing = !!A.options.briefing;
    var control = L.control({position: briefing ? "bottomright" : "bottomleft"});
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "atlas-legend-box" + (briefing ? " atlas-legend-compact" : ""));
      div.innerHTML = markup;
      var details = div.querySelector("details");
      if (details) { details.open = briefing || map.getSize().y >= 700; }
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    control.addTo(map);
    A.legendControl = control;
  };

  /* Online tiles that cannot load: the country outlines are drawn under them, a notice names what failed, and
     the tiles' credit leaves the attribution line. */
  A.tileFallback = function (map, tiles, makeOutline) {
    var under = null, note = null, text = "";
    function notice(message) {
      text = message;
      if (A.options.briefing) { return; }
      if (!note) {
        note = L.control({position: "topright"});
        note.onAdd = function () {
          var div = L.DomUtil.create("div", "atlas-notice atlas-offline-notice");
          div.title = "Click to dismiss";
          div.setAttribute("role", "status");
          div.textContent = text;
          L.DomEvent.on(div, "click", function () { note.remove(); });
          return div;
        };
        note.addTo(map);
      } else {
        var div = note.getContainer();
        if (div) { div.textContent = text; }
        if (!note._map) { note.addTo(map); }
      }
    }
    tiles.forEach(function (entry) {
      var failures = 0, credited = true;
      entry.layer.on("add", function () { credited = true; });
      entry.layer.on("tileerror", function () {
        failures += 1;
        if (failures < 2 || !map.hasLayer(entry.layer)) { return; }
        if (!under) { under = makeOutline().addTo(map); }
        // Tiles that never arrived are not on the map: do not credit them under it.
        if (credited && map.attributionControl && entry.layer.getAttribution && entry.layer.getAttribution()) {
          map.attributionControl.removeAttribution(entry.layer.getAttribution());
          credited = false;
        }
        var message = entry.name + " basemap unavailable offline: showing country outlines";
        if (message !== text || !note || !note._map) { notice(message); }
      });
    });
    map.on("baselayerchange", function (event) {
      var failed = tiles.filter(function (t) { return t.layer === event.layer; });
      if (!failed.length && note && note._map) { note.remove(); text = ""; }
    });
  };
})();
