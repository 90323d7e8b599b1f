"""`python -m geo.validate [FILE ...]`: check data files with the app's own loader, one line per problem.

Prints one line per problem and exits 1 when any file has one; otherwise one "N places valid" line per file.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo.load import SHIPPED_ATLAS, load_atlas
from geo.terminal import print_outcome
from geo.validate import AtlasError


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo.validate",
                                     description="Check atlas data files with the app's own loader.")
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE",
                        help="atlas GeoJSON files, each read with the sources, record and actors beside it "
                             f"(default: {SHIPPED_ATLAS.name})")
    paths = parser.parse_args(argv).files or [SHIPPED_ATLAS]
    problems, passed = [], []
    for path in paths:
        try:
            atlas = load_atlas(path)
        except AtlasError as error:
            problems.extend(error.problems)
        else:
            passed.append(f"{path}: {len(atlas.places)} places valid")
    return print_outcome(problems, passed)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
