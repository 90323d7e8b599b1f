"""Fixtures: one app server per session and headless Chromium with every non-loopback request blocked."""
import pytest

from liveapp import Server, keep_to_loopback


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def server():
    started = Server()
    yield started
    started.stop()


@pytest.fixture
def page(browser, request):
    """A fresh page on a network with no internet: anything not on loopback is aborted and recorded."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    blocked: list[str] = []
    errors: list[str] = []
    keep_to_loopback(context, blocked)
    pg = context.new_page()
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.blocked, pg.errors = blocked, errors
    yield pg
    context.close()
