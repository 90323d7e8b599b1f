// The live map as a briefing canvas: no symbol hides another, a focused place opens with Enter or Space,
// and the map fits what was chosen. Loaded once with the base map; the place layers call into it.
(function () {
  "use strict";
  var SPREAD = 30;   // px: symbols closer than this on screen are spread apart (the hit area is 32 px)
  var markers = [];  // every place marker on the map, with its true position
  var leaders = null;
  var theMap = null;

  function reset(map) {
    markers = markers.filter(function (m) { return map.hasLayer(m); });
    markers.forEach(function (m) { m.setLatLng(m.atlasTrue); });
  }

  // Group markers whose true positions fall within SPREAD px, then lay each group on a small ring around its
  // centre, highest status rank first, with a thin leader line back to each true position.
  function separate(map) {
    if (!leaders) { leaders = L.layerGroup([], {pane: "overlayPane"}).addTo(map); }
    leaders.clearLayers();
    reset(map);
    var points = markers.map(function (m) { return {m: m, p: map.latLngToLayerPoint(m.atlasTrue)}; });
    var used = [];
    points.forEach(function (a, i) {
      if (used[i]) { return; }
      var group = [a];
      used[i] = true;
      for (var j = i + 1; j < points.length; j++) {
        if (!used[j] && group.some(function (g) { return g.p.distanceTo(points[j].p) < SPREAD; })) {
          group.push(points[j]);
          used[j] = true;
          j = i;  // a new member may bring others within reach
        }
      }
      if (group.length < 2) { return; }
      group.sort(function (x, y) { return (y.m.atlasRank - x.m.atlasRank) || (x.m.atlasId < y.m.atlasId ? -1 : 1); });
      var cx = 0, cy = 0;
      group.forEach(function (g) { cx += g.p.x; cy += g.p.y; });
      var centre = L.point(cx / group.length, cy / group.length);
      var radius = Math.max(SPREAD * 0.75, SPREAD * group.length / (2 * Math.PI)) + 4;
      group.forEach(function (g, k) {
        var angle = -Math.PI / 2 + 2 * Math.PI * k / group.length;
        var spot = centre.add(L.point(Math.cos(angle) * radius, Math.sin(angle) * radius));
        var latlng = map.layerPointToLatLng(spot);
        g.m.setLatLng(latlng);
        L.polyline([g.m.atlasTrue, latlng], {color: "#333", weight: 1, opacity: 0.8, interactive: false,
                                             className: "atlas-leader"}).addTo(leaders);
        L.circleMarker(g.m.atlasTrue, {radius: 2, color: "#333", weight: 1, fillOpacity: 1, interactive: false,
                                       className: "atlas-leader-dot"}).addTo(leaders);
      });
    });
  }

  function activatable(marker) {
    var el = marker.getElement && marker.getElement();
    if (!el || el.atlasKeys) { return; }
    el.atlasKeys = true;
    el.setAttribute("role", "button");
    el.setAttribute("tabindex", "0");
    el.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " " || event.key === "Spacebar") {
        event.preventDefault();
        // a real click on the symbol, so everything listening for clicks (the app's report too) hears it
        var r = el.getBoundingClientRect();
        el.dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true, view: window,
                                                  clientX: r.left + r.width / 2, clientY: r.top + r.height / 2}));
      }
    });
  }

  function bind(map) {
    if (map.atlasCanvasBound) { return; }
    map.atlasCanvasBound = true;
    theMap = map;
    map.on("zoomend viewreset", function () { separate(map); });
  }

  window.atlasCanvas = {
    bind: bind,
    // A new place marker: remember where it really is and how important it is. `spread` is false for clustered
    // maps, where the cluster plugin keeps symbols apart.
    add: function (marker, feature, spread) {
      marker.atlasTrue = marker.getLatLng();
      marker.atlasRank = feature.properties.rank || 0;
      marker.atlasId = feature.properties.id;
      marker.setZIndexOffset(marker.atlasRank * 1000);
      marker.on("add", function (event) {
        activatable(marker);
        if (event.target._map) { bind(event.target._map); }
      });
      if (spread) { markers.push(marker); }
    },
    // Show only the legend rows for what is drawn, and only the headings that still have rows.
    legend: function (keys) {
      var wanted = {};
      keys.forEach(function (k) { wanted[k] = true; });
      document.querySelectorAll(".atlas-legend-row[data-legend]").forEach(function (row) {
        row.style.display = wanted[row.getAttribute("data-legend")] ? "" : "none";
      });
      document.querySelectorAll(".atlas-legend-group").forEach(function (group) {
        var any = Array.prototype.some.call(group.querySelectorAll(".atlas-legend-row"),
                                            function (row) { return row.style.display !== "none"; });
        group.style.display = any ? "" : "none";
      });
    },
    refresh: function () { if (theMap) { setTimeout(function () { separate(theMap); }, 0); } },
    // Bring the chosen place above everything else.
    select: function (placeId) {
      markers.forEach(function (m) {
        m.setZIndexOffset(m.atlasId === placeId ? 100000 : m.atlasRank * 1000);
      });
    },
    // Fit the map to what was chosen, once per choice: a rerun for the same choice leaves the user's view alone.
    // `shownKey` names what is shown, `placeKey` the chosen place: a new choice of place fits to the place, a new
    // selection of places fits to them all; a link's own view wins on the first drawing.
    fit: function (shownKey, shown, placeKey, place, maxZoom, skip) {
      var map = theMap;
      if (!map) { return; }
      var last = window.atlasFitLast;
      window.atlasFitLast = {shown: shownKey, place: placeKey};
      if (!last) { if (skip) { return; } last = {}; }
      var target = null;
      if (placeKey && placeKey !== last.place) {
        // a place chosen where it is already in view is only highlighted: the map does not jump under the pointer
        target = place && !map.getBounds().contains(L.latLngBounds(place)) ? place : null;
      }
      else if (shownKey !== last.shown) { target = shown; }
      if (target) {
        // keep the fitted places clear of the legend in the lower left corner
        var legend = map.getContainer().querySelector(".atlas-legend-box");
        var below = legend ? legend.offsetHeight + 16 : 40;
        map.flyToBounds(target, {paddingTopLeft: [40, 40], paddingBottomRight: [40, below], maxZoom: maxZoom,
                                 duration: 0.6});
      }
    }
  };
})();
