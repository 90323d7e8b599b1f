"""The server's data store: a saved file is picked up, a broken or half-written one never replaces good data."""
import json
import os

import pytest
from streamlit.testing.v1 import AppTest

from geo.datastore import DataStore
from geo.load import load_atlas
from geo.validate import AtlasError
from helpers import MINIMAL, ROOT, copy_companions

APP = str(ROOT / "app.py")


def _save(path, raw=None, text=None, bump=1):
    """Write the file and move its modification time on, as a later save would."""
    path.write_text(json.dumps(raw) if text is None else text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + bump * 1_000_000_000))


@pytest.fixture
def data(tmp_path):
    copy_companions(tmp_path)
    path = tmp_path / "atlas.geojson"
    raw = json.loads(MINIMAL.read_text(encoding="utf-8"))
    _save(path, raw, bump=0)
    return path, raw


def _renamed(raw, name):
    raw = json.loads(json.dumps(raw))
    raw["features"][0]["properties"]["name"] = name
    return raw


def test_a_saved_file_is_picked_up_and_an_unchanged_one_is_not_read_again(data):
    path, raw = data
    loads = []

    def counted(p):
        loads.append(p)
        return load_atlas(p)

    store = DataStore(load=counted)
    first = store.serve(path).atlas
    assert store.serve(path).atlas is first and len(loads) == 1
    _save(path, _renamed(raw, "Renamed deposit"))
    assert store.serve(path).atlas.places[0].name == "Renamed deposit" and len(loads) == 2


@pytest.mark.parametrize("save", [
    lambda path, raw: _save(path, text=json.dumps(raw)[:500]),  # caught half-written
    lambda path, raw: _save(path, {**raw, "features": [{**raw["features"][0], "geometry": None}]}),  # a broken save
    lambda path, raw: path.unlink(),  # moved away
], ids=["half-written", "broken save", "deleted"])
def test_a_bad_file_keeps_the_last_good_data_and_says_why(data, save):
    path, raw = data
    store = DataStore()
    good = store.serve(path).atlas
    save(path, raw)
    served = store.serve(path)
    assert served.atlas is good
    assert served.rejected and all(p.file == str(path) for p in served.rejected)
    _save(path, _renamed(raw, "Fixed deposit"), bump=5)
    served = store.serve(path)
    assert served.atlas.places[0].name == "Fixed deposit" and served.rejected == ()


def test_a_change_beside_the_atlas_is_a_new_version(data):
    path, raw = data
    store = DataStore()
    first = store.serve(path).atlas
    sources = path.parent / "sources.json"
    _save(sources, text=sources.read_text(encoding="utf-8") + "\n")
    assert store.serve(path).atlas is not first


def test_with_no_good_version_yet_the_problems_are_raised(data):
    path, raw = data
    _save(path, text="{")
    with pytest.raises(AtlasError):
        DataStore().serve(path)


def test_the_app_keeps_showing_the_last_good_data_with_a_notice(data, monkeypatch):
    path, raw = data
    monkeypatch.setenv("ATLAS_DATA", str(path))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception and not at.warning
    _save(path, text=json.dumps(raw)[:500])
    at.run()
    assert not at.exception and not at.error
    (notice,) = [w.value for w in at.warning]
    assert f"The data file {path.name} on disk has 1 problem(s)" in notice and "last version that validated" in notice
    assert "not valid JSON" in at.dataframe[0].value["Problem"][0]
    assert [e for e in at.main if getattr(e, "type", "") == "component_instance"]  # the map is still drawn
