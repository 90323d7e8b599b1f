"""The CSV export opened by a spreadsheet whose list separator is ',' or ';': no cell can start a formula, and the
full record still reads back exactly."""
import csv
import dataclasses
import io
import json

import pytest

from geo.export import export_csv
from geo.load import load_atlas
from geo.model import Quote
from helpers import MINIMAL

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = ["ok;=1+2;@cmd|' /C calc'!A0", "=HYPERLINK(\"http://evil\")", "a, -2+3", "x;\t=1", "+1;@SUM(A1)",
           "plain, text; with separators"]


@pytest.fixture(scope="module")
def hostile():
    """A place whose name, region and quote carry formula starts after every kind of separator."""
    atlas = load_atlas(MINIMAL)
    place = atlas.places[0]
    quotes = tuple(Quote(source=q.source, text=text) for q in place.quotes[:1] for text in HOSTILE)
    return atlas, [dataclasses.replace(place, name=HOSTILE[0], admin_region=HOSTILE[2], quotes=quotes)]


@pytest.mark.parametrize("separator", [",", ";"])
def test_no_cell_starts_a_formula_under_either_list_separator(hostile, separator):
    atlas, places = hostile
    text = export_csv(atlas, places)
    cells = [cell for row in csv.reader(io.StringIO(text), delimiter=separator) for cell in row]
    starting = [cell for cell in cells if cell.startswith(FORMULA_START)]
    assert starting == []
    assert any("'=1+2" in cell for cell in cells)  # the hostile text is there, marked as text


def test_every_field_is_quoted(hostile):
    atlas, places = hostile
    for line in export_csv(atlas, places).splitlines():
        fields = next(csv.reader([line]))
        assert line == ",".join('"' + f.replace('"', '""') + '"' for f in fields)


def test_the_record_still_reads_back_exactly(hostile):
    atlas, places = hostile
    row = next(csv.DictReader(io.StringIO(export_csv(atlas, places))))
    assert [Quote(**q) for q in json.loads(row["quotes_json"])] == list(places[0].quotes)
    assert row["name"] == "ok;'=1+2;'@cmd|' /C calc'!A0"  # shown as text, the apostrophes mark where


def test_plain_text_is_left_alone(hostile):
    atlas, places = hostile
    row = next(csv.DictReader(io.StringIO(export_csv(atlas, [dataclasses.replace(places[0], name=HOSTILE[-1])]))))
    assert row["name"] == HOSTILE[-1]
