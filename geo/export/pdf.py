"""A one-page A4 briefing sheet: the map, a table of the places, what the sources say, and numbered citations.

Laid out with fpdf2: its text flow, table (header repeated on each page, no row split across pages), page breaks,
footer and links. The text is set in matplotlib's DejaVu Sans, embedded as TrueType, so Cyrillic, Kazakh and the
sources' typographic quotes print and the text can be searched and copied.

A briefing has to fit one page, so the sheet is drawn in full (every quote, every key figure) only when that fits;
otherwise each place keeps its first quote and first key figure, and a line says how much more the data holds.
A long selection then continues overleaf at the same type size rather than shrinking below legibility.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Sequence

import matplotlib
from fpdf import FPDF
from fpdf.fonts import FontFace
from PIL import Image

from geo.filters import Selection
from geo.model import KINDS, STATUSES, VERDICTS, Atlas, Citation, Place, Reference
from geo.model import Figure as KeyFigure
from geo.export.png import MapImage, Outlines, png_bytes
from geo.text import DEFAULT_TITLE, FOOTER_TITLE_CHARS, shorten
from geo.export.wording import BOUNDARIES, full_citation, iso_date, place_countries, plural, summary_line

PAGE_W, PAGE_H = 595.28, 841.89  # A4 in points
MARGIN = 30.0
CONTENT_W = PAGE_W - 2 * MARGIN
TOP, BOTTOM = MARGIN, PAGE_H - MARGIN - 14  # room for the footer
INK, MUTED, RULE, SHADE = "#1f1f1f", "#5a5a5a", "#c8c8c8", "#eeeeee"
BODY_PT, NOTE_PT, HEADING_PT = 7.0, 6.5, 9.0  # 6.5 pt is the smallest type on the sheet
MAP_H = 234.0  # about a third of the page, once the image's own caption is cropped off
MAP_DPI = 300  # sharp in print, a modest file
COLUMNS = (("Place", 0.18), ("Kind", 0.115), ("Country", 0.16), ("Status", 0.11), ("Key figures", 0.435))
TABLE_PT, CELL_PAD_X, CELL_PAD_Y, LEADING = 6.5, 3.0, 1.0, 1.18
ROW_LINES = int((BOTTOM - TOP - 4 * TABLE_PT * LEADING) / (TABLE_PT * LEADING))  # a page's lines, under a header
REFERENCE_INDENT = 16.0  # room for '[24]' in the margin of the sources list
SPLIT_ABOVE = 180.0  # points; a block taller than this may break across pages rather than leave a gap
REPORTED = "†"
WHERE_ELSE = "the app’s Sources page and GeoJSON/CSV exports"
FAMILY = "DejaVu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}  # shipped with matplotlib, so always at hand

Draw = Callable[[FPDF], None]


class _Sheet(FPDF):
    """A4 in points, DejaVu Sans embedded, room at the foot of every page for `footers`."""

    def __init__(self):
        super().__init__(unit="pt", format="A4")
        fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        for style, name in FONT_FILES.items():
            self.add_font(FAMILY, style, fonts / name)
        self.set_margins(MARGIN, TOP, MARGIN)
        self.c_margin = 0  # text starts at the margin; table cells have their own padding
        self.alias_nb_pages(None)  # the footers state the page count themselves; '{nb}' in data stays text
        self.set_auto_page_break(True, margin=PAGE_H - BOTTOM)
        self.set_draw_color(RULE)
        self.set_line_width(0.5)
        self.add_page()

    def footers(self, text: str) -> None:
        """A rule, `text` and 'Page n of N' under each page, drawn once the number of pages is known."""
        self.set_auto_page_break(False)
        for number in range(1, self.pages_count + 1):
            self.page = number
            self.current_font_is_set_on_page = False  # fpdf2's own flag: state the type size again on this page
            self.line(MARGIN, BOTTOM + 4, PAGE_W - MARGIN, BOTTOM + 4)
            _style(self, NOTE_PT, colour=MUTED)
            self.set_xy(MARGIN, BOTTOM + 6)
            self.cell(CONTENT_W / 2, NOTE_PT * LEADING, text)
            self.cell(CONTENT_W / 2, NOTE_PT * LEADING, f"Page {number} of {self.pages_count}", align="R")


def _style(pdf: FPDF, size: float, bold: bool = False, colour: str = INK) -> None:
    pdf.set_font(FAMILY, "B" if bold else "", size)
    pdf.set_text_color(colour)


# ---- measuring and keeping together ------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Block:
    """Text drawn as one piece, its height measured beforehand so that it can be kept on one page."""

    height: float
    draw: Draw


def _wrapped(pdf: FPDF, text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """The lines fpdf2 wraps `text` into at `width` points, found without drawing it."""
    _style(pdf, size, bold)
    return pdf.multi_cell(width, size * LEADING, text, dry_run=True, output="LINES")


def _opening(height: float, size: float) -> float:
    """The height that must fit for a block to start on this page: all of it, or a few lines of a tall one."""
    return height if height <= SPLIT_ABOVE else 4 * size * LEADING


def _keep(pdf: FPDF, height: float) -> None:
    """Start a new page unless `height` fits below, so a short block moves whole and a heading keeps its text."""
    if pdf.y > TOP and pdf.will_page_break(height):
        pdf.add_page()


def _space(pdf: FPDF, points: float) -> None:
    if pdf.y > TOP:  # no gap at the top of a page
        pdf.ln(points)


def _flow(pdf: FPDF, blocks: Sequence[_Block], size: float) -> None:
    """Blocks one after another; a short one moves whole to the next page, a tall one starts where it is."""
    for block in blocks:
        _space(pdf, 1.5)
        _keep(pdf, _opening(block.height, size))
        block.draw(pdf)


# ---- text --------------------------------------------------------------------------------------------------------

def _paragraph(pdf: FPDF, text: str, size: float, bold: bool = False, colour: str = INK,
               leading: float = LEADING) -> None:
    _style(pdf, size, bold, colour)
    pdf.multi_cell(CONTENT_W, size * leading, text, align="L", new_x="LMARGIN", new_y="NEXT")


def _heading(pdf: FPDF, text: str, then: float, note: str = "") -> None:
    """A one-line section heading, with an optional note in small type on its baseline, moved to the next page
    with the `then` points that must follow it."""
    height = HEADING_PT * 1.3
    _space(pdf, 4)
    _keep(pdf, height + then)
    _style(pdf, HEADING_PT, bold=True)
    pdf.cell(pdf.get_string_width(text), height, text)
    if note:
        _style(pdf, NOTE_PT, colour=MUTED)
        pdf.cell(0, height + 0.6 * (HEADING_PT - NOTE_PT), note)  # fpdf2 sets a line 0.3 of its size below centre
    pdf.ln(height)


# ---- the table ---------------------------------------------------------------------------------------------------

Numbers = dict[str, tuple[int, "Citation | Reference"]]


def _source_key(item: "Citation | Reference") -> str:
    return item.id if isinstance(item, Citation) else f"ref:{item.url}"


def _figure_sources(atlas: Atlas, place: Place | None, figure: KeyFigure) -> tuple[list, list]:
    """The figure's own source, then the independent sources of its record check."""
    own = [atlas.sources[figure.quote.source] if figure.quote else figure.citation]
    checks = {c.claim: c for c in (place.checks if place else atlas.checks)}
    check = checks.get(f"figure:{figure.label}")
    return own, [atlas.sources[q.source] for q in check.evidence] if check else []


def _markers(numbers: Numbers, items) -> str:
    found = sorted({numbers[_source_key(i)][0] for i in items if _source_key(i) in numbers})
    return "\u00a0[" + ",".join(map(str, found)) + "]" if found else ""


def _shown_figures(place: Place, each: int | None) -> tuple[KeyFigure, ...]:
    """All figures, or the first `each`, those the articles state coming first: a short sheet shows what the
    articles claim, with the record's verdict beside it."""
    if each is None:
        return place.facts
    return tuple(sorted(place.facts, key=lambda f: f.quote is None))[:each]


def _figure_text(atlas: Atlas, place: Place, shown: int | None, numbers: Numbers) -> str:
    """The key figures cell: each figure on its own line with its source marker, a dagger on reported ones, the
    record's verdict with its sources, and how many more figures there are."""
    figures = _shown_figures(place, shown)
    bullet = "• " if len(figures) > 1 else ""  # where one figure ends and the next begins
    lines = []
    for f in figures:
        own, record = _figure_sources(atlas, place, f)
        tag = f"\u00a0{REPORTED}" if f.reported else ""
        line = f"{bullet}{f.value} — {f.label}{tag}" + _markers(numbers, own)
        check = place.check(f"figure:{f.label}")
        if check is not None:
            line += f" Record: {VERDICTS[check.verdict].label.lower()}{_markers(numbers, record)}"
        lines.append(line)
    more = len(place.facts) - len(figures)
    if more:
        lines[-1] += f" +{more}\u00a0more"
    return "\n".join(lines) or "—"


def _cells(atlas: Atlas, place: Place, figures_each: int | None, numbers: Numbers) -> list[str]:
    return [place.name, KINDS[place.kind].label, place_countries(place), STATUSES[place.status].label,
            _figure_text(atlas, place, figures_each, numbers)]


def _cell_lines(pdf: FPDF, cells: Sequence[str], heading: bool = False) -> list[list[str]]:
    """Each cell's text as the table wraps it (the place's name, and every heading, in bold)."""
    return [_wrapped(pdf, text, CONTENT_W * fraction - 2 * CELL_PAD_X, TABLE_PT, bold=heading or i == 0)
            for i, (text, (_, fraction)) in enumerate(zip(cells, COLUMNS))]


def _row_height(lines: Sequence[list[str]]) -> float:
    return max(map(len, lines)) * TABLE_PT * LEADING + 2 * CELL_PAD_Y


def _rows(pdf: FPDF, cells: list[str]) -> list[list[str]]:
    """A place's row, or, when it is taller than a page, that row cut into rows of a page's lines each: fpdf2
    never breaks a row across pages, so a very long entry continues under the header overleaf."""
    lines = _cell_lines(pdf, cells)
    if max(map(len, lines)) <= ROW_LINES:
        return [cells]
    return [["\n".join(cell[start:start + ROW_LINES]) for cell in lines]
            for start in range(0, max(map(len, lines)), ROW_LINES)]


def _table(pdf: FPDF, rows: Sequence[list[str]]) -> None:
    """The places, one row each; fpdf2 repeats the header on every page and keeps it with the first row."""
    bold, muted = FontFace(emphasis="BOLD", color=INK), FontFace(color=MUTED)
    _style(pdf, TABLE_PT)
    with pdf.table(width=CONTENT_W, col_widths=[fraction for _, fraction in COLUMNS], align="LEFT",
                   text_align="LEFT", v_align="TOP", borders_layout="HORIZONTAL_LINES",
                   line_height=TABLE_PT * LEADING, padding=(CELL_PAD_Y, CELL_PAD_X),
                   headings_style=FontFace(emphasis="BOLD", color=INK, fill_color=SHADE)) as table:
        header = table.row()
        for name, _ in COLUMNS:
            header.cell(name)
        for name, *middle, figures in rows:
            row = table.row()
            row.cell(name, style=bold)
            for text in middle:
                row.cell(text)
            row.cell(figures, style=muted if figures == "—" else None)


def _places(pdf: FPDF, atlas: Atlas, places: Sequence[Place], figures_each: int | None, numbers: Numbers) -> None:
    heading = f"Places ({len(places)})"
    if not places:
        _heading(pdf, heading, BODY_PT * LEADING)
        _paragraph(pdf, "No places match these filters.", BODY_PT, colour=MUTED)
        return
    shown = (_shown_figures(p, figures_each) for p in places)
    key = f"  ({REPORTED}\u00a0reported by the source, not independently verified)" \
        if any(f.reported for figures in shown for f in figures) else ""  # the key, just above the column
    rows = [row for p in places for row in _rows(pdf, _cells(atlas, p, figures_each, numbers))]
    first = _row_height(_cell_lines(pdf, [name for name, _ in COLUMNS], heading=True)) \
        + _row_height(_cell_lines(pdf, rows[0]))
    _heading(pdf, heading, first, key)
    _table(pdf, rows)


# ---- quotes and citations ----------------------------------------------------------------------------------------

def _quote_entries(places: Sequence[Place], quotes_each: int | None) -> dict[tuple[str, str], list[str]]:
    """(source, text) of each quote shown, with the names of the places that quote it: places often share a
    sentence (one article names three deposits at once), and printing it once leaves room for the rest."""
    entries: dict[tuple[str, str], list[str]] = {}
    for place in places:
        for quote in place.quotes if quotes_each is None else place.quotes[:quotes_each]:
            names = entries.setdefault((quote.source, quote.text), [])
            if place.name not in names:
                names.append(place.name)
    return entries


def _numbered(atlas: Atlas, places: Sequence[Place], figures_each: int | None,
              entries: dict[tuple[str, str], list[str]]) -> Numbers:
    """Reference numbers for every source the sheet uses — each key figure's own source and its record check, then
    the articles quoted — in order of first use."""
    numbers: Numbers = {}

    def number(item) -> None:
        key = _source_key(item)
        if key not in numbers:
            numbers[key] = (len(numbers) + 1, item)

    for place in places:
        for figure in _shown_figures(place, figures_each):
            own, record = _figure_sources(atlas, place, figure)
            for item in own + record:
                number(item)
    for source, _ in entries:
        if source in atlas.sources:
            number(atlas.sources[source])
    return numbers


def _quote(pdf: FPDF, names: list[str], text: str, marker: str) -> _Block:
    """The places' names in bold, leading into the quote on the same line."""
    lead, quoted = "; ".join(names) + ":", f" “{text}”{marker}"
    _style(pdf, BODY_PT, bold=True)
    wider = pdf.get_string_width(lead)
    _style(pdf, BODY_PT)
    wider -= pdf.get_string_width(lead)  # measured in regular type on a line narrowed by what bold adds
    height = len(_wrapped(pdf, lead + quoted, CONTENT_W - wider, BODY_PT)) * BODY_PT * LEADING

    def draw(pdf: FPDF) -> None:
        _style(pdf, BODY_PT, bold=True)
        pdf.write(BODY_PT * LEADING, lead)
        _style(pdf, BODY_PT)
        pdf.write(BODY_PT * LEADING, quoted)
        pdf.ln(BODY_PT * LEADING)
    return _Block(height, draw)


def _quotes(pdf: FPDF, entries: dict[tuple[str, str], list[str]], numbers: Numbers) -> None:
    blocks = [_quote(pdf, names, text, f"\u00a0[{numbers[source][0]}]" if source in numbers else "")  # never alone
              for (source, text), names in entries.items()]
    _heading(pdf, "What the sources say", 1.5 + _opening(blocks[0].height, BODY_PT))
    _flow(pdf, blocks, BODY_PT)


def _further(places: Sequence[Place], quotes_each: int | None, figures_each: int | None) -> str:
    """What the sheet leaves out, and where to find it."""
    if quotes_each is None and figures_each is None:
        return f"Every quote and key figure of these places is shown; each key figure’s source is in {WHERE_ELSE}."
    quotes = sum(max(len(p.quotes) - quotes_each, 0) for p in places) if quotes_each is not None else 0
    figures = sum(max(len(p.facts) - figures_each, 0) for p in places) if figures_each is not None else 0
    more = " and ".join(plural(n, word) for n, word in ((quotes, "more quote"), (figures, "more key figure"))
                        if n)
    shown = "Shown: each place’s first quote and key figure"
    if not more:
        return f"{shown}; each key figure’s source is in {WHERE_ELSE}."
    return f"{shown}; {more}, with sources, are in {WHERE_ELSE}."


def _reference(pdf: FPDF, number: int, item: "Citation | Reference") -> _Block:
    """'[n]' hanging in the margin, then the full citation and its address, which is a link."""
    if isinstance(item, Citation):
        text = full_citation(item) + (f", read {item.read}" if item.read else "")
    else:
        text = f"“{item.title}”, {item.publisher}"
    text, width, line = f"{text}. {item.url}", CONTENT_W - REFERENCE_INDENT, NOTE_PT * LEADING

    def draw(pdf: FPDF) -> None:
        _style(pdf, NOTE_PT, bold=True, colour=MUTED)
        pdf.cell(REFERENCE_INDENT, line, f"[{number}]")
        _style(pdf, NOTE_PT)  # the citation's own lines wrap under its first word
        pdf.multi_cell(width, line, text, link=item.url, align="L", new_x="LMARGIN", new_y="NEXT")
    return _Block(len(_wrapped(pdf, text, width, NOTE_PT)) * line, draw)


def _sources(pdf: FPDF, numbers: Numbers) -> None:
    blocks = [_reference(pdf, n, item) for n, item in numbers.values()]
    _heading(pdf, "Sources", 1.5 + _opening(blocks[0].height, NOTE_PT) if blocks else 0)
    _flow(pdf, blocks, NOTE_PT)
    _space(pdf, 3)
    _paragraph(pdf, f"{BOUNDARIES}.", NOTE_PT, colour=MUTED)


# ---- the sheet ---------------------------------------------------------------------------------------------------

def _map_picture(png: bytes, image: MapImage) -> Image.Image:
    """The print map cropped to its frame and legend, at the sheet's resolution: the sheet prints the caption and
    sources itself, so the image's own copies of them would only take room."""
    left, top, _, bottom = image.axes_box
    pad = 0.03 * image.dpi
    picture = Image.open(io.BytesIO(png)).convert("RGB")
    picture = picture.crop((round(left - pad), round(top - pad), round(image.width - left + pad),
                            round(bottom + pad)))
    width = min(MAP_H * picture.width / picture.height, CONTENT_W)
    height = width * picture.height / picture.width
    return picture.resize((round(width / 72 * MAP_DPI), round(height / 72 * MAP_DPI)), Image.LANCZOS)


def _draw_map(pdf: FPDF, picture: Image.Image) -> None:
    """The map, centred, 72/MAP_DPI points a pixel."""
    width, height = picture.width * 72 / MAP_DPI, picture.height * 72 / MAP_DPI
    _space(pdf, 4)
    pdf.image(picture, x=MARGIN + (CONTENT_W - width) / 2, y=pdf.y, w=width, h=height)
    pdf.set_y(pdf.y + height + 2)


def _sheet(atlas: Atlas, places: tuple[Place, ...], title: str, summary: str, picture: Image.Image,
           quotes_each: int | None, figures_each: int | None) -> _Sheet:
    """The whole sheet, with `quotes_each`/`figures_each` per place (None: all of them)."""
    pdf = _Sheet()
    pdf.set_title(title)
    pdf.set_subject(summary)
    pdf.set_creator(atlas.title or DEFAULT_TITLE)
    _paragraph(pdf, title, 16, bold=True, leading=1.25)
    pdf.ln(1)
    _paragraph(pdf, summary, 7.5, colour=MUTED)
    _draw_map(pdf, picture)
    entries = _quote_entries(places, quotes_each)
    numbers = _numbered(atlas, places, figures_each, entries)
    _places(pdf, atlas, places, figures_each, numbers)
    if entries:
        _quotes(pdf, entries, numbers)
    if places:
        _space(pdf, 4)
        _paragraph(pdf, _further(places, quotes_each, figures_each), NOTE_PT, colour=MUTED)
    _sources(pdf, numbers)
    return pdf


def _may_fit(places: Sequence[Place]) -> bool:
    """Whether every quote and key figure could possibly share one page: more characters than even the
    narrowest glyphs would fit are not worth laying out (and measuring) in full."""
    most = (CONTENT_W / (0.25 * NOTE_PT)) * ((BOTTOM - TOP) / (NOTE_PT * LEADING))
    texts = [q.text for p in places for q in p.quotes] + [f.value + f.label for p in places for f in p.facts]
    return sum(map(len, texts)) <= most


def export_pdf(atlas: Atlas, places: Sequence[Place], selection: Selection, title: str,
               outlines: Outlines, path: str | Path | BinaryIO,
               export_date: dt.date | str | None = None) -> int:
    """Write the briefing sheet to a path or binary file; returns the number of pages."""
    places = tuple(places)
    png, image = png_bytes(atlas, places, selection, title, outlines, export_date, show_title=False)
    summary = summary_line(atlas, places, selection, export_date)
    short = shorten(title, FOOTER_TITLE_CHARS)
    footer = f"{short} · data as of {atlas.as_of} · exported {iso_date(export_date)}"
    parts = (atlas, places, title, summary, _map_picture(png, image))
    pdf = _sheet(*parts, None, None) if _may_fit(places) else None
    if pdf is None or pdf.page_no() != 1:
        pdf = _sheet(*parts, 1, 1)
    pdf.footers(footer)
    data = pdf.output()
    if isinstance(path, (str, Path)):
        Path(path).write_bytes(data)
    else:
        path.write(data)
    return pdf.page_no()
