"""Random corruption of the shipped data always ends in a clear list of problems, never a crash."""
import copy
import json
import math

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from geo.load import SHIPPED_ATLAS, load_outlines, load_sources, parse_json, sources_path_for
from geo.validate import PLACE_FIELDS, REQUIRED_PLACE_FIELDS, AtlasError, check_atlas

RAW_TEXT = SHIPPED_ATLAS.read_text(encoding="utf-8")
RAW = json.loads(RAW_TEXT)
SOURCES = load_sources(sources_path_for(SHIPPED_ATLAS))
OUTLINES = load_outlines()
N = len(RAW["features"])

junk = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True),
                 st.text(max_size=20), st.lists(st.integers(), max_size=3),
                 st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))


def _positions(node):
    if isinstance(node, list) and node and isinstance(node[0], (int, float)):
        yield node
    elif isinstance(node, list):
        for child in node:
            yield from _positions(child)


def set_field(raw, i, data):
    raw["features"][i]["properties"][data.draw(st.sampled_from(PLACE_FIELDS))] = data.draw(junk)


def drop_field(raw, i, data):
    del raw["features"][i]["properties"][data.draw(st.sampled_from(REQUIRED_PLACE_FIELDS))]


def swap_coordinates(raw, i, data):
    for position in _positions(raw["features"][i]["geometry"]["coordinates"]):
        position[0], position[1] = position[1], position[0]


def flip_longitude(raw, i, data):
    position = data.draw(st.sampled_from(list(_positions(raw["features"][i]["geometry"]["coordinates"]))))
    position[0] = -position[0]


def bad_number(raw, i, data):
    position = data.draw(st.sampled_from(list(_positions(raw["features"][i]["geometry"]["coordinates"]))))
    position[data.draw(st.integers(0, 1))] = data.draw(st.sampled_from([math.nan, math.inf, "12", None, 1e9]))


def break_ring(raw, i, data):
    geometry = raw["features"][i]["geometry"]
    if geometry["type"] == "Polygon":
        geometry["coordinates"][0] = geometry["coordinates"][0][:-1]
    elif geometry["type"] == "MultiPolygon":
        geometry["coordinates"][0][0] = geometry["coordinates"][0][0][:3]
    else:
        geometry["type"] = "Polygon"


def duplicate_id(raw, i, data):
    j = (i + 1) % N
    raw["features"][j]["properties"]["id"] = raw["features"][i]["properties"]["id"]


def null_geometry_or_properties(raw, i, data):
    raw["features"][i][data.draw(st.sampled_from(["geometry", "properties"]))] = None


CORRUPTIONS = [set_field, drop_field, swap_coordinates, flip_longitude, bad_number, break_ring, duplicate_id,
               null_geometry_or_properties]
ALWAYS_INVALID = {drop_field, break_ring, duplicate_id, null_geometry_or_properties, bad_number}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), corrupt=st.sampled_from(CORRUPTIONS), index=st.integers(0, N - 1))
def test_corrupted_data_gives_problems_never_a_crash(data, corrupt, index):
    raw = copy.deepcopy(RAW)
    corrupt(raw, index, data)
    try:
        check_atlas(raw, "atlas.geojson", SOURCES, OUTLINES)
    except AtlasError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.file == "atlas.geojson" and problem.field and problem.message
    else:
        assert corrupt not in ALWAYS_INVALID, f"{corrupt.__name__} was accepted"


@settings(max_examples=40, deadline=None)
@given(cut=st.integers(1, len(RAW_TEXT) - 2))
def test_truncated_file_is_reported_as_invalid_json(cut):
    with pytest.raises(AtlasError) as caught:
        parse_json(RAW_TEXT[:cut], "atlas.geojson")
    (problem,) = caught.value.problems
    assert problem.message.startswith("not valid JSON")


def test_swapping_a_whole_point_says_so():
    raw = copy.deepcopy(RAW)
    lisakovsk = next(f for f in raw["features"] if f["properties"]["id"] == "lisakovsk")
    lon, lat = lisakovsk["geometry"]["coordinates"]
    lisakovsk["geometry"]["coordinates"] = [lat, lon]
    with pytest.raises(AtlasError) as caught:
        check_atlas(raw, "atlas.geojson", SOURCES, OUTLINES)
    assert any("look swapped" in p.message for p in caught.value.problems)
