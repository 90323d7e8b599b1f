"""`python -m geo.events [ATLAS]`: check the events and change log beside an atlas, one line per problem.

Prints one line per problem and exits 1 when the atlas or either file has one; otherwise one line per file (how
many entries are valid, or that the optional file is absent).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo.events import CHANGELOG_FILE, EVENTS_FILE, companion_file, load_changelog, load_events
from geo.load import SHIPPED_ATLAS, load_atlas
from geo.terminal import print_outcome
from geo.validate import AtlasError


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo.events",
                                     description="Check the events and change log beside an atlas.")
    parser.add_argument("atlas", nargs="?", type=Path, default=SHIPPED_ATLAS, metavar="ATLAS",
                        help=f"the atlas GeoJSON the files sit beside (default: {SHIPPED_ATLAS.name})")
    path = parser.parse_args(argv).atlas
    try:
        atlas = load_atlas(path)
    except AtlasError as error:
        return print_outcome(error.problems, ())
    problems, passed = [], []
    for name, load in ((EVENTS_FILE, load_events), (CHANGELOG_FILE, load_changelog)):
        found = companion_file(atlas, name)
        if found is None:
            passed.append(f"{path.parent / name}: not found (optional)")
            continue
        try:
            entries = load(found, atlas)
        except AtlasError as error:
            problems.extend(error.problems)
        else:
            passed.append(f"{found}: {len(entries)} entries valid")
    return print_outcome(problems, passed)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
