from shapely.geometry import Point

from geo.filters import Selection, filter_places
from geo.model import Place, Precision, Quote, Reference
from geo.search import fold, matches


def place(id, name, *, kind="deposit", countries=("KAZ",), minerals=("vanadium",), status="exploration",
          aliases=()):
    return Place(id=id, name=name, aliases=tuple(aliases), kind=kind, countries=tuple(countries), admin_region=None,
                 minerals=tuple(minerals), status=status, precision=Precision(1, "test"),
                 location_source=Reference("t", "t", "https://example.org"), facts=(),
                 quotes=(Quote("s", "q"),), last_reviewed="2026-11-01", geometry=Point(66, 48))


PLACES = (
    place("bala", "Balasausqandiq", status="production", aliases=("Balasauskandyk", "Баласаускандык")),
    place("lisa", "Lisakovsk"),
    place("kost", "Kostanay region", kind="exploration_area", minerals=("neodymium", "terbium")),
    place("aral", "Aral Sea region", kind="exploration_area", countries=("KAZ", "UZB"),
          minerals=("lithium", "rare_metals")),
    place("jetim", "Jetim range", kind="occurrence", countries=("KGZ",), status="occurrence",
          aliases=("Dzhetim", "Жетим")),
    place("newree", "New REE find", minerals=("rare_earth_elements",), status="announced"),
)


def ids(selection):
    return [p.id for p in filter_places(PLACES, selection)]


def test_no_selection_shows_everything():
    assert ids(Selection()) == [p.id for p in PLACES]


def test_rare_earth_group_finds_every_element_and_the_unspecified_term():
    assert ids(Selection(minerals=frozenset({"rare_earth_elements"}))) == ["kost", "newree"]


def test_single_element_does_not_pull_in_the_group():
    assert ids(Selection(minerals=frozenset({"terbium"}))) == ["kost"]


def test_values_within_a_facet_are_alternatives_and_facets_combine():
    assert ids(Selection(minerals=frozenset({"vanadium", "lithium"}))) == ["bala", "lisa", "aral", "jetim"]
    assert ids(Selection(minerals=frozenset({"vanadium", "lithium"}), countries=frozenset({"UZB"}))) == ["aral"]
    assert ids(Selection(statuses=frozenset({"production"}), kinds=frozenset({"deposit"}))) == ["bala"]


def test_filter_that_matches_nothing_gives_nothing():
    assert filter_places(PLACES, Selection(countries=frozenset({"MNG"}))) == ()
    assert filter_places((), Selection()) == ()


def test_search_finds_a_place_in_any_spelling_or_script():
    for query in ("Balasauskandyk", "Баласаускандык", "balasausqandiq", "BALASAUS"):
        assert ids(Selection(query=query)) == ["bala"], query
    for query in ("Jetim", "Dzhetim", "Жетим"):
        assert ids(Selection(query=query)) == ["jetim"], query


def test_search_does_not_match_unrelated_places():
    assert ids(Selection(query="Lithium Valley")) == []
    assert not matches("Kurumsak", ["Lisakovsk"])


def test_folding_merges_transliteration_variants():
    assert fold("Kazakhstan") == fold("Qazaqstan") == fold("Қазақстан")
    assert fold("  ") == ""
