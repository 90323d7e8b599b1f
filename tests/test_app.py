"""The map page through Streamlit's AppTest: filters, the address, panels, bad data. No browser, no JavaScript."""
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.mapview import clicked_place

from helpers import MINIMAL, copy_companions

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


@pytest.fixture
def fixture_data(monkeypatch):
    monkeypatch.setenv("ATLAS_DATA", str(MINIMAL))


def run(params=None):
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def map_args(at):
    (component,) = [e for e in at.main if getattr(e, "type", "") == "component_instance"]
    return json.loads(component.proto.json_args)


def drawn_ids(at):
    """The ids of the places handed to the map (the filtered layers)."""
    return re.findall(r'"properties":\s*\{"id":\s*"([^"]+)"', map_args(at)["feature_group"])


def captions(at):
    return [c.value for c in at.caption]


def test_map_assets_are_served_by_the_app(fixture_data):
    args = map_args(run())
    links = args["js_links"] + args["css_links"]
    assert links and all(link.startswith("/app/static/") for link in links), links
    for link in links:
        assert (ROOT / link.removeprefix("/app/")).is_file(), link
    assert "http" not in "".join(args["js_links"])


def test_every_place_is_drawn_and_counted(fixture_data):
    at = run()
    assert not at.exception
    assert drawn_ids(at) == ["test-area", "test-corridor", "test-deposit"]
    assert "Showing 3 of 3 places · data as of 2026-11-01" in captions(at)


def test_filter_in_sidebar_changes_what_is_drawn_without_remounting(fixture_data):
    at = run()
    before = map_args(at)
    at.multiselect(key="f_minerals").select("vanadium").run()
    after = map_args(at)
    assert drawn_ids(at) == ["test-deposit"]
    assert "Showing 1 of 3 places · data as of 2026-11-01" in captions(at)
    assert after["script"] == before["script"] and after["key"] == before["key"]
    assert at.query_params["mineral"] == "vanadium"


def test_filter_from_the_address(fixture_data):
    at = run({"kind": "exploration_area,corridor", "country": "uzb"})
    assert drawn_ids(at) == ["test-area"]
    assert at.multiselect(key="f_countries").value == ["UZB"]


def test_search_matches_aliases_in_another_script(fixture_data):
    at = run()
    at.text_input(key="f_query").input("тестовое").run()
    assert drawn_ids(at) == ["test-deposit"]


def test_filter_matching_nothing_shows_empty_map_and_says_so(fixture_data):
    at = run({"country": "KAZ", "status": "announced"})
    assert not at.exception
    assert drawn_ids(at) == []
    assert any("No place matches these filters (0 of 3)" in i.value for i in at.info)


def test_site_in_address_opens_its_panel_with_quote_and_citation(fixture_data):
    at = run({"site": "test-deposit"})
    text = "\n".join(m.value for m in at.markdown) + "\n".join(captions(at))
    assert "Test Deposit" in [s.value for s in at.subheader]
    assert "It matters\\." in text  # the quote, Markdown-escaped so it shows verbatim
    assert "A test article" in text and "Test Press" in text and "https://example.org/test-article" in text
    assert "In production" in text and "Producing ore or product" in text
    assert "±5 km" in text


def test_bad_address_values_are_dropped_with_a_notice(fixture_data):
    at = run({"mineral": "gold", "site": "<script>alert(1)</script>", "zoom": "99", "lat": "NaN", "lon": "1"})
    assert not at.exception
    notices = [w.value for w in at.warning]
    assert any("gold" in n for n in notices) and any("no such place" in n for n in notices)
    assert drawn_ids(at) == ["test-area", "test-corridor", "test-deposit"]
    assert all("<script>" not in n for n in notices)  # shown escaped, never as markup


def test_invalid_data_gets_a_problem_page_not_a_traceback(tmp_path, monkeypatch):
    broken = json.loads(MINIMAL.read_text(encoding="utf-8"))
    broken["features"][0]["properties"]["status"] = "producing"
    broken["features"][1]["geometry"]["coordinates"] = [[[60, 44], [62, 44], [60, 44]]]
    path = tmp_path / "broken.geojson"
    path.write_text(json.dumps(broken), encoding="utf-8")
    copy_companions(tmp_path)
    monkeypatch.setenv("ATLAS_DATA", str(path))
    at = run()
    assert not at.exception
    assert "2 problem(s)" in at.error[0].value
    table = at.dataframe[0].value
    assert list(table["Field"]) == ["status", "geometry.coordinates[0]"]
    assert [e for e in at.main if getattr(e, "type", "") == "component_instance"] == []


def test_shipped_data_draws_every_place():
    at = run()
    assert not at.exception
    from geo.load import load_atlas
    assert sorted(drawn_ids(at)) == sorted(p.id for p in load_atlas().places)


@pytest.mark.parametrize("returned, seen, expected", [
    (None, None, (None, None)),
    ({"last_object_clicked_count": None, "last_active_drawing": None}, None, (None, None)),
    ({"last_object_clicked_count": 2, "last_active_drawing": {"properties": {"id": "a"}}}, None, ("a", 2)),
    ({"last_object_clicked_count": 2, "last_active_drawing": {"properties": {"id": "a"}}}, 2, (None, 2)),
    ({"last_object_clicked_count": 4, "last_active_drawing": {"properties": {"id": "zzz"}}}, 2, (None, 4)),
    ({"last_object_clicked_count": 4, "last_active_drawing": {"type": "Feature"}}, 2, (None, 4)),
])
def test_only_a_new_click_on_a_known_place_selects_it(returned, seen, expected):
    assert clicked_place(returned, seen, {"a", "b"}) == expected


def test_briefing_mode_shows_summary_and_sources_without_controls(fixture_data):
    at = run({"mode": "briefing", "mineral": "vanadium"})
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown) + "\n".join(captions(at))
    assert "**Vanadium** · 1 of 3 places · data as of 2026-11-01" in text
    assert "Sources\\: “A test article”, Test Press" in text  # Markdown-escaped: shown as written
    assert not [b for b in at.button if b.key and b.key.startswith("pick-")]
    assert at.toggle(key="briefing").value is True
    assert at.query_params["mode"] == "briefing"


def test_export_buttons_offer_every_format(fixture_data):
    at = run()
    labels = [e.proto.label for e in at.main if getattr(e, "type", "") == "download_button"]
    if not labels:  # AppTest exposes download buttons as unknown elements in some versions
        labels = [e.proto.label for e in at.get("download_button")]
    assert labels == ["PNG map", "PDF sheet", "HTML map", "GeoJSON", "CSV"]
    assert "3 place(s)" in "\n".join(captions(at))


def test_unverified_figures_are_labelled_as_reported():
    at = run({"site": "zhana-kazakhstan"})
    text = "\n".join(m.value for m in at.markdown)
    assert "Reported, not independently verified" in text
    assert "Announced, unconfirmed" in text


def test_a_shared_view_wins_over_fitting_the_map_to_the_shared_place(fixture_data):
    args = map_args(run({"site": "test-deposit", "lat": "45.0", "lon": "64.5", "zoom": "5"}))
    assert args["center"] == [45.0, 64.5] and args["zoom"] == 5
    assert '"fit":false' in args["feature_group"]
    args = map_args(run({"site": "test-deposit"}))
    assert args["center"] is None and args["zoom"] is None
    assert '"fit":true' in args["feature_group"] and '"selected":"test-deposit"' in args["feature_group"]


def test_a_long_place_list_shows_the_first_50_and_says_how_to_find_the_rest(tmp_path, monkeypatch):
    from bench.synthetic import generate

    monkeypatch.setenv("ATLAS_DATA", str(generate(120, tmp_path).path))
    at = run()
    assert not at.exception
    assert len([b for b in at.button if b.key and b.key.startswith("pick-")]) == 50
    assert "The first 50 are listed; search or filter to find the others." in captions(at)
    assert len(drawn_ids(at)) == 120  # the map still shows every place


def test_briefing_mode_has_a_visible_way_out_that_keeps_the_filters(fixture_data):
    at = run({"mode": "briefing", "mineral": "vanadium"})
    assert at.query_params["mode"] == "briefing"
    at.button(key="leave-briefing").click().run()
    assert not at.exception and "mode" not in at.query_params
    assert at.query_params["mineral"] == "vanadium" and drawn_ids(at) == ["test-deposit"]
    assert not [b for b in at.button if b.key == "leave-briefing"]


def test_the_alt_text_follows_the_filters_and_keeps_an_edit(fixture_data):
    at = run()
    (alt,) = [t for t in at.text_area if t.key == "export_alt"]
    assert "3 places" in alt.value and "No filters" in alt.value
    at.multiselect(key="f_minerals").select("vanadium").run()
    (alt,) = [t for t in at.text_area if t.key == "export_alt"]
    assert "showing 1 place" in alt.value and "Vanadium" in alt.value
    alt.input("My own words for the slide.").run()
    at.run()  # another run with the same places and filters: the edit stays
    (alt,) = [t for t in at.text_area if t.key == "export_alt"]
    assert alt.value == "My own words for the slide."
