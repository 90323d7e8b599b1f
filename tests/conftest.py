import copy
import json
import pytest
from playwright.sync_api import sync_playwright

from geo.load import load_outlines, load_sources
from helpers import MINIMAL, TEST_DATA
from liveapp import launch_chromium


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


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every test that needs a browser (a second Playwright instance cannot start)."""
    with sync_playwright() as p:
        launched = launch_chromium(p)
        yield launched
        launched.close()


@pytest.fixture
def checked_raw():
    """The minimal set with actors and verdicts, fresh for a test to corrupt."""
    from helpers import CHECKED

    return copy.deepcopy(json.loads(CHECKED.read_text(encoding="utf-8")))


@pytest.fixture(scope="session")
def test_citable(test_sources):
    """The test article and the test record's independent source, as the loader merges them."""
    from geo.load import load_record

    return {**test_sources, **load_record(TEST_DATA / "record.json")}


@pytest.fixture(scope="session")
def test_actors():
    from geo.load import load_actors

    return load_actors(TEST_DATA / "actors.json")
