/* The map's layers and its ties to the page: the offline outline basemap, the places, the uncertainty circles,
 * the view kept in the address, and a click reported to the app at once. The app passes data only (geo/mapview.py
 * renders one call per element); all behaviour is here. Loaded in the map frame after canvas.js. */
(function () {
  "use strict";
  var M = window.atlasMap = {};
  var canvas = window.atlasCanvas;

  /* The shipped country outlines as a basemap that needs no internet, drawn in its own pane below the data. The
   * same layer can be made again to lie under online tiles that fail (see atlasCanvas.tileFallback). */
  M.outline = function (group, data, options) {
    M.makeOutline = function () {
      return L.geoJson(data, {
        pane: options.pane, interactive: false, attribution: options.attribution,
        style: function () { return options.style; }
      });
    };
    M.makeOutline().addTo(group);
  };

  /* Online tiles that cannot load leave the outlines drawn under them, with a notice naming the failed basemap. */
  M.tileFallback = function (map, tiles) {
    canvas.tileFallback(map, tiles, function () { return M.makeOutline(); });
  };

  /* Places as one GeoJSON layer: markers by mineral and status, paths styled per place, names as tooltips. Names
   * reach the page through textContent, never HTML. Above the app's threshold the markers are clustered (loaded
   * in chunks) and open up as the user zooms in. */
  M.places = function (group, data, options) {
    var symbols = options.symbols, styles = options.styles;
    var layer = L.geoJson(data, {
      pointToLayer: function (feature, latlng) { return canvas.marker(feature, latlng, symbols); },
      style: function (feature) { return styles[feature.properties.style] || {}; },
      onEachFeature: function (feature, sublayer) {
        var label = document.createElement("span");
        label.textContent = feature.properties.name;
        sublayer.bindTooltip(label, {sticky: !feature.properties.symbol, direction: "top"});
        canvas.country(feature);
        sublayer.on("add", function () {  // also when a cluster group draws the marker anew after it moved
          var el = sublayer.getElement && sublayer.getElement();
          if (!el) { return; }
          el.setAttribute("data-place", feature.properties.id);
          el.classList.toggle("atlas-selected", !!canvas.state && canvas.state.selected === feature.properties.id);
        });
        sublayer.on("click", function () {  // show the choice at once; the server confirms it on its next run
          canvas.select(feature.properties.id);
          setTimeout(M.reportClick, 0);  // after every handler, streamlit-folium's included
        });
      }
    });
    if (options.cluster) {
      var clusters = L.markerClusterGroup({chunkedLoading: true, showCoverageOnHover: false,
                                           maxClusterRadius: 45, spiderfyOnMaxZoom: true});
      clusters.addLayer(layer);
      clusters.addTo(group);
    } else {
      layer.addTo(group);
    }
  };

  /* Faint circles of each approximate point's stated precision, [lat, lon, metres], so nobody over-reads a pin;
   * their style comes from the app's symbology. */
  M.uncertainty = function (group, circles, style) {
    circles.forEach(function (c) {
      L.circle([c[0], c[1]], L.extend({radius: c[2], interactive: false, className: "atlas-uncertainty"}, style))
        .addTo(group);
    });
  };

  /* The last layer: symbols and labels laid out, the view fitted when the selection changed, the legend drawn. */
  M.finish = function (map, labels, points, options) {
    if (options.startView && !map.atlasOpened) {
      // Before streamlit-folium moves a new map to the address's view, which it animates from the default view;
      // Leaflet drops a pan or zoom asked for while that animation runs.
      map.setView(options.startView.slice(0, 2), options.startView[2], {animate: false});
    }
    map.atlasOpened = true;
    options.labels = labels;
    options.leaders = L.layerGroup().addTo(points);
    // Once every layer is on the map: the labels layer is the last one added (by folium or streamlit-folium).
    var done = function () { canvas.finish(map, options); };
    if (map.hasLayer(labels)) { done(); } else { labels.once("add", done); }
  };

  /* lat, lon and zoom in the page address as the user pans, without a round trip to the server. When the app
   * rewrites the address (a filter change), the page puts this view back in (static/atlas/page.js). */
  M.viewInAddress = function (map) {
    M.view = function () {  // as the address holds it: 4 decimals (about 10 m) and the zoom level
      var c = map.getCenter();
      return {lat: c.lat.toFixed(4), lon: c.lng.toFixed(4), zoom: String(map.getZoom())};
    };
    map.on("moveend", function () {
      try {
        var page = window.parent, url = new URL(page.location.href), view = M.view();
        Object.keys(view).forEach(function (key) { url.searchParams.set(key, view[key]); });
        page.history.replaceState(page.history.state, "", url.toString());
      } catch (e) { /* a page that does not share our origin keeps its own address */ }
    });
  };

  /* The one place that touches streamlit-folium's private frontend state (window.__GLOBAL_DATA__).
   *
   * streamlit-folium records a click there and sends it when no other event has come for 250 ms. This sends the
   * same value straight away, as the component library's setComponentValue would, and records it as sent, so the
   * delayed report finds nothing new and the app runs once, 250 ms sooner. It acts only when every value the map
   * returns is one it can copy; otherwise streamlit-folium's own report stands. Outside Streamlit (the HTML
   * export) there is nothing to report to and it does nothing. Returns whether it sent the value. */
  M.reportClick = function () {
    var data = window.__GLOBAL_DATA__, value = {};
    if (!data || !Array.isArray(data.returned_objects) || window.parent === window) { return false; }
    ["last_object_clicked_count", "last_active_drawing"].forEach(function (key) {  // streamlit-folium's order
      if (data.returned_objects.indexOf(key) >= 0) { value[key] = data[key]; }
    });
    if (Object.keys(value).length !== data.returned_objects.length) { return false; }
    if (JSON.stringify(value) === JSON.stringify(data.previous_data)) { return false; }
    data.previous_data = value;
    window.parent.postMessage({isStreamlitMessage: true, type: "streamlit:setComponentValue",
                               value: value, dataType: "json"}, "*");
    return true;
  };
})();
