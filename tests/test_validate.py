"""Each validation rule, shown failing on a small corrupted fixture and passing on the clean one."""
import json
import math

import pytest

from geo.load import SHIPPED_ATLAS, load_atlas, parse_json
from geo.validate import AtlasError, check_atlas

from helpers import CHECKED, MINIMAL, copy_companions, run_module


def problems_for(raw, test_sources, outlines):
    with pytest.raises(AtlasError) as caught:
        check_atlas(raw, "fixture.geojson", test_sources, outlines)
    return caught.value.problems


def props(raw, index=0):
    return raw["features"][index]["properties"]


def geom(raw, index=0):
    return raw["features"][index]["geometry"]


def test_clean_fixture_loads_every_place(test_sources, outlines, minimal_raw):
    atlas = check_atlas(minimal_raw, "fixture.geojson", test_sources, outlines)
    assert [p.id for p in atlas.places] == ["test-deposit", "test-area", "test-corridor"]
    deposit = atlas.place("test-deposit")
    assert deposit.geometry.x == 66.0 and deposit.geometry.y == 48.0
    assert deposit.facts[0].quote.text == "One million tons."
    assert deposit.facts[1].citation.url == "https://example.org/survey"
    assert atlas.as_of == "2026-11-01"


def _set(path, value):
    def mutate(raw):
        target = raw
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return mutate


def _delete(path):
    def mutate(raw):
        target = raw
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return mutate


P0 = ("features", 0, "properties")
G0 = ("features", 0, "geometry")
G1 = ("features", 1, "geometry")
G2 = ("features", 2, "geometry")

# (rule, corruption, feature named, field named, words the message must contain)
CASES = [
    ("missing field", _delete(P0 + ("name",)), "'test-deposit'", "name", "missing"),
    ("missing optional-value field", _delete(P0 + ("admin_region",)), "'test-deposit'", "admin_region",
     "null when the source names no region"),
    ("wrong type", _set(P0 + ("aliases",), "Тест"), "'test-deposit'", "aliases", "expected a list of strings"),
    ("wrong type in list", _set(P0 + ("countries",), ["KAZ", 7]), "'test-deposit'", "countries[1]",
     "expected a non-empty string"),
    ("unknown field", _set(P0 + ("colour",), "red"), "'test-deposit'", "colour", "unknown field"),
    ("unknown kind", _set(P0 + ("kind",), "mine"), "'test-deposit'", "kind", "unknown term \"mine\""),
    ("unknown status", _set(P0 + ("status",), "producing"), "'test-deposit'", "status", "expected one of: production"),
    ("unknown mineral", _set(P0 + ("minerals",), ["vanadium", "unobtainium"]), "'test-deposit'", "minerals[1]",
     "unknown term"),
    ("unknown country", _set(P0 + ("countries",), ["XYZ"]), "'test-deposit'", "countries[0]", "unknown term"),
    ("missing id", _delete(P0 + ("id",)), "#0", "id", "missing"),
    ("id not a slug", _set(P0 + ("id",), "Test Deposit"), "'Test Deposit'", "id", "lowercase slug"),
    ("bad date", _set(P0 + ("last_reviewed",), "23/11/2026"), "'test-deposit'", "last_reviewed", "YYYY-MM-DD"),
    ("precision missing", _delete(P0 + ("location_precision",)), "'test-deposit'", "location_precision",
     "how precise"),
    ("precision negative", _set(P0 + ("location_precision", "km"), -1), "'test-deposit'", "location_precision.km",
     "0 or more"),
    ("no quotes", _set(P0 + ("quotes",), []), "'test-deposit'", "quotes", "at least one quote"),
    ("unknown source", _set(P0 + ("quotes", 0, "source"), "blog"), "'test-deposit'", "quotes[0].source",
     "unknown source \"blog\""),
    ("fact cites unknown source", _set(P0 + ("facts", 0, "quote", "source"), "blog"), "'test-deposit'",
     "facts[0].quote.source", "unknown source"),
    ("fact without provenance", _delete(P0 + ("facts", 0, "quote")), "'test-deposit'", "facts[0]",
     "exactly one of quote"),
    ("javascript link", _set(P0 + ("location_source", "url"), "javascript:alert(1)"), "'test-deposit'",
     "location_source.url", "http(s)"),
    ("ftp link in fact", _set(P0 + ("facts", 1, "citation", "url"), "ftp://example.org/x"), "'test-deposit'",
     "facts[1].citation.url", "http(s)"),
    ("properties null", _set(P0, None), "#0", "properties", "expected an object"),
    ("not a feature", _set(("features", 0), ["x"]), "#0", "type", "expected a GeoJSON Feature"),
    ("geometry type unknown", _set(G0 + ("type",), "Circle"), "'test-deposit'", "geometry.type",
     "unknown geometry type"),
    ("geometry wrong for kind", _set(G0, {"type": "LineString", "coordinates": [[66, 48], [67, 48]]}),
     "'test-deposit'", "geometry.type", "a deposit cannot be a LineString"),
    ("string coordinates", _set(G0 + ("coordinates",), ["66", "48"]), "'test-deposit'", "geometry.coordinates",
     "expected numbers"),
    ("infinite coordinate", _set(G0 + ("coordinates",), [math.inf, 48.0]), "'test-deposit'", "geometry.coordinates",
     "finite"),
    ("latitude out of range", _set(G0 + ("coordinates",), [66.0, 148.0]), "'test-deposit'", "geometry.coordinates",
     "latitude 148.0 out of range"),
    ("longitude out of range", _set(G0 + ("coordinates",), [266.0, 48.0]), "'test-deposit'", "geometry.coordinates",
     "longitude 266.0 out of range"),
    ("too many decimals", _set(G0 + ("coordinates",), [66.1234567, 48.0]), "'test-deposit'", "geometry.coordinates",
     "at most 6 decimals"),
    ("unclosed ring", _set(G1 + ("coordinates",), [[[60, 44], [62, 44], [62, 46], [60, 46]]]), "'test-area'",
     "geometry.coordinates[0]", "not closed"),
    ("short ring", _set(G1 + ("coordinates",), [[[60, 44], [62, 44], [60, 44]]]), "'test-area'",
     "geometry.coordinates[0]", "at least 4"),
    ("self-intersection", _set(G1 + ("coordinates",), [[[60, 44], [62, 46], [62, 44], [60, 46], [60, 44]]]),
     "'test-area'", "geometry", "Self-intersection"),
    ("corridor jumps the antimeridian", _set(G2 + ("coordinates",), [[[80.0, 44.0], [-110.0, 43.6]]]),
     "'test-corridor'", "geometry.coordinates[0][1]", "more than 180°"),
    ("point outside its country", _set(G0 + ("coordinates",), [37.6, 55.75]), "'test-deposit'",
     "geometry.coordinates", "outside its declared countries (KAZ)"),
    ("lon/lat swapped", _set(G0 + ("coordinates",), [48.0, 66.0]), "'test-deposit'", "geometry.coordinates",
     "longitude and latitude look swapped"),
    ("area in another country", _set(G1 + ("coordinates",), [[[10, 50], [11, 50], [11, 51], [10, 50]]]),
     "'test-area'", "geometry.coordinates", "outside its declared countries"),
    ("metadata missing", _delete(("metadata",)), "-", "metadata", "expected an object"),
    ("400-digit coordinate", _set(G0 + ("coordinates",), [10 ** 400, 48]), "'test-deposit'", "geometry.coordinates",
     "finite"),
    ("400-digit height", _set(G0 + ("coordinates",), [66.0, 48.0, 10 ** 400]), "'test-deposit'",
     "geometry.coordinates", "finite"),
    ("400-digit precision", _set(P0 + ("location_precision", "km"), 10 ** 400), "'test-deposit'",
     "location_precision.km", "a distance in km"),
    ("heights in part of a ring", _set(G1 + ("coordinates",), [[[60, 44], [62, 44, 5], [62, 46], [60, 46], [60, 44]]]),
     "'test-area'", "geometry.coordinates[0][1]", "has 3 values where the geometry's first position has 2"),
    ("IPv6 address never closed", _set(P0 + ("location_source", "url"), "http://[::1"), "'test-deposit'",
     "location_source.url", "http(s)"),
]


@pytest.mark.parametrize("rule, corrupt, feature, field, words", CASES, ids=[c[0] for c in CASES])
def test_each_rule_names_feature_field_and_expectation(rule, corrupt, feature, field, words, minimal_raw,
                                                       test_sources, outlines):
    corrupt(minimal_raw)
    found = problems_for(minimal_raw, test_sources, outlines)
    assert any(p.feature == feature and p.field == field and words in p.message for p in found), \
        f"no problem for {feature} {field} containing {words!r}; got: {[str(p) for p in found]}"


def test_duplicate_ids_are_reported(minimal_raw, test_sources, outlines):
    minimal_raw["features"][1]["properties"]["id"] = "test-deposit"
    minimal_raw["features"][1]["id"] = "test-deposit"
    found = problems_for(minimal_raw, test_sources, outlines)
    assert [(p.feature, p.field) for p in found] == [("'test-deposit'", "id")]
    assert "duplicate id" in found[0].message


def test_every_problem_is_reported_at_once(minimal_raw, test_sources, outlines):
    props(minimal_raw, 0)["status"] = "producing"
    props(minimal_raw, 2)["quotes"] = []
    found = problems_for(minimal_raw, test_sources, outlines)
    assert {(p.feature, p.field) for p in found} == {("'test-deposit'", "status"), ("'test-corridor'", "quotes")}


@pytest.mark.parametrize("text, words", [
    ('{"type": "FeatureCollection", "features": [', "not valid JSON"),
    ('{"type": "FeatureCollection", "features": [], "x": NaN}', "NaN is not allowed"),
    ('{"a": Infinity}', "Infinity is not allowed"),
])
def test_text_that_is_not_strict_json_is_rejected(text, words):
    with pytest.raises(AtlasError) as caught:
        parse_json(text, "broken.geojson")
    (problem,) = caught.value.problems
    assert problem.file == "broken.geojson" and words in problem.message


def _atlas(folder, edit=None, text=None):
    """The minimal fixture (edited, or replaced by raw text) as folder/atlas.geojson with its companion files."""
    copy_companions(folder)
    raw = json.loads(MINIMAL.read_text(encoding="utf-8"))
    if edit:
        edit(raw)
    path = folder / "atlas.geojson"
    path.write_text(json.dumps(raw) if text is None else text, encoding="utf-8")
    return path


def _beside(name, text):
    def write(folder):
        path = _atlas(folder)
        (folder / name).write_text(text, encoding="utf-8")
        return [path]
    return write


def _no_properties(raw):
    raw["features"][0]["properties"] = None


def _unknown_source(raw):
    props(raw, 0)["quotes"][0]["source"] = "nowhere"


def _two_problems(raw):
    props(raw, 0)["status"] = "producing"
    geom(raw, 1)["coordinates"] = [[[60, 44], [62, 44], [60, 44]]]


def _escape_in_field_name(raw):
    props(raw, 0)["co\x1b[2Jlour\nnext line"] = "red"


def _not_utf8(folder):
    path = _atlas(folder)
    path.write_bytes(b"\xff\xfe{}")
    return [path]


# (case, write the files and give the command's arguments, every line the command must print; {dir} is the folder)
BROKEN_FILES = [
    ("malformed JSON", lambda d: [_atlas(d, text='{"type": "FeatureCollection", "features": [}')],
     ["{dir}/atlas.geojson: feature -: (file): not valid JSON: Expecting value at line 1, column 44"]),
    ("empty file", lambda d: [_atlas(d, text="")],
     ["{dir}/atlas.geojson: feature -: (file): not valid JSON: Expecting value at line 1, column 1"]),
    ("NaN", lambda d: [_atlas(d, text='{"type": "FeatureCollection", "features": [], "x": NaN}')],
     ["{dir}/atlas.geojson: feature -: (file): not valid JSON: NaN is not allowed in JSON"]),
    ("missing file", lambda d: [d / "absent.geojson"], ["{dir}/absent.geojson: feature -: (file): file not found"]),
    ("not UTF-8", _not_utf8,
     ["{dir}/atlas.geojson: feature -: (file): not UTF-8 text (invalid start byte at byte 0)"]),
    ("a folder", lambda d: [d], ["{dir}: feature -: (file): cannot be read: Is a directory"]),
    ("not a FeatureCollection", lambda d: [_atlas(d, text="[]")],
     ["{dir}/atlas.geojson: feature -: type: expected a GeoJSON FeatureCollection"]),
    ("feature without properties", lambda d: [_atlas(d, _no_properties)],
     ["{dir}/atlas.geojson: feature #0: properties: expected an object, got null"]),
    ("unknown source", lambda d: [_atlas(d, _unknown_source)],
     ["{dir}/atlas.geojson: feature 'test-deposit': quotes[0].source: cites unknown source \"nowhere\" "
      "(expected one of: test-article, test-registry-2026)"]),
    ("two problems, one line each", lambda d: [_atlas(d, _two_problems)],
     ["{dir}/atlas.geojson: feature 'test-deposit': status: unknown term \"producing\" (expected one of: "
      "production, exploration, announced, occurrence, transport_route, profile)",
      "{dir}/atlas.geojson: feature 'test-area': geometry.coordinates[0]: ring has 3 positions, expected at least 4"]),
    ("sources.json beside it malformed", _beside("sources.json", '[{"id": '),
     ["{dir}/sources.json: feature -: (file): not valid JSON: Expecting value at line 1, column 9"]),
    ("record.json beside it of the wrong shape", _beside("record.json", '{"sources": 3}'),
     ["{dir}/record.json: feature -: sources: expected an object {\"sources\": [...]} listing the stored sources, "
      "got object"]),
    ("actors.json beside it of the wrong shape", _beside("actors.json", '{"groups": [], "actors": {}}'),
     ["{dir}/actors.json: feature -: groups: expected an object of group id (a slug) to its label",
      "{dir}/actors.json: feature -: actors: expected a list of actors, got object"]),
    ("nested 100,000 deep", lambda d: [_atlas(d, text="[" * 100_000 + "]" * 100_000)],
     ["{dir}/atlas.geojson: feature -: (file): not usable: its lists or objects are nested too deeply to read"]),
    ("sources.json beside it nested 100,000 deep", _beside("sources.json", "[" * 100_000 + "]" * 100_000),
     ["{dir}/sources.json: feature -: (file): not usable: its lists or objects are nested too deeply to read"]),
    ("a terminal escape and a newline in a field name", lambda d: [_atlas(d, _escape_in_field_name)],
     ["{dir}/atlas.geojson: feature 'test-deposit': co\\x1b[2Jlour\\x0anext line: unknown field (expected only: id, "
      "name, aliases, kind, countries, admin_region, minerals, status, location_precision, location_source, facts, "
      "quotes, last_reviewed, actors, checks)"]),
    ("a clean file beside a broken one", lambda d: [MINIMAL, _atlas(d, text="{")],
     ["{dir}/atlas.geojson: feature -: (file): not valid JSON: Expecting property name enclosed in double quotes "
      "at line 1, column 2"]),
]


@pytest.mark.parametrize("case, write, expected", BROKEN_FILES, ids=[c[0] for c in BROKEN_FILES])
def test_command_prints_only_problem_lines_and_fails(case, write, expected, tmp_path):
    done = run_module("geo.validate", *write(tmp_path))
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout.splitlines() == [line.replace("{dir}", str(tmp_path)) for line in expected]


def test_command_accepts_clean_fixture():
    done = run_module("geo.validate", MINIMAL)
    assert (done.returncode, done.stderr, done.stdout) == (0, "", f"{MINIMAL}: 3 places valid\n")


def test_command_checks_the_shipped_data_by_default():
    done = run_module("geo.validate")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"{SHIPPED_ATLAS}: {len(load_atlas(SHIPPED_ATLAS).places)} places valid\n"


def test_shipped_data_validates():
    atlas = load_atlas(SHIPPED_ATLAS)
    assert len(atlas.places) >= 14


def test_a_figure_is_not_confirmed_by_the_page_it_comes_from(tmp_path):
    """A verdict whose only evidence is the figure's own source would read 'confirmed by an independent source'."""
    raw = json.loads(CHECKED.read_text(encoding="utf-8"))
    deposit = raw["features"][0]["properties"]
    evidence = deposit["checks"][1]["evidence"]
    registry = "https://example.org/registry"  # the record source the evidence quotes
    deposit["facts"][1]["citation"]["url"] = registry
    deposit["checks"].append({"claim": "figure:Area", "verdict": "confirmed", "how": "The page says so.",
                              "evidence": evidence})
    copy_companions(tmp_path)
    path = tmp_path / "atlas.geojson"
    path.write_text(json.dumps(raw), encoding="utf-8")
    done = run_module("geo.validate", path)
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout.splitlines() == [
        f"{path}: feature 'test-deposit': checks[2].evidence: quotes only {registry}, the page the figure itself "
        "cites; a figure cannot be confirmed by its own source (leave the figure unchecked, or quote another source)"]
