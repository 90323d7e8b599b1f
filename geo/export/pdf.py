"""A one-page A4 briefing sheet: the map, a table of the places, what the sources say, and numbered citations.

Laid out with matplotlib alone (no new dependency): text is wrapped with the real font metrics, cut into bands
(a line, or one line of a table row), and bands flow onto as many pages as needed, a table's header repeating on
each page. Fonts are embedded as TrueType (fonttype 42) so the text can be searched and copied.

A briefing has to fit one page, so the sheet is drawn in full (every quote, every key figure) only when that fits;
otherwise each place keeps its first quote and first key figure, and a line says how much more the data holds.
A long selection then continues overleaf at the same type size rather than shrinking below legibility.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Sequence

import matplotlib
import numpy as np
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from PIL import Image

from geo.filters import Selection
from geo.model import KINDS, STATUSES, VERDICTS, Atlas, Citation, Place, Reference
from geo.model import Figure as KeyFigure
from geo.export.png import MapImage, Outlines, png_bytes
from geo.export.wording import (BOUNDARIES, FONT, full_citation, iso_date, place_countries, plural, summary_line,
                                text_width, wrap)

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
SPLIT_ABOVE = 180.0  # points; a block taller than this may break across pages rather than leave a gap
REPORTED = "†"
WHERE_ELSE = "the app’s Sources page and GeoJSON/CSV exports"

BREAKS = re.compile(r"[^\S\u00a0]+")  # any white space but a no-break space
Run = tuple[str, str, str]  # text, weight, colour
Word = tuple[float, str, str, str]  # x, text, weight, colour


@dataclass
class _Op:
    kind: str  # text | image | rule | shade
    x: float
    y: float  # from the top of its band
    args: dict = field(default_factory=dict)


@dataclass
class _Band:
    height: float
    ops: list[_Op] = field(default_factory=list)


@dataclass
class _Block:
    """Bands that stay together on one page when they fit; `header` repeats when a table continues."""

    bands: list[_Band]
    keep_with_next: bool = False
    header: "_Block | None" = None
    space_before: float = 0.0

    @property
    def height(self) -> float:
        return sum(b.height for b in self.bands)


# ---- text ------------------------------------------------------------------------------------------------------

def _flow(runs: Sequence[Run], width: float, size: float) -> list[list[Word]]:
    """Greedy word wrap across runs of different weight and colour, so a bold name can lead into its quote on
    the same line. Consecutive words of one run on one line are joined into a single piece of text."""
    lines: list[list[Word]] = [[]]
    x = 0.0
    for text, weight, colour in runs:
        space = text_width(" ", size, weight, "normal")
        if lines[-1]:  # where the last run really ends, kerning and its own spaces included
            left, previous, previous_weight, _ = lines[-1][-1]
            x = left + text_width(previous, size, previous_weight, "normal")
            space = max(space, text_width(" ", size, previous_weight, "normal"))
        joined = False  # whether the next word may join the previous piece (same run, same line)
        for word in (w for w in BREAKS.split(text) if w):
            # measured as `wrap` measures, so its cache answers the second time
            pieces = [word] if text_width(word, size, weight, "normal") <= width else wrap(word, width, size, weight)
            for piece in pieces:
                piece_width = text_width(piece, size, weight, "normal")
                gap = space if lines[-1] else 0.0
                if lines[-1] and x + gap + piece_width > width:
                    lines.append([])
                    x, gap, joined = 0.0, 0.0, False
                if joined:
                    left, previous, _, _ = lines[-1][-1]
                    lines[-1][-1] = (left, f"{previous} {piece}", weight, colour)
                else:
                    lines[-1].append((x + gap, piece, weight, colour))
                x += gap + piece_width
                joined = True
    return [line for line in lines if line] or [[]]


def _text_op(x: float, text: str, size: float, weight="normal", colour=INK, style="normal") -> _Op:
    return _Op("text", x, 0, dict(text=text, size=size, weight=weight, style=style, colour=colour))


def _flowed(runs: Sequence[Run], size: float, x: float = 0.0, width: float = CONTENT_W) -> list[_Band]:
    return [_Band(size * LEADING, [_text_op(x + left, text, size, weight, colour)
                                   for left, text, weight, colour in line])
            for line in _flow(runs, width - x, size)]


def _paragraph(text: str, size: float, space_before: float = 0.0, keep_with_next=False, weight="normal",
               colour=INK, leading=LEADING) -> _Block:
    bands = [_Band(size * leading, [_text_op(0, line, size, weight, colour)])
             for line in wrap(text, CONTENT_W, size, weight)]
    return _Block(bands, keep_with_next=keep_with_next, space_before=space_before)


def _heading(text: str) -> _Block:
    return _paragraph(text, HEADING_PT, space_before=4, keep_with_next=True, weight="bold", leading=1.3)


# ---- the table -------------------------------------------------------------------------------------------------

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


def _figure_text(atlas: Atlas, place: Place, shown: int | None, numbers: Numbers) -> list[list[Run]]:
    """The key figures cell: each figure shown with its source marker, a dagger on reported ones, the record's
    verdict with its sources, and how many more figures there are."""
    figures = _shown_figures(place, shown)
    bullet = "• " if len(figures) > 1 else ""  # where one figure ends and the next begins
    paragraphs = []
    for f in figures:
        own, record = _figure_sources(atlas, place, f)
        tag = f"\u00a0{REPORTED}" if f.reported else ""
        runs = [(f"{bullet}{f.value} — {f.label}{tag}" + _markers(numbers, own), "normal", INK)]
        check = place.check(f"figure:{f.label}")
        if check is not None:
            runs.append((f"Record: {VERDICTS[check.verdict].label.lower()}{_markers(numbers, record)}", "normal",
                         MUTED))
        paragraphs.append(runs)
    more = len(place.facts) - len(figures)
    if more:
        paragraphs[-1].append((f"+{more}\u00a0more", "normal", MUTED))
    return paragraphs or [[("—", "normal", MUTED)]]


def _cells(atlas: Atlas, place: Place, figures_each: int | None, numbers: Numbers) -> list[list[list[Run]]]:
    return [[[(place.name, "bold", INK)]],
            [[(KINDS[place.kind].label, "normal", INK)]],
            [[(place_countries(place), "normal", INK)]],
            [[(STATUSES[place.status].label, "normal", INK)]],
            _figure_text(atlas, place, figures_each, numbers)]


def _row(cells: list[list[list[Run]]], shade: bool = False) -> list[_Band]:
    """A table row as bands of one text line each, so a very long row can still break across pages."""
    leading = TABLE_PT * LEADING
    columns: list[list[list[Word]]] = []
    xs, x = [], 0.0
    for (_, fraction), paragraphs in zip(COLUMNS, cells):
        width = CONTENT_W * fraction - 2 * CELL_PAD_X
        columns.append([line for runs in paragraphs for line in _flow(runs, width, TABLE_PT)])
        xs.append(x + CELL_PAD_X)
        x += CONTENT_W * fraction

    def padding(rule: bool) -> _Band:
        band = _Band(CELL_PAD_Y)
        if shade:
            band.ops.append(_Op("shade", 0, 0, dict(width=CONTENT_W, height=CELL_PAD_Y)))
        if rule:
            band.ops.append(_Op("rule", 0, CELL_PAD_Y, dict(width=CONTENT_W, colour=RULE, linewidth=0.5)))
        return band

    bands = [padding(False)]
    for i in range(max(len(c) for c in columns)):
        band = _Band(leading)
        if shade:
            band.ops.append(_Op("shade", 0, 0, dict(width=CONTENT_W, height=leading)))
        for left, lines in zip(xs, columns):
            for word_x, text, weight, colour in lines[i] if i < len(lines) else ():
                band.ops.append(_text_op(left + word_x, text, TABLE_PT, weight, colour))
        bands.append(band)
    return bands + [padding(True)]


def _table(atlas: Atlas, places: Sequence[Place], figures_each: int | None, numbers: Numbers) -> list[_Block]:
    if not places:
        return [_paragraph("No places match these filters.", BODY_PT, colour=MUTED)]
    names: list[list[list[Run]]] = [[[(name, "bold", INK)]] for name, _ in COLUMNS]
    shown = (_shown_figures(p, figures_each) for p in places)
    if any(f.reported for figures in shown for f in figures):  # the key, where the eye looks for it
        names[-1][0].append((f"({REPORTED} reported by the source, not independently verified)", "normal", MUTED))
    header = _Block(_row(names, shade=True), keep_with_next=True)
    return [header, *(_Block(_row(_cells(atlas, p, figures_each, numbers)), header=header) for p in places)]


# ---- quotes and citations --------------------------------------------------------------------------------------

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


def _quotes(entries: dict[tuple[str, str], list[str]], numbers: Numbers) -> list[_Block]:
    blocks = []
    for (source, text), names in entries.items():
        marker = f"\u00a0[{numbers[source][0]}]" if source in numbers else ""  # never alone on a line
        runs = [("; ".join(names) + ":", "bold", INK), (f"“{text}”{marker}", "normal", INK)]
        blocks.append(_Block(_flowed(runs, BODY_PT), space_before=1.5))
    return blocks


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


def _reference(number: int, item: "Citation | Reference") -> _Block:
    """'[n]' hanging in the margin, then the full citation and its address."""
    indent = 14.0
    if isinstance(item, Citation):
        text = full_citation(item) + (f", read {item.read}" if item.read else "")
    else:
        text = f"“{item.title}”, {item.publisher}"
    bands = _flowed([(f"{text}.", "normal", INK), (item.url, "normal", INK)], NOTE_PT, x=indent)
    bands[0].ops.insert(0, _text_op(0, f"[{number}]", NOTE_PT, "bold", MUTED))
    return _Block(bands, space_before=1.5)


def _sources(atlas: Atlas, numbers: Numbers) -> list[_Block]:
    blocks = [_heading("Sources")]
    blocks += [_reference(n, item) for n, item in numbers.values()]
    blocks.append(_paragraph(f"{BOUNDARIES}.", NOTE_PT, space_before=3, colour=MUTED))
    return blocks


# ---- pages -----------------------------------------------------------------------------------------------------

def _opening(block: _Block) -> float:
    """The height that must fit for a block to start on this page: all of it, or a few lines of a tall one."""
    return block.height if block.height <= SPLIT_ABOVE else sum(b.height for b in block.bands[:4])


def _layout(blocks: list[_Block]) -> list[list[tuple[float, _Band]]]:
    """Flow blocks onto pages. A short block moves whole to the next page when it does not fit; a tall one starts
    where it is and continues overleaf (under the table header, for a table row); a heading stays with what
    follows it."""
    pages: list[list[tuple[float, _Band]]] = [[]]
    y = TOP

    def new_page(header: _Block | None) -> None:
        nonlocal y
        pages.append([])
        y = TOP
        for band in header.bands if header else ():
            pages[-1].append((y, band))
            y += band.height

    for i, block in enumerate(blocks):
        if pages[-1]:
            y += block.space_before
        need = _opening(block)
        if block.keep_with_next and i + 1 < len(blocks):
            need = block.height + blocks[i + 1].space_before + _opening(blocks[i + 1])
        if y + need > BOTTOM and pages[-1]:
            new_page(block.header)
        for band in block.bands:
            if y + band.height > BOTTOM:
                new_page(block.header)
            pages[-1].append((y, band))
            y += band.height
    return pages


def _map_block(png: bytes, image: MapImage) -> _Block:
    """The print map, centred, cropped to its frame and legend: the sheet prints the caption and sources itself,
    so the image's own copies of them would only take room."""
    left, top, _, bottom = image.axes_box
    pad = 0.03 * image.dpi
    picture = Image.open(io.BytesIO(png)).convert("RGB")
    picture = picture.crop((round(left - pad), round(top - pad), round(image.width - left + pad),
                            round(bottom + pad)))
    height = MAP_H
    width = min(height * picture.width / picture.height, CONTENT_W)
    height = width * picture.height / picture.width
    size = (round(width / 72 * MAP_DPI), round(height / 72 * MAP_DPI))
    pixels = np.asarray(picture.resize(size, Image.LANCZOS))
    return _Block([_Band(height + 2, [_Op("image", 0, 0, dict(pixels=pixels, x=MARGIN + (CONTENT_W - width) / 2,
                                                              width=width, height=height))])], space_before=4)


def _sheet(atlas: Atlas, places: tuple[Place, ...], heading: list[_Block], quotes_each: int | None,
           figures_each: int | None) -> list[_Block]:
    """Everything after the title and map, with `quotes_each`/`figures_each` per place (None: all of them)."""
    entries = _quote_entries(places, quotes_each)
    numbers = _numbered(atlas, places, figures_each, entries)
    blocks = [*heading, _heading(f"Places ({len(places)})"), *_table(atlas, places, figures_each, numbers)]
    if entries:
        blocks += [_heading("What the sources say"), *_quotes(entries, numbers)]
    if places:
        blocks.append(_paragraph(_further(places, quotes_each, figures_each), NOTE_PT, space_before=4,
                                 colour=MUTED))
    return blocks + _sources(atlas, numbers)


def _may_fit(places: Sequence[Place]) -> bool:
    """Whether every quote and key figure could possibly share one page: more characters than even the
    narrowest glyphs would fit are not worth laying out (and measuring) in full."""
    most = (CONTENT_W / (0.25 * NOTE_PT)) * ((BOTTOM - TOP) / (NOTE_PT * LEADING))
    texts = [q.text for p in places for q in p.quotes] + [f.value + f.label for p in places for f in p.facts]
    return sum(map(len, texts)) <= most


def _draw_op(fig: Figure, ax, op: _Op, top: float) -> None:
    y = top + op.y
    a = op.args
    if op.kind == "text":
        ax.text(MARGIN + op.x, y + a["size"] * 0.12, a["text"], fontsize=a["size"], fontweight=a["weight"],
                fontstyle=a["style"], color=a["colour"], fontfamily=FONT, va="top", ha="left", parse_math=False)
    elif op.kind == "rule":
        ax.plot([MARGIN + op.x, MARGIN + op.x + a["width"]], [y, y], color=a["colour"], linewidth=a["linewidth"])
    elif op.kind == "shade":
        ax.add_patch(Rectangle((MARGIN + op.x, y), a["width"], a["height"], facecolor=SHADE, edgecolor="none",
                               zorder=0))
    elif op.kind == "image":
        image_ax = fig.add_axes((a["x"] / PAGE_W, 1 - (y + a["height"]) / PAGE_H, a["width"] / PAGE_W,
                                 a["height"] / PAGE_H))
        image_ax.imshow(a["pixels"], interpolation="none")
        image_ax.axis("off")


def export_pdf(atlas: Atlas, places: Sequence[Place], selection: Selection, title: str,
               outlines: Outlines, path: str | Path | BinaryIO,
               export_date: dt.date | str | None = None) -> int:
    """Write the briefing sheet to a path or binary file; returns the number of pages."""
    places = tuple(places)
    png, image = png_bytes(atlas, places, selection, title, outlines, export_date, show_title=False)
    summary = summary_line(atlas, places, selection, export_date)
    heading = [_paragraph(title, 16, weight="bold", leading=1.25),
               _paragraph(summary, 7.5, space_before=1, colour=MUTED),
               _map_block(png, image)]
    pages = _layout(_sheet(atlas, places, heading, None, None)) if _may_fit(places) else []
    if len(pages) != 1:
        pages = _layout(_sheet(atlas, places, heading, 1, 1))
    short = title if len(title) <= 70 else title[:67] + "..."
    footer = f"{short} · data as of {atlas.as_of} · exported {iso_date(export_date)}"
    metadata = {"Title": title, "Subject": summary, "Creator": atlas.title or "Central Asia Critical Minerals Atlas"}
    target = str(path) if isinstance(path, Path) else path
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(target, metadata=metadata) as pdf:
        for number, bands in enumerate(pages, start=1):
            fig = Figure(figsize=(PAGE_W / 72, PAGE_H / 72))
            ax = fig.add_axes((0, 0, 1, 1))
            ax.set_xlim(0, PAGE_W)
            ax.set_ylim(PAGE_H, 0)
            ax.axis("off")
            for top, band in bands:
                for op in band.ops:
                    _draw_op(fig, ax, op, top)
            ax.plot([MARGIN, PAGE_W - MARGIN], [BOTTOM + 4, BOTTOM + 4], color=RULE, linewidth=0.5)
            for x, text, ha in ((MARGIN, footer, "left"), (PAGE_W - MARGIN, f"Page {number} of {len(pages)}", "right")):
                ax.text(x, BOTTOM + 7, text, fontsize=NOTE_PT, color=MUTED, fontfamily=FONT, va="top", ha=ha,
                        parse_math=False)
            pdf.savefig(fig)
    return len(pages)
