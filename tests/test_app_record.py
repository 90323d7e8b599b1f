"""Who is involved and what the record says, on the shipped data, through Streamlit's AppTest."""
import json
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from geo.filters import Selection, filter_places
from geo.load import load_atlas

APP = str(Path(__file__).resolve().parent.parent / "app.py")
ATLAS = load_atlas()


def run(params=None):
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def drawn_ids(at):
    (component,) = [e for e in at.main if getattr(e, "type", "") == "component_instance"]
    group = json.loads(component.proto.json_args)["feature_group"]
    return sorted(re.findall(r'"properties":\s*\{"id":\s*"([^"]+)"', group))


def involved(group):
    return sorted(p.id for p in ATLAS.places if any(i.group == group or i.actor == group for i in p.actors))


def test_actor_filter_composes_with_the_others_and_lives_in_the_address():
    at = run()
    at.multiselect(key="f_actors").select("united-states").run()
    us = involved("united-states")
    assert drawn_ids(at) == us and {"aral-sea-region", "kostanay-region"} <= set(us)
    assert "balasausqandiq" not in us
    assert at.query_params["actor"] == "united-states"
    at.multiselect(key="f_minerals").select("lithium").run()
    assert drawn_ids(at) == ["aral-sea-region"]
    again = run({"actor": "united-states", "mineral": "lithium"})
    assert drawn_ids(again) == ["aral-sea-region"] and again.multiselect(key="f_actors").value == ["united-states"]


def test_search_finds_actors_and_quote_words_and_shows_the_match():
    at = run()
    for query in ("EBRD", "United States", "Cove Capital", "Karatau"):
        at.text_input(key="f_query").input(query).run()
        expected = sorted(p.id for p in filter_places(ATLAS.places, Selection(query=query)))
        assert expected and drawn_ids(at) == expected, query
    at.text_input(key="f_query").input("EBRD").run()
    labels = [b.label for b in at.button if b.key and b.key.startswith("pick-")]
    assert labels and all("EBRD" in label or "European Bank" in label for label in labels), labels


def test_mineral_results_do_not_count_country_profiles():
    at = run({"mineral": "vanadium"})
    shown = drawn_ids(at)
    assert shown and not {"kaz", "kgz", "tjk", "tkm", "mng"} & set(shown)
    assert any("country profiles mention this mineral" in c.value and "Country" in c.value for c in at.caption)
    with_countries = run({"mineral": "vanadium", "kind": "country"})
    assert {"kaz", "kgz"} <= set(drawn_ids(with_countries))


def test_panel_shows_claim_and_record_side_by_side():
    at = run({"site": "zhana-kazakhstan"})
    text = ("\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)).replace("\\", "")
    assert "Checked against the record" in text and "Who is involved" in text
    assert text.count("The article says") == text.count("The record says") >= 3
    assert "Differs from the record" in text and "Confirmed by an independent source" in text
    assert "estimated resources of more than 20 million metric tons" in text  # the record's own words
    assert "read 2026-12-06" in text  # when the independent source was read
