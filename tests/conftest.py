import copy
import json
import pytest

from geo.load import load_outlines, load_sources
from helpers import MINIMAL, TEST_DATA


@pytest.fixture(scope="session")
def outlines():
    return load_outlines()


@pytest.fixture(scope="session")
def test_sources():
    return load_sources(TEST_DATA / "sources.json")


@pytest.fixture
def minimal_raw():
    """A fresh, valid three-feature data set that a test may corrupt."""
    return copy.deepcopy(json.loads(MINIMAL.read_text(encoding="utf-8")))
