"""One symbology for screen and paper: every category the map draws has one legend row, with the same label and
the same line in the web legend, the print legend and on both maps."""
import datetime as dt
import re

import pytest

from geo.export import draw_map
from geo.filters import Selection
from geo.load import COUNTRY_OUTLINES, load_atlas
from geo.mapview import base_map, place_layers
from geo.style import legend_rows, path_style
from geo.text import shorten

ATLAS = load_atlas()
DASH = re.compile(r'stroke-dasharray="([^"]+)"')


def _web_page(places) -> str:
    m = base_map(COUNTRY_OUTLINES.read_text(encoding="utf-8"))
    for group in place_layers(places):
        group.add_to(m)
    return m.get_root().render()


def _web_map_dashes(places) -> set[str]:
    """Every dash the web map draws: its paths' styles and the uncertainty circles' style in the page."""
    dashes = {path_style(p)["dashArray"] for p in places if p.geometry.geom_type != "Point"
              and "dashArray" in path_style(p)}
    circles = re.search(r"atlasMap\.uncertainty\([^;]*\);", _web_page(places))
    assert circles, "the map draws uncertainty circles for the shipped data"
    dashes |= set(re.findall(r'"dashArray":"([^"]+)"', circles.group(0)))
    return dashes


def _web_legend(places) -> list[tuple[str, list[str]]]:
    return [(heading, [row.label for row in rows]) for heading, rows in legend_rows(places)]


@pytest.fixture(scope="module")
def printed():
    fig, _ = draw_map(ATLAS, ATLAS.places, Selection(), "Test map", export_date=dt.date(2026, 12, 7))
    main, legend = fig.axes[0], next(ax for ax in fig.axes if any(t.get_text() == "Other layers" for t in ax.texts))
    return main, legend


def test_web_legend_shows_each_line_with_the_dash_the_map_draws():
    legend_dashes = {d for _, rows in legend_rows(ATLAS.places) for row in rows for d in DASH.findall(row.symbol)}
    assert legend_dashes - {"none"} == _web_map_dashes(ATLAS.places)


def test_print_legend_has_the_web_legend_rows_word_for_word(printed):
    _, legend = printed
    web = " ".join(" ".join([heading, *labels]) for heading, labels in _web_legend(ATLAS.places))
    # a long label wraps onto two lines on paper: joined again, it reads the same
    assert " ".join(t.get_text() for t in legend.texts) == web


def test_every_category_on_the_map_has_exactly_one_legend_row():
    labels = [label for _, rows in _web_legend(ATLAS.places) for label in rows]
    assert len(labels) == len(set(labels))
    kinds = {p.kind for p in ATLAS.places}
    assert {"Export corridor", "Location uncertainty (radius)"} <= set(labels) and "corridor" in kinds


def test_print_map_and_print_legend_draw_the_same_dashes_as_the_web_map(printed):
    main, legend = printed
    on_map = {p.get_linestyle() for p in main.patches if isinstance(p.get_linestyle(), tuple)}
    in_legend = {p.get_linestyle() for p in legend.patches if isinstance(p.get_linestyle(), tuple)}
    assert on_map == in_legend and len(on_map) == 2  # dashed areas and uncertainty circles
    # matplotlib scales a dash by the line width, so on paper the pattern keeps the screen's proportion to it
    web = {"6 5": 2.5, "2 3": 1.0}  # the web map's dash and its line width
    assert web.keys() == _web_map_dashes(ATLAS.places)
    assert {tuple(round(d, 6) for d in style[1]) for style in on_map} == {
        tuple(round(float(d) / width, 6) for d in dash.split()) for dash, width in web.items()}


def test_a_filtered_legend_keeps_the_same_wording():
    producing = [ATLAS.place("balasausqandiq")]
    everything = {label for _, labels in _web_legend(ATLAS.places) for label in labels}
    assert {label for _, labels in _web_legend(producing) for label in labels} <= everything


@pytest.mark.parametrize("text, limit, expected", [
    ("Kurumsak", 26, "Kurumsak"),
    ("x" * 26, 26, "x" * 26),
    ("Zhana Kazakhstan rare-earth area", 26, "Zhana Kazakhstan rare-ear…"),
    ("Aral Sea salt lakes and brines", 10, "Aral Sea…"),  # no space left before the ellipsis
])
def test_shorten_keeps_the_limit_with_the_ellipsis(text, limit, expected):
    assert shorten(text, limit) == expected and len(shorten(text, limit)) <= limit
