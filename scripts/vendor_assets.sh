#!/usr/bin/env bash
# Rebuild the offline map assets under static/vendor/ from npm packages.
#
# Streamlit serves static/ (next to app.py) at /app/static/..., so the map can
# load Leaflet, jQuery and the plugins folium uses without reaching a CDN.
# The versions are the ones folium 0.20 pins in its default CDN URLs.
#
# Only .js, .css, images and LICENSE.txt files are copied: no HTML, no source
# maps, no examples.
#
# Usage: scripts/vendor_assets.sh            (needs npm and access to the npm registry)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/static/vendor"

LEAFLET=leaflet@1.9.3
JQUERY=jquery@3.7.1
MARKERCLUSTER=leaflet.markercluster@1.1.0
FULLSCREEN=leaflet.fullscreen@3.0.0

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# fetch SPEC -> unpacks the npm tarball of SPEC (name@version) into $TMP/<name>/package
fetch() {
    local spec="$1" name="${1%@*}" tarball
    mkdir -p "$TMP/$name"
    tarball="$(cd "$TMP/$name" && npm pack --silent "$spec" 2>/dev/null | tail -n 1)"
    if [[ -z "$tarball" || ! -f "$TMP/$name/$tarball" ]]; then
        echo "npm pack $spec failed" >&2
        exit 1
    fi
    tar -xzf "$TMP/$name/$tarball" -C "$TMP/$name"
    echo "$TMP/$name/package"
}

# fresh DIR -> empty target directory static/vendor/DIR
fresh() {
    local dir="$VENDOR/$1"
    rm -rf "$dir"
    mkdir -p "$dir"
    echo "$dir"
}

mkdir -p "$VENDOR"

# Leaflet: dist/leaflet.js, dist/leaflet.css and the images the CSS references.
src="$(fetch "$LEAFLET")"
dst="$(fresh "leaflet-${LEAFLET#*@}")"
cp "$src/dist/leaflet.js" "$src/dist/leaflet.css" "$dst/"
mkdir -p "$dst/images"
cp "$src"/dist/images/*.png "$dst/images/"
cp "$src/LICENSE" "$dst/LICENSE.txt"

# jQuery: the minified build folium loads.
src="$(fetch "$JQUERY")"
dst="$(fresh "jquery-${JQUERY#*@}")"
cp "$src/dist/jquery.min.js" "$dst/"
cp "$src/LICENSE.txt" "$dst/LICENSE.txt"

# Leaflet.markercluster: the three files folium.plugins.MarkerCluster loads.
src="$(fetch "$MARKERCLUSTER")"
dst="$(fresh "leaflet.markercluster-${MARKERCLUSTER#*@}")"
cp "$src/dist/leaflet.markercluster.js" \
   "$src/dist/MarkerCluster.css" \
   "$src/dist/MarkerCluster.Default.css" "$dst/"
cp "$src/MIT-LICENCE.txt" "$dst/LICENSE.txt"

# leaflet.fullscreen: folium.plugins.Fullscreen loads Control.FullScreen.min.js,
# a minified copy the CDN generates; the npm package ships the unminified
# Control.FullScreen.js, which is what is vendored. The CSS references
# icon-fullscreen.svg relative to itself.
src="$(fetch "$FULLSCREEN")"
dst="$(fresh "leaflet.fullscreen-${FULLSCREEN#*@}")"
cp "$src/Control.FullScreen.js" "$src/Control.FullScreen.css" \
   "$src/icon-fullscreen.svg" "$dst/"
cp "$src/LICENSE" "$dst/LICENSE.txt"

# Nothing but scripts, stylesheets, images and licence texts may be served.
bad="$(find "$VENDOR" -type f ! \( -name '*.js' -o -name '*.css' -o -name '*.png' \
        -o -name '*.svg' -o -name 'LICENSE.txt' \) -print)"
if [[ -n "$bad" ]]; then
    echo "unexpected files in $VENDOR:" >&2
    echo "$bad" >&2
    exit 1
fi

echo "vendored into $VENDOR:"
(cd "$VENDOR" && find . -type f | sort)
