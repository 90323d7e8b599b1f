"""Actors, the independent record and its verdicts: each rule shown failing on a corrupted fixture, and the views
the panel, the tables and the exports share."""

import pytest

from geo.filters import Selection, countries_left_out, filter_places
from geo.load import SHIPPED_ATLAS, load_atlas
from geo.record import actor_option_label, actor_options, chosen_roles, claims_of_place, unchecked
from geo.validate import AtlasError, check_actors, check_atlas, check_record

from helpers import CHECKED

A1 = ("features", 1, "properties")
D0 = ("features", 0, "properties")


def _set(path, value):
    def mutate(raw):
        target = raw
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return mutate


def problems(raw, citable, actors):
    with pytest.raises(AtlasError) as caught:
        check_atlas(raw, "fixture.geojson", citable, {}, *actors)
    return caught.value.problems


# (rule, corruption, feature named, field named, words the message must contain)
CASES = [
    ("unknown actor", _set(A1 + ("actors", 0, "actor"), "us-army"), "'test-area'", "actors[0].actor",
     "unknown actor \"us-army\""),
    ("unknown role", _set(A1 + ("actors", 0, "role"), "bankrolls"), "'test-area'", "actors[0].role",
     "expected one of: finances"),
    ("actor quote from nowhere", _set(A1 + ("actors", 0, "quote", "source"), "blog"), "'test-area'",
     "actors[0].quote.source", "unknown source"),
    ("actors not a list", _set(A1 + ("actors",), {"actor": "x"}), "'test-area'", "actors", "expected a list"),
    ("unknown verdict", _set(D0 + ("checks", 0, "verdict"), "true"), "'test-deposit'", "checks[0].verdict",
     "expected one of: confirmed, differs, contradicted, no_record"),
    ("claim not shown", _set(D0 + ("checks", 1, "claim"), "figure:Grade"), "'test-deposit'", "checks[1].claim",
     "names no claim shown here"),
    ("role claim for a role not given", _set(A1 + ("checks", 0, "claim"), "actor:test-lender:finances"),
     "'test-area'", "checks[0].claim", "names no claim shown here"),
    ("claim checked twice", _set(D0 + ("checks", 1, "claim"), "status"), "'test-deposit'", "checks[1].claim",
     "checked twice"),
    ("evidence not verbatim", _set(D0 + ("checks", 1, "evidence", 0, "text"), "Its resource is 1.3 million tonnes"),
     "'test-deposit'", "checks[1].evidence[0].text", "not verbatim in the stored text of 'test-registry-2026'"),
    ("evidence from an unknown source", _set(D0 + ("checks", 1, "evidence", 0, "source"), "rumour"),
     "'test-deposit'", "checks[1].evidence[0].source", "unknown source \"rumour\""),
    ("evidence from the article itself", _set(D0 + ("checks", 1, "evidence", 0),
                                              {"source": "test-article", "text": "One million tons."}),
     "'test-deposit'", "checks[1].evidence[0].source", "evidence must come from an independent source"),
    ("verdict without evidence", _set(D0 + ("checks", 1, "evidence"), []), "'test-deposit'", "checks[1].evidence",
     "needs at least one quote from the record"),
    ("no record, yet evidence", _set(D0 + ("checks", 1, "verdict"), "no_record"), "'test-deposit'",
     "checks[1].evidence", "cannot carry evidence"),
    ("article quote from the record", _set(D0 + ("checks", 0, "article"),
                                           {"source": "test-registry-2026", "text": "pilot plant"}),
     "'test-deposit'", "checks[0].article.source", "is an independent source"),
    ("how missing", _set(D0 + ("checks", 0, "how"), ""), "'test-deposit'", "checks[0].how", "non-empty string"),
]


@pytest.mark.parametrize("rule, corrupt, feature, field, words", CASES, ids=[c[0] for c in CASES])
def test_each_record_rule_names_feature_field_and_expectation(rule, corrupt, feature, field, words, checked_raw,
                                                              test_citable, test_actors):
    corrupt(checked_raw)
    found = problems(checked_raw, test_citable, test_actors)
    assert any(p.feature == feature and p.field == field and words in p.message for p in found), \
        f"no problem for {feature} {field} containing {words!r}; got: {[str(p) for p in found]}"


def test_clean_fixture_carries_actors_and_verdicts(checked_raw, test_citable, test_actors):
    atlas = check_atlas(checked_raw, "fixture.geojson", test_citable, {}, *test_actors)
    area = atlas.place("test-area")
    assert [(i.name, i.role, i.group) for i in area.actors] == [("Government of Testland", "finances", "testland")]
    assert area.check("actor:testland-government:finances").verdict == "differs"
    assert atlas.sources["test-registry-2026"].independent and atlas.sources["test-registry-2026"].read == "2026-12-01"


def _record_problems(raw, files):
    with pytest.raises(AtlasError) as caught:
        check_record(raw, "record.json", files.get)
    return [(p.feature, p.field, p.message) for p in caught.value.problems]


GOOD = {"id": "a-source", "file": "a.txt", "title": "T", "publisher": "P", "published": "2025-11",
        "url": "https://example.org/a", "read": "2026-12-01"}


@pytest.mark.parametrize("change, field, words", [
    ({"file": "missing.txt"}, "file", "cannot be read"),
    ({"published": "last spring"}, "published", "'undated'"),
    ({"read": "yesterday"}, "read", "YYYY-MM-DD"),
    ({"url": "file:///etc/passwd"}, "url", "http(s)"),
    ({"id": "A Source"}, "id", "lowercase slug"),
    ({"file": "empty.txt"}, "file", "is empty"),
])
def test_record_store_entries_are_checked(change, field, words):
    found = _record_problems({"sources": [{**GOOD, **change}]}, {"a.txt": "Text.", "empty.txt": "  "})
    assert any(f == field and words in m for _, f, m in found), found


def test_record_store_accepts_undated_sources_and_squashes_whitespace():
    record = check_record({"sources": [{**GOOD, "published": "undated"}]}, "record.json",
                          {"a.txt": "Line one\n  line   two."}.get)
    assert record["a-source"].text == "Line one line two." and record["a-source"].published == "undated"


@pytest.mark.parametrize("raw, field, words", [
    ({"groups": {"x": "X"}, "actors": [{"id": "a", "name": "A", "type": "spy", "group": "x"}]}, "type",
     "unknown type"),
    ({"groups": {"x": "X"}, "actors": [{"id": "a", "name": "A", "type": "company", "group": "y"}]}, "group",
     "unknown group"),
    ({"groups": {"x": "X"}, "actors": [{"id": "x", "name": "A", "type": "company", "group": "x"}]}, "id",
     "also a group id"),
    ({"groups": {"x": "X"}, "actors": [{"id": "a", "name": "", "type": "company", "group": "x"}]}, "name",
     "non-empty string"),
])
def test_actor_list_entries_are_checked(raw, field, words):
    with pytest.raises(AtlasError) as caught:
        check_actors(raw, "actors.json")
    assert any(p.field == field and words in p.message for p in caught.value.problems)


def test_actor_filter_takes_a_group_or_one_actor():
    atlas = load_atlas(CHECKED)
    assert actor_options(atlas) == ["testland", "testland-government"]
    assert actor_option_label(atlas, "testland") == "Testland — any agency or company"
    for value in ("testland", "testland-government"):
        assert [p.id for p in filter_places(atlas.places, Selection(actors=frozenset({value})))] == ["test-area"]
    assert filter_places(atlas.places, Selection(actors=frozenset({"multilateral"}))) == ()


def test_search_finds_actors_and_quote_words():
    atlas = load_atlas(CHECKED)
    assert [p.id for p in filter_places(atlas.places, Selection(query="Testland"))] == ["test-area"]
    assert [p.id for p in filter_places(atlas.places, Selection(query="one million"))] == ["test-deposit"]
    assert [p.id for p in filter_places(atlas.places, Selection(query="pilot plant"))] == ["test-deposit"]


def test_claims_stand_beside_their_checks():
    atlas = load_atlas(CHECKED)
    claims = {c.key: c for c in claims_of_place(atlas.place("test-deposit"), "In production")}
    assert claims["status"].quote.text == "It matters." and claims["status"].check.verdict == "differs"
    resource = claims["figure:Resource"]
    assert resource.stated == "1 Mt" and "1.2 million" in resource.check.evidence[0].text
    # a figure that already cites an independent source is the record, not a claim to check
    assert "test-deposit: figure:Area" not in unchecked(atlas)
    assert "test-corridor: status" in unchecked(atlas)


# ---- the shipped data ----------------------------------------------------------------------------------------

SHIPPED = load_atlas(SHIPPED_ATLAS)


def test_every_shipped_claim_has_a_verdict():
    assert unchecked(SHIPPED) == []


def test_mineral_results_count_sites_not_country_profiles():
    vanadium = filter_places(SHIPPED.places, Selection(minerals=frozenset({"vanadium"})))
    assert vanadium and all(p.kind != "country" for p in vanadium)
    left_out = countries_left_out(SHIPPED.places, Selection(minerals=frozenset({"vanadium"})))
    assert {p.id for p in left_out} >= {"kaz", "kgz", "tjk"}
    with_countries = filter_places(SHIPPED.places, Selection(minerals=frozenset({"vanadium"}),
                                                             kinds=frozenset({"deposit", "country"})))
    assert {p.id for p in left_out} <= {p.id for p in with_countries}


def test_shipped_record_sources_are_stored_and_read_on_a_date():
    record = [c for c in SHIPPED.sources.values() if c.independent]
    assert record and all(c.read and c.text for c in record)
    used = {q.source for p in SHIPPED.places for c in p.checks for q in c.evidence}
    assert used and used <= {c.id for c in record}


def test_every_shipped_event_has_a_verdict():
    from geo.events import EVENTS_FILE, load_events, unchecked_events
    from geo.load import DATA_DIR

    assert unchecked_events(load_events(DATA_DIR / EVENTS_FILE, SHIPPED)) == []


def test_tonnages_say_ore_or_contained_and_compute_the_contained_amount():
    from geo.model import Figure, Quote
    from geo.record import tonnage_caveat

    def fig(value, label="Resource"):
        return Figure(label, value, Quote("a", "b"))

    assert "contained V2O5 about 200,000 t" in tonnage_caveat(fig("32.9 million tons at a mean grade of 0.62% V2O5"))
    assert "contained about 14,000 t" in tonnage_caveat(fig("over 20 million tonnes to 300 m, about 700 g/t"))
    assert "does not say whether" in tonnage_caveat(fig("more than 20 million tonnes", "Declared reserves"))
    assert tonnage_caveat(fig("2.76 million tons", "Cargo volume 2023")) is None  # not a resource
    assert tonnage_caveat(fig("935,400 t of rare-earth oxide")) is None  # already says it is contained oxide


def test_an_acronym_finds_the_abbreviation_not_the_word():
    """'FAR' is Ferro-Alloy Resources, not 'far cheaper'; running text matches from the start of a word."""
    from geo.search import matching_text, snippet

    def found(query):
        return {p.id for p in filter_places(SHIPPED.places, Selection(query=query))}

    assert "balasausqandiq" in found("FAR") and "akbulak-ree" not in found("FAR")
    assert all("FAR" in snippet(matching_text(p, "FAR")[1], "FAR")
               for p in filter_places(SHIPPED.places, Selection(query="FAR")))
    assert "akbulak-ree" not in found("far")  # '… of Arkalyk' no longer reads as 'far'
    assert "balasausqandiq" in found("far")  # the word itself still matches in lower case
    assert "kaz" in found("KAZ")  # a code still finds its place
    assert "balasausqandiq" in found("sauskandyk")  # names still match inside a spelling


def test_a_list_filtered_by_actor_says_what_each_chosen_actor_does_there():
    us = frozenset({"united-states"})
    assert chosen_roles(SHIPPED.place("aral-sea-region"), us) == \
        "United States government: finances (no independent record found)"
    kostanay = chosen_roles(SHIPPED.place("kostanay-region"), us)
    assert "Cove Capital LLC" in kostanay and "finances (confirmed by an independent source)" in kostanay
    assert "signed an agreement or MoU" in chosen_roles(SHIPPED.place("kaz"), us)  # the acronym keeps its capitals
    assert chosen_roles(SHIPPED.place("balasausqandiq"), us) == ""  # no US actor there
