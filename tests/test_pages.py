"""The Places, Sources, Timeline, Key figures, What changed and About pages through AppTest: what a reader sees."""
import io
import json
import shutil
from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from geo.escape import markdown_text as md
from geo.dates import date_key, date_label
from geo.events import load_changelog, load_events
from geo.page_rows import place_rows
from geo.vanadium_chart import us_vanadium_2024
from geo.load import DATA_DIR, load_atlas
from geo.model import KINDS, MINERALS, STATUSES
from geo.validate import COUNTRY_TOLERANCE_DEG

from helpers import MINIMAL, copy_companions

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
ATLAS = load_atlas()


@pytest.fixture(autouse=True)
def shipped_data(monkeypatch):
    monkeypatch.delenv("ATLAS_DATA", raising=False)


def open_page(name: str) -> AppTest:
    """Run the app once (st.navigation registers the pages), then switch to one of them."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(f"pages/{name}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


@pytest.mark.parametrize("name, title", [("places", "Places"), ("sources", "Sources"), ("timeline", "Timeline"),
                                         ("key_figures", "Key figures"), ("changes", "What changed"),
                                         ("about", "About the atlas")])
def test_each_page_opens_with_its_title(name, title):
    at = open_page(name)
    assert [t.value for t in at.title] == [title]


def test_places_table_has_a_row_per_place_with_a_map_link():
    at = open_page("places")
    table = at.dataframe[0].value
    assert len(table) == len(ATLAS.places)
    assert list(table["Place"]) == [p.name for p in ATLAS.places]
    assert list(table["Map"]) == [f"/?site={p.id}" for p in ATLAS.places]
    assert table.loc[table["Place"] == "Lisakovsk", "Countries"].item() == "Kazakhstan"


def test_places_search_narrows_the_table_by_alias():
    at = open_page("places")
    at.text_input(key="places_query").input("Лисаковск").run()
    assert list(at.dataframe[0].value["Place"])[0] == "Lisakovsk"
    at.text_input(key="places_query").input("nowhere at all").run()
    assert not at.dataframe and "Nothing matches this search" in at.info[0].value


def test_sources_page_shows_each_citation_and_its_quotes_verbatim():
    at = open_page("sources")
    body = texts(at)
    order = [c for c in ATLAS.sources.values() if not c.independent] + [c for c in ATLAS.sources.values()
                                                                          if c.independent]
    assert [s.value for s in at.subheader] == [md(c.title) for c in order]
    assert any(h.value.startswith("Independent record") for h in at.header)
    evidence = next(q for p in ATLAS.places for c in p.checks for q in c.evidence)
    assert f"> “{md(evidence.text)}”" in body
    for citation in ATLAS.sources.values():
        assert md(citation.publisher) in body and md(citation.published) in body and md(citation.url) in body
    assert "**Author:** Javier M Piedra" in body and "**First published by:** The Times of Central Asia" in body
    quote = ATLAS.place("lisakovsk").quotes[0].text
    assert f"> “{md(quote)}”" in body
    money = next(f.quote.text for f in ATLAS.place("uzb").facts if "$500" in f.quote.text)
    assert f"> “{md(money)}”" in body and "\\$500 million" in body  # money, not maths
    assert "#### Lisakovsk · [open on map](/?site=lisakovsk)" in body


def test_timeline_lists_every_event_oldest_first_with_quote_citation_and_links():
    at = open_page("timeline")
    events = load_events(DATA_DIR / "events.json", ATLAS)
    headings = [m.value for m in at.markdown if m.value.startswith("**") and " · " in m.value]
    assert headings == [f"**{date_label(e.date)}** · {md(e.title)}" for e in events]
    assert [date_key(e.date) for e in events] == sorted(date_key(e.date) for e in events)
    body = texts(at)
    assert "[Balasausqandiq](/?site=balasausqandiq)" in body and "(/?country=KAZ)" in body
    assert md("on December 5, FAR issued ordinary shares") in body
    assert body.count("Source: ") >= len(events)


def test_key_figures_chart_plots_the_quoted_vanadium_numbers():
    at = open_page("key_figures")
    (chart,) = at.get("vega_lite_chart")
    (dataset,) = chart.proto.datasets
    frame = pa.ipc.open_stream(io.BytesIO(dataset.data.data)).read_all().to_pandas()
    assert list(zip(frame["Measure"], frame["Tons"])) == [("Consumed", 14000.0), ("Produced domestically", 3800.0)]
    assert [(b.measure, b.tonnes) for b in us_vanadium_2024(ATLAS)] == list(zip(frame["Measure"], frame["Tons"]))
    assert [m.value for m in at.metric] == [md("14,000 metric tons"), md("3,800 tons")]
    body = texts(at)
    assert md("with 14,000 metric tons consumed in 2024, only 3,800 tons were produced domestically") in body


def test_key_figures_lists_every_figure_grouped_with_reported_badges():
    at = open_page("key_figures")
    table = at.dataframe[0].value
    assert len(table) == len(ATLAS.facts) + sum(len(p.facts) for p in ATLAS.places)
    labels = [e.label for e in at.expander]
    assert labels[0].startswith("Region-wide") and any(label.startswith("Balasausqandiq") for label in labels)
    body = texts(at)
    assert ":orange-badge[Reported, not independently verified]" in body
    assert md("US$748 million NPV") in body


def test_changes_page_shows_the_first_release_with_every_place_newest_first():
    at = open_page("changes")
    changes = load_changelog(DATA_DIR / "changelog.json", ATLAS)
    entries = [m.value for m in at.markdown if m.value.startswith("**20")]
    assert entries == [f"**{md(c.date)}** · {md(c.change)}" for c in changes]
    body = texts(at)
    for place in ATLAS.places:
        assert f"]({'/?site=' + place.id})" in body, place.id


def test_about_page_renders_every_term_with_its_definition_and_the_attributions():
    at = open_page("about")
    body = texts(at)
    for vocabulary in (STATUSES, KINDS, MINERALS):
        for term in vocabulary.values():
            assert f"**{md(term.label)}**" in body and md(term.definition) in body, term.key
    assert "python -m geo.validate" in body and "python -m geo.events" in body
    assert f"within {COUNTRY_TOLERANCE_DEG}°" in body
    assert "de facto" in body and "Not investment advice" in body and "not verified" in body
    for name in ("CARTO", "Esri", "OpenTopoMap", "OpenStreetMap", "Natural Earth"):
        assert name in body, name
    assert "Natural Earth 1:50m Cultural Vectors" in body  # the boundaries' ATTRIBUTION.md, in full


def test_another_data_set_without_events_says_so_instead_of_failing(monkeypatch):
    monkeypatch.setenv("ATLAS_DATA", str(MINIMAL))
    for name, word in (("timeline", "events.json"), ("changes", "changelog.json")):
        at = open_page(name)
        assert word in at.info[0].value
    at = open_page("places")
    assert len(at.dataframe[0].value) == 3
    at = open_page("key_figures")
    assert not at.get("vega_lite_chart")


def test_key_figures_page_survives_a_vanadium_figure_without_a_tonnage(tmp_path, monkeypatch):
    """A region figure labelled like the chart's but worded, not numbered: the page lists it and leaves out the bars."""
    raw = json.loads((DATA_DIR / "atlas.geojson").read_text(encoding="utf-8"))
    figure = next(f for f in raw["metadata"]["facts"] if f["label"].startswith("US vanadium consumption in 2024"))
    figure["value"] = "about half of demand"
    (tmp_path / "atlas.geojson").write_text(json.dumps(raw), encoding="utf-8")
    copy_companions(tmp_path, DATA_DIR)
    monkeypatch.setenv("ATLAS_DATA", str(tmp_path / "atlas.geojson"))
    assert us_vanadium_2024(load_atlas(tmp_path / "atlas.geojson")) == ()
    at = open_page("key_figures")
    assert not at.get("vega_lite_chart")
    assert "about half of demand" in texts(at)


def test_a_broken_events_file_lists_its_problems(tmp_path, monkeypatch):
    shutil.copy(DATA_DIR / "atlas.geojson", tmp_path / "atlas.geojson")
    copy_companions(tmp_path, DATA_DIR)
    events = json.loads((DATA_DIR / "events.json").read_text(encoding="utf-8"))
    events[0]["places"] = ["atlantis"]
    events[1]["date"] = "April"
    (tmp_path / "events.json").write_text(json.dumps(events), encoding="utf-8")
    monkeypatch.setenv("ATLAS_DATA", str(tmp_path / "atlas.geojson"))
    at = open_page("timeline")
    assert "2 problem(s)" in at.error[0].value
    assert list(at.dataframe[0].value["Field"]) == ["places[0]", "date"]


def test_place_rows_match_what_the_places_page_shows():
    at = open_page("places")
    shown = at.dataframe[0].value
    assert list(shown["Key figure"].fillna("")) == [r["Key figure"] or "" for r in place_rows(ATLAS, {})]
