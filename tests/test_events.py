"""The timeline and change-log rules, each shown failing, the shipped files passing, and the pages' table helpers."""
import copy
import dataclasses
import json
import shutil

import pytest

from geo.record import involvement_line
from geo.credits import tile_credits
from geo.dates import date_key, date_label
from geo.events import (CHANGELOG_FILE, EVENTS_FILE, Change, Event, changes_newest_first, check_changelog,
                        check_events, companion_file, load_changelog, load_events, sort_events)
from geo.links import map_link
from geo.page_rows import figure_rows, key_figure, place_rows, quotes_by_source
from geo.vanadium_chart import parse_tonnes, us_vanadium_2024
from geo.load import DATA_DIR, load_atlas
from geo.mapview import TILES
from geo.model import Quote
from geo.validate import AtlasError

from helpers import MINIMAL, copy_companions, run_module

ATLAS = load_atlas()
CHANGES = load_changelog(DATA_DIR / CHANGELOG_FILE, ATLAS)
ARTICLE = "asiatimes-2026-01-vanadium"
EVENT = {"id": "test-event", "date": "2025-12-23", "date_note": "Year inferred from context.", "title": "Calls",
         "places": ["kaz", "uzb"], "countries": ["KAZ", "UZB"],
         "quote": {"source": ARTICLE, "text": "on December 23, President Trump held calls"}}
CHANGE = {"date": "2026-11-23", "change": "First release.", "places": ["lisakovsk"], "source": "Two articles."}


def event(**changes):
    raw = copy.deepcopy(EVENT)
    for key, value in changes.items():
        if value is ...:
            del raw[key]
        else:
            raw[key] = value
    return raw


def change(**changes):
    raw = copy.deepcopy(CHANGE)
    for key, value in changes.items():
        if value is ...:
            del raw[key]
        else:
            raw[key] = value
    return raw


def event_problems(raw):
    with pytest.raises(AtlasError) as caught:
        check_events(raw, "events.json", ATLAS)
    return [(p.feature, p.field, p.message) for p in caught.value.problems]


def change_problems(raw):
    with pytest.raises(AtlasError) as caught:
        check_changelog(raw, "changelog.json", ATLAS)
    return [(p.feature, p.field, p.message) for p in caught.value.problems]


# ---- shipped files ----------------------------------------------------------------------------------------------

def test_shipped_events_validate_and_come_sorted():
    events = load_events(DATA_DIR / EVENTS_FILE, ATLAS)
    assert len(events) >= 12
    assert [date_key(e.date) for e in events] == sorted(date_key(e.date) for e in events)
    ids = [e.id for e in events]
    assert len(ids) == len(set(ids))
    assert {"executive-order-14272", "washington-agreements", "far-share-issue", "c5-plus-1-white-house",
            "us-national-security-strategy", "rubio-central-asia-visits"} <= set(ids)
    by_id = {e.id: e for e in events}
    assert by_id["washington-agreements"].date == "2026-02-05"
    assert by_id["far-share-issue"].places == ("balasausqandiq",)


def test_shipped_events_note_every_inferred_year():
    """An article that says only 'on December 5' or 'Last November' leaves the year to us: the data must say so."""
    for e in load_events(DATA_DIR / EVENTS_FILE, ATLAS):
        if e.date[:4] not in e.quote.text:
            assert e.date_note, e.id


def test_shipped_changelog_validates_newest_first_and_names_every_place_of_the_first_release():
    changes = load_changelog(DATA_DIR / CHANGELOG_FILE, ATLAS)
    assert [c.date for c in changes] == sorted((c.date for c in changes), reverse=True)
    first = next(c for c in changes if c.change.startswith("First release"))
    assert first.date == "2026-11-23"
    added_later = {p for c in changes if c.date > first.date and "added" in c.change for p in c.places}
    assert sorted(set(first.places) | added_later) == sorted(p.id for p in ATLAS.places)
    for place in ATLAS.places:
        if place.id in first.places:
            assert place.name.split(" (")[0] in first.change or place.name in first.change, place.id


def test_command_checks_the_shipped_files():
    done = run_module("geo.events")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [f"{DATA_DIR / EVENTS_FILE}: 14 entries valid",
                                        f"{DATA_DIR / CHANGELOG_FILE}: {len(CHANGES)} entries valid"]


def test_command_says_the_files_are_optional(tmp_path):
    shutil.copy(MINIMAL, tmp_path / "atlas.geojson")
    copy_companions(tmp_path)
    done = run_module("geo.events", tmp_path / "atlas.geojson")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [f"{tmp_path / EVENTS_FILE}: not found (optional)",
                                        f"{tmp_path / CHANGELOG_FILE}: not found (optional)"]


FIXTURE_EVENT = {"id": "test-event", "date": "2025", "title": "Talks", "places": ["test-deposit"],
                 "countries": ["KAZ"], "quote": {"source": "test-article", "text": "Talks were held."}}


def _files(atlas=None, **companions):
    """Write the minimal atlas (or this text in its place) and these companion files; the command's argument."""
    def write(folder):
        copy_companions(folder)
        (folder / "atlas.geojson").write_text(MINIMAL.read_text(encoding="utf-8") if atlas is None else atlas,
                                              encoding="utf-8")
        for name, text in companions.items():
            (folder / f"{name}.json").write_text(text if isinstance(text, str) else json.dumps(text),
                                                 encoding="utf-8")
        return folder / "atlas.geojson"
    return write


# (case, the files, every line the command must print; {dir} is the folder)
BROKEN_FILES = [
    ("events.json malformed", _files(events="[{"),
     ["{dir}/events.json: feature -: (file): not valid JSON: Expecting property name enclosed in double quotes at "
      "line 1, column 3"]),
    ("events.json not a list", _files(events={"events": []}),
     ["{dir}/events.json: feature -: (file): expected a list of events, got object"]),
    ("events that break rules", _files(events=[dict(FIXTURE_EVENT, date="2025-02-30", places=["atlantis"]), 5]),
     ["{dir}/events.json: feature event 'test-event': date: expected a real date as YYYY-MM-DD, YYYY-MM or YYYY, "
      "got \"2025-02-30\"",
      "{dir}/events.json: feature event 'test-event': places[0]: unknown place id \"atlantis\" (expected one of: "
      "test-area, test-corridor, test-deposit)",
      "{dir}/events.json: feature event #1: (entry): expected an object, got number"]),
    ("changelog that breaks rules beside valid events",
     _files(events=[FIXTURE_EVENT], changelog=[{"date": "2025", "change": "x", "places": [], "source": None}]),
     ["{dir}/changelog.json: feature change #0 (2025): date: expected a date as YYYY-MM-DD, got \"2025\"",
      "{dir}/changelog.json: feature change #0 (2025): source: expected a citation as text or a quote object "
      "{source, text}, got null null"]),
    ("atlas without properties", _files(atlas='{"type": "FeatureCollection", "metadata": {"title": "T", '
                                              '"as_of": "2026-01-01"}, "features": [{"type": "Feature"}]}',
                                        events=[FIXTURE_EVENT]),
     ["{dir}/atlas.geojson: feature #0: properties: expected an object, got null"]),
    ("atlas malformed", _files(atlas="{", events=[FIXTURE_EVENT]),
     ["{dir}/atlas.geojson: feature -: (file): not valid JSON: Expecting property name enclosed in double quotes at "
      "line 1, column 2"]),
]


@pytest.mark.parametrize("case, write, expected", BROKEN_FILES, ids=[c[0] for c in BROKEN_FILES])
def test_command_prints_only_problem_lines_and_fails(case, write, expected, tmp_path):
    done = run_module("geo.events", write(tmp_path))
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout.splitlines() == [line.replace("{dir}", str(tmp_path)) for line in expected]


def test_command_reports_a_missing_atlas(tmp_path):
    done = run_module("geo.events", tmp_path / "atlas.geojson")
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout == f"{tmp_path / 'atlas.geojson'}: feature -: (file): file not found\n"


def test_files_are_looked_for_beside_the_atlas(tmp_path):
    assert companion_file(ATLAS, EVENTS_FILE) == DATA_DIR / EVENTS_FILE
    elsewhere = dataclasses.replace(ATLAS, path=str(tmp_path / "atlas.geojson"))
    assert companion_file(elsewhere, EVENTS_FILE) is None
    (tmp_path / EVENTS_FILE).write_text("[]", encoding="utf-8")
    assert companion_file(elsewhere, EVENTS_FILE) == tmp_path / EVENTS_FILE


# ---- event rules ------------------------------------------------------------------------------------------------

def test_a_valid_event_loads():
    (loaded,) = check_events([event()], "events.json", ATLAS)
    assert loaded == Event("test-event", "2025-12-23", "Calls", ("kaz", "uzb"), ("KAZ", "UZB"),
                           Quote(ARTICLE, "on December 23, President Trump held calls"), "Year inferred from context.")


@pytest.mark.parametrize("raw, expected", [
    ([event(id=...)], ("event #0", "id", "expected a non-empty string, missing")),
    ([event(id="Test Event")], ("event 'Test Event'", "id", "expected a lowercase slug")),
    ([event(), event()], ("event 'test-event'", "id", "duplicate id")),
    ([event(date="April 2025")], ("event 'test-event'", "date", "expected a real date as YYYY-MM-DD, YYYY-MM or YYYY")),
    ([event(date="2025-13")], ("event 'test-event'", "date", "expected a real date")),
    ([event(date="2025-02-30")], ("event 'test-event'", "date", "expected a real date")),
    ([event(date=2025)], ("event 'test-event'", "date", "expected a non-empty string, got number 2025")),
    ([event(date_note="")], ("event 'test-event'", "date_note", "expected a non-empty string")),
    ([event(title=" ")], ("event 'test-event'", "title", "expected a non-empty string")),
    ([event(places="kaz")], ("event 'test-event'", "places", "expected a list of strings")),
    ([event(places=["kaz", "atlantis"])], ("event 'test-event'", "places[1]", "unknown place id \"atlantis\"")),
    ([event(countries=["USA"])], ("event 'test-event'", "countries[0]", "unknown country \"USA\"")),
    ([event(countries=...)], ("event 'test-event'", "countries", "expected a list of strings, missing")),
    ([event(quote=...)], ("event 'test-event'", "quote", "expected an object with source and text")),
    ([event(quote={"source": "nowhere", "text": "x"})], ("event 'test-event'", "quote.source", "unknown source")),
    ([event(quote={"source": ARTICLE})], ("event 'test-event'", "quote.text", "expected a non-empty string")),
    ([event(when="2025")], ("event 'test-event'", "when", "unknown field")),
    (["an event"], ("event #0", "(entry)", "expected an object, got string")),
    ({"events": []}, ("-", "(file)", "expected a list of events, got object")),
])
def test_each_event_rule_fails_on_its_case(raw, expected):
    feature, field, message = expected
    found = event_problems(raw)
    assert any(f == feature and fl == field and message in m for f, fl, m in found), found


def test_every_event_problem_is_reported_at_once_naming_file_entry_and_field():
    raw = [event(date="soon", places=["atlantis"]), event(id="other", countries=["XXX"])]
    with pytest.raises(AtlasError) as caught:
        check_events(raw, "events.json", ATLAS)
    lines = [str(p) for p in caught.value.problems]
    assert len(lines) == 3
    assert lines[0].startswith("events.json: feature event 'test-event': date: ")
    assert "places[0]" in lines[1] and "'other'" in lines[2]


def test_events_from_a_file_that_is_not_json_are_a_problem_not_a_traceback(tmp_path):
    path = tmp_path / EVENTS_FILE
    path.write_text("[{", encoding="utf-8")
    with pytest.raises(AtlasError) as caught:
        load_events(path, ATLAS)
    assert "not valid JSON" in caught.value.problems[0].message


# ---- change-log rules -------------------------------------------------------------------------------------------

def test_a_change_may_cite_text_or_a_quote():
    quoted = change(source={"source": ARTICLE, "text": "Tajikistan reported new vanadium occurrences in 2024"})
    loaded = check_changelog([change(), quoted], "changelog.json", ATLAS)
    assert {type(c.source) for c in loaded} == {str, Quote}


@pytest.mark.parametrize("raw, expected", [
    ([change(date="2026-11")], ("change #0 (2026-11)", "date", "expected a date as YYYY-MM-DD")),
    ([change(date=...)], ("change #0", "date", "expected a non-empty string, missing")),
    ([change(change="")], ("change #0 (2026-11-23)", "change", "expected a non-empty string")),
    ([change(places=["atlantis"])], ("change #0 (2026-11-23)", "places[0]", "unknown place id")),
    ([change(places=...)], ("change #0 (2026-11-23)", "places", "expected a list of strings, missing")),
    ([change(source=...)], ("change #0 (2026-11-23)", "source", "expected a citation as text or a quote object")),
    ([change(source=" ")], ("change #0 (2026-11-23)", "source", "expected a citation as text or a quote object")),
    ([change(source=["a"])], ("change #0 (2026-11-23)", "source", "got array")),
    ([change(source={"source": "nowhere", "text": "x"})], ("change #0 (2026-11-23)", "source.source",
                                                            "unknown source")),
    ([change(by="me")], ("change #0 (2026-11-23)", "by", "unknown field")),
    ([7], ("change #0", "(entry)", "expected an object, got number")),
    ("changes", ("-", "(file)", "expected a list of changes, got string")),
])
def test_each_change_rule_fails_on_its_case(raw, expected):
    feature, field, message = expected
    found = change_problems(raw)
    assert any(f == feature and fl == field and message in m for f, fl, m in found), found


# ---- ordering and dates -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, label", [("2026-02-05", "5 February 2026"), ("2025-04", "April 2025"),
                                          ("2024", "2024"), ("someday", "someday")])
def test_dates_read_as_words(value, label):
    assert date_label(value) == label


def test_events_sort_by_date_the_vaguer_date_first_and_ties_keep_file_order():
    quote = Quote(ARTICLE, "x")
    events = [Event(i, d, i, (), (), quote) for i, d in
              [("b", "2025-12-05"), ("a", "2025-12"), ("c", "2024"), ("d", "2025-12-05"), ("e", "2025-04")]]
    assert [e.id for e in sort_events(events)] == ["c", "e", "a", "b", "d"]


def test_changes_newest_first_and_the_later_entry_of_a_day_first():
    changes = [Change("2026-11-23", "first", (), "s"), Change("2026-12-01", "newest", (), "s"),
               Change("2026-11-23", "second", (), "s")]
    assert [c.change for c in changes_newest_first(changes)] == ["newest", "second", "first"]


# ---- links and tables -------------------------------------------------------------------------------------------

def test_map_links_use_the_map_address_format():
    assert map_link(site="lisakovsk") == "/?site=lisakovsk"
    assert map_link(country="KAZ") == "/?country=KAZ"


def test_place_rows_cover_every_place_with_a_link_to_the_map():
    names = {"KAZ": "Kazakhstan", "UZB": "Uzbekistan"}
    rows = place_rows(ATLAS, names)
    assert len(rows) == len(ATLAS.places)
    lisakovsk = next(r for r in rows if r["Place"] == "Lisakovsk")
    assert lisakovsk == {"Place": "Lisakovsk", "Kind": "Deposit", "Countries": "Kazakhstan", "Minerals": "Vanadium",
                         "Status": "Exploration", "Precision (km)": 15.0, "Key figure": key_figure(
                             ATLAS.place("lisakovsk")), "Map": "/?site=lisakovsk",
                         "Who is involved": involvement_line(ATLAS.place("lisakovsk")),
                         "Record check": lisakovsk["Record check"], "Search match": ""}
    assert lisakovsk["Record check"].endswith(("confirmed", "differs", "contradicted", "no record"))
    aral = next(r for r in rows if r["Place"] == "Aral Sea region")
    assert aral["Countries"] == "Kazakhstan, Uzbekistan"


def test_place_search_matches_aliases_in_any_spelling_or_script():
    rows = place_rows(ATLAS, {}, "Баласаускандык")
    assert rows[0]["Place"] == "Balasausqandiq" and rows[0]["Search match"].startswith(("name: ", "also written: "))
    # the places whose quotes name it follow, each saying where the name was found
    assert all(r["Search match"].startswith(("quote: ", "figure: ")) for r in rows[1:])
    assert "Balasausqandiq" in rows[1]["Search match"]
    assert place_rows(ATLAS, {}, "koramsak")[0]["Place"] == "Kurumsak"
    assert place_rows(ATLAS, {}, "no such place") == []


def test_key_figure_is_the_first_figure_or_none():
    assert key_figure(ATLAS.place("kgz")) is None
    assert key_figure(ATLAS.place("balasausqandiq")).startswith("Mineral resource estimate")


def test_quotes_by_source_holds_every_place_and_figure_quote_once_per_place():
    grouped = quotes_by_source(ATLAS)
    assert list(grouped) == list(ATLAS.sources)
    shown = {(g.place.id if g.place else None, u.quote) for groups in grouped.values() for g in groups
             for u in g.uses}
    for place in ATLAS.places:
        wanted = set(place.quotes) | {f.quote for f in place.facts if f.quote}
        assert {q for pid, q in shown if pid == place.id} == wanted, place.id
    for groups in grouped.values():
        for group in groups:
            texts = [u.quote.text for u in group.uses]
            assert len(texts) == len(set(texts))
    region = grouped[ARTICLE][0]
    assert region.place is None
    vanadium = next(u for u in region.uses if "14,000" in u.quote.text)
    assert len(vanadium.figures) == 2 and not vanadium.about_place


def test_figure_rows_list_every_figure_with_its_place():
    rows = figure_rows(ATLAS)
    assert len(rows) == len(ATLAS.facts) + sum(len(p.facts) for p in ATLAS.places)
    assert rows[0]["Place"] == "Region-wide"
    assert any(r["Place"] == "Balasausqandiq" and r["Reported"] and r["Value"] == "22% IRR" for r in rows)


# ---- the vanadium chart -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, tonnes", [
    ("14,000 metric tons", 14000), ("3,800 tons", 3800), ("32.9 million tons at a mean grade", 32.9e6),
    ("1,234,567 tonnes", 1234567), ("750 t", 750), ("2.5 thousand metric tonnes", 2500),
])
def test_tonnage_is_read_from_a_figure_value(value, tonnes):
    assert parse_tonnes(value) == pytest.approx(tonnes)


@pytest.mark.parametrize("value", ["about 14,000 tons", "14,000", "US$748 million NPV", "1,00 tons", ""])
def test_a_value_without_a_leading_tonnage_is_refused(value):
    with pytest.raises(ValueError):
        parse_tonnes(value)


def test_vanadium_chart_numbers_come_from_the_region_wide_facts():
    bars = us_vanadium_2024(ATLAS)
    assert [(b.measure, b.tonnes) for b in bars] == [("Consumed", 14000.0), ("Produced domestically", 3800.0)]
    assert all(b.figure in ATLAS.facts and b.figure.quote for b in bars)


def test_vanadium_chart_follows_the_data_not_the_code():
    facts = tuple(dataclasses.replace(f, value="15,500 metric tons") if f.label.startswith("US vanadium consumption")
                  else f for f in ATLAS.facts)
    bars = us_vanadium_2024(dataclasses.replace(ATLAS, facts=facts))
    assert bars[0].tonnes == 15500
    without = tuple(f for f in ATLAS.facts if "production" not in f.label)
    assert us_vanadium_2024(dataclasses.replace(ATLAS, facts=without)) == ()


# ---- attributions -----------------------------------------------------------------------------------------------

def test_basemap_credits_are_plain_text_with_their_links():
    credits = tile_credits(TILES)
    assert [c.name for c in credits] == [t[0] for t in TILES]
    for credit in credits:
        assert "<" not in credit.text and "&copy;" not in credit.text and "©" in credit.text
    carto = credits[0]
    assert ("OpenStreetMap", "https://www.openstreetmap.org/copyright") in carto.links
    assert json.dumps(carto.links)  # plain data a page can lay out
