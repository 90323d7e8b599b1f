"""Exports say what the atlas says: lossless data files, a print map with the app's symbols, a searchable PDF,
and an HTML map that works with no network."""
import csv
import dataclasses
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader
from shapely.geometry import Point

from geo.export import (CSV_COLUMNS, alt_text, draw_map, export_csv, export_geojson, export_html, export_pdf,
                        export_png, main, png_bytes)
from geo.export.png import CENTRAL_ASIA, fill_frame, map_extent, nice_length
from geo.export.wording import describe_selection, summary_line, wrap
from geo.filters import Selection, filter_places
from geo.load import load_atlas
from geo.model import Quote, Reference
from geo.validate import check_atlas
from helpers import MINIMAL, PAYLOADS, write_hostile_atlas, copy_companions

ROOT = Path(__file__).resolve().parent.parent
EXPORT_DATE = "2026-11-24"
VANADIUM_BLUE = (0x00, 0x72, 0xB2)


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(MINIMAL)


@pytest.fixture(scope="module")
def minimal_json():
    return json.loads(MINIMAL.read_text(encoding="utf-8"))


def rows(text):
    return list(csv.DictReader(io.StringIO(text)))


# ---- GeoJSON ---------------------------------------------------------------------------------------------------

def _with_reported(record):
    """`reported` omitted on input means false; the export always writes it."""
    record = json.loads(json.dumps(record))
    for figure in record["facts"]:
        figure.setdefault("reported", False)
    return record


def test_geojson_round_trip_is_lossless(atlas, minimal_json, outlines):
    raw = json.loads(export_geojson(atlas, atlas.places))
    again = check_atlas(raw, "exported", atlas.sources, outlines)
    assert again.places == atlas.places
    assert all(a.geometry.equals_exact(b.geometry, 0) for a, b in zip(again.places, atlas.places))
    assert (again.title, again.as_of, again.facts) == (atlas.title, atlas.as_of, atlas.facts)
    assert raw["metadata"] == _with_reported(minimal_json["metadata"])
    for exported, original in zip(raw["features"], minimal_json["features"], strict=True):
        assert exported["properties"] == _with_reported(original["properties"])
        assert list(exported["properties"]) == list(original["properties"])  # schema order
        assert exported["geometry"] == original["geometry"]
        assert exported["id"] == original["properties"]["id"]


def test_geojson_rounds_to_six_decimals_and_omits_empty_note(atlas):
    place = dataclasses.replace(atlas.places[0], geometry=Point(66.123456789, 48.000000449))
    noted = dataclasses.replace(atlas.places[0], id="noted",
                                location_source=Reference("T", "P", "https://example.org/x", note="Approximate"))
    features = json.loads(export_geojson(atlas, [place, noted]))["features"]
    assert features[0]["geometry"]["coordinates"] == [66.123457, 48.0]
    assert "note" not in features[0]["properties"]["location_source"]
    assert features[1]["properties"]["location_source"]["note"] == "Approximate"
    assert all(f["reported"] in (True, False) for f in features[0]["properties"]["facts"])


def test_shipped_data_round_trips_when_present(outlines):
    try:
        shipped = load_atlas()
    except Exception as error:  # the shipped data is someone else's work in progress
        pytest.skip(f"shipped data not loadable: {error}")
    again = check_atlas(json.loads(export_geojson(shipped, shipped.places)), "exported", shipped.sources, outlines,
                        shipped.actors, shipped.actor_groups)
    assert again.places == shipped.places


# ---- CSV -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("selection, expected", [
    (Selection(), ["test-deposit", "test-area", "test-corridor"]),
    (Selection(minerals=frozenset({"lithium"})), ["test-area"]),
    (Selection(countries=frozenset({"KAZ"}), kinds=frozenset({"corridor", "deposit"})),
     ["test-deposit", "test-corridor"]),
    (Selection(minerals=frozenset({"uranium"})), []),
])
def test_csv_rows_are_the_filtered_places_in_order(atlas, selection, expected):
    places = filter_places(atlas.places, selection)
    table = rows(export_csv(atlas, places))
    assert [r["id"] for r in table] == [p.id for p in places] == expected


def test_csv_columns_and_values(atlas):
    text = export_csv(atlas, atlas.places)
    assert text.splitlines()[0] == ",".join(f'"{c}"' for c in CSV_COLUMNS)
    deposit, area, corridor = rows(text)
    assert deposit["key_figures"] == "1 Mt — Resource | 2 km² — Area"
    assert (deposit["lon"], deposit["lat"], deposit["precision_km"]) == ("66.000000", "48.000000", "5")
    assert deposit["quote_count"] == "1" and deposit["admin_region"] == ""
    assert area["countries"] == "KAZ;UZB" and area["minerals"] == "lithium;rare_metals"
    point = atlas.places[1].geometry.representative_point()
    assert (float(area["lon"]), float(area["lat"])) == (round(point.x, 6), round(point.y, 6))
    assert corridor["key_figures"] == "" and corridor["location_source_url"] == "https://example.org/gazetteer"


def test_csv_cells_never_start_a_formula(atlas):
    place = dataclasses.replace(atlas.places[0], name='=HYPERLINK("http://evil")', admin_region="-2+3")
    row = rows(export_csv(atlas, [place]))[0]
    assert row["name"] == "'=HYPERLINK(\"http://evil\")" and row["admin_region"] == "'-2+3"
    assert row["lon"] == "66.000000"


# ---- wording -----------------------------------------------------------------------------------------------------

def test_caption_states_the_filters(atlas):
    selection = Selection(minerals=frozenset({"vanadium"}), statuses=frozenset({"exploration", "production"}),
                          countries=frozenset({"KAZ"}))
    assert describe_selection(atlas, atlas.places[:1], selection) == \
        "Vanadium · In production, Exploration · Kazakhstan"
    assert describe_selection(atlas, atlas.places, Selection()) == "All places"
    assert describe_selection(atlas, atlas.places[:1], Selection()) == "Selected: Test Deposit"
    assert summary_line(atlas, atlas.places, Selection(), EXPORT_DATE) == \
        "All places · 3 of 3 places · Data as of 2026-11-01 · Exported 2026-11-24"


def test_alt_text_says_what_how_many_and_filters(atlas):
    selection = Selection(minerals=frozenset({"lithium"}))
    text = alt_text(atlas, filter_places(atlas.places, selection), selection, "Lithium")
    assert "“Lithium”" in text and "1 place (1 exploration area)" in text and "Filters: Lithium" in text
    assert "No filters" in alt_text(atlas, atlas.places, Selection(), "T")
    assert text.count(". ") <= 2


def test_wrap_respects_width_and_breaks_long_urls():
    lines = wrap("see https://example.org/" + "a/" * 80 + " and more words here", 200, 8)
    assert len(lines) > 2 and all(line for line in lines)
    assert "".join(lines).replace(" ", "") == ("seehttps://example.org/" + "a/" * 80 + "andmorewordshere")
    assert len(wrap("x" * 30_000, 500, 8)) > 100  # pathological data stays fast


# ---- PNG ---------------------------------------------------------------------------------------------------------

def test_png_is_print_size_and_shows_the_place_in_its_colour(atlas, tmp_path):
    path = tmp_path / "map.png"
    info = export_png(atlas, atlas.places, Selection(), "Test map", None, path, EXPORT_DATE)
    with Image.open(path) as image:
        assert image.width >= 3000 and image.width == info.width
        assert image.info["dpi"][0] == pytest.approx(300, abs=0.5)
        assert image.info.get("Description") == info.alt
        pixels = np.asarray(image.convert("RGB")).astype(int)
    assert pixels.std() > 20  # not blank
    x, y = info.pixel(66.0, 48.0)
    assert info.anchors["test-deposit"] == pytest.approx((x, y), abs=0.5)
    window = pixels[int(y) - 6:int(y) + 7, int(x) - 6:int(x) + 7]
    distance = np.abs(window - np.array(VANADIUM_BLUE)).sum(axis=2)
    assert distance.min() < 30, "the vanadium marker is not where the map says it is"
    far = pixels[int(y) + 300:int(y) + 320, int(x) + 300:int(x) + 320]
    assert np.abs(far - np.array(VANADIUM_BLUE)).sum(axis=2).min() > 60
    corridor_x, corridor_y = info.pixel(65.6, 43.8)  # on the corridor's first segment, far from its label
    strip = pixels[int(corridor_y) - 8:int(corridor_y) + 9, int(corridor_x)]
    assert strip.sum(axis=1).min() < 3 * 110, "the corridor's dark line is missing"
    lon0, lon1, lat0, lat1 = info.extent
    assert lon0 < 49.8 and lon1 > 80 and lat0 < 40.4 and lat1 > 48


@pytest.mark.parametrize("shape, size", [((16, 9), (3200, 1800)), ((4, 3), (3200, 2400)), ((297, 210), (3200, 2263))])
def test_a_slide_image_has_the_slide_shape_and_keeps_its_place(atlas, shape, size):
    """An image downloaded from a briefing slide drops onto that slide: its shape, not the 3:2 sheet's."""
    data, info = png_bytes(atlas, atlas.places, Selection(), "Test map", None, EXPORT_DATE, shape=shape)
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == size == (info.width, info.height)
        pixels = np.asarray(image.convert("RGB")).astype(int)
    x, y = info.pixel(66.0, 48.0)
    window = pixels[int(y) - 6:int(y) + 7, int(x) - 6:int(x) + 7]
    assert np.abs(window - np.array(VANADIUM_BLUE)).sum(axis=2).min() < 30
    assert {label.place_id for label in info.labels} >= {"test-deposit"}


def test_labels_do_not_collide_in_a_crowded_cluster(atlas):
    base = atlas.places[0]
    crowd = [dataclasses.replace(base, id=f"p{i}", name=f"Deposit number {i}",
                                 geometry=Point(66 + 0.18 * (i % 4), 48 + 0.12 * (i // 4))) for i in range(12)]
    _, info = draw_map(atlas, crowd, Selection(), "Crowd", export_date=EXPORT_DATE)
    assert {label.place_id for label in info.labels} == {p.id for p in crowd}
    boxes = [label.box for label in info.labels]
    markers = [info.anchors[p.id] for p in crowd]
    left, top, right, bottom = info.axes_box
    for i, (l1, t1, r1, b1) in enumerate(boxes):
        assert left <= l1 and r1 <= right and top <= t1 and b1 <= bottom
        for l2, t2, r2, b2 in boxes[i + 1:]:
            assert r1 <= l2 or r2 <= l1 or b1 <= t2 or b2 <= t1, "two labels overlap"
        for mx, my in markers:
            assert not (l1 < mx < r1 and t1 < my < b1), "a label covers a marker"
    assert not any(label.overlaps for label in info.labels)
    assert any(label.leader for label in info.labels), "a crowded cluster needs leader lines"


def test_symbols_that_would_hide_each_other_are_moved_apart_on_paper(atlas):
    """Two sites 5 km apart: the producing one keeps its place, the other moves out from under it with a leader
    line, and both symbols can be seen in the image."""
    base = atlas.places[0]
    producing = dataclasses.replace(base, id="producing", name="Producing", status="production")
    nearby = dataclasses.replace(base, id="nearby", name="Nearby", status="exploration",
                                 geometry=Point(base.geometry.x + 0.06, base.geometry.y))
    data, info = png_bytes(atlas, (nearby, producing), Selection(), "Close pair", None, EXPORT_DATE)
    x, y = info.pixel(base.geometry.x, base.geometry.y)
    assert info.anchors["producing"] == pytest.approx((x, y), abs=0.5)
    (px, py), (nx, ny) = info.anchors["producing"], info.anchors["nearby"]
    assert ((px - nx) ** 2 + (py - ny) ** 2) ** 0.5 > 45  # more than a symbol apart
    with Image.open(io.BytesIO(data)) as image:
        pixels = np.asarray(image.convert("RGB")).astype(int)
    for cx, cy in ((px, py), (nx, ny)):
        window = pixels[int(cy) - 4:int(cy) + 5, int(cx) - 4:int(cx) + 5]
        assert np.abs(window - np.array(VANADIUM_BLUE)).sum(axis=2).min() < 30


def test_empty_selection_falls_back_to_central_asia(atlas):
    _, info = draw_map(atlas, (), Selection(minerals=frozenset({"uranium"})), "Nothing", export_date=EXPORT_DATE)
    lon0, lon1, lat0, lat1 = info.extent
    assert lon0 <= CENTRAL_ASIA[0] and lon1 >= CENTRAL_ASIA[1] and lat0 <= CENTRAL_ASIA[2] and lat1 >= CENTRAL_ASIA[3]
    assert info.labels == () and "no places" in info.alt


def test_extent_and_scale_helpers(atlas):
    x0, x1, y0, y1 = map_extent(atlas.places[:1])
    assert x0 < 66 < x1 and y0 < 48 < y1 and x1 - x0 >= 6 and y1 - y0 >= 4
    lon0, lon1, lat0, lat1 = fill_frame((60, 70, 40, 50), 2.0)
    assert (lon1 - lon0) * np.cos(np.radians((lat0 + lat1) / 2)) / (lat1 - lat0) == pytest.approx(2.0)
    assert lon0 <= 60 and lon1 >= 70 and lat0 <= 40 and lat1 >= 50
    assert [nice_length(v) for v in (730, 199, 0.3, 1000)] == [500, 100, 0.2, 1000]


# ---- PDF ---------------------------------------------------------------------------------------------------------

def pdf_text(path: Path) -> str:
    """The text of every page as pypdf extracts it, the same on every machine."""
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def squeezed(text: str) -> str:
    """Without any whitespace: line breaks and the extractor's spacing guesses no longer matter."""
    return re.sub(r"\s+", "", text)


def font_sizes(path: Path) -> set[float]:
    """Every type size the PDF's text is set in (the map is an image and has none)."""
    sizes: set[float] = set()

    def note_size(operator, operands, *_):
        if operator == b"Tf":
            sizes.add(float(operands[1]))

    for page in PdfReader(path).pages:
        page.extract_text(visitor_operand_before=note_size)
    return sizes


def fonts_embedded(page) -> list[bool]:
    """For each font the page uses, whether its TrueType program is in the file."""
    embedded = []
    for font in page["/Resources"]["/Font"].values():
        font = font.get_object()
        described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        embedded.append("/FontFile2" in described["/FontDescriptor"].get_object())
    return embedded


def link_targets(path: Path) -> set[str]:
    """The web addresses the PDF's link annotations open."""
    return {annotation.get_object()["/A"]["/URI"] for page in PdfReader(path).pages
            for annotation in page.get("/Annots", []) if "/URI" in annotation.get_object().get("/A", {})}


@pytest.fixture(scope="module")
def shipped():
    return load_atlas()


def test_pdf_is_a4_with_map_table_quotes_and_citations(atlas, tmp_path):
    path = tmp_path / "brief.pdf"
    pages = export_pdf(atlas, atlas.places, Selection(), "Briefing: test deposits", None, path, EXPORT_DATE)
    reader = PdfReader(path)
    assert pages == 1 and len(reader.pages) == 1
    page = reader.pages[0]
    assert [float(v) for v in page.mediabox] == pytest.approx([0, 0, 595.28, 841.89])
    assert len(page.images) == 1 and fonts_embedded(page) and all(fonts_embedded(page))  # the map, TrueType text
    text = pdf_text(path)
    for expected in ("Briefing: test deposits", "Test Deposit", "1 Mt — Resource", "2 km² — Area",
                     "“It matters.” [1]", "[1] A. Writer, “A test article”, Test Press, 2026-01",
                     "https://example.org/test-article", "Data as of 2026-11-01", "Exported 2026-11-24",
                     "Every quote and key figure of these places is shown", "Page 1 of 1", "Natural Earth"):
        assert squeezed(expected) in squeezed(text), expected
    assert min(font_sizes(path)) >= 6.5


def test_pdf_of_the_curated_set_is_legible_with_every_source_it_uses(shipped, tmp_path):
    """Every key figure shown carries its source marker, so the curated set's full source list runs onto a second
    page; the map, the table and the quotes stay at the same legible size."""
    path = tmp_path / "atlas.pdf"
    title = "Critical minerals in Central Asia"
    pages = export_pdf(shipped, shipped.places, Selection(), title, None, path, EXPORT_DATE)
    assert pages <= 2 and len(PdfReader(path).pages) == pages and min(font_sizes(path)) >= 6.5
    words = squeezed(pdf_text(path))
    assert squeezed(title) in words and squeezed(f"Data as of {shipped.as_of}") in words
    for place in shipped.places:
        assert squeezed(place.name) in words, place.name
        assert squeezed(f"“{place.quotes[0].text}”") in words, place.id  # each place's first quote, in full
    cited = {q.source for p in shipped.places for q in p.quotes[:1]}
    links = link_targets(path)
    for source in cited:  # every quote shown keeps its citation, and its address opens the article
        citation = shipped.sources[source]
        assert squeezed(citation.title) in words and squeezed(citation.url) in words, source
        assert citation.url in links, source
    further = sum(len(p.quotes) - 1 for p in shipped.places if p.quotes)
    assert squeezed(f"{further} more quotes") in words and "Sources page" in flat(pdf_text(path))
    assert re.search(r"\+\d+more", words)  # a place with more key figures says so


def test_pdf_shows_every_quote_and_figure_when_they_fit(shipped, tmp_path):
    place = shipped.place("balasausqandiq")  # four quotes, eight figures with their verdicts: a full page
    path = tmp_path / "one.pdf"
    assert export_pdf(shipped, [place], Selection(), place.name, None, path, EXPORT_DATE) == 1
    words = squeezed(pdf_text(path))
    assert len(place.quotes) > 1 and len(place.facts) > 1
    for quote in place.quotes:
        assert squeezed(quote.text) in words
    for figure in place.facts:
        assert squeezed(f"{figure.value} — {figure.label}") in words
    assert not re.search(r"\+\d+\s*more", words) and "Everyquoteandkeyfigureoftheseplacesisshown" in words


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")  # DejaVu Sans has no emoji
def test_pdf_flows_onto_more_pages_and_keeps_data_text_literal(tmp_path):
    hostile = load_atlas(write_hostile_atlas(tmp_path))
    long_text = " ".join(PAYLOADS) * 3
    places = tuple(dataclasses.replace(p, id=f"{p.id}-{i}", name=f"{p.name} {i} " + "very long name " * 4,
                                       quotes=(Quote("test-article", f"{i}: {long_text}"), *p.quotes))
                   for i in range(8) for p in hostile.places)
    path = tmp_path / "long.pdf"
    pages = export_pdf(hostile, places, Selection(), "Long $5 and $3", None, path, EXPORT_DATE)
    words = squeezed(pdf_text(path))
    assert pages >= 3 and f"Page{pages}of{pages}" in words and min(font_sizes(path)) >= 6.5
    assert "Long$5and$3" in words and "$5millionand$3million" in words  # no mathtext
    assert "</script><script>" in words
    assert words.count("PlaceKindCountryStatusKeyfigures") >= 2  # the header repeats
    for i in range(8):
        assert squeezed(f"{i}: {PAYLOADS[0]}") in words  # each place's first quote, on whichever page


def test_pdf_prints_the_region_s_letters_and_signs(atlas, tmp_path, caplog):
    """Kazakh, Uzbek and Tajik Cyrillic, Uzbek Latin's ʻ, typographic quotes, dashes and ± are all in the
    embedded font: searchable in the file, and no glyph is reported missing."""
    text = "Қазақстан Өскемен ғ ң ү ұ һ і; Ўзбекистон Ҳисор Тоҷикистон; Oʻzbekiston; „Ана“ — 3 ± 0.5 km²"
    place = dataclasses.replace(atlas.places[0], quotes=(Quote("test-article", text),))
    path = tmp_path / "letters.pdf"
    with caplog.at_level("WARNING"):
        export_pdf(atlas, [place], Selection(), "Ақтөбе", None, path, EXPORT_DATE)
    words = squeezed(pdf_text(path))
    assert squeezed(text) in words and "Ақтөбе" in words
    assert not [r for r in caplog.records if "missing" in r.getMessage()], caplog.text


def test_pdf_row_taller_than_a_page_continues_overleaf(atlas, tmp_path):
    """A key figure longer than a page is printed whole, across pages, under the repeated header."""
    place = atlas.places[0]
    value = "x" * 12_000
    tall = dataclasses.replace(place, facts=(dataclasses.replace(place.facts[0], value=value), *place.facts[1:]))
    path = tmp_path / "tall.pdf"
    pages = export_pdf(atlas, [tall, *atlas.places[1:]], Selection(), "Tall", None, path, EXPORT_DATE)
    words = squeezed(pdf_text(path))
    assert pages >= 3 and sum(map(len, re.findall("x{50,}", words))) == len(value)
    assert words.count("PlaceKindCountryStatusKeyfigures") >= pages - 1


# ---- HTML --------------------------------------------------------------------------------------------------------

def test_html_is_standalone(atlas):
    page = export_html(atlas, atlas.places, Selection(), "Offline <map>", export_date=EXPORT_DATE)
    assert not re.search(r'<script[^>]*src=["\']?http', page)
    assert not re.search(r'<link[^>]*href=["\']?http', page)
    assert "<script src=" not in page and '<link rel="stylesheet"' not in page
    assert not re.search(r'(src|href)="/app/', page)
    assert "url(images/" not in page and "data:image/png;base64," in page
    assert "<h1>Offline &lt;map&gt;</h1>" in page and "<map>" not in page
    assert "A. Writer, “A test article”, Test Press, 2026-01" in page and "Natural Earth" in page
    external = set(re.findall(r"""(?:src|href)=["'](https?://[^"']+)""", page))
    assert external <= {"https://example.org/test-article", "https://leafletjs.com", "https://carto.com/attributions",
                        "https://www.openstreetmap.org/copyright", "https://opentopomap.org"}, external


@pytest.mark.browser
def test_html_popup_shows_the_panel_content_escaped(tmp_path, browser, shipped):
    """A click on a place in the standalone file opens its panel: name, status, figures, who is involved, the
    record's verdicts and the quotes with their citations; hostile text stays text."""
    page_path = tmp_path / "map.html"
    page_path.write_text(export_html(shipped, shipped.places, Selection(), "Popups"), encoding="utf-8")
    (tmp_path / "h").mkdir()
    hostile = load_atlas(write_hostile_atlas(tmp_path / "h"))
    hostile_path = tmp_path / "hostile.html"
    hostile_path.write_text(export_html(hostile, hostile.places, Selection(), "H"), encoding="utf-8")
    page = browser.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file://", "data:")) else r.abort())
    try:
        page.goto(page_path.as_uri())
        page.wait_for_selector('[data-place="aral-sea-salt-lakes-lithium"]')
        page.click('[data-place="aral-sea-salt-lakes-lithium"]')
        popup = page.wait_for_selector(".leaflet-popup-content .atlas-popup").inner_text()
        place = shipped.place("aral-sea-salt-lakes-lithium")
        assert place.name in popup and "Status: Exploration" in popup and "What the sources say" in popup
        assert flat(place.quotes[0].text) in flat(popup)
        assert shipped.sources[place.quotes[0].source].title in popup
        page.evaluate("""() => {const el = document.querySelector('[data-place="kostanay-region"]');
            const r = el.getBoundingClientRect();
            el.dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: r.x + r.width / 2,
                                                      clientY: r.y + r.height / 2}));}""")
        page.wait_for_function("() => document.querySelector('.leaflet-popup-content').innerText.includes('Kostanay')")
        popup = page.inner_text(".leaflet-popup-content")
        assert "Who is involved" in popup and "Checked against the record" in popup
        assert "No independent record found" in popup
        page.goto(hostile_path.as_uri())
        page.wait_for_selector("[data-place]")
        page.click("[data-place]", force=True)
        page.wait_for_selector(".leaflet-popup-content .atlas-popup")
        assert page.evaluate("window.__pwned === undefined && window.top.__pwned === undefined")
        assert "<img src=x" in page.inner_text(".leaflet-popup-content")  # shown as text, not run
    finally:
        page.close()


def test_html_opens_offline_with_every_place_and_no_injected_code(tmp_path, browser):
    hostile = load_atlas(write_hostile_atlas(tmp_path))
    page_path = tmp_path / "map.html"
    page_path.write_text(export_html(hostile, hostile.places, Selection(), "<img src=x onerror=window.__pwned=7>"),
                         encoding="utf-8")
    page = browser.new_page()
    try:
        outside: list[str] = []
        errors: list[str] = []

        def route(request_route):
            if request_route.request.url.startswith("file://"):
                request_route.continue_()
            else:
                outside.append(request_route.request.url)
                request_route.abort()

        page.route("**/*", route)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(page_path.as_uri())
        expected = len(hostile.places)
        page.wait_for_function("n => document.querySelectorAll('[data-place]').length === n", arg=expected)
        page.wait_for_function("() => document.querySelector('.atlas-offline-notice') !== null")
        assert page.evaluate("document.querySelectorAll('[data-place]').length") == expected
        assert page.evaluate("window.__pwned === undefined && window.top.__pwned === undefined")
        assert errors == []
        assert all("tile" in url or "basemaps" in url or "arcgisonline" in url for url in outside)
    finally:
        page.close()


# ---- command line ------------------------------------------------------------------------------------------------

def run_cli(capsys, *args):
    code = main([*args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("filters, expected", [
    ([], ["test-deposit", "test-area", "test-corridor"]),
    (["--status", "production,exploration"], ["test-deposit", "test-area"]),
    (["--status", "production", "--status", "exploration"], ["test-deposit", "test-area"]),
    (["--mineral", "rare-metals", "--country", "uzb"], ["test-area"]),
    (["--kind", "corridor"], ["test-corridor"]),
    (["--q", "Тестовое"], ["test-deposit"]),
    (["--site", "test-area"], ["test-area"]),
    (["--site", "test-area", "--kind", "deposit"], []),
])
def test_cli_filters_like_the_address(capsys, tmp_path, filters, expected):
    out = tmp_path / "places.csv"
    code, stdout, stderr = run_cli(capsys, "--format", "csv", "--data", str(MINIMAL), *filters, "-o", str(out))
    assert (code, stderr) == (0, "")
    assert f"wrote {out}" in stdout
    assert [r["id"] for r in rows(out.read_text(encoding="utf-8-sig"))] == expected


@pytest.mark.parametrize("args, code, named", [
    (["--format", "csv", "--mineral", "unobtainium", "-o", "x.csv"], 2, "'unobtainium' is not a known mineral"),
    (["--format", "csv", "--country", "FRA", "-o", "x.csv"], 2, "'FRA' is not a known country"),
    (["--format", "csv", "--status", "closed", "-o", "x.csv"], 2, "'closed' is not a known status"),
    (["--format", "csv", "--site", "nowhere", "-o", "x.csv"], 2, "'nowhere' is not a place"),
    (["--format", "csv", "--q", "a" * 101, "-o", "x.csv"], 2, "--q is 101 characters long"),
    (["--format", "jpeg", "-o", "x.jpeg"], 2, "invalid choice: 'jpeg'"),
    (["--format", "csv"], 2, "required: -o/--output"),
    (["--format", "csv", "--zoom", "3", "-o", "x.csv"], 2, "unrecognized arguments: --zoom 3"),
    (["--format", "csv", "-o", "/nonexistent-folder/x.csv"], 1, "cannot write /nonexistent-folder/x.csv"),
])
def test_cli_mistakes_get_one_line_and_an_exit_code(capsys, tmp_path, monkeypatch, args, code, named):
    monkeypatch.chdir(tmp_path)
    got, stdout, stderr = run_cli(capsys, "--data", str(MINIMAL), *args)
    assert got == code
    assert stdout == "" and stderr.count("\n") == 1 and named in stderr and "Traceback" not in stderr
    assert not (tmp_path / "x.csv").exists()


def test_cli_rejects_data_that_fails_validation(capsys, tmp_path, minimal_raw):
    minimal_raw["features"][0]["properties"]["minerals"] = ["kryptonite"]
    (tmp_path / "atlas.geojson").write_text(json.dumps(minimal_raw), encoding="utf-8")
    copy_companions(tmp_path)
    code, stdout, stderr = run_cli(capsys, "--format", "geojson", "--data", str(tmp_path / "atlas.geojson"),
                                   "-o", str(tmp_path / "out.geojson"))
    assert code == 1 and stdout == "" and stderr.count("\n") == 1
    assert "does not validate" in stderr and "minerals[0]" in stderr and "kryptonite" in stderr
    assert not (tmp_path / "out.geojson").exists()


def test_cli_as_a_program(tmp_path, outlines):
    out = tmp_path / "kaz.geojson"
    result = subprocess.run([sys.executable, "-m", "geo.export", "--format", "geojson", "--data", str(MINIMAL),
                             "--country", "KAZ", "--kind", "deposit,exploration_area", "-o", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote {out} (2 places)"
    exported = check_atlas(json.loads(out.read_text(encoding="utf-8")), str(out), load_atlas(MINIMAL).sources,
                           outlines)
    assert [p.id for p in exported.places] == ["test-deposit", "test-area"]


@pytest.mark.parametrize("place_id", ["zhana-kazakhstan", "balasausqandiq", "uzb"])
def test_pdf_marks_every_key_figure_and_lists_every_source_it_uses(shipped, tmp_path, place_id):
    place = shipped.place(place_id)
    path = tmp_path / "marked.pdf"
    export_pdf(shipped, [place], Selection(), "Marked", None, path, EXPORT_DATE)
    text = flat(pdf_text(path))
    words = squeezed(text)
    assert "Everyquoteandkeyfigureoftheseplacesisshown" in words
    numbers = {int(n): title for n, title in re.findall(r"\[(\d+)\][^“\[]*?“([^”]+)”", text)}
    for figure in place.facts:
        start = words.find(squeezed(" ".join(figure.value.split()[:3])))
        # the table's cells are extracted side by side, so the marker follows within the cell's lines
        marker = re.search(r"\[(\d+)(?:,\d+)*\]", words[start:start + 400])
        assert start >= 0 and marker, figure.label
        own = shipped.sources[figure.quote.source].title if figure.quote else figure.citation.title
        assert squeezed(numbers.get(int(marker.group(1)), "")) == squeezed(own), figure.label
    used = {shipped.sources[f.quote.source].title if f.quote else f.citation.title for f in place.facts}
    used |= {shipped.sources[q.source].title for c in place.checks if c.claim.startswith("figure:")
             for q in c.evidence}
    used |= {shipped.sources[q.source].title for q in place.quotes}
    for title in used:
        assert squeezed(title) in words, title
    if any(c.claim.startswith("figure:") for c in place.checks):
        assert "Record:" in words  # verdicts travel with the figures


def test_csv_round_trips_quotes_actors_and_verdicts(shipped):
    rows = list(csv.DictReader(io.StringIO(export_csv(shipped, shipped.places))))
    by_id = {row["id"]: row for row in rows}
    for place in shipped.places:
        row = by_id[place.id]
        assert [Quote(**q) for q in json.loads(row["quotes_json"])] == list(place.quotes)
        actors = json.loads(row["actors_json"])
        assert [(a["actor"], a["role"], a["quote"]["text"]) for a in actors] == \
            [(i.actor, i.role, i.quote.text) for i in place.actors]
        checks = json.loads(row["checks_json"])
        assert [(c["claim"], c["verdict"], c["how"], [q["text"] for q in c["evidence"]]) for c in checks] == \
            [(c.claim, c.verdict, c.how, [q.text for q in c.evidence]) for c in place.checks]
        figures = json.loads(row["figures_json"])
        assert [f.get("quote", f.get("citation")) for f in figures] and len(figures) == len(place.facts) \
            if place.facts else figures == []
    us = by_id["kostanay-region"]
    assert "United States government" in us["involved"] and "no independent record found" in us["verdicts"]
