"""Exports for briefings: the filtered places as data (GeoJSON, CSV), a print map (PNG), a briefing sheet (PDF)
and a standalone interactive map (HTML).

Every export takes the validated `Atlas` and the places to show (already filtered, in order), so the app and
the command line (`python -m geo.export`, see `geo.export.cli`) produce the same files.
"""
from geo.export.html import export_html
from geo.export.pdf import export_pdf
from geo.export.png import MapImage, PlacedLabel, alt_text, draw_map, export_png, png_bytes, read_outlines
from geo.export.tables import CSV_COLUMNS, export_csv, export_geojson
from geo.export.cli import main

__all__ = ["CSV_COLUMNS", "MapImage", "PlacedLabel", "alt_text", "draw_map", "export_csv", "export_geojson",
           "export_html", "export_pdf", "export_png", "main", "png_bytes", "read_outlines"]
