// Standalone HTML export: give every place on the map a popup with its panel's content.
// The popup markup is built and escaped by the exporter; this script only attaches it.
(function () {
  "use strict";
  var data = window.atlasPopups || {};
  var map = window[data.map];
  if (!map || !data.popups) { return; }
  function attach(layer) {
    var feature = layer.feature;
    if (feature && feature.properties && data.popups[feature.properties.id]) {
      layer.bindPopup(data.popups[feature.properties.id], {maxWidth: 420, maxHeight: 420, autoPanPadding: [20, 20]});
    }
    if (layer.eachLayer) { layer.eachLayer(attach); }
  }
  map.eachLayer(attach);
})();
