"""A print-ready map image drawn on the server: no tiles, no internet, the app's colours and shapes.

One module per job: `extent` (what the map shows, at what scale), `outlines` (the country outlines drawn on),
`geometry` (shapely to matplotlib), `drawing` (outlines and places in the app's symbology), `labels` (names
placed without collisions), `furniture` (scale bar, north arrow, locator), `legend`, `alt` (alt text) and `page`
(the sheet's layout and the PNG file). What other modules use is named here.
"""
from geo.export.png.alt import alt_text
from geo.export.png.extent import CENTRAL_ASIA, fill_frame, map_extent, nice_length
from geo.export.png.labels import PlacedLabel
from geo.export.png.outlines import Outlines, read_outlines
from geo.export.png.page import MapImage, draw_map, export_png, page_inches, png_bytes

__all__ = ["CENTRAL_ASIA", "MapImage", "Outlines", "PlacedLabel", "alt_text", "draw_map", "export_png",
           "fill_frame", "map_extent", "nice_length", "page_inches", "png_bytes", "read_outlines"]
