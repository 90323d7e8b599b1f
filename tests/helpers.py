"""Paths to the small named fixtures that tests share."""
from pathlib import Path

TEST_DATA = Path(__file__).resolve().parent / "data"
MINIMAL = TEST_DATA / "minimal.geojson"
