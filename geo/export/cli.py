"""Command line exports, with filters named and checked exactly as in the page address:

    python -m geo.export --format png --mineral vanadium --country KAZ --status production,exploration -o map.png

A mistake gets one line naming it and a non-zero exit: 2 for bad arguments, 1 for data that fails validation or
an output that cannot be written.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Sequence

from geo.filters import filter_places
from geo.load import load_atlas
from geo.model import KINDS, MINERALS, STATUSES
from geo.terminal import print_lines
from geo.text import DEFAULT_TITLE
from geo.urlstate import MAX_QUERY, read_query
from geo.validate import AtlasError
from geo.export.wording import plural

FORMATS = ("png", "pdf", "html", "geojson", "csv")
USAGE_ERROR, DATA_ERROR = 2, 1


class _Usage(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line on stderr rather than the usage block."""

    def error(self, message: str):
        raise _Usage(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m geo.export", description="Export the atlas, or a filtered part of it.")
    parser.add_argument("--format", required=True, choices=FORMATS, help="what to write")
    parser.add_argument("-o", "--output", required=True, type=Path, help="file to write")
    for key, vocabulary in (("mineral", MINERALS), ("status", STATUSES), ("kind", KINDS)):
        parser.add_argument(f"--{key}", action="append", default=[], metavar=key.upper(),
                            help=f"one of {', '.join(vocabulary)}; comma-separated or repeated")
    parser.add_argument("--country", action="append", default=[], metavar="ISO3",
                        help="ISO 3166-1 alpha-3 code of a country in the data, e.g. KAZ")
    parser.add_argument("--q", action="append", default=[], metavar="TEXT", help="name search, any spelling")
    parser.add_argument("--site", action="append", default=[], metavar="ID", help="only this place (its id)")
    parser.add_argument("--title", help="title printed on the map (default: the atlas title, or the place name)")
    parser.add_argument("--data", type=Path, help="atlas GeoJSON to read (default: the shipped data)")
    return parser


def _expected(key: str, countries: Sequence[str]) -> str:
    values = {"mineral": MINERALS, "status": STATUSES, "kind": KINDS}.get(key) or countries
    return ", ".join(values)


def _check_values(params: dict[str, list[str]], place_ids: list[str], countries: list[str]) -> None:
    """Each value on its own through `read_query`, so the message can name the one that is wrong."""
    for key in ("mineral", "status", "country", "kind"):
        for raw in params.get(key, ()):
            for value in (part.strip() for part in raw.split(",")):
                if value and read_query({key: [value]}, place_ids, countries).notices:
                    raise _Usage(f"--{key} {value!r} is not a known {key} (expected one of: "
                                 f"{_expected(key, countries)})")
    for value in params.get("q", ())[-1:]:
        if len(value.strip()) > MAX_QUERY:
            raise _Usage(f"--q is {len(value.strip())} characters long; at most {MAX_QUERY} are allowed")
    for value in params.get("site", ()):
        if read_query({"site": [value]}, place_ids, countries).notices:
            raise _Usage(f"--site {value!r} is not a place in this data set")


def run(argv: Sequence[str]) -> str:
    """Do the export; returns what to report, raises on any problem."""
    args = _parser().parse_args(list(argv))
    try:
        atlas = load_atlas(args.data)
    except AtlasError as error:
        first = error.problems[0] if error.problems else "unknown problem"
        more = f" (and {len(error.problems) - 1} more; run python -m geo.validate to list all)" \
            if len(error.problems) > 1 else ""
        raise _DataProblem(f"the data does not validate: {first}{more}") from None
    params = {"mineral": args.mineral, "status": args.status, "country": args.country, "kind": args.kind,
              "q": args.q, "site": args.site}
    params = {key: values for key, values in params.items() if values}
    place_ids = [p.id for p in atlas.places]
    countries = sorted({c for p in atlas.places for c in p.countries})
    _check_values(params, place_ids, countries)
    state = read_query(params, place_ids, countries)
    if state.notices:
        raise _Usage(state.notices[0])
    places = filter_places(atlas.places, state.selection)
    site = atlas.place(state.site) if state.site else None
    if site is not None:
        places = tuple(p for p in places if p.id == site.id)
    title = args.title or (site.name if site else atlas.title or DEFAULT_TITLE)
    return _write(args.format, args.output, atlas, places, state.selection, title)


class _DataProblem(Exception):
    pass


def _write(kind: str, output: Path, atlas, places, selection, title) -> str:
    """Write the export beside `output` and rename it into place: a write that fails (a full disk, a quota) leaves
    the file that was there before, whole, and says why."""
    from geo.export import export_csv, export_geojson, export_html, export_pdf, export_png, alt_text

    today = dt.date.today()
    partial = output.with_name(f".{output.stem}.{os.getpid()}.part{output.suffix}")
    pages = None
    try:
        if kind == "geojson":
            partial.write_text(export_geojson(atlas, places), encoding="utf-8")
        elif kind == "csv":
            partial.write_text(export_csv(atlas, places), encoding="utf-8-sig", newline="")
        elif kind == "html":
            partial.write_text(export_html(atlas, places, selection, title, export_date=today), encoding="utf-8")
        elif kind == "png":
            export_png(atlas, places, selection, title, None, partial, today)
        else:
            pages = export_pdf(atlas, places, selection, title, None, partial, today)
        os.replace(partial, output)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise _DataProblem(f"cannot write {output}: {error.strerror or error}") from None
    if pages is not None:
        return f"wrote {output} ({plural(len(places), 'place')}, {plural(pages, 'page')})"
    note = f"wrote {output} ({plural(len(places), 'place')})"
    if kind == "png":
        note += f"\nalt text: {alt_text(atlas, places, selection, title)}"
    return note


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        print_lines(run(argv).split("\n"))
    except _Usage as error:
        print_lines([f"python -m geo.export: error: {error}"], file=sys.stderr)
        return USAGE_ERROR
    except _DataProblem as error:
        print_lines([f"python -m geo.export: error: {error}"], file=sys.stderr)
        return DATA_ERROR
    return 0
